// A participant (OpenTera's TeraParticipant): a patient of one project, in at most one participant group,
// who may log in with a username and password and may hold a static token (a JWT without expiry).
// Names, emails, usernames and the password hash are personal data: the event codec encrypts them with the
// participant's key.
//
// The static token, as OpenTera: toggling `token_enabled` regenerates the token (when the participant is
// enabled) or clears it; disabling the participant keeps the token, which works again once the participant
// is enabled (the link a participant was given keeps working). Authentication checks `enabled` on every
// request, so a disabled participant's token stops at once. Unlike OpenTera, an enabled participant with
// `token_enabled` always gets a token (OpenTera leaves some without). A token is issued with a new id (the
// JWT's jti, supplied by the caller).
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';
import type { PersonalDataDeclarations } from './personalData.js';

export interface ParticipantRegistration {
  id: number;
  uuid: string;
  projectId: number;
  groupId: number | null;
  name: string;
  email: string | null;
  username: string | null;
  passwordHash: string | null;
  enabled: boolean;
  loginEnabled: boolean;
  tokenEnabled: boolean;
}

/** The fields a details change may change (each absent field is left as it is). */
export type ParticipantDetails = {
  name?: string;
  email?: string | null;
  username?: string | null;
};

export type ParticipantEvent =
  | { type: 'ParticipantRegistered'; data: ParticipantRegistration & Record<string, unknown> }
  | { type: 'ParticipantDetailsChanged'; data: ParticipantDetails & Record<string, unknown> }
  | { type: 'ParticipantPasswordChanged'; data: { passwordHash: string } }
  | { type: 'ParticipantEnabled'; data: Record<string, never> }
  | { type: 'ParticipantDisabled'; data: Record<string, never> }
  | { type: 'ParticipantLoginEnabled'; data: Record<string, never> }
  | { type: 'ParticipantLoginDisabled'; data: Record<string, never> }
  /** The `participant_token_enabled` flag; a token exists while it is on (issued once the participant is enabled). */
  | { type: 'ParticipantTokenEnabled'; data: Record<string, never> }
  | { type: 'ParticipantTokenDisabled'; data: Record<string, never> }
  | { type: 'ParticipantStaticTokenIssued'; data: { tokenId: string } }
  | { type: 'ParticipantStaticTokenRevoked'; data: { tokenId: string } }
  /** `groupId` null: the participant leaves its group. */
  | { type: 'ParticipantMovedToGroup'; data: { groupId: number | null } }
  | { type: 'ParticipantMovedToProject'; data: { projectId: number } }
  | { type: 'ParticipantDeleted'; data: Record<string, never> };

const pii = (...fields: string[]) => fields.map((field) => ({ field }));

export const participantPersonalData: PersonalDataDeclarations = {
  ParticipantRegistered: pii('name', 'email', 'username', 'passwordHash'),
  ParticipantDetailsChanged: pii('name', 'email', 'username'),
  ParticipantPasswordChanged: pii('passwordHash'),
};

/** The registration's facts as they stand now, with the current static token. */
export interface ActiveParticipant extends Omit<ParticipantRegistration, 'uuid'> {
  status: 'active' | 'deleted';
  /** The jti of the current static token, or null when there is none. */
  tokenId: string | null;
}

export type ParticipantState = { status: 'absent' } | ActiveParticipant;

function evolveActive(state: ActiveParticipant, event: ParticipantEvent): ActiveParticipant {
  switch (event.type) {
    case 'ParticipantRegistered':
      return state;
    case 'ParticipantDetailsChanged': {
      const { name, email, username } = event.data;
      return {
        ...state,
        ...(name !== undefined ? { name } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(username !== undefined ? { username } : {}),
      };
    }
    case 'ParticipantPasswordChanged':
      return { ...state, passwordHash: event.data.passwordHash };
    case 'ParticipantEnabled':
      return { ...state, enabled: true };
    case 'ParticipantDisabled':
      return { ...state, enabled: false };
    case 'ParticipantLoginEnabled':
      return { ...state, loginEnabled: true };
    case 'ParticipantLoginDisabled':
      return { ...state, loginEnabled: false };
    case 'ParticipantTokenEnabled':
      return { ...state, tokenEnabled: true };
    case 'ParticipantTokenDisabled':
      return { ...state, tokenEnabled: false };
    case 'ParticipantStaticTokenIssued':
      return { ...state, tokenId: event.data.tokenId };
    case 'ParticipantStaticTokenRevoked':
      return { ...state, tokenId: null };
    case 'ParticipantMovedToGroup':
      return { ...state, groupId: event.data.groupId };
    case 'ParticipantMovedToProject':
      return { ...state, projectId: event.data.projectId };
    case 'ParticipantDeleted':
      return { ...state, status: 'deleted' };
  }
}

export const participant: Aggregate<ParticipantState, ParticipantEvent> = {
  category: 'participant',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'ParticipantRegistered') {
      const { id, projectId, groupId, name, email, username, passwordHash, enabled, loginEnabled, tokenEnabled } = event.data;
      return { status: 'active', id, projectId, groupId, name, email, username, passwordHash, enabled, loginEnabled, tokenEnabled, tokenId: null };
    }
    return state.status === 'absent' ? state : evolveActive(state, event);
  },
};

function active(state: ParticipantState): ActiveParticipant {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid participant');
  return state;
}

function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new DomainError('invalid', 'Missing participant_name');
  return trimmed;
}

/** Issues a token when one should exist and none does; revokes one that should not exist. */
function tokenEvents(tokenId: string | null, shouldExist: boolean, newTokenId: string): ParticipantEvent[] {
  if (tokenId === null && shouldExist) return [{ type: 'ParticipantStaticTokenIssued', data: { tokenId: newTokenId } }];
  if (tokenId !== null && !shouldExist) return [{ type: 'ParticipantStaticTokenRevoked', data: { tokenId } }];
  return [];
}

export interface RegisterParticipant extends ParticipantRegistration {
  /** Whether the project is enabled now: OpenTera refuses a participant in a disabled project. */
  projectEnabled: boolean;
  /** The jti of the static token, used only when one is issued (tokenEnabled && enabled). */
  tokenId: string;
}

/** The caller checks the project (and the group's project) and reserves the username first. */
export function registerParticipant(state: ParticipantState, command: RegisterParticipant): ParticipantEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Participant already exists');
  const name = validName(command.name);
  if (!command.projectEnabled) throw new DomainError('invalid', "Can't insert participant: participant's project is disabled or invalid.");
  // Field by field: whatever else the caller's object carries (a plain password...) never reaches the event.
  const { id, uuid, projectId, groupId, email, username, passwordHash, enabled, loginEnabled, tokenEnabled } = command;
  const registration: ParticipantRegistration = { id, uuid, projectId, groupId, name, email, username, passwordHash, enabled, loginEnabled, tokenEnabled };
  return [{ type: 'ParticipantRegistered', data: { ...registration } }, ...tokenEvents(null, tokenEnabled && enabled, command.tokenId)];
}

export interface UpdateParticipant extends ParticipantDetails {
  enabled?: boolean;
  loginEnabled?: boolean;
  tokenEnabled?: boolean;
  /** Whether the participant's project is enabled now. */
  projectEnabled: boolean;
  /** The jti of a new static token, used only when the update makes one exist. */
  tokenId: string;
}

/**
 * Emits one event per fact that changes, in this order: details, enabled, login, token flag, then the token
 * itself. As OpenTera, posting `enabled: true` while the project is disabled is refused even when the
 * participant is already enabled; other updates of a participant in a disabled project go through.
 */
export function updateParticipant(state: ParticipantState, command: UpdateParticipant): ParticipantEvent[] {
  const current = active(state);
  if (command.enabled === true && !command.projectEnabled) throw new DomainError('invalid', "Can't update participant: participant's project is disabled.");
  const events: ParticipantEvent[] = [];
  const details: ParticipantDetails = {};
  if (command.name !== undefined) {
    const name = validName(command.name);
    if (name !== current.name) details.name = name;
  }
  if (command.email !== undefined && command.email !== current.email) details.email = command.email;
  if (command.username !== undefined && command.username !== current.username) details.username = command.username;
  if (Object.keys(details).length > 0) events.push({ type: 'ParticipantDetailsChanged', data: { ...details } });
  const enabled = command.enabled ?? current.enabled;
  const loginEnabled = command.loginEnabled ?? current.loginEnabled;
  const tokenEnabled = command.tokenEnabled ?? current.tokenEnabled;
  if (enabled !== current.enabled) events.push({ type: enabled ? 'ParticipantEnabled' : 'ParticipantDisabled', data: {} });
  if (loginEnabled !== current.loginEnabled) events.push({ type: loginEnabled ? 'ParticipantLoginEnabled' : 'ParticipantLoginDisabled', data: {} });
  if (tokenEnabled !== current.tokenEnabled) events.push({ type: tokenEnabled ? 'ParticipantTokenEnabled' : 'ParticipantTokenDisabled', data: {} });
  // Only a change of `token_enabled` clears the token; being disabled keeps it (checked at authentication).
  const shouldExist = tokenEnabled && enabled;
  if (tokenEnabled !== current.tokenEnabled || (shouldExist && current.tokenId === null)) events.push(...tokenEvents(current.tokenId, shouldExist, command.tokenId));
  return events;
}

/** A new hash always emits (each hash has its own salt, so equal passwords do not compare equal). */
export function changeParticipantPassword(state: ParticipantState, passwordHash: string): ParticipantEvent[] {
  active(state);
  return [{ type: 'ParticipantPasswordChanged', data: { passwordHash } }];
}

export interface MoveParticipant {
  /** The group to join, or null to leave any group. */
  groupId: number | null;
  /** The group's project, or the project to move to without a group. */
  projectId: number;
}

/**
 * Moves the participant to a group and/or project; the caller checks that the group belongs to the project
 * (OpenTera: "Mismatch between id_project and group's project"). A participant group moved to another project
 * moves each of its participants with `{ groupId: <that group>, projectId: <the new project> }`.
 */
export function moveParticipant(state: ParticipantState, command: MoveParticipant): ParticipantEvent[] {
  const current = active(state);
  const events: ParticipantEvent[] = [];
  if (command.projectId !== current.projectId) events.push({ type: 'ParticipantMovedToProject', data: { projectId: command.projectId } });
  if (command.groupId !== current.groupId) events.push({ type: 'ParticipantMovedToGroup', data: { groupId: command.groupId } });
  return events;
}

/**
 * The caller checks OpenTera's delete integrity first (domain.md 1.4: no sessions as invitee or creator, no
 * assets or tests created). A current static token is revoked before the deletion.
 */
export function deleteParticipant(state: ParticipantState): ParticipantEvent[] {
  const current = active(state);
  return [...tokenEvents(current.tokenId, false, ''), { type: 'ParticipantDeleted', data: {} }];
}
