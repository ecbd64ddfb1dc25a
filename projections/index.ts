import type { Projector } from './types.js';
import { sitesProjector } from './projectors/sites.js';
import { projectsProjector } from './projectors/projects.js';
import { usersProjector } from './projectors/users.js';
import { userGroupsProjector } from './projectors/userGroups.js';
import { deviceTypesProjector } from './projectors/deviceTypes.js';
import { participantGroupsProjector } from './projectors/participantGroups.js';
import { participantsProjector } from './projectors/participants.js';
import { devicesProjector } from './projectors/devices.js';
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
  accessProjector,
];
