// Every route of the user API, in one list for the app and the OpenAPI document.
import type { ApiDeps } from '../deps.js';
import type { AnyRoute } from '../routes.js';
import { assetsRoutes } from './assets.js';
import { deviceLinksRoutes } from './deviceLinks.js';
import { devicesRoutes } from './devices.js';
import { deviceTypesRoutes } from './deviceTypes.js';
import { formsRoutes } from './forms.js';
import { participantGroupsRoutes } from './groups.js';
import { loginRoutes } from './login.js';
import { loginFlowRoutes } from './loginFlow.js';
import { participantsRoutes } from './participants.js';
import { projectAccessRoutes } from './projectAccess.js';
import { projectsRoutes } from './projects.js';
import { serverSettingsRoutes } from './serverSettings.js';
import { sessionEventsRoutes } from './sessionEvents.js';
import { sessionsRoutes } from './sessions.js';
import { sessionTypeLinksRoutes } from './sessionTypeLinks.js';
import { sessionTypesRoutes } from './sessionTypes.js';
import { siteAccessRoutes } from './siteAccess.js';
import { siteRoutes } from './sites.js';
import { statsRoutes } from './stats.js';
import { testInvitationsRoutes } from './testInvitations.js';
import { testsRoutes } from './tests.js';
import { testTypeLinksRoutes } from './testTypeLinks.js';
import { testTypesRoutes } from './testTypes.js';
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
    ...sessionTypesRoutes(deps),
    ...sessionTypeLinksRoutes(deps),
    ...siteAccessRoutes(deps),
    ...projectAccessRoutes(deps),
    ...serverSettingsRoutes(deps),
    ...sessionsRoutes(deps),
    ...sessionEventsRoutes(deps),
    ...versionsRoutes(deps),
    ...assetsRoutes(deps),
    ...testTypesRoutes(deps),
    ...testTypeLinksRoutes(deps),
    ...testsRoutes(deps),
    ...testInvitationsRoutes(deps),
    ...formsRoutes(deps),
    ...statsRoutes(deps),
  ];
}
