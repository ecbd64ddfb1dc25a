// A user of the clinical side (OpenTera's TeraUser). Names, emails, usernames, notes, the password hash and
// the TOTP secret are personal data: the event codec encrypts them with the user's key.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';
import type { PersonalDataDeclarations } from './personalData.js';

export interface UserProfile {
  id: number;
  uuid: string;
  username: string;
  email: string | null;
  firstname: string;
  lastname: string;
  passwordHash: string;
  enabled: boolean;
  profile: string;
  notes: string | null;
  superadmin: boolean;
  forcePasswordChange: boolean;
}

/** The fields a user update may change (each absent field is left as it is). */
export type UserDetails = {
  email?: string | null;
  firstname?: string;
  lastname?: string;
  profile?: string;
  notes?: string | null;
};

export type UserEvent =
  | { type: 'UserCreated'; data: UserProfile & Record<string, unknown> }
  | { type: 'UserDetailsChanged'; data: UserDetails & Record<string, unknown> }
  | { type: 'UserEnabled'; data: Record<string, never> }
  | { type: 'UserDisabled'; data: Record<string, never> }
  | { type: 'UserPasswordChanged'; data: { passwordHash: string } }
  | { type: 'UserPasswordChangeRequirementSet'; data: { required: boolean } }
  | { type: 'UserSuperadminSet'; data: { superadmin: boolean } }
  | { type: 'UserTwoFactorSet'; data: { enabled: boolean } }
  | { type: 'UserOtpConfigured'; data: { secret: string; emailEnabled: boolean } }
  | { type: 'UserOtpReset'; data: Record<string, never> }
  | { type: 'UserAddedToGroup'; data: { groupId: number; membershipId: number } }
  | { type: 'UserRemovedFromGroup'; data: { groupId: number } }
  | { type: 'UserPreferenceSaved'; data: { id: number; appTag: string; preference: string } }
  | { type: 'UserPreferenceDeleted'; data: { appTag: string } }
  | { type: 'UserDeleted'; data: Record<string, never> };

const pii = (...fields: string[]) => fields.map((field) => ({ field }));

export const userPersonalData: PersonalDataDeclarations = {
  UserCreated: pii('username', 'email', 'firstname', 'lastname', 'passwordHash', 'profile', 'notes'),
  UserDetailsChanged: pii('email', 'firstname', 'lastname', 'profile', 'notes'),
  UserPasswordChanged: pii('passwordHash'),
  UserOtpConfigured: pii('secret'),
  UserPreferenceSaved: pii('preference'),
};

export interface ActiveUser {
  status: 'active' | 'deleted';
  id: number;
  firstname: string;
  lastname: string;
  email: string | null;
  profile: string;
  notes: string | null;
  passwordHash: string;
  superadmin: boolean;
  enabled: boolean;
  forcePasswordChange: boolean;
  twoFactorEnabled: boolean;
  otpEnabled: boolean;
  groups: number[];
  preferences: Record<string, string>;
}

export type UserState = { status: 'absent' } | ActiveUser;

function evolveActive(state: ActiveUser, event: UserEvent): ActiveUser {
  switch (event.type) {
    case 'UserCreated':
      return state;
    case 'UserDetailsChanged': {
      const { email, firstname, lastname, profile, notes } = event.data;
      return {
        ...state,
        ...(email !== undefined ? { email } : {}),
        ...(firstname !== undefined ? { firstname } : {}),
        ...(lastname !== undefined ? { lastname } : {}),
        ...(profile !== undefined ? { profile } : {}),
        ...(notes !== undefined ? { notes } : {}),
      };
    }
    case 'UserEnabled':
      return { ...state, enabled: true };
    case 'UserDisabled':
      return { ...state, enabled: false };
    case 'UserPasswordChanged':
      return { ...state, passwordHash: event.data.passwordHash };
    case 'UserPasswordChangeRequirementSet':
      return { ...state, forcePasswordChange: event.data.required };
    case 'UserSuperadminSet':
      return { ...state, superadmin: event.data.superadmin, groups: event.data.superadmin ? [] : state.groups };
    case 'UserTwoFactorSet':
      return { ...state, twoFactorEnabled: event.data.enabled };
    case 'UserOtpConfigured':
      return { ...state, otpEnabled: true };
    case 'UserOtpReset':
      return { ...state, otpEnabled: false };
    case 'UserAddedToGroup':
      return { ...state, groups: [...state.groups, event.data.groupId] };
    case 'UserRemovedFromGroup':
      return { ...state, groups: state.groups.filter((g) => g !== event.data.groupId) };
    case 'UserPreferenceSaved':
      return { ...state, preferences: { ...state.preferences, [event.data.appTag]: event.data.preference } };
    case 'UserPreferenceDeleted': {
      const { [event.data.appTag]: _removed, ...rest } = state.preferences;
      return { ...state, preferences: rest };
    }
    case 'UserDeleted':
      return { ...state, status: 'deleted' };
  }
}

export const user: Aggregate<UserState, UserEvent> = {
  category: 'user',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'UserCreated') {
      const d = event.data;
      return {
        status: 'active',
        id: d.id,
        firstname: d.firstname,
        lastname: d.lastname,
        email: d.email,
        profile: d.profile,
        notes: d.notes,
        passwordHash: d.passwordHash,
        superadmin: d.superadmin,
        enabled: d.enabled,
        forcePasswordChange: d.forcePasswordChange,
        twoFactorEnabled: false,
        otpEnabled: false,
        groups: [],
        preferences: {},
      };
    }
    return state.status === 'absent' ? state : evolveActive(state, event);
  },
};

/** Username reservations live in their own streams, named by a keyed hash (a stream name is never encrypted). */
export const usernameReservationCategory = 'username';

/** The first event of a reservation stream; a second reservation of the name conflicts on `no_stream`. */
export interface UsernameReserved {
  type: 'UsernameReserved';
  data: { userUuid: string };
}

function active(state: UserState): ActiveUser {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid user');
  return state;
}

export function createUser(state: UserState, command: UserProfile): UserEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'User already exists');
  if (command.username.trim() === '') throw new DomainError('invalid', 'Missing user_username');
  return [{ type: 'UserCreated', data: { ...command } }];
}

export interface UpdateUser extends UserDetails {
  enabled?: boolean;
  superadmin?: boolean;
  passwordHash?: string;
  forcePasswordChange?: boolean;
  twoFactorEnabled?: boolean;
}

/** Emits one event per fact that changes; an update that changes nothing emits nothing. */
export function updateUser(state: UserState, command: UpdateUser): UserEvent[] {
  const current = active(state);
  const events: UserEvent[] = [];
  const details: UserDetails = {};
  for (const key of ['email', 'firstname', 'lastname', 'profile', 'notes'] as const) {
    if (command[key] !== undefined && command[key] !== current[key]) Object.assign(details, { [key]: command[key] });
  }
  if (Object.keys(details).length > 0) events.push({ type: 'UserDetailsChanged', data: { ...details } });
  if (command.enabled !== undefined && command.enabled !== current.enabled) events.push({ type: command.enabled ? 'UserEnabled' : 'UserDisabled', data: {} });
  if (command.superadmin !== undefined && command.superadmin !== current.superadmin) {
    if (command.superadmin) for (const groupId of current.groups) events.push({ type: 'UserRemovedFromGroup', data: { groupId } });
    events.push({ type: 'UserSuperadminSet', data: { superadmin: command.superadmin } });
  }
  if (command.passwordHash !== undefined) events.push({ type: 'UserPasswordChanged', data: { passwordHash: command.passwordHash } });
  if (command.forcePasswordChange !== undefined && command.forcePasswordChange !== current.forcePasswordChange) {
    events.push({ type: 'UserPasswordChangeRequirementSet', data: { required: command.forcePasswordChange } });
  }
  if (command.twoFactorEnabled !== undefined && command.twoFactorEnabled !== current.twoFactorEnabled) {
    events.push({ type: 'UserTwoFactorSet', data: { enabled: command.twoFactorEnabled } });
    // As OpenTera: turning 2FA off forgets the OTP setup, so turning it on again asks for a new one.
    if (!command.twoFactorEnabled && current.otpEnabled) events.push({ type: 'UserOtpReset', data: {} });
  }
  return events;
}

/** The forced change at login: a new hash, and the requirement cleared. */
export function changePassword(state: UserState, passwordHash: string): UserEvent[] {
  const current = active(state);
  const events: UserEvent[] = [{ type: 'UserPasswordChanged', data: { passwordHash } }];
  if (current.forcePasswordChange) events.push({ type: 'UserPasswordChangeRequirementSet', data: { required: false } });
  return events;
}

export function configureOtp(state: UserState, secret: string, emailEnabled: boolean): UserEvent[] {
  const current = active(state);
  if (!current.twoFactorEnabled) throw new DomainError('invalid', '2FA not enabled for this user');
  return [{ type: 'UserOtpConfigured', data: { secret, emailEnabled } }];
}

export function addUserToGroup(state: UserState, groupId: number, membershipId: number): UserEvent[] {
  const current = active(state);
  // OpenTera never puts a superadmin in a group.
  if (current.superadmin) throw new DomainError('invalid', "Super admins can't be associated to an user group");
  if (current.groups.includes(groupId)) return [];
  return [{ type: 'UserAddedToGroup', data: { groupId, membershipId } }];
}

export function removeUserFromGroup(state: UserState, groupId: number): UserEvent[] {
  const current = active(state);
  return current.groups.includes(groupId) ? [{ type: 'UserRemovedFromGroup', data: { groupId } }] : [];
}

/** Saves a preference (a JSON text) for an application; an empty preference deletes it, as OpenTera. */
export function savePreference(state: UserState, appTag: string, preference: string | null, id: number): UserEvent[] {
  const current = active(state);
  if (appTag.trim() === '') throw new DomainError('invalid', 'Missing app tag');
  if (preference === null || preference === '') return Object.hasOwn(current.preferences, appTag) ? [{ type: 'UserPreferenceDeleted', data: { appTag } }] : [];
  if (current.preferences[appTag] === preference) return [];
  return [{ type: 'UserPreferenceSaved', data: { id, appTag, preference } }];
}

export function deleteUser(state: UserState): UserEvent[] {
  active(state);
  return [{ type: 'UserDeleted', data: {} }];
}
