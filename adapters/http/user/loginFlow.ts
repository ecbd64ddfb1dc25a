import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';

export function loginFlowRoutes(_deps: ApiDeps): AnyRoute[] {
  return [];
}
