// A session (OpenTera's TeraSession) and its life as one stream: created with its invitees (participants,
// users, devices), changed, invitees added and removed, events logged (OpenTera's t_sessions_events), deleted.
// OpenTera lets several creators be set at once (its test data does); so do we. The comments, parameters and
// event texts may describe a person's health: they are personal data, encrypted with the session's key.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';
import type { PersonalDataDeclarations } from './personalData.js';

/** OpenTera's session statuses. */
export const SESSION_STATUS = { notStarted: 0, inProgress: 1, completed: 2, cancelled: 3, terminated: 4 } as const;

export interface SessionCreators {
  userId: number | null;
  deviceId: number | null;
  participantId: number | null;
  serviceId: number | null;
}

export interface SessionDetails {
  typeId: number;
  name: string;
  /** ISO 8601 with offset. */
  startDatetime: string;
  /** Seconds. */
  duration: number;
  status: number;
  comments: string | null;
  /** JSON text (OpenTera stores a posted object as JSON) or any string. */
  parameters: string | null;
}

export interface SessionInvitees {
  participants: number[];
  users: number[];
  devices: number[];
}

export interface SessionCreation extends SessionDetails, SessionInvitees {
  id: number;
  uuid: string;
  creators: SessionCreators;
}

export type SessionEventFields = {
  /** OpenTera's SessionEventTypes value (0-14, 100-109). */
  eventType: number;
  datetime: string;
  text: string | null;
  context: string | null;
};

export type Invitee = 'participant' | 'user' | 'device';

export type SessionEvent =
  | { type: 'SessionCreated'; data: SessionCreation & Record<string, unknown> }
  | { type: 'SessionChanged'; data: Partial<SessionDetails> & Record<string, unknown> }
  | { type: 'SessionInviteeAdded'; data: { invitee: Invitee; id: number } }
  | { type: 'SessionInviteeRemoved'; data: { invitee: Invitee; id: number } }
  | { type: 'SessionEventLogged'; data: SessionEventFields & { eventId: number } }
  | { type: 'SessionEventChanged'; data: Partial<SessionEventFields> & { eventId: number } }
  | { type: 'SessionEventDeleted'; data: { eventId: number } }
  | { type: 'SessionDeleted'; data: Record<string, never> };

const pii = (...fields: string[]) => fields.map((field) => ({ field }));

export const sessionPersonalData: PersonalDataDeclarations = {
  SessionCreated: pii('comments', 'parameters'),
  SessionChanged: pii('comments', 'parameters'),
  SessionEventLogged: pii('text', 'context'),
  SessionEventChanged: pii('text', 'context'),
};

export interface KnownSession extends SessionDetails, SessionInvitees {
  status: number;
  lifecycle: 'active' | 'deleted';
  id: number;
  creators: SessionCreators;
  eventIds: number[];
}

export type SessionState = { lifecycle: 'absent' } | KnownSession;

const LIST: Record<Invitee, keyof SessionInvitees> = { participant: 'participants', user: 'users', device: 'devices' };
const DETAILS: readonly (keyof SessionDetails)[] = ['typeId', 'name', 'startDatetime', 'duration', 'status', 'comments', 'parameters'];

export const session: Aggregate<SessionState, SessionEvent> = {
  category: 'session',
  initial: { lifecycle: 'absent' },
  evolve(state, event) {
    if (event.type === 'SessionCreated') {
      const d = event.data;
      return {
        lifecycle: 'active',
        id: d.id,
        typeId: d.typeId,
        name: d.name,
        startDatetime: d.startDatetime,
        duration: d.duration,
        status: d.status,
        comments: d.comments,
        parameters: d.parameters,
        creators: { ...d.creators },
        participants: [...d.participants],
        users: [...d.users],
        devices: [...d.devices],
        eventIds: [],
      };
    }
    if (state.lifecycle === 'absent') return state;
    switch (event.type) {
      case 'SessionChanged':
        return { ...state, ...Object.fromEntries(Object.entries(event.data).filter(([key]) => DETAILS.includes(key as keyof SessionDetails))) };
      case 'SessionInviteeAdded': {
        const list = LIST[event.data.invitee];
        return { ...state, [list]: [...state[list], event.data.id] };
      }
      case 'SessionInviteeRemoved': {
        const list = LIST[event.data.invitee];
        return { ...state, [list]: state[list].filter((id) => id !== event.data.id) };
      }
      case 'SessionEventLogged':
        return { ...state, eventIds: [...state.eventIds, event.data.eventId] };
      case 'SessionEventChanged':
        return state;
      case 'SessionEventDeleted':
        return { ...state, eventIds: state.eventIds.filter((id) => id !== event.data.eventId) };
      case 'SessionDeleted':
        return { ...state, lifecycle: 'deleted' };
    }
  },
};

function active(state: SessionState): KnownSession {
  if (state.lifecycle !== 'active') throw new DomainError('not-found', 'Invalid session');
  return state;
}

const unique = (ids: readonly number[]) => [...new Set(ids)];

function checkedDetails(fields: Partial<SessionDetails>): Partial<SessionDetails> {
  const result: Partial<SessionDetails> = { ...fields };
  if (fields.name !== undefined) {
    if (fields.name.trim() === '') throw new DomainError('invalid', "Missing argument 'session name'");
    result.name = fields.name.trim();
  }
  if (fields.duration !== undefined && (!Number.isInteger(fields.duration) || fields.duration < 0)) throw new DomainError('invalid', 'Invalid session_duration');
  if (fields.status !== undefined && !Object.values(SESSION_STATUS).includes(fields.status as 0)) throw new DomainError('invalid', 'Invalid session_status');
  if (fields.startDatetime !== undefined && Number.isNaN(Date.parse(fields.startDatetime))) throw new DomainError('invalid', "Invalid argument 'session_start_datetime'");
  return result;
}

/** The caller checks the type, the invitees and the creators, and applies OpenTera's defaults (status, start). */
export function createSession(state: SessionState, command: SessionCreation): SessionEvent[] {
  if (state.lifecycle !== 'absent') throw new DomainError('conflict', 'Session already exists');
  const details = checkedDetails(command) as SessionDetails;
  const { id, uuid, creators } = command;
  const creation: SessionCreation = {
    id,
    uuid,
    typeId: details.typeId,
    name: details.name,
    startDatetime: details.startDatetime,
    duration: details.duration,
    status: details.status,
    comments: details.comments,
    parameters: details.parameters,
    creators: { userId: creators.userId, deviceId: creators.deviceId, participantId: creators.participantId, serviceId: creators.serviceId },
    participants: unique(command.participants),
    users: unique(command.users),
    devices: unique(command.devices),
  };
  return [{ type: 'SessionCreated', data: { ...creation } }];
}

/** Only the details that change. */
export function changeSession(state: SessionState, command: Partial<SessionDetails>): SessionEvent[] {
  const current = active(state);
  const details = checkedDetails(command);
  const changes = Object.fromEntries(Object.entries(details).filter(([key, value]) => DETAILS.includes(key as keyof SessionDetails) && value !== undefined && current[key as keyof SessionDetails] !== value));
  return Object.keys(changes).length === 0 ? [] : [{ type: 'SessionChanged', data: changes }];
}

/** Makes the invitees of a kind exactly these: removals, then additions. */
export function setSessionInvitees(state: SessionState, invitee: Invitee, ids: readonly number[]): SessionEvent[] {
  const current = active(state);
  const wanted = unique(ids);
  const present = current[LIST[invitee]];
  return [
    ...present.filter((id) => !wanted.includes(id)).map((id): SessionEvent => ({ type: 'SessionInviteeRemoved', data: { invitee, id } })),
    ...wanted.filter((id) => !present.includes(id)).map((id): SessionEvent => ({ type: 'SessionInviteeAdded', data: { invitee, id } })),
  ];
}

export function addSessionInvitee(state: SessionState, invitee: Invitee, id: number): SessionEvent[] {
  const current = active(state);
  return current[LIST[invitee]].includes(id) ? [] : [{ type: 'SessionInviteeAdded', data: { invitee, id } }];
}

export function removeSessionInvitee(state: SessionState, invitee: Invitee, id: number): SessionEvent[] {
  const current = active(state);
  return current[LIST[invitee]].includes(id) ? [{ type: 'SessionInviteeRemoved', data: { invitee, id } }] : [];
}

function checkedEvent(fields: Partial<SessionEventFields>): void {
  const valid = (t: number) => Number.isInteger(t) && ((t >= 0 && t <= 14) || (t >= 100 && t <= 109));
  if (fields.eventType !== undefined && !valid(fields.eventType)) throw new DomainError('invalid', 'Invalid id_session_event_type');
  if (fields.datetime !== undefined && Number.isNaN(Date.parse(fields.datetime))) throw new DomainError('invalid', 'Invalid session_event_datetime');
}

export function logSessionEvent(state: SessionState, command: SessionEventFields & { eventId: number }): SessionEvent[] {
  const current = active(state);
  if (current.eventIds.includes(command.eventId)) throw new DomainError('conflict', 'Session event already exists');
  checkedEvent(command);
  const { eventId, eventType, datetime, text, context } = command;
  return [{ type: 'SessionEventLogged', data: { eventId, eventType, datetime, text, context } }];
}

/** The event must belong to this session (OpenTera does not check). */
export function changeSessionEvent(state: SessionState, command: Partial<SessionEventFields> & { eventId: number }): SessionEvent[] {
  const current = active(state);
  if (!current.eventIds.includes(command.eventId)) throw new DomainError('not-found', 'Invalid session event');
  checkedEvent(command);
  const changes = Object.fromEntries(Object.entries(command).filter(([key, value]) => key !== 'eventId' && value !== undefined));
  return Object.keys(changes).length === 0 ? [] : [{ type: 'SessionEventChanged', data: { eventId: command.eventId, ...changes } }];
}

/** OpenTera's soft delete of one event (user API); the event must belong to this session. */
export function deleteSessionEvent(state: SessionState, eventId: number): SessionEvent[] {
  const current = active(state);
  if (!current.eventIds.includes(eventId)) throw new DomainError('not-found', 'Invalid session event');
  return [{ type: 'SessionEventDeleted', data: { eventId } }];
}

/** As OpenTera, a session in progress cannot be deleted (OpenTera: 403; a refused delete is 409 here). */
export function deleteSession(state: SessionState): SessionEvent[] {
  const current = active(state);
  if (current.status === SESSION_STATUS.inProgress) throw new DomainError('conflict', "Session is in progress: can't delete that session.");
  return [{ type: 'SessionDeleted', data: {} }];
}
