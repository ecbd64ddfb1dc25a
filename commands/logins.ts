// Records logins, successful and failed, as events (OpenTera sends them to its logging service).
import { streamName } from '../domain/aggregate.js';
import { unknownUserLoginStream, userLoginCategory, type LoginEvent } from '../domain/login.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { eventMetadata } from './handle.js';

export async function recordLogin({ deps, request }: CommandContext, userUuid: string | undefined, event: LoginEvent): Promise<Position> {
  const stream = userUuid ? streamName(userLoginCategory, userUuid) : unknownUserLoginStream;
  const result = await deps.store.append(stream, [{ ...event, data: { ...event.data }, metadata: eventMetadata(request, deps.clock) }], 'any');
  return result.position;
}
