// A user of the clinical side (OpenTera's TeraUser). Names, emails, usernames and the password hash are
// personal data: the event codec encrypts them with the user's key.
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

export type UserEvent =
  | { type: 'UserCreated'; data: UserProfile & Record<string, unknown> }
  | { type: 'UserAddedToGroup'; data: { groupId: number; membershipId: number } }
  | { type: 'UserRemovedFromGroup'; data: { groupId: number } };

export const userPersonalData: PersonalDataDeclarations = {
  UserCreated: ['username', 'email', 'firstname', 'lastname', 'passwordHash', 'profile', 'notes'].map((field) => ({ field })),
};

export type UserState =
  | { status: 'absent' }
  | { status: 'active' | 'deleted'; id: number; superadmin: boolean; enabled: boolean; groups: number[] };

export const user: Aggregate<UserState, UserEvent> = {
  category: 'user',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'UserCreated') return { status: 'active', id: event.data.id, superadmin: event.data.superadmin, enabled: event.data.enabled, groups: [] };
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'UserAddedToGroup':
        return { ...state, groups: [...state.groups, event.data.groupId] };
      case 'UserRemovedFromGroup':
        return { ...state, groups: state.groups.filter((g) => g !== event.data.groupId) };
    }
  },
};

/** Username reservations live in their own streams, named by a keyed hash (a stream name is never encrypted). */
export const usernameReservationCategory = 'username';

/** The first event of a reservation stream; a second reservation of the name conflicts on `no_stream`. */
export interface UsernameReserved {
  type: 'UsernameReserved';
  data: { userUuid: string };
}

export function createUser(state: UserState, command: UserProfile): UserEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'User already exists');
  if (command.username.trim() === '') throw new DomainError('invalid', 'Missing user_username');
  return [{ type: 'UserCreated', data: { ...command } }];
}

export function addUserToGroup(state: UserState, groupId: number, membershipId: number): UserEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid user');
  // OpenTera never puts a superadmin in a group.
  if (state.superadmin) throw new DomainError('invalid', 'A superadmin cannot be put in a group');
  if (state.groups.includes(groupId)) return [];
  return [{ type: 'UserAddedToGroup', data: { groupId, membershipId } }];
}
