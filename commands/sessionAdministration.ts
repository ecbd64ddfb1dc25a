// Sessions and their events written by users (OpenTera api-user-2.md sections 15 and 10): who may, checked
// against the read models (projections/queries/sessions.ts, whose sessionAccessibleTo is the one rule of who
// reaches a session), then decided by domain/session.ts. Every check runs before the first append, so a
// refused request changes nothing.
import type { Requester } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { createSession, session, type SessionCreators, type SessionDetails, type SessionEventFields } from '../domain/session.js';
import { creationStatus, postedDatetime } from '../domain/sessionPolicy.js';
import {
  inaccessibleDevices,
  inaccessibleParticipants,
  inaccessibleUsers,
  isSessionAccessible,
  serviceExists,
  sessionFacts,
  sessionOfEvent,
  sessionTypeForUser,
  type SessionFacts,
} from '../projections/queries/sessions.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import {
  changeDetails,
  changeSessionCommand,
  changeSessionEventCommand,
  createSessionCommand,
  deleteSessionCommand,
  deleteSessionEventCommand,
  logSessionEventCommand,
  replaceInvitees,
  type SessionStep,
} from './sessions.js';

const invalid = (message: string) => new DomainError('invalid', message);
const forbidden = (message = 'Forbidden') => new DomainError('forbidden', message);
const notFound = (message: string) => new DomainError('not-found', message);

export const NO_PARTICIPANT_ACCESS = "User doesn't have access to at least one participant of that session.";
export const NO_USER_ACCESS = "User doesn't have access to at least one user of that session.";
export const NO_DEVICE_ACCESS = "User doesn't have access to at least one device of that session.";
const MISSING_INVITEES = 'Missing session participants and users';
const NO_SESSION_ACCESS = 'No access to session.';

export interface WriteResult {
  id: number;
  position: Position | undefined;
}

/** A session's details as posted (OpenTera's column names mapped); an absent key is undefined. */
export interface PostedSessionDetails {
  typeId?: number;
  name?: string;
  /** As posted: ISO 8601, or Python's `YYYY-MM-DD HH:MM:SS.ffffff`. */
  startDatetime?: string;
  duration?: number;
  status?: number;
  comments?: string | null;
  /** A JSON object is stored as its JSON text, as OpenTera. */
  parameters?: string | Record<string, unknown> | null;
}

export interface SessionInput extends PostedSessionDetails {
  /** 0 creates. */
  id: number;
  /** Posted `id_creator_*`: set on creation; an update may only repeat them. */
  creators?: Partial<SessionCreators>;
  /** Each list, when posted non-empty, becomes the session's invitees of that kind. */
  participantIds?: number[];
  userIds?: number[];
  deviceIds?: number[];
}

/** A posted start: undefined when absent; refused when it is no datetime. */
export function startOf(posted: string | undefined): string | undefined {
  if (posted === undefined) return undefined;
  const iso = postedDatetime(posted);
  if (iso === undefined) throw invalid("Invalid argument 'session_start_datetime'");
  return iso;
}

export function parametersOf(posted: PostedSessionDetails['parameters']): string | null | undefined {
  if (posted === undefined || posted === null || typeof posted === 'string') return posted;
  return JSON.stringify(posted);
}

/** The posted details that an update changes (the decision drops those equal to the current ones). */
export function detailChanges(posted: PostedSessionDetails): Partial<SessionDetails> {
  const start = startOf(posted.startDatetime);
  const parameters = parametersOf(posted.parameters);
  return {
    ...(posted.typeId !== undefined ? { typeId: posted.typeId } : {}),
    ...(posted.name !== undefined ? { name: posted.name } : {}),
    ...(start !== undefined ? { startDatetime: start } : {}),
    ...(posted.duration !== undefined ? { duration: posted.duration } : {}),
    ...(posted.status !== undefined ? { status: posted.status } : {}),
    ...(posted.comments !== undefined ? { comments: posted.comments } : {}),
    ...(parameters !== undefined ? { parameters } : {}),
  };
}

/** OpenTera's checks of the listed invitees, in its order: each must be one the requester may access. */
async function checkInvitees(context: CommandContext, requester: Requester, input: Pick<SessionInput, 'participantIds' | 'userIds' | 'deviceIds'>): Promise<void> {
  const db = context.deps.readDb;
  if ((await inaccessibleParticipants(db, requester, input.participantIds ?? [])).length > 0) throw forbidden(NO_PARTICIPANT_ACCESS);
  if ((await inaccessibleUsers(db, requester, input.userIds ?? [])).length > 0) throw forbidden(NO_USER_ACCESS);
  if ((await inaccessibleDevices(db, requester, input.deviceIds ?? [])).length > 0) throw forbidden(NO_DEVICE_ACCESS);
}

/** The type must exist and be one of the requester's (OpenTera does not check it). */
async function checkType(context: CommandContext, requester: Requester, typeId: number): Promise<void> {
  const type = await sessionTypeForUser(context.deps.readDb, requester, typeId);
  if (!type) throw invalid('Invalid session type');
  if (!type.accessible) throw forbidden('No access to session type');
}

/** Posted creators name parties the requester may access (OpenTera stores whatever is posted). */
async function checkCreators(context: CommandContext, requester: Requester, creators: Partial<SessionCreators>): Promise<SessionCreators> {
  const db = context.deps.readDb;
  const { userId = null, deviceId = null, participantId = null, serviceId = null } = creators;
  if (participantId !== null && (await inaccessibleParticipants(db, requester, [participantId])).length > 0) throw forbidden(NO_PARTICIPANT_ACCESS);
  if (userId !== null && (await inaccessibleUsers(db, requester, [userId])).length > 0) throw forbidden(NO_USER_ACCESS);
  if (deviceId !== null && (await inaccessibleDevices(db, requester, [deviceId])).length > 0) throw forbidden(NO_DEVICE_ACCESS);
  if (serviceId !== null && !(await serviceExists(db, serviceId))) throw invalid('Invalid service');
  return { userId, deviceId, participantId, serviceId };
}

/** The live session the requester may reach: unknown ones are 404 for a superadmin, refused like others' for anyone else. */
async function reachableSession(context: CommandContext, requester: Requester, id: number, refusal: string): Promise<SessionFacts> {
  const facts = await sessionFacts(context.deps.readDb, { id });
  if (!facts) throw requester.superadmin ? notFound('Invalid session') : forbidden(refusal);
  if (!(await isSessionAccessible(context.deps.readDb, requester, facts.id))) throw forbidden(refusal);
  return facts;
}

// ------------------------------------------------------------------------------------ /api/user/sessions

/** POST /api/user/sessions: creates (`id` 0) or updates a session and its invitees. */
export async function saveSessionByUser(context: CommandContext, requester: Requester, input: SessionInput): Promise<WriteResult> {
  if (input.id === 0) return createSessionByUser(context, requester, input);
  const facts = await reachableSession(context, requester, input.id, NO_SESSION_ACCESS);
  await checkInvitees(context, requester, input);
  const posted = input.creators ?? {};
  const changedCreator = (Object.keys(posted) as (keyof SessionCreators)[]).some((key) => posted[key] !== undefined && posted[key] !== facts.creators[key]);
  if (changedCreator) throw invalid('Session creators cannot be changed');
  const changes = detailChanges(input);
  if (changes.typeId !== undefined && changes.typeId !== facts.typeId) await checkType(context, requester, changes.typeId);
  const steps: SessionStep[] = [changeDetails(changes)];
  // As OpenTera, a list replaces the invitees of its kind when it is not empty.
  if (input.participantIds?.length) steps.push(replaceInvitees('participant', input.participantIds));
  if (input.userIds?.length) steps.push(replaceInvitees('user', input.userIds));
  if (input.deviceIds?.length) steps.push(replaceInvitees('device', input.deviceIds));
  return { id: facts.id, position: await changeSessionCommand(context, facts.uuid, steps) };
}

async function createSessionByUser(context: CommandContext, requester: Requester, input: SessionInput): Promise<WriteResult> {
  if (input.participantIds === undefined && input.userIds === undefined) throw invalid(MISSING_INVITEES);
  const participants = input.participantIds ?? [];
  const users = input.userIds ?? [];
  const devices = input.deviceIds ?? [];
  // A session inviting nobody would be reachable by superadmins only (OpenTera creates it).
  if (participants.length + users.length + devices.length === 0) throw invalid(MISSING_INVITEES);
  await checkInvitees(context, requester, input);
  if (input.typeId === undefined) throw invalid('Missing id_session_type');
  await checkType(context, requester, input.typeId);
  if (input.name === undefined) throw invalid("Missing argument 'session name'");
  const creators = await checkCreators(context, requester, input.creators ?? {});
  const fields = {
    typeId: input.typeId,
    name: input.name,
    startDatetime: startOf(input.startDatetime) ?? context.deps.clock.now().toISOString(),
    duration: input.duration ?? 0,
    status: creationStatus(input.status),
    comments: input.comments ?? null,
    parameters: parametersOf(input.parameters) ?? null,
    creators,
    participants,
    users,
    devices,
  };
  // Decided once before the id is allocated, so that a refused creation spends none.
  createSession(session.initial, { ...fields, id: 0, uuid: '' });
  const created = await createSessionCommand(context, fields);
  return { id: created.id, position: created.position };
}

/**
 * DELETE /api/user/sessions: a session the requester may reach, all of whose participants, users (site admins'
 * groups counted) and devices it may access, as OpenTera; refused (409) while in progress.
 */
export async function deleteSessionByUser(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const facts = await reachableSession(context, requester, id, 'Forbidden');
  const db = context.deps.readDb;
  if ((await inaccessibleParticipants(db, requester, facts.participantIds)).length > 0) throw forbidden(NO_PARTICIPANT_ACCESS);
  if ((await inaccessibleUsers(db, requester, facts.userIds, true)).length > 0) throw forbidden(NO_USER_ACCESS);
  if ((await inaccessibleDevices(db, requester, facts.deviceIds)).length > 0) throw forbidden(NO_DEVICE_ACCESS);
  return deleteSessionCommand(context, facts.uuid);
}

// ----------------------------------------------------------------------------- /api/user/sessions/events

/** A session event as posted (OpenTera's column names mapped); an absent key is undefined. */
export interface PostedSessionEvent {
  eventType?: number;
  /** As posted (see PostedSessionDetails.startDatetime). */
  datetime?: string;
  text?: string | null;
  context?: string | null;
}

export interface SessionEventInput extends PostedSessionEvent {
  sessionId: number;
  /** 0 (or less) creates, as OpenTera. */
  eventId: number;
}

function eventChanges(posted: PostedSessionEvent): Partial<SessionEventFields> {
  let datetime: string | undefined;
  if (posted.datetime !== undefined) {
    datetime = postedDatetime(posted.datetime);
    if (datetime === undefined) throw invalid('Invalid session_event_datetime');
  }
  return {
    ...(posted.eventType !== undefined ? { eventType: posted.eventType } : {}),
    ...(datetime !== undefined ? { datetime } : {}),
    ...(posted.text !== undefined ? { text: posted.text } : {}),
    ...(posted.context !== undefined ? { context: posted.context } : {}),
  };
}

/** Logs a new event, or changes one of the session's own (OpenTera changes any event, whatever its session). */
export async function writeSessionEvent(context: CommandContext, facts: SessionFacts, input: SessionEventInput): Promise<WriteResult> {
  const changes = eventChanges(input);
  if (input.eventId > 0) return { id: input.eventId, position: await changeSessionEventCommand(context, facts.uuid, input.eventId, changes) };
  const missing = [...(changes.eventType === undefined ? ['id_session_event_type'] : []), ...(changes.datetime === undefined ? ['session_event_datetime'] : [])];
  if (missing.length > 0) throw invalid(`Missing required fields: ${missing.join(', ')}`);
  const logged = await logSessionEventCommand(context, facts.uuid, { eventType: changes.eventType!, datetime: changes.datetime!, text: changes.text ?? null, context: changes.context ?? null });
  return { id: logged.id, position: logged.position };
}

/** POST /api/user/sessions/events: on a session the requester may reach. */
export async function saveSessionEventByUser(context: CommandContext, requester: Requester, input: SessionEventInput): Promise<WriteResult> {
  const facts = await reachableSession(context, requester, input.sessionId, 'Forbidden');
  return writeSessionEvent(context, facts, input);
}

/** DELETE /api/user/sessions/events: an event of a session the requester may reach. */
export async function deleteSessionEventByUser(context: CommandContext, requester: Requester, eventId: number): Promise<Position | undefined> {
  const owner = await sessionOfEvent(context.deps.readDb, eventId);
  if (!owner) throw requester.superadmin ? notFound('Invalid session event') : forbidden();
  if (!(await isSessionAccessible(context.deps.readDb, requester, owner.id))) throw forbidden();
  return deleteSessionEventCommand(context, owner.uuid, eventId);
}
