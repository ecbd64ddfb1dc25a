// Every event type's personal-data fields, gathered for the event codec.
import { devicePersonalData } from './device.js';
import { participantPersonalData } from './participant.js';
import type { PersonalDataDeclarations } from './personalData.js';
import { sessionPersonalData } from './session.js';
import { userPersonalData } from './user.js';

export const personalData: PersonalDataDeclarations = { ...userPersonalData, ...participantPersonalData, ...devicePersonalData, ...sessionPersonalData };
