import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';

export function userUserGroupsRoutes(_deps: ApiDeps): AnyRoute[] {
  return [];
}
