import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';

export function serverSettingsRoutes(_deps: ApiDeps): AnyRoute[] {
  return [];
}
