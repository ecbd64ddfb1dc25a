// Session commands at the aggregate level: ids, then the decision. Who may run them, OpenTera's defaults
// (status, start time) and the checks of the type and invitees belong to the use cases that call them.
import { streamName } from '../domain/aggregate.js';
import {
  changeSession,
  changeSessionEvent,
  createSession,
  deleteSession,
  deleteSessionEvent,
  logSessionEvent,
  session,
  setSessionInvitees,
  type Invitee,
  type SessionCreation,
  type SessionDetails,
  type SessionEvent,
  type SessionEventFields,
  type SessionState,
} from '../domain/session.js';
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

/** One decision over a session: each step sees the state the previous ones left. */
export type SessionStep = (state: SessionState) => SessionEvent[];

export function allSessionSteps(steps: readonly SessionStep[]): SessionStep {
  return (state) => {
    const events: SessionEvent[] = [];
    let current = state;
    for (const step of steps) {
      const produced = step(current);
      events.push(...produced);
      current = produced.reduce(session.evolve, current);
    }
    return events;
  };
}

/** Changes a session in one append (or none when nothing changes). */
export async function changeSessionCommand(context: CommandContext, uuid: string, steps: readonly SessionStep[]): Promise<Position | undefined> {
  if (steps.length === 0) return undefined;
  return (await handle(context.deps, context.request, session, sessionStream(uuid), allSessionSteps(steps))).position;
}

export const changeDetails = (changes: Partial<SessionDetails>): SessionStep => (state) => changeSession(state, changes);
export const replaceInvitees = (invitee: Invitee, ids: readonly number[]): SessionStep => (state) => setSessionInvitees(state, invitee, ids);

export async function deleteSessionCommand(context: CommandContext, uuid: string): Promise<Position | undefined> {
  return changeSessionCommand(context, uuid, [deleteSession]);
}

export async function changeSessionEventCommand(context: CommandContext, sessionUuid: string, eventId: number, changes: Partial<SessionEventFields>): Promise<Position | undefined> {
  return changeSessionCommand(context, sessionUuid, [(state) => changeSessionEvent(state, { ...changes, eventId })]);
}

export async function deleteSessionEventCommand(context: CommandContext, sessionUuid: string, eventId: number): Promise<Position | undefined> {
  return changeSessionCommand(context, sessionUuid, [(state) => deleteSessionEvent(state, eventId)]);
}
