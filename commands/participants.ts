// Participant commands at the aggregate level: ids, the username reservation, hashing, token ids, then the
// decision. Who may run them, and the project and group checks, belong to the use cases that call them.
import { streamName } from '../domain/aggregate.js';
import { changeParticipantPassword, deleteParticipant, moveParticipant, participant, registerParticipant, updateParticipant, type MoveParticipant, type ParticipantDetails } from '../domain/participant.js';
import { participantUsername, releaseParticipantUsername, reserveParticipantUsername } from '../domain/participantUsername.js';
import { unlinkDeviceFromParticipant, device } from '../domain/device.js';
import { devicesOfParticipant } from '../projections/queries/deviceRefs.js';
import { participantRef } from '../projections/queries/participantRefs.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export const participantStream = (uuid: string) => streamName(participant.category, uuid);

export interface NewParticipant {
  id?: number;
  projectId: number;
  groupId: number | null;
  name: string;
  email: string | null;
  username: string | null;
  /** Hashed here; OpenTera sets no strength policy for participants. */
  password: string | null;
  enabled: boolean;
  loginEnabled: boolean;
  tokenEnabled: boolean;
  /** Whether the project is enabled now (the caller read it). */
  projectEnabled: boolean;
}

export interface ParticipantWritten {
  id: number;
  uuid: string;
  position: Position | undefined;
}

function usernameStream(context: CommandContext, username: string): string {
  return streamName(participantUsername.category, context.deps.reservationKey(username.toLowerCase()));
}

async function reserveUsername(context: CommandContext, username: string, participantUuid: string): Promise<void> {
  await handle(context.deps, context.request, participantUsername, usernameStream(context, username), (state) => reserveParticipantUsername(state, participantUuid));
}

async function releaseUsername(context: CommandContext, username: string, participantUuid: string): Promise<void> {
  await handle(context.deps, context.request, participantUsername, usernameStream(context, username), (state) => releaseParticipantUsername(state, participantUuid));
}

const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === '' ? null : value);

export async function registerParticipantCommand(context: CommandContext, input: NewParticipant): Promise<ParticipantWritten> {
  const { deps, request } = context;
  const id = input.id ?? (await deps.ids.next('participant'));
  const uuid = deps.newUuid();
  const tokenId = deps.newUuid();
  const username = blankToNull(input.username) ?? null;
  // The plain password must not reach the decision: the event would carry it.
  const { password, ...fields } = input;
  const passwordHash = password ? await deps.passwords.hash(password) : null;
  const command = { ...fields, id, uuid, username, email: blankToNull(input.email) ?? null, passwordHash, tokenId };
  // Decided once before the reservation, so that a refused participant does not hold a username.
  registerParticipant({ status: 'absent' }, command);
  if (username !== null) await reserveUsername(context, username, uuid);
  const result = await handle(deps, request, participant, participantStream(uuid), (state) => registerParticipant(state, command));
  return { id, uuid, position: result.position };
}

export interface ParticipantChanges extends ParticipantDetails {
  /** A new password; null or empty leaves it unchanged, as OpenTera. */
  password?: string | null;
  enabled?: boolean;
  loginEnabled?: boolean;
  tokenEnabled?: boolean;
  projectEnabled: boolean;
}

export async function updateParticipantCommand(context: CommandContext, uuid: string, changes: ParticipantChanges): Promise<Position | undefined> {
  const { deps, request } = context;
  const { password, ...rest } = changes;
  const current = await handle(deps, request, participant, participantStream(uuid), () => []);
  if (current.state.status !== 'active') throw new DomainError('not-found', 'Invalid participant');
  const previousUsername = current.state.username;
  const username = blankToNull(rest.username);
  const details = { ...rest, ...(username !== undefined ? { username } : {}), ...(rest.email !== undefined ? { email: blankToNull(rest.email) ?? null } : {}), tokenId: deps.newUuid() };
  // Reservations are by lowercased name: a change of case only keeps the same reservation (releasing the
  // previous name would release the new one).
  const reservationChanges = username !== undefined && username?.toLowerCase() !== previousUsername?.toLowerCase();
  if (reservationChanges && username !== null) await reserveUsername(context, username, uuid);
  let position: Position | undefined;
  try {
    position = (await handle(deps, request, participant, participantStream(uuid), (state) => updateParticipant(state, details))).position;
  } catch (error) {
    if (reservationChanges && username !== null) await releaseUsername(context, username, uuid);
    throw error;
  }
  if (reservationChanges && previousUsername !== null) await releaseUsername(context, previousUsername, uuid);
  if (password) {
    const passwordHash = await deps.passwords.hash(password);
    position = (await handle(deps, request, participant, participantStream(uuid), (state) => changeParticipantPassword(state, passwordHash))).position;
  }
  return position;
}

export async function moveParticipantCommand(context: CommandContext, uuid: string, move: MoveParticipant): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, participant, participantStream(uuid), (state) => moveParticipant(state, move))).position;
}

/**
 * Unlinks the participant's devices, deletes the participant and frees its username. The caller checks
 * OpenTera's delete integrity (sessions, assets, tests) first.
 */
export async function deleteParticipantCommand(context: CommandContext, uuid: string): Promise<Position | undefined> {
  const { deps, request } = context;
  const ref = await participantRef(deps.readDb, { uuid });
  if (ref) {
    for (const deviceUuid of await devicesOfParticipant(deps.readDb, ref.id)) {
      await handle(deps, request, device, streamName(device.category, deviceUuid), (state) => unlinkDeviceFromParticipant(state, ref.id));
    }
  }
  const result = await handle(deps, request, participant, participantStream(uuid), deleteParticipant);
  const username = result.state.status === 'active' || result.state.status === 'deleted' ? result.state.username : null;
  if (username) await releaseUsername(context, username, uuid);
  return result.position;
}
