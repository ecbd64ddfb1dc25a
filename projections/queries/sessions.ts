// Sessions and their events as OpenTera serves them (api-user-2.md sections 10 and 15,
// api-participant-device-service.md 4.7, 4.8, 5.8, 5.9), and the session facts other use cases decide on
// (delete refusals, a participant's last session).
//
// Who may reach a session (one rule, in SQL: sessionAccessibleTo). A superadmin reaches every live session.
// Anyone else, R, reaches a live session S when:
//   1. R created S, or is invited to it;
//   2. a participant of S (invited, or its creator) belongs to a project R holds a role in: a session belongs
//      to its participants' projects, as OpenTera's `query_session` and its accessible-sessions list have it;
//   3. S has no participant at all, and was created by, or invites, a user or a device R may access
//      (users: domain.md 2.3, roleAccess.ts accessibleUserIds; devices: devices.ts deviceVisibleTo).
// OpenTera's list also counts sessions created by or inviting any accessible user, device or service, which
// lets R read sessions of projects R has no role in (a user R shares a project with may have created sessions
// elsewhere); the third rule keeps that only for sessions that belong to no project.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Requester } from '../../domain/access.js';
import { sameParticipants, type SessionTies } from '../../domain/sessionPolicy.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';
import { deviceVisibleTo } from './devices.js';
import { accessibleProjectIds, accessibleSiteIds, accessibleUserIds } from './roleAccess.js';
import { isoTime, isRowId, userVisibleTo } from './usersAdmin.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
type Eb = ExpressionBuilder<any, any>;

const TRUE = sql<SqlBool>`true`;

/** `where` clause: the session aliased `alias` is one the requester may reach (the rule above). */
export function sessionAccessibleTo(db: AnyDb, requester: Requester, alias = 's') {
  const id = `${alias}.id_session`;
  return (eb: Eb): Expression<SqlBool> => {
    if (requester.superadmin) return TRUE;
    const invitedParticipants = () =>
      eb
        .selectFrom('sessions_participants as acc_sp')
        .innerJoin('participants as acc_p', 'acc_p.id_participant', 'acc_sp.id_participant')
        .select('acc_sp.id_participant')
        .whereRef('acc_sp.id_session', '=', id)
        .where('acc_p.deleted_at', 'is', null);
    const accessibleProjects = accessibleProjectIds(db, requester);
    const accessibleUsers = accessibleUserIds(db, requester);
    const own = eb.or([
      eb(`${alias}.id_creator_user`, '=', requester.id),
      eb.exists(eb.selectFrom('sessions_users as acc_me').select('acc_me.id_user').whereRef('acc_me.id_session', '=', id).where('acc_me.id_user', '=', requester.id)),
    ]);
    const throughParticipants = eb.or([
      eb.exists(invitedParticipants().where('acc_p.id_project', 'in', accessibleProjects)),
      eb.exists(
        eb
          .selectFrom('participants as acc_cp')
          .select('acc_cp.id_participant')
          .whereRef('acc_cp.id_participant', '=', `${alias}.id_creator_participant`)
          .where('acc_cp.deleted_at', 'is', null)
          .where('acc_cp.id_project', 'in', accessibleProjects),
      ),
    ]);
    const withoutParticipants = eb.and([eb(`${alias}.id_creator_participant`, 'is', null), eb.not(eb.exists(invitedParticipants()))]);
    const throughUsersAndDevices = eb.or([
      eb(`${alias}.id_creator_user`, 'in', accessibleUsers),
      eb.exists(eb.selectFrom('sessions_users as acc_su').select('acc_su.id_user').whereRef('acc_su.id_session', '=', id).where('acc_su.id_user', 'in', accessibleUsers)),
      deviceVisibleTo(requester, `${alias}.id_creator_device`)(eb),
      eb.exists(
        eb
          .selectFrom('sessions_devices as acc_sd')
          .select('acc_sd.id_device')
          .whereRef('acc_sd.id_session', '=', id)
          .where((inner) => deviceVisibleTo(requester, 'acc_sd.id_device')(inner)),
      ),
    ]);
    return eb.or([own, throughParticipants, eb.and([withoutParticipants, throughUsersAndDevices])]);
  };
}

// ---------------------------------------------------------------------------------------------- selections

/** Which sessions a GET asks for. */
export type SessionSelection =
  | { by: 'id'; id: number }
  | { by: 'uuid'; uuid: string }
  /** Sessions the participant, user or device is invited to or created. */
  | { by: 'participant' | 'user' | 'device'; id: number };

export interface SessionFilters {
  status?: number;
  /** `YYYY-MM-DD`: sessions starting that UTC day or later. */
  startDate?: string;
  /** `YYYY-MM-DD`: sessions starting that UTC day or earlier. */
  endDate?: string;
  /** 0 or absent: no limit. */
  limit?: number;
  offset?: number;
  /** Also narrow to this id / uuid (the participant API's filters over its own sessions). */
  id?: number;
  uuid?: string;
}

const INVITEES = {
  participant: { table: 'sessions_participants', column: 'id_participant', creator: 'id_creator_participant', own: 'participants' },
  user: { table: 'sessions_users', column: 'id_user', creator: 'id_creator_user', own: 'users' },
  device: { table: 'sessions_devices', column: 'id_device', creator: 'id_creator_device', own: 'devices' },
} as const;

export type Party = keyof typeof INVITEES;

/**
 * `where` clause: the party is invited to, or created, the session aliased `s`. Written as one `in` over a
 * union of the two indexed lookups: an `or` with a correlated `exists` would test every session of the store.
 */
function involving(party: Party, partyId: number) {
  const { table, column, creator } = INVITEES[party];
  return (eb: Eb): Expression<SqlBool> =>
    eb(
      's.id_session',
      'in',
      eb
        .selectFrom(`${table} as inv`)
        .select('inv.id_session')
        .where(`inv.${column}`, '=', partyId)
        .union(eb.selectFrom('sessions as cr').select('cr.id_session').where(`cr.${creator}`, '=', partyId)),
    );
}

/** `where` clause: the party named by a selection is one the requester may reach. */
function partyAccessibleTo(db: AnyDb, requester: Requester, party: Party, partyId: number) {
  return (eb: Eb): Expression<SqlBool> => {
    if (party === 'participant') {
      return eb.exists(
        eb
          .selectFrom('participants as sel_p')
          .select('sel_p.id_participant')
          .where('sel_p.id_participant', '=', partyId)
          .where('sel_p.deleted_at', 'is', null)
          .where('sel_p.id_project', 'in', accessibleProjectIds(db, requester)),
      );
    }
    if (party === 'user') return eb(eb.val(partyId), 'in', accessibleUserIds(db, requester));
    return eb.exists(eb.selectFrom('devices as sel_d').select('sel_d.id_device').where('sel_d.id_device', '=', partyId).where('sel_d.deleted_at', 'is', null).where(deviceVisibleTo(requester, 'sel_d.id_device')));
  };
}

/**
 * Ids of the live sessions a selection names, ordered as OpenTera (start time, then id, newest first), with
 * the filters applied in SQL. `requester` limits them to what it may reach (the party itself must be
 * reachable too); without it they are the party's own sessions (the participant and device APIs).
 */
export async function selectSessionIds(db: AnyDb, selection: SessionSelection, filters: SessionFilters, requester?: Requester): Promise<number[]> {
  let query = db.selectFrom('sessions as s').select('s.id_session').where('s.deleted_at', 'is', null);
  switch (selection.by) {
    case 'id':
      if (!isRowId(selection.id)) return [];
      query = query.where('s.id_session', '=', selection.id);
      break;
    case 'uuid':
      if (!isUuid(selection.uuid)) return [];
      query = query.where('s.session_uuid', '=', selection.uuid);
      break;
    default:
      if (!isRowId(selection.id)) return [];
      query = query.where(involving(selection.by, selection.id));
      if (requester) query = query.where(partyAccessibleTo(db, requester, selection.by, selection.id));
  }
  if (requester) query = query.where(sessionAccessibleTo(db, requester, 's'));
  if (filters.id !== undefined) {
    if (!isRowId(filters.id)) return [];
    query = query.where('s.id_session', '=', filters.id);
  }
  if (filters.uuid !== undefined) {
    if (!isUuid(filters.uuid)) return [];
    query = query.where('s.session_uuid', '=', filters.uuid);
  }
  if (filters.status !== undefined) query = query.where('s.session_status', '=', filters.status);
  if (filters.startDate) query = query.where(sql`(s.session_start_datetime at time zone 'UTC')::date`, '>=', sql`${filters.startDate}::date`);
  if (filters.endDate) query = query.where(sql`(s.session_start_datetime at time zone 'UTC')::date`, '<=', sql`${filters.endDate}::date`);
  query = query.orderBy('s.session_start_datetime', 'desc').orderBy('s.id_session', 'desc');
  if (filters.limit) query = query.limit(filters.limit);
  if (filters.offset) query = query.offset(filters.offset);
  return (await query.execute()).map((row) => row.id_session as number);
}

/** Whether the requester may reach the live session. */
export async function isSessionAccessible(db: AnyDb, requester: Requester, sessionId: number): Promise<boolean> {
  return (await selectSessionIds(db, { by: 'id', id: sessionId }, {}, requester)).length > 0;
}

// -------------------------------------------------------------------------------------------------- JSON

export interface SessionParticipantJson {
  id_participant: number;
  participant_uuid: string;
  participant_name: string | null;
  id_project: number;
  project_name: string;
}

export interface SessionJson {
  id_session: number;
  session_uuid: string;
  id_session_type: number;
  id_creator_user: number | null;
  id_creator_device: number | null;
  id_creator_participant: number | null;
  id_creator_service: number | null;
  session_name: string;
  session_start_datetime: string | null;
  session_duration: number;
  session_status: number;
  session_assets_count: number;
  session_tests_count: number;
  session_comments?: string | null;
  session_parameters?: unknown;
  session_participants?: SessionParticipantJson[];
  session_users?: { id_user: number; user_uuid: string; user_name: string }[];
  session_devices?: { id_device: number; device_uuid: string; device_name: string | null }[];
  session_creator_user?: string;
  session_creator_user_uuid?: string;
  session_creator_device?: string | null;
  session_creator_device_uuid?: string;
  session_creator_participant?: string | null;
  session_creator_participant_uuid?: string;
  session_creator_service?: string;
  session_creator_service_uuid?: string;
  session_type_name?: string;
  session_type_color?: string;
}

export interface SessionJsonOptions {
  /** OpenTera's `minimal`: no comments, parameters or invitee lists. */
  minimal?: boolean;
  /** Adds `session_type_name` and `session_type_color`. */
  withSessionType?: boolean;
}

/** OpenTera answers the parameters as an object when they hold JSON, else as the text they are. */
function parsedParameters(text: string | null): unknown {
  if (!text) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface SessionJsonRow {
  id_session: number;
  session_uuid: string;
  id_session_type: number;
  id_creator_user: number | null;
  id_creator_device: number | null;
  id_creator_participant: number | null;
  id_creator_service: number | null;
  session_name: string;
  session_start_datetime: Date | string;
  session_duration: number;
  session_status: number;
  session_comments: string | null;
  session_parameters: string | null;
  cu_first: string | null;
  cu_last: string | null;
  cu_uuid: string | null;
  cd_name: string | null;
  cd_uuid: string | null;
  cp_name: string | null;
  cp_uuid: string | null;
  cs_name: string | null;
  cs_uuid: string | null;
  session_type_name: string | null;
  session_type_color: string | null;
  assets_count: number;
  tests_count: number;
  participants_json?: string | null;
  users_json?: string | null;
  devices_json?: string | null;
}

/**
 * `TeraSession.to_json` of the live sessions, in the order of `ids`: creator names and uuids for the creators
 * that exist, counts of live assets and tests, and (full form) the invitee lists, read in one query.
 */
export async function sessionsJson(db: AnyDb, ids: readonly number[], options: SessionJsonOptions = {}): Promise<SessionJson[]> {
  const wanted = [...new Set(ids.filter(isRowId))];
  if (wanted.length === 0) return [];
  const full = !options.minimal;
  const rows = (await db
    .selectFrom('sessions as s')
    .leftJoin('users as cu', (join) => join.onRef('cu.id_user', '=', 's.id_creator_user').on('cu.deleted_at', 'is', null))
    .leftJoin('devices as cd', (join) => join.onRef('cd.id_device', '=', 's.id_creator_device').on('cd.deleted_at', 'is', null))
    .leftJoin('participants as cp', (join) => join.onRef('cp.id_participant', '=', 's.id_creator_participant').on('cp.deleted_at', 'is', null))
    .leftJoin('services as cs', (join) => join.onRef('cs.id_service', '=', 's.id_creator_service').on('cs.deleted_at', 'is', null))
    .leftJoin('session_types as st', 'st.id_session_type', 's.id_session_type')
    .select([
      's.id_session',
      's.session_uuid',
      's.id_session_type',
      's.id_creator_user',
      's.id_creator_device',
      's.id_creator_participant',
      's.id_creator_service',
      's.session_name',
      's.session_start_datetime',
      's.session_duration',
      's.session_status',
      's.session_comments',
      's.session_parameters',
      'cu.user_firstname as cu_first',
      'cu.user_lastname as cu_last',
      'cu.user_uuid as cu_uuid',
      'cd.device_name as cd_name',
      'cd.device_uuid as cd_uuid',
      'cp.participant_name as cp_name',
      'cp.participant_uuid as cp_uuid',
      'cs.service_name as cs_name',
      'cs.service_uuid as cs_uuid',
      'st.session_type_name',
      'st.session_type_color',
      (eb) => eb.selectFrom('assets as a').select(sql<number>`count(*)::int`.as('n')).whereRef('a.id_session', '=', 's.id_session').where('a.deleted_at', 'is', null).as('assets_count'),
      (eb) => eb.selectFrom('tests as te').select(sql<number>`count(*)::int`.as('n')).whereRef('te.id_session', '=', 's.id_session').where('te.deleted_at', 'is', null).as('tests_count'),
    ])
    .$if(full, (q) =>
      q.select([
        (eb) =>
          eb
            .selectFrom('sessions_participants as sp')
            .innerJoin('participants as p', 'p.id_participant', 'sp.id_participant')
            .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
            .select(
              sql<string>`coalesce(json_agg(json_build_object('id_participant', p.id_participant, 'participant_uuid', p.participant_uuid,
                'participant_name', p.participant_name, 'id_project', p.id_project, 'project_name', pr.project_name) order by p.id_participant), '[]')::text`.as('j'),
            )
            .whereRef('sp.id_session', '=', 's.id_session')
            .where('p.deleted_at', 'is', null)
            .as('participants_json'),
        (eb) =>
          eb
            .selectFrom('sessions_users as su')
            .innerJoin('users as u', 'u.id_user', 'su.id_user')
            .select(
              sql<string>`coalesce(json_agg(json_build_object('id_user', u.id_user, 'user_uuid', u.user_uuid,
                'user_name', coalesce(u.user_firstname, '') || ' ' || coalesce(u.user_lastname, '')) order by u.id_user), '[]')::text`.as('j'),
            )
            .whereRef('su.id_session', '=', 's.id_session')
            .where('u.deleted_at', 'is', null)
            .as('users_json'),
        (eb) =>
          eb
            .selectFrom('sessions_devices as sd')
            .innerJoin('devices as d', 'd.id_device', 'sd.id_device')
            .select(sql<string>`coalesce(json_agg(json_build_object('id_device', d.id_device, 'device_uuid', d.device_uuid, 'device_name', d.device_name) order by d.id_device), '[]')::text`.as('j'))
            .whereRef('sd.id_session', '=', 's.id_session')
            .where('d.deleted_at', 'is', null)
            .as('devices_json'),
      ]),
    )
    .where('s.id_session', 'in', wanted)
    .where('s.deleted_at', 'is', null)
    .execute()) as unknown as SessionJsonRow[];
  const byId = new Map(rows.map((row) => [row.id_session, row]));
  return wanted.flatMap((id) => {
    const row = byId.get(id);
    return row ? [sessionJsonOf(row, full, options.withSessionType === true)] : [];
  });
}

function sessionJsonOf(row: SessionJsonRow, full: boolean, withSessionType: boolean): SessionJson {
  const json: SessionJson = {
    id_session: row.id_session,
    session_uuid: row.session_uuid,
    id_session_type: row.id_session_type,
    id_creator_user: row.id_creator_user,
    id_creator_device: row.id_creator_device,
    id_creator_participant: row.id_creator_participant,
    id_creator_service: row.id_creator_service,
    session_name: row.session_name,
    session_start_datetime: isoTime(row.session_start_datetime),
    session_duration: row.session_duration,
    session_status: row.session_status,
    session_assets_count: row.assets_count,
    session_tests_count: row.tests_count,
  };
  if (full) {
    json.session_comments = row.session_comments;
    json.session_parameters = parsedParameters(row.session_parameters);
    json.session_participants = JSON.parse(row.participants_json ?? '[]') as SessionParticipantJson[];
    json.session_users = JSON.parse(row.users_json ?? '[]') as SessionJson['session_users'];
    json.session_devices = JSON.parse(row.devices_json ?? '[]') as SessionJson['session_devices'];
  }
  if (row.cu_uuid !== null) {
    json.session_creator_user = `${row.cu_first ?? ''} ${row.cu_last ?? ''}`;
    json.session_creator_user_uuid = row.cu_uuid;
  }
  if (row.cd_uuid !== null) {
    json.session_creator_device = row.cd_name;
    json.session_creator_device_uuid = row.cd_uuid;
  }
  if (row.cp_uuid !== null) {
    json.session_creator_participant = row.cp_name;
    json.session_creator_participant_uuid = row.cp_uuid;
  }
  if (row.cs_uuid !== null) {
    json.session_creator_service = row.cs_name ?? '';
    json.session_creator_service_uuid = row.cs_uuid;
  }
  if (withSessionType) {
    json.session_type_name = row.session_type_name ?? '';
    json.session_type_color = row.session_type_color ?? '';
  }
  return json;
}

// ------------------------------------------------------------------------------------------------ events

export interface SessionEventJson {
  id_session_event: number;
  id_session: number;
  id_session_event_type: number;
  session_event_datetime: string | null;
  session_event_text: string | null;
  session_event_context: string | null;
}

/** The live events of a live session, by datetime (then id). */
export async function sessionEventsJson(db: AnyDb, sessionId: number, eventId?: number): Promise<SessionEventJson[]> {
  if (!isRowId(sessionId) || (eventId !== undefined && !isRowId(eventId))) return [];
  const rows = await db
    .selectFrom('session_events as e')
    .innerJoin('sessions as s', 's.id_session', 'e.id_session')
    .select(['e.id_session_event', 'e.id_session', 'e.id_session_event_type', 'e.session_event_datetime', 'e.session_event_text', 'e.session_event_context'])
    .where('e.id_session', '=', sessionId)
    .$if(eventId !== undefined, (q) => q.where('e.id_session_event', '=', eventId!))
    .where('e.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .orderBy('e.session_event_datetime')
    .orderBy('e.id_session_event')
    .execute();
  return rows.map((row) => ({
    id_session_event: row.id_session_event as number,
    id_session: row.id_session as number,
    id_session_event_type: row.id_session_event_type as number,
    session_event_datetime: isoTime(row.session_event_datetime as Date),
    session_event_text: row.session_event_text as string | null,
    session_event_context: row.session_event_context as string | null,
  }));
}

/** The live event's session (live too). */
export async function sessionOfEvent(db: AnyDb, eventId: number): Promise<SessionRecord | undefined> {
  if (!isRowId(eventId)) return undefined;
  const row = await db
    .selectFrom('session_events as e')
    .innerJoin('sessions as s', 's.id_session', 'e.id_session')
    .select(['s.id_session', 's.session_uuid'])
    .where('e.id_session_event', '=', eventId)
    .where('e.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id_session as number, uuid: row.session_uuid as string } : undefined;
}

// ---------------------------------------------------------------------------------- facts for the writes

export interface SessionRecord {
  id: number;
  uuid: string;
}

/** What the writes decide on: the live session's ids, creators and invitees. */
export interface SessionFacts extends SessionRecord {
  typeId: number;
  status: number;
  startDatetime: string;
  creators: { userId: number | null; deviceId: number | null; participantId: number | null; serviceId: number | null };
  participantIds: number[];
  userIds: number[];
  deviceIds: number[];
}

/** The ids of the session's (aliased `s`) live invitees of one kind, as an array. */
function liveInviteeIds(eb: Eb, party: Party) {
  const { table, column, own } = INVITEES[party];
  return sql<number[]>`array(${eb
    .selectFrom(`${table} as i`)
    .innerJoin(`${own} as x`, `x.${column}`, `i.${column}`)
    .select(`i.${column}`)
    .whereRef('i.id_session', '=', 's.id_session')
    .where('x.deleted_at', 'is', null)
    .orderBy(`i.${column}`)})`;
}

export async function sessionFacts(db: AnyDb, which: { id: number } | { uuid: string }): Promise<SessionFacts | undefined> {
  if ('id' in which ? !isRowId(which.id) : !isUuid(which.uuid)) return undefined;
  const row = await db
    .selectFrom('sessions as s')
    .select([
      's.id_session',
      's.session_uuid',
      's.id_session_type',
      's.session_status',
      's.session_start_datetime',
      's.id_creator_user',
      's.id_creator_device',
      's.id_creator_participant',
      's.id_creator_service',
      // Live invitees only: a deleted one is gone from OpenTera's lists too.
      (eb) => liveInviteeIds(eb, 'participant').as('participants'),
      (eb) => liveInviteeIds(eb, 'user').as('users'),
      (eb) => liveInviteeIds(eb, 'device').as('devices'),
    ])
    .$if('id' in which, (q) => q.where('s.id_session', '=', (which as { id: number }).id))
    .$if('uuid' in which, (q) => q.where('s.session_uuid', '=', (which as { uuid: string }).uuid))
    .where('s.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id_session as number,
    uuid: row.session_uuid as string,
    typeId: row.id_session_type as number,
    status: row.session_status as number,
    startDatetime: isoTime(row.session_start_datetime as Date)!,
    creators: {
      userId: row.id_creator_user as number | null,
      deviceId: row.id_creator_device as number | null,
      participantId: row.id_creator_participant as number | null,
      serviceId: row.id_creator_service as number | null,
    },
    participantIds: row.participants.map(Number),
    userIds: row.users.map(Number),
    deviceIds: row.devices.map(Number),
  };
}

/** Of these ids, those naming no live participant in a project the requester holds a role in. */
export async function inaccessibleParticipants(db: AnyDb, requester: Requester, ids: readonly number[]): Promise<number[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const valid = wanted.filter(isRowId);
  const rows =
    valid.length === 0
      ? []
      : await db
          .selectFrom('participants as p')
          .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
          .select('p.id_participant')
          .where('p.id_participant', 'in', valid)
          .where('p.deleted_at', 'is', null)
          .where('pr.deleted_at', 'is', null)
          .$if(!requester.superadmin, (q) => q.where('p.id_project', 'in', accessibleProjectIds(db, requester)))
          .execute();
  const found = new Set(rows.map((r) => r.id_participant as number));
  return wanted.filter((id) => !found.has(id));
}

/** Of these ids, those naming no live user the requester may access (`includeSiteAccess`: OpenTera's delete check). */
export async function inaccessibleUsers(db: AnyDb, requester: Requester, ids: readonly number[], includeSiteAccess = false): Promise<number[]> {
  const wanted = [...new Set(ids)];
  const valid = wanted.filter(isRowId);
  const rows =
    valid.length === 0
      ? []
      : await db.selectFrom('users as u').select('u.id_user').where('u.id_user', 'in', valid).where('u.deleted_at', 'is', null).where(userVisibleTo(requester, { includeSiteAccess })).execute();
  const found = new Set(rows.map((r) => r.id_user as number));
  return wanted.filter((id) => !found.has(id));
}

/** Of these ids, those naming no live device the requester may see. */
export async function inaccessibleDevices(db: AnyDb, requester: Requester, ids: readonly number[]): Promise<number[]> {
  const wanted = [...new Set(ids)];
  const valid = wanted.filter(isRowId);
  const rows =
    valid.length === 0
      ? []
      : await db.selectFrom('devices as d').select('d.id_device').where('d.id_device', 'in', valid).where('d.deleted_at', 'is', null).where(deviceVisibleTo(requester, 'd.id_device')).execute();
  const found = new Set(rows.map((r) => r.id_device as number));
  return wanted.filter((id) => !found.has(id));
}

/** Whether the live service exists (a session's creator service). */
export async function serviceExists(db: AnyDb, serviceId: number): Promise<boolean> {
  if (!isRowId(serviceId)) return false;
  return (await db.selectFrom('services').select('id_service').where('id_service', '=', serviceId).where('deleted_at', 'is', null).executeTakeFirst()) !== undefined;
}

/**
 * A session type as a user may use it: undefined when no live type has this id; `accessible` when it is linked
 * to a site the requester holds a role in (OpenTera's accessible session types), any live one for a superadmin.
 */
export async function sessionTypeForUser(db: AnyDb, requester: Requester, typeId: number): Promise<{ accessible: boolean } | undefined> {
  if (!isRowId(typeId)) return undefined;
  const row = await db
    .selectFrom('session_types as st')
    .select((eb) => {
      const linked = requester.superadmin
        ? TRUE
        : eb.exists(
            eb
              .selectFrom('session_types_sites as sts')
              .select('sts.id_session_type')
              .whereRef('sts.id_session_type', '=', 'st.id_session_type')
              .where('sts.deleted_at', 'is', null)
              .where('sts.id_site', 'in', accessibleSiteIds(db, requester)),
          );
      return sql<boolean>`${linked}`.as('accessible');
    })
    .where('st.id_session_type', '=', typeId)
    .where('st.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { accessible: Boolean(row.accessible) } : undefined;
}

/**
 * Whether a live session type is linked to one of these projects: the session types of a participant (its
 * project) or of a device (its projects), as OpenTera's participant and device access have them.
 */
export async function sessionTypeOfProjects(db: AnyDb, typeId: number, projectIds: readonly number[]): Promise<boolean> {
  if (!isRowId(typeId) || projectIds.length === 0) return false;
  const row = await db
    .selectFrom('session_types_projects as stp')
    .innerJoin('session_types as st', 'st.id_session_type', 'stp.id_session_type')
    .select('stp.id_session_type')
    .where('stp.id_session_type', '=', typeId)
    .where('stp.id_project', 'in', [...projectIds])
    .where('stp.deleted_at', 'is', null)
    .where('st.deleted_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The live projects a device is linked to. */
export async function projectIdsOfDevice(db: AnyDb, deviceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('devices_projects as dp')
    .innerJoin('projects as pr', 'pr.id_project', 'dp.id_project')
    .select('dp.id_project')
    .where('dp.id_device', '=', deviceId)
    .where('dp.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null)
    .orderBy('dp.id_project')
    .execute();
  return rows.map((r) => r.id_project as number);
}

/** The live participants with these uuids in these projects, by uuid (lowercase). */
export async function participantsByUuids(db: AnyDb, uuids: readonly string[], projectIds: readonly number[]): Promise<Map<string, number>> {
  const wanted = [...new Set(uuids.filter(isUuid).map((u) => u.toLowerCase()))];
  if (wanted.length === 0 || projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('participants as p')
    .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
    .select(['p.id_participant', 'p.participant_uuid'])
    .where('p.participant_uuid', 'in', wanted)
    .where('p.id_project', 'in', [...projectIds])
    .where('p.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [String(r.participant_uuid).toLowerCase(), r.id_participant as number]));
}

/**
 * OpenTera's de-duplication of the participant and device APIs: the oldest live session the party created
 * with this name, type and UTC start day, whose participants' uuids are exactly these.
 */
export async function sameSessionOf(db: AnyDb, party: 'participant' | 'device', partyId: number, match: { name: string; typeId: number; day: string; participantUuids: readonly string[] }): Promise<number | undefined> {
  if (!isRowId(match.typeId)) return undefined;
  const creator = INVITEES[party].creator;
  const rows = await db
    .selectFrom('sessions as s')
    .select([
      's.id_session',
      (eb) =>
        sql<string[]>`array(${eb
          .selectFrom('sessions_participants as sp')
          .innerJoin('participants as p', 'p.id_participant', 'sp.id_participant')
          .select(sql`p.participant_uuid::text`.as('u'))
          .whereRef('sp.id_session', '=', 's.id_session')
          .where('p.deleted_at', 'is', null)})`.as('uuids'),
    ])
    .where(`s.${creator}`, '=', partyId)
    .where('s.session_name', '=', match.name)
    .where('s.id_session_type', '=', match.typeId)
    .where(sql`(s.session_start_datetime at time zone 'UTC')::date`, '=', sql`${match.day}::date`)
    .where('s.deleted_at', 'is', null)
    .orderBy('s.id_session')
    .execute();
  const found = rows.find((row) => sameParticipants(match.participantUuids, row.uuids));
  return found ? (found.id_session as number) : undefined;
}

/**
 * What ties each participant, user or device to sessions, assets and tests (live ones; assets and tests of a
 * deleted session count as deleted with it): OpenTera's delete integrity checks, per party.
 */
export async function sessionTiesOf(db: AnyDb, party: Party, ids: readonly number[]): Promise<Map<number, SessionTies>> {
  const wanted = [...new Set(ids)].filter(isRowId);
  if (wanted.length === 0) return new Map();
  const { table, column, creator, own } = INVITEES[party];
  const count = sql<number>`count(*)::int`.as('n');
  const rows = await db
    .selectFrom(`${own} as x`)
    .select([
      `x.${column} as id`,
      (eb) =>
        eb
          .selectFrom(`${table} as i`)
          .innerJoin('sessions as s', 's.id_session', 'i.id_session')
          .select(count)
          .whereRef(`i.${column}`, '=', `x.${column}`)
          .where('s.deleted_at', 'is', null)
          .as('sessions'),
      (eb) => eb.selectFrom('sessions as s').select(count).whereRef(`s.${creator}`, '=', `x.${column}`).where('s.deleted_at', 'is', null).as('created'),
      (eb) =>
        eb
          .selectFrom('assets as a')
          .innerJoin('sessions as s', 's.id_session', 'a.id_session')
          .select(count)
          .whereRef(`a.${column}`, '=', `x.${column}`)
          .where('a.deleted_at', 'is', null)
          .where('s.deleted_at', 'is', null)
          .as('assets'),
      (eb) =>
        eb
          .selectFrom('tests as te')
          .innerJoin('sessions as s', 's.id_session', 'te.id_session')
          .select(count)
          .whereRef(`te.${column}`, '=', `x.${column}`)
          .where('te.deleted_at', 'is', null)
          .where('s.deleted_at', 'is', null)
          .as('tests'),
    ])
    .where(`x.${column}`, 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id as number, { sessions: r.sessions as number, createdSessions: r.created as number, assets: r.assets as number, tests: r.tests as number }]));
}

/** Of these projects, those with a live participant tied to a session, an asset or a test (project and site deletes). */
export async function projectsWithSessionTies(db: AnyDb, projectIds: readonly number[]): Promise<number[]> {
  const wanted = [...new Set(projectIds)].filter(isRowId);
  if (wanted.length === 0) return [];
  const participants = await db.selectFrom('participants').select(['id_participant', 'id_project']).where('id_project', 'in', wanted).where('deleted_at', 'is', null).execute();
  const ties = await sessionTiesOf(db, 'participant', participants.map((p) => p.id_participant as number));
  const tied = new Set<number>();
  for (const p of participants) {
    const t = ties.get(p.id_participant as number);
    if (t && t.sessions + t.createdSessions + t.assets + t.tests > 0) tied.add(p.id_project as number);
  }
  return wanted.filter((id) => tied.has(id));
}

/**
 * Of these projects, those where a live session of the device (invited, or its creator) belongs: one of the
 * session's participants (invited, or its creator) is in the project. OpenTera asks the same of the project of
 * the session's first participant; a session's participants normally share a project.
 */
export async function projectsWithDeviceSessions(db: AnyDb, deviceId: number, projectIds: readonly number[]): Promise<number[]> {
  const wanted = [...new Set(projectIds)].filter(isRowId);
  if (wanted.length === 0 || !isRowId(deviceId)) return [];
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('participants as p', (join) =>
      join.on((eb) =>
        eb.or([
          eb('p.id_participant', '=', eb.ref('s.id_creator_participant')),
          eb.exists(eb.selectFrom('sessions_participants as sp').select('sp.id_participant').whereRef('sp.id_session', '=', 's.id_session').whereRef('sp.id_participant', '=', 'p.id_participant')),
        ]),
      ),
    )
    .select('p.id_project')
    .distinct()
    .where('s.deleted_at', 'is', null)
    .where('p.id_project', 'in', wanted)
    .where(involving('device', deviceId))
    .execute();
  const found = new Set(rows.map((r) => r.id_project as number));
  return wanted.filter((id) => found.has(id));
}

/**
 * `participant_lastsession` of OpenTera's participant list: the start of each participant's most recent session
 * (invited or created, by start time), or, `by: 'id'` (its `full` form), of the session with the highest id
 * among those it is invited to.
 */
export async function lastSessionStarts(db: AnyDb, participantIds: readonly number[], by: 'start' | 'id'): Promise<Map<number, string | null>> {
  const wanted = [...new Set(participantIds)].filter(isRowId);
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('participants as x')
    .select([
      'x.id_participant as id',
      (eb) =>
        by === 'start'
          ? eb
              .selectFrom('sessions as s')
              .select('s.session_start_datetime')
              .where('s.deleted_at', 'is', null)
              .where((inner) =>
                inner.or([
                  inner('s.id_creator_participant', '=', inner.ref('x.id_participant')),
                  inner.exists(inner.selectFrom('sessions_participants as sp').select('sp.id_session').whereRef('sp.id_session', '=', 's.id_session').whereRef('sp.id_participant', '=', 'x.id_participant')),
                ]),
              )
              .orderBy('s.session_start_datetime', 'desc')
              .orderBy('s.id_session', 'desc')
              .limit(1)
              .as('started')
          : eb
              .selectFrom('sessions_participants as sp')
              .innerJoin('sessions as s', 's.id_session', 'sp.id_session')
              .select('s.session_start_datetime')
              .whereRef('sp.id_participant', '=', 'x.id_participant')
              .where('s.deleted_at', 'is', null)
              .orderBy('s.id_session', 'desc')
              .limit(1)
              .as('started'),
    ])
    .where('x.id_participant', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id as number, isoTime(r.started as Date | null)]));
}
