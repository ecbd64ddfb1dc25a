// Participants as OpenTera's /api/user/participants serves them (api-user-1.md section 16), filtered in SQL
// by the requester's effective access: a participant is accessible with any role on its project
// (domain/participantPolicy.ts `canRead`), a superadmin reaches every one. Also the related objects of the
// `full` form, fetched per reply (never per participant). Devices are reached with the device endpoints' rule.
import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Requester } from '../../domain/access.js';
import type { ParticipantDeleteFacts } from '../../domain/participantPolicy.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';
import { selectDevices, selectParticipants, type ParticipantRow } from './partyRows.js';
import { deviceManagedBy, deviceVisibleTo, type DeviceListRow } from './devices.js';
import { projectJson, type ProjectJson } from './projects.js';
import { sessionTiesOf } from './sessions.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
type Eb = ExpressionBuilder<any, any>;

const TRUE = sql<SqlBool>`true`;

/** `where` clause: the project whose id is in `column` is one the requester holds a role in (any role). */
export function projectAccessibleTo(requester: Requester, column: string) {
  return (eb: Eb): Expression<SqlBool> =>
    requester.superadmin
      ? TRUE
      : eb.exists(eb.selectFrom('user_project_access as acc_p').select('acc_p.id_project').whereRef('acc_p.id_project', '=', column).where('acc_p.id_user', '=', requester.id));
}

/** Which participants a GET asks for: OpenTera's selectors, one at a time. */
export type ParticipantSelection =
  | { by: 'id'; id: number }
  | { by: 'uuid'; uuid: string }
  | { by: 'username'; username: string }
  /** `enabledOnly`: OpenTera limits these two to enabled participants whenever `enabled` is present. */
  | { by: 'site'; id: number; enabledOnly: boolean }
  | { by: 'project'; id: number; enabledOnly: boolean }
  | { by: 'group'; id: number }
  | { by: 'device'; id: number }
  /** The participants of a live session (those the requester may access, as every selection). */
  | { by: 'session'; id: number }
  | { by: 'name'; name: string };

export interface SelectionOrder {
  /** Most recently changed first (OpenTera's `orderby_recents`, on its `version_id`). */
  recentsFirst?: boolean;
  /** At most this many, after ordering (a positive number). */
  limit?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
type ParticipantQuery<Row> = SelectQueryBuilder<any, any, Row>;

/** By name (then id), or most recently changed first (then by name). */
function orderClause(order: SelectionOrder) {
  return order.recentsFirst ? sql`p.participant_changed_at desc, p.participant_name, p.id_participant` : sql`p.participant_name, p.id_participant`;
}

/**
 * `query` (over `p` and `pr`) narrowed to the accessible participants the selection names, ordered and limited;
 * undefined when the selection can name nobody.
 */
function selected<Row>(query: ParticipantQuery<Row>, requester: Requester, selection: ParticipantSelection, order: SelectionOrder): ParticipantQuery<Row> | undefined {
  query = query.where(projectAccessibleTo(requester, 'p.id_project'));
  switch (selection.by) {
    case 'id':
      query = query.where('p.id_participant', '=', selection.id);
      break;
    case 'uuid':
      if (!isUuid(selection.uuid)) return undefined;
      query = query.where('p.participant_uuid', '=', selection.uuid);
      break;
    case 'username':
      // Usernames are unique case-insensitively (their reservations), so the lookup is too.
      query = query.where(sql`lower(p.participant_username)`, '=', selection.username.toLowerCase());
      break;
    case 'site':
      query = query.where('pr.id_site', '=', selection.id).$if(selection.enabledOnly, (q) => q.where('p.participant_enabled', '=', true));
      break;
    case 'project':
      query = query.where('p.id_project', '=', selection.id).$if(selection.enabledOnly, (q) => q.where('p.participant_enabled', '=', true));
      break;
    case 'group':
      query = query.where('p.id_participant_group', '=', selection.id);
      break;
    case 'device': {
      const deviceId = selection.id;
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('devices_participants as dl')
            .innerJoin('devices as d', 'd.id_device', 'dl.id_device')
            .select('dl.id_device')
            .whereRef('dl.id_participant', '=', 'p.id_participant')
            .where('dl.id_device', '=', deviceId)
            .where('dl.deleted_at', 'is', null)
            .where('d.deleted_at', 'is', null)
            .where(deviceVisibleTo(requester, 'd.id_device')),
        ),
      );
      break;
    }
    case 'session': {
      const sessionId = selection.id;
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('sessions_participants as sp')
            .innerJoin('sessions as s', 's.id_session', 'sp.id_session')
            .select('sp.id_participant')
            .whereRef('sp.id_participant', '=', 'p.id_participant')
            .where('sp.id_session', '=', sessionId)
            .where('s.deleted_at', 'is', null),
        ),
      );
      break;
    }
    case 'name':
      query = query.where('p.participant_name', '=', selection.name);
      break;
  }
  query = query.orderBy(orderClause(order));
  if (order.limit !== undefined && order.limit > 0) query = query.limit(order.limit);
  return query;
}

/**
 * The accessible participants a selection names, in one query, by name (then id), or most recently changed
 * first. A participant of a deleted project is gone with it.
 */
export async function selectAccessibleParticipants(db: AnyDb, requester: Requester, selection: ParticipantSelection, order: SelectionOrder = {}): Promise<ParticipantRow[]> {
  return (await selected(selectParticipants(db), requester, selection, order)?.execute()) ?? [];
}

/** OpenTera's filters of a selected participant: `enabled` when given, and `noGroup` (`no_group` present). */
export interface SelectionFilters {
  enabled?: boolean;
  noGroup?: boolean;
}

/**
 * The list form (`list=true`) of a selection: the reply's JSON text, built by the database in one query, since
 * turning thousands of rows into objects and back into JSON is most of a large list's cost. `selected` counts the
 * selection (after its limit) before the filters: OpenTera answers null when it is empty, [] when the filters
 * empty it. The fields are those of OpenTera's minimal participant JSON (adapters/http/partyJson.ts), and
 * `participant_busy` and `participant_online` are false until presence exists.
 */
export async function participantListJson(
  db: AnyDb,
  requester: Requester,
  selection: ParticipantSelection,
  order: SelectionOrder = {},
  filters: SelectionFilters = {},
): Promise<{ selected: number; json: string }> {
  const conditions = [
    ...(filters.enabled !== undefined ? [sql`p.participant_enabled = ${filters.enabled}`] : []),
    ...(filters.noGroup ? [sql`p.id_participant_group is null`] : []),
  ];
  const base = db
    .selectFrom('participants as p')
    .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
    .select([
      'p.id_participant',
      'p.id_participant_group',
      'p.id_project',
      'p.participant_uuid',
      'p.participant_name',
      'p.participant_email',
      'p.participant_token_enabled',
      'p.participant_enabled',
      sql<boolean>`${conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`true`}`.as('kept'),
      sql<number>`row_number() over (order by ${orderClause(order)})`.as('ord'),
    ])
    .where('p.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null);
  const inner = selected(base, requester, selection, order);
  if (!inner) return { selected: 0, json: '[]' };
  const row = await db
    .selectFrom(inner.as('s'))
    .select([
      sql<number>`count(*)::int`.as('selected'),
      sql<string>`coalesce(json_agg((select x from (select s.id_participant, s.id_participant_group, s.id_project, s.participant_uuid, s.participant_name,
        s.participant_email, s.participant_token_enabled, s.participant_enabled, false as participant_busy, false as participant_online) x)
        order by s.ord) filter (where s.kept), '[]')::text`.as('json'),
    ])
    .executeTakeFirstOrThrow();
  return { selected: row.selected, json: row.json };
}

/** One live participant, whoever may see it (the answer to a POST the requester was allowed to make). */
export async function participantRowById(db: AnyDb, id: number): Promise<ParticipantRow | undefined> {
  return selectParticipants(db).where('p.id_participant', '=', id).executeTakeFirst();
}

/** The accessible live devices linked to each of the participants, by device id, with whether the requester manages each. */
export async function accessibleDevicesOfParticipants(db: AnyDb, requester: Requester, participantIds: readonly number[]): Promise<Map<number, DeviceListRow[]>> {
  const devices = new Map<number, DeviceListRow[]>();
  if (participantIds.length === 0) return devices;
  const rows = await selectDevices(db)
    .innerJoin('devices_participants as dl', 'dl.id_device', 'd.id_device')
    .select('dl.id_participant')
    .select((eb) => sql<boolean>`${deviceManagedBy(requester)(eb)}`.as('may_manage'))
    .where('dl.id_participant', 'in', participantIds)
    .where('dl.deleted_at', 'is', null)
    .where(deviceVisibleTo(requester, 'd.id_device'))
    .orderBy('d.id_device')
    .execute();
  for (const { id_participant, ...device } of rows as (DeviceListRow & { id_participant: number })[]) {
    const list = devices.get(id_participant);
    if (list) list.push(device);
    else devices.set(id_participant, [device]);
  }
  return devices;
}

/** Live projects in `TeraProject.to_json()` form (with `site_name`), by id. */
export async function projectsByIds(db: AnyDb, ids: readonly number[]): Promise<Map<number, ProjectJson>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .select(['p.id_project', 'p.id_site', 'p.project_name', 'p.project_enabled', 'p.project_description', 's.site_name'])
    .where('p.id_project', 'in', [...new Set(ids)])
    .where('p.deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((row) => [row.id_project as number, projectJson(row)]));
}

/** The ids of the group's live participants. */
export async function participantIdsOfGroup(db: AnyDb, groupId: number): Promise<number[]> {
  const rows = await db.selectFrom('participants').select('id_participant').where('id_participant_group', '=', groupId).where('deleted_at', 'is', null).execute();
  return rows.map((r) => r.id_participant as number);
}

/** The facts OpenTera's delete integrity checks, per participant: live sessions it is in or created, its assets and tests. */
export async function participantDeleteFacts(db: AnyDb, participantIds: readonly number[]): Promise<Map<number, ParticipantDeleteFacts>> {
  return sessionTiesOf(db, 'participant', participantIds);
}
