// User commands at the aggregate level: ids, reservations and hashing, then the decision. Who may run
// them is checked by the use cases that call them (commands/*Administration.ts, the login flow).
import { streamName } from '../domain/aggregate.js';
import { DomainError } from '../domain/errors.js';
import {
  addUserToGroup,
  changePassword,
  configureOtp,
  createUser,
  deleteUser,
  removeUserFromGroup,
  savePreference,
  updateUser,
  user,
  usernameReservationCategory,
  type UpdateUser,
  type UsernameReserved,
  type UserProfile,
} from '../domain/user.js';
import { passwordWeaknesses } from '../domain/password.js';
import type { CommandContext } from './context.js';
import { WrongExpectedVersionError, type Position } from './eventStore.js';
import { eventMetadata, handle } from './handle.js';

export interface NewUser extends Omit<UserProfile, 'id' | 'uuid' | 'passwordHash'> {
  id?: number;
  password: string;
}

const userStream = (uuid: string) => streamName(user.category, uuid);

/** Refuses a password that breaks OpenTera's policy, with OpenTera's message. */
export function checkPasswordStrength(password: string): void {
  const reasons = passwordWeaknesses(password);
  if (reasons.length > 0) throw new DomainError('invalid', `Password not strong enough: ${reasons.join(',')}`);
}

/** Reserves the username (case-insensitively, soft-deleted users keep theirs), then creates the user. */
export async function createUserCommand({ deps, request }: CommandContext, input: NewUser): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const id = input.id ?? (await deps.ids.next('user'));
  const uuid = deps.newUuid();
  const reservation = streamName(usernameReservationCategory, deps.reservationKey(input.username.toLowerCase()));
  try {
    const reserved: UsernameReserved = { type: 'UsernameReserved', data: { userUuid: uuid } };
    await deps.store.append(reservation, [{ ...reserved, metadata: eventMetadata(request, deps.clock) }], 'no_stream');
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) throw new DomainError('conflict', 'Username unavailable.');
    throw error;
  }
  const { password, ...profile } = input;
  const passwordHash = await deps.passwords.hash(password);
  const result = await handle(deps, request, user, userStream(uuid), (state) => createUser(state, { ...profile, id, uuid, passwordHash }));
  return { id, uuid, position: result.position };
}

export interface UserChanges extends Omit<UpdateUser, 'passwordHash'> {
  /** A new password (already checked against the policy by the caller); refused when equal to the current one. */
  password?: string;
}

export async function updateUserCommand({ deps, request }: CommandContext, uuid: string, changes: UserChanges): Promise<Position | undefined> {
  const { password, ...rest } = changes;
  let passwordHash: string | undefined;
  if (password !== undefined) {
    const current = await handle(deps, request, user, userStream(uuid), () => []);
    if (current.state.status === 'active' && (await deps.passwords.verify(current.state.passwordHash, password))) {
      throw new DomainError('invalid', 'New password same as old password');
    }
    passwordHash = await deps.passwords.hash(password);
  }
  return (await handle(deps, request, user, userStream(uuid), (state) => updateUser(state, { ...rest, ...(passwordHash ? { passwordHash } : {}) }))).position;
}

/** The forced password change of the login flow: policy, not the same as before, then the requirement cleared. */
export async function changeOwnPasswordCommand(context: CommandContext, uuid: string, password: string): Promise<Position | undefined> {
  const { deps, request } = context;
  checkPasswordStrength(password);
  const current = await handle(deps, request, user, userStream(uuid), () => []);
  if (current.state.status === 'active' && (await deps.passwords.verify(current.state.passwordHash, password))) throw new DomainError('invalid', 'New password same as old password');
  const passwordHash = await deps.passwords.hash(password);
  return (await handle(deps, request, user, userStream(uuid), (state) => changePassword(state, passwordHash))).position;
}

export async function configureOtpCommand({ deps, request }: CommandContext, uuid: string, secret: string, emailEnabled: boolean): Promise<Position | undefined> {
  return (await handle(deps, request, user, userStream(uuid), (state) => configureOtp(state, secret, emailEnabled))).position;
}

export async function addUserToGroupCommand({ deps, request }: CommandContext, userUuid: string, groupId: number, membershipId?: number): Promise<Position | undefined> {
  const id = membershipId ?? (await deps.ids.next('user_user_group'));
  return (await handle(deps, request, user, userStream(userUuid), (state) => addUserToGroup(state, groupId, id))).position;
}

export async function removeUserFromGroupCommand({ deps, request }: CommandContext, userUuid: string, groupId: number): Promise<Position | undefined> {
  return (await handle(deps, request, user, userStream(userUuid), (state) => removeUserFromGroup(state, groupId))).position;
}

export async function saveUserPreferenceCommand({ deps, request }: CommandContext, userUuid: string, appTag: string, preference: string | null): Promise<Position | undefined> {
  const id = await deps.ids.next('user_preference');
  return (await handle(deps, request, user, userStream(userUuid), (state) => savePreference(state, appTag, preference, id))).position;
}

export async function deleteUserCommand({ deps, request }: CommandContext, userUuid: string): Promise<Position | undefined> {
  return (await handle(deps, request, user, userStream(userUuid), deleteUser)).position;
}
