// Sessions written by participants and devices themselves (OpenTera api-participant-device-service.md 4.8,
// 5.8, 5.9): a party creates sessions of its session types, always as their creator, updates only the
// sessions it created, and re-posting a session it already created (same name, type, start day and
// participants) updates that one. Every participant named must exist in the party's projects, and is checked
// before anything is written (OpenTera inserts the session first, then answers 400 for an unknown uuid).
import { DomainError } from '../domain/errors.js';
import { createSession, session, type SessionCreators } from '../domain/session.js';
import { creationStatus, utcDay } from '../domain/sessionPolicy.js';
import { participantsByUuids, sameSessionOf, sessionFacts, sessionTypeOfProjects } from '../projections/queries/sessions.js';
import type { CommandContext } from './context.js';
import { detailChanges, parametersOf, startOf, writeSessionEvent, type PostedSessionDetails, type SessionEventInput, type WriteResult } from './sessionAdministration.js';
import { changeDetails, changeSessionCommand, createSessionCommand } from './sessions.js';

const invalid = (message: string) => new DomainError('invalid', message);
const forbidden = (message: string) => new DomainError('forbidden', message);

/** The participant or device writing, with the projects its session types and participants come from. */
export interface SessionParty {
  kind: 'participant' | 'device';
  id: number;
  projectIds: readonly number[];
}

export interface PartySessionInput extends PostedSessionDetails {
  /** 0 creates (or finds the same session again). */
  id: number;
  typeId: number;
  /** Participant uuids: required on creation, ignored on update (as OpenTera). */
  participantUuids?: string[];
}

const creatorsOf = (party: SessionParty): SessionCreators => ({
  userId: null,
  deviceId: party.kind === 'device' ? party.id : null,
  participantId: party.kind === 'participant' ? party.id : null,
  serviceId: null,
});

const createdBy = (party: SessionParty, creators: SessionCreators) => (party.kind === 'device' ? creators.deviceId : creators.participantId) === party.id;

/** POST /api/participant/sessions and /api/device/sessions. */
export async function saveSessionByParty(context: CommandContext, party: SessionParty, input: PartySessionInput): Promise<WriteResult> {
  const db = context.deps.readDb;
  if (input.id === 0 && input.participantUuids === undefined) throw invalid('Missing session participants and/or users and/or devices');
  if (!(await sessionTypeOfProjects(db, input.typeId, party.projectIds))) throw forbidden('No access to session type');

  if (input.id > 0) {
    const facts = await sessionFacts(db, { id: input.id });
    if (!facts || !createdBy(party, facts.creators)) throw forbidden('Unauthorized');
    return { id: facts.id, position: await changeSessionCommand(context, facts.uuid, [changeDetails(detailChanges(input))]) };
  }

  if (input.name === undefined) throw invalid("Missing argument 'session name'");
  if (input.startDatetime === undefined) throw invalid("Missing argument 'session_start_datetime'");
  const start = startOf(input.startDatetime)!;
  const uuids = input.participantUuids ?? [];
  const participants = await participantsByUuids(db, uuids, party.projectIds);
  const participantIds = uuids.map((uuid) => participants.get(uuid.toLowerCase()));
  if (participantIds.some((id) => id === undefined)) throw invalid('Invalid participant uuid');

  const same = await sameSessionOf(db, party.kind, party.id, { name: input.name, typeId: input.typeId, day: utcDay(start), participantUuids: uuids });
  if (same !== undefined) {
    // As OpenTera, the session found keeps its start; the other posted details update it.
    const facts = (await sessionFacts(db, { id: same }))!;
    const { startDatetime: _kept, ...changes } = detailChanges(input);
    return { id: facts.id, position: await changeSessionCommand(context, facts.uuid, [changeDetails(changes)]) };
  }

  const fields = {
    typeId: input.typeId,
    name: input.name,
    startDatetime: start,
    duration: input.duration ?? 0,
    status: creationStatus(input.status),
    comments: input.comments ?? null,
    parameters: parametersOf(input.parameters) ?? null,
    creators: creatorsOf(party),
    participants: participantIds as number[],
    users: [],
    devices: [],
  };
  createSession(session.initial, { ...fields, id: 0, uuid: '' });
  const created = await createSessionCommand(context, fields);
  return { id: created.id, position: created.position };
}

/** POST /api/device/sessions/events: on a session the device is invited to or created. */
export async function saveSessionEventByDevice(context: CommandContext, deviceId: number, input: SessionEventInput): Promise<WriteResult> {
  const facts = await sessionFacts(context.deps.readDb, { id: input.sessionId });
  if (!facts || !(facts.creators.deviceId === deviceId || facts.deviceIds.includes(deviceId))) throw forbidden('Unauthorized');
  return writeSessionEvent(context, facts, input);
}
