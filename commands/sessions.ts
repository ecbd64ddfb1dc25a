// Session commands at the aggregate level: ids, then the decision. Who may run them, OpenTera's defaults
// (status, start time) and the checks of the type and invitees belong to the use cases that call them.
import { streamName } from '../domain/aggregate.js';
import { createSession, logSessionEvent, session, type SessionCreation, type SessionEventFields } from '../domain/session.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export const sessionStream = (uuid: string) => streamName(session.category, uuid);

export async function createSessionCommand(context: CommandContext, fields: Omit<SessionCreation, 'id' | 'uuid'> & { id?: number }): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const id = fields.id ?? (await context.deps.ids.next('session'));
  const uuid = context.deps.newUuid();
  const result = await handle(context.deps, context.request, session, sessionStream(uuid), (state) => createSession(state, { ...fields, id, uuid }));
  return { id, uuid, position: result.position };
}

export async function logSessionEventCommand(context: CommandContext, sessionUuid: string, fields: SessionEventFields, eventId?: number): Promise<{ id: number; position: Position | undefined }> {
  const id = eventId ?? (await context.deps.ids.next('session_event'));
  const result = await handle(context.deps, context.request, session, sessionStream(sessionUuid), (state) => logSessionEvent(state, { ...fields, eventId: id }));
  return { id, position: result.position };
}
