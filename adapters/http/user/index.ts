// Every route of the user API, in one list for the app and the OpenAPI document.
import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';
import { deviceLinksRoutes } from './deviceLinks.js';
import { devicesRoutes } from './devices.js';
import { deviceTypesRoutes } from './deviceTypes.js';
import { participantGroupsRoutes } from './groups.js';
import { loginRoutes } from './login.js';
import { loginFlowRoutes } from './loginFlow.js';
import { participantsRoutes } from './participants.js';
import { projectAccessRoutes } from './projectAccess.js';
import { projectsRoutes } from './projects.js';
import { serverSettingsRoutes } from './serverSettings.js';
import { siteAccessRoutes } from './siteAccess.js';
import { siteRoutes } from './sites.js';
import { userGroupsRoutes } from './userGroups.js';
import { userPreferencesRoutes } from './userPreferences.js';
import { usersRoutes } from './users.js';
import { userUserGroupsRoutes } from './userUserGroups.js';
import { versionsRoutes } from './versions.js';

export function userApiRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    ...loginRoutes(deps),
    ...loginFlowRoutes(deps),
    ...siteRoutes(deps),
    ...projectsRoutes(deps),
    ...usersRoutes(deps),
    ...userUserGroupsRoutes(deps),
    ...userPreferencesRoutes(deps),
    ...userGroupsRoutes(deps),
    ...deviceTypesRoutes(deps),
    ...devicesRoutes(deps),
    ...deviceLinksRoutes(deps),
    ...participantGroupsRoutes(deps),
    ...participantsRoutes(deps),
    ...siteAccessRoutes(deps),
    ...projectAccessRoutes(deps),
    ...serverSettingsRoutes(deps),
    ...versionsRoutes(deps),
  ];
}
