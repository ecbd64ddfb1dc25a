// Every event type's personal-data fields, gathered for the event codec.
import { assetPersonalData } from './asset.js';
import { devicePersonalData } from './device.js';
import { participantPersonalData } from './participant.js';
import type { PersonalDataDeclarations } from './personalData.js';
import { sessionPersonalData } from './session.js';
import { testPersonalData } from './test.js';
import { testInvitationPersonalData } from './testInvitation.js';
import { userPersonalData } from './user.js';

export const personalData: PersonalDataDeclarations = { ...userPersonalData, ...participantPersonalData, ...devicePersonalData, ...sessionPersonalData, ...assetPersonalData, ...testPersonalData, ...testInvitationPersonalData };
