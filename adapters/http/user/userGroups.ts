import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';

export function userGroupsRoutes(_deps: ApiDeps): AnyRoute[] {
  return [];
}
