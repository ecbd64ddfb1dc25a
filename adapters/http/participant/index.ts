// Every route of the participant API, in one list for the app and the OpenAPI document.
import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';
import { participantAssetsRoutes } from './assets.js';
import { participantLoginRoutes } from './login.js';
import { participantRoutes } from './participants.js';
import { participantSessionsRoutes } from './sessions.js';

export function participantApiRoutes(deps: ApiDeps): AnyRoute[] {
  return [...participantLoginRoutes(deps), ...participantRoutes(deps), ...participantSessionsRoutes(deps), ...participantAssetsRoutes(deps)];
}
