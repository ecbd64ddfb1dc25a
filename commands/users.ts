import { streamName } from '../domain/aggregate.js';
import { DomainError } from '../domain/errors.js';
import { addUserToGroup, createUser, user, usernameReservationCategory, type UsernameReserved, type UserProfile } from '../domain/user.js';
import type { CommandContext } from './context.js';
import { WrongExpectedVersionError, type Position } from './eventStore.js';
import { eventMetadata, handle } from './handle.js';

export interface NewUser extends Omit<UserProfile, 'id' | 'uuid' | 'passwordHash'> {
  id?: number;
  password: string;
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
    if (error instanceof WrongExpectedVersionError) throw new DomainError('conflict', 'Username already in use.');
    throw error;
  }
  const { password, ...profile } = input;
  const passwordHash = await deps.passwords.hash(password);
  const result = await handle(deps, request, user, streamName(user.category, uuid), (state) => createUser(state, { ...profile, id, uuid, passwordHash }));
  return { id, uuid, position: result.position };
}

export async function addUserToGroupCommand({ deps, request }: CommandContext, userUuid: string, groupId: number, membershipId?: number): Promise<Position | undefined> {
  const id = membershipId ?? (await deps.ids.next('user_user_group'));
  return (await handle(deps, request, user, streamName(user.category, userUuid), (state) => addUserToGroup(state, groupId, id))).position;
}
