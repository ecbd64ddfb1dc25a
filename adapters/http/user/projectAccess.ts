import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';

export function projectAccessRoutes(_deps: ApiDeps): AnyRoute[] {
  return [];
}
