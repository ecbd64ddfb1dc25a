import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';

export function siteAccessRoutes(_deps: ApiDeps): AnyRoute[] {
  return [];
}
