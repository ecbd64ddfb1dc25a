// Records logins, successful and failed, as events (OpenTera sends them to its logging service).
import { streamName } from '../domain/aggregate.js';
import { deviceLoginCategory, participantLoginCategory, unknownUserLoginStream, userLoginCategory, type LoginEvent, type PartyLoginEvent } from '../domain/login.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { eventMetadata } from './handle.js';

export async function recordLogin({ deps, request }: CommandContext, userUuid: string | undefined, event: LoginEvent): Promise<Position> {
  const stream = userUuid ? streamName(userLoginCategory, userUuid) : unknownUserLoginStream;
  const result = await deps.store.append(stream, [{ ...event, data: { ...event.data }, metadata: eventMetadata(request, deps.clock) }], 'any');
  return result.position;
}

/**
 * A participant's or a device's login, on `participantLogin-<uuid>` / `deviceLogin-<uuid>`. A participant
 * username that names no one has no uuid: those failures share `participantLogin-unknown`, without the name,
 * as the users' do.
 */
export async function recordPartyLogin({ deps, request }: CommandContext, partyUuid: string | undefined, event: PartyLoginEvent): Promise<Position> {
  const category = event.type.startsWith('Participant') ? participantLoginCategory : deviceLoginCategory;
  const stream = streamName(category, partyUuid ?? 'unknown');
  const result = await deps.store.append(stream, [{ ...event, data: { ...event.data }, metadata: eventMetadata(request, deps.clock) }], 'any');
  return result.position;
}
