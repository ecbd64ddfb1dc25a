import type { Projector } from './types.js';
import { sitesProjector } from './projectors/sites.js';
import { projectsProjector } from './projectors/projects.js';
import { usersProjector } from './projectors/users.js';
import { userGroupsProjector } from './projectors/userGroups.js';
import { deviceTypesProjector } from './projectors/deviceTypes.js';
import { participantGroupsProjector } from './projectors/participantGroups.js';
import { participantsProjector } from './projectors/participants.js';
import { devicesProjector } from './projectors/devices.js';
import { servicesProjector } from './projectors/services.js';
import { sessionTypesProjector } from './projectors/sessionTypes.js';
import { sessionsProjector } from './projectors/sessions.js';
import { assetsProjector } from './projectors/assets.js';
import { testTypesProjector } from './projectors/testTypes.js';
import { testsProjector } from './projectors/tests.js';
import { testInvitationsProjector } from './projectors/testInvitations.js';
import { accessProjector } from './projectors/access.js';

/** In application order: the access projector reads the tables the others write. */
export const projectors: readonly Projector[] = [
  sitesProjector,
  projectsProjector,
  usersProjector,
  userGroupsProjector,
  deviceTypesProjector,
  participantGroupsProjector,
  participantsProjector,
  devicesProjector,
  servicesProjector,
  sessionTypesProjector,
  sessionsProjector,
  assetsProjector,
  testTypesProjector,
  testsProjector,
  testInvitationsProjector,
  accessProjector,
];
