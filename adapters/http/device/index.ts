// Every route of the device API, in one list for the app and the OpenAPI document.
import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';
import { deviceAssetsRoutes } from './assets.js';
import { deviceRoutes } from './devices.js';
import { deviceLoginRoutes } from './login.js';
import { deviceRegisterRoutes } from './register.js';
import { deviceSessionsRoutes } from './sessions.js';

export function deviceApiRoutes(deps: ApiDeps): AnyRoute[] {
  return [...deviceLoginRoutes(deps), ...deviceRegisterRoutes(deps), ...deviceRoutes(deps), ...deviceSessionsRoutes(deps), ...deviceAssetsRoutes(deps)];
}
