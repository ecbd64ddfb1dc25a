// Every route of the participant API, in one list for the app and the OpenAPI document.
import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';
import { participantLoginRoutes } from './login.js';
import { participantRoutes } from './participants.js';

export function participantApiRoutes(deps: ApiDeps): AnyRoute[] {
  return [...participantLoginRoutes(deps), ...participantRoutes(deps)];
}
