// Test invitations as OpenTera's /api/user/tests/invitations serves them (api-user-2.md section 23), filtered
// in SQL. A user reaches an invitation whose test type it may see (testTypes.ts accessibleTestTypeIds), in a
// project it holds a role in, and whose user, participant, device or session it may reach (OpenTera's rule).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Requester } from '../../domain/access.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';
import { deviceVisibleTo } from './devices.js';
import { accessibleProjectIds } from './roleAccess.js';
import { sessionAccessibleTo } from './sessions.js';
import { accessibleTestTypeIds } from './testTypes.js';
import { isoTime, isRowId, userVisibleTo } from './usersAdmin.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
type Eb = ExpressionBuilder<any, any>;

const TRUE = sql<SqlBool>`true`;

/** `where` clause: the invitation aliased `i` is one the requester may reach. */
function invitationAccessibleTo(db: AnyDb, requester: Requester) {
  return (eb: Eb): Expression<SqlBool> => {
    if (requester.superadmin) return TRUE;
    return eb.and([
      eb('i.id_test_type', 'in', accessibleTestTypeIds(db, requester)),
      eb('i.id_project', 'in', accessibleProjectIds(db, requester)),
      eb.or([
        eb.exists(eb.selectFrom('users as u').select('u.id_user').whereRef('u.id_user', '=', 'i.id_user').where('u.deleted_at', 'is', null).where(userVisibleTo(requester))),
        eb.exists(
          eb
            .selectFrom('participants as ap')
            .select('ap.id_participant')
            .whereRef('ap.id_participant', '=', 'i.id_participant')
            .where('ap.deleted_at', 'is', null)
            .where('ap.id_project', 'in', accessibleProjectIds(db, requester)),
        ),
        eb.exists(eb.selectFrom('devices as ad').select('ad.id_device').whereRef('ad.id_device', '=', 'i.id_device').where('ad.deleted_at', 'is', null).where(deviceVisibleTo(requester, 'ad.id_device'))),
        eb.exists(eb.selectFrom('sessions as s').select('s.id_session').whereRef('s.id_session', '=', 'i.id_session').where('s.deleted_at', 'is', null).where(sessionAccessibleTo(db, requester, 's'))),
      ]),
    ]);
  };
}

export interface InvitationRow {
  id_test_invitation: number;
  test_invitation_uuid: string;
  id_test_type: number;
  id_session: number | null;
  id_user: number | null;
  id_participant: number | null;
  id_device: number | null;
  id_project: number;
  test_invitation_key: string | null;
  test_invitation_max_count: number;
  test_invitation_count: number;
  test_invitation_creation_date: Date | string;
  test_invitation_expiration_date: Date | string;
  test_invitation_message: string | null;
  test_type_uuid: string;
  test_type_name: string;
  test_type_description: string | null;
  test_type_key: string | null;
  test_type_has_web_format: boolean;
  service_enabled: boolean | null;
  service_clientendpoint: string | null;
  session_uuid: string | null;
  session_name: string | null;
  user_uuid: string | null;
  user_firstname: string | null;
  user_lastname: string | null;
  participant_uuid: string | null;
  participant_name: string | null;
  device_uuid: string | null;
  device_name: string | null;
  project_name: string;
}

/** Live invitations of live test types and projects, with what their full JSON names. */
function selectInvitations(db: AnyDb) {
  return db
    .selectFrom('test_invitations as i')
    .innerJoin('test_types as tt', 'tt.id_test_type', 'i.id_test_type')
    .innerJoin('projects as pr', 'pr.id_project', 'i.id_project')
    .leftJoin('services as sv', (join) => join.onRef('sv.id_service', '=', 'tt.id_service').on('sv.deleted_at', 'is', null))
    .leftJoin('sessions as se', 'se.id_session', 'i.id_session')
    .leftJoin('users as iu', 'iu.id_user', 'i.id_user')
    .leftJoin('participants as ip', 'ip.id_participant', 'i.id_participant')
    .leftJoin('devices as idv', 'idv.id_device', 'i.id_device')
    .select([
      'i.id_test_invitation',
      'i.test_invitation_uuid',
      'i.id_test_type',
      'i.id_session',
      'i.id_user',
      'i.id_participant',
      'i.id_device',
      'i.id_project',
      'i.test_invitation_key',
      'i.test_invitation_max_count',
      'i.test_invitation_count',
      'i.test_invitation_creation_date',
      'i.test_invitation_expiration_date',
      'i.test_invitation_message',
      'tt.test_type_uuid',
      'tt.test_type_name',
      'tt.test_type_description',
      'tt.test_type_key',
      'tt.test_type_has_web_format',
      'sv.service_enabled',
      'sv.service_clientendpoint',
      'se.session_uuid',
      'se.session_name',
      'iu.user_uuid',
      'iu.user_firstname',
      'iu.user_lastname',
      'ip.participant_uuid',
      'ip.participant_name',
      'idv.device_uuid',
      'idv.device_name',
      'pr.project_name',
    ])
    .where('i.deleted_at', 'is', null)
    .where('tt.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null)
    .orderBy('i.id_test_invitation');
}

/** One of OpenTera's GET filters (the uuids resolved to ids by the caller). */
export type InvitationFilter =
  | { by: 'id'; id: number }
  | { by: 'key'; key: string }
  | { by: 'user' | 'participant' | 'device' | 'session' | 'testType' | 'project'; id: number };

const FILTER_COLUMNS = {
  user: 'i.id_user',
  participant: 'i.id_participant',
  device: 'i.id_device',
  session: 'i.id_session',
  testType: 'i.id_test_type',
  project: 'i.id_project',
} as const;

/**
 * The invitations the requester may reach: all of them without a filter; else, as OpenTera, the results of
 * each filter one after the other (an invitation matching two filters comes twice).
 */
export async function invitationsForUser(db: AnyDb, requester: Requester, filters: readonly InvitationFilter[] | 'all'): Promise<InvitationRow[]> {
  const base = () => selectInvitations(db).where(invitationAccessibleTo(db, requester));
  if (filters === 'all') return (await base().execute());
  const rows: InvitationRow[] = [];
  for (const filter of filters) {
    if (filter.by === 'key') {
      rows.push(...((await base().where('i.test_invitation_key', '=', filter.key).execute()) as InvitationRow[]));
      continue;
    }
    if (!isRowId(filter.id)) continue;
    const column = filter.by === 'id' ? 'i.id_test_invitation' : FILTER_COLUMNS[filter.by];
    rows.push(...((await base().where(column, '=', filter.id).execute()) as InvitationRow[]));
  }
  return rows;
}

/** The live invitations among `ids`, for the answer to a write (the writer was checked). */
export async function invitationsByIds(db: AnyDb, ids: readonly number[]): Promise<InvitationRow[]> {
  if (ids.length === 0) return [];
  const rows = (await selectInvitations(db).where('i.id_test_invitation', 'in', [...new Set(ids)]).execute()) as InvitationRow[];
  const byId = new Map(rows.map((r) => [r.id_test_invitation, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The stream of an invitation the requester may reach. */
export async function accessibleInvitationUuid(db: AnyDb, requester: Requester, id: number): Promise<string | undefined> {
  if (!isRowId(id)) return undefined;
  const row = await selectInvitations(db).where('i.id_test_invitation', '=', id).where(invitationAccessibleTo(db, requester)).executeTakeFirst();
  return row?.test_invitation_uuid as string | undefined;
}

/** Whether an invitation (deleted ones included) holds the key: keys are never reused. */
export async function invitationKeyTaken(db: AnyDb, key: string): Promise<boolean> {
  return (await db.selectFrom('test_invitations').select('id_test_invitation').where('test_invitation_key', '=', key).executeTakeFirst()) !== undefined;
}

export interface InvitationMinimalJson {
  id_test_invitation: number;
  id_test_type: number;
  id_session: number | null;
  id_user: number | null;
  id_participant: number | null;
  id_device: number | null;
  id_project: number;
  test_invitation_key: string | null;
  test_invitation_max_count: number;
  test_invitation_count: number;
  test_invitation_creation_date: string | null;
  test_invitation_expiration_date: string | null;
  test_invitation_message: string | null;
}

export function invitationMinimalJson(row: InvitationRow): InvitationMinimalJson {
  return {
    id_test_invitation: row.id_test_invitation,
    id_test_type: row.id_test_type,
    id_session: row.id_session,
    id_user: row.id_user,
    id_participant: row.id_participant,
    id_device: row.id_device,
    id_project: row.id_project,
    test_invitation_key: row.test_invitation_key,
    test_invitation_max_count: row.test_invitation_max_count,
    test_invitation_count: row.test_invitation_count,
    test_invitation_creation_date: isoTime(row.test_invitation_creation_date),
    test_invitation_expiration_date: isoTime(row.test_invitation_expiration_date),
    test_invitation_message: row.test_invitation_message,
  };
}

/** The full JSON: small objects naming the type, session, target and project (each only when set). */
export function invitationFullJson(row: InvitationRow): Record<string, unknown> {
  return {
    ...invitationMinimalJson(row),
    test_invitation_test_type: {
      test_type_uuid: row.test_type_uuid,
      test_type_name: row.test_type_name,
      test_type_description: row.test_type_description,
      test_type_key: row.test_type_key,
    },
    ...(row.id_session !== null && row.session_uuid !== null ? { test_invitation_session: { session_uuid: row.session_uuid, session_name: row.session_name } } : {}),
    ...(row.id_user !== null && row.user_uuid !== null ? { test_invitation_user: { user_uuid: row.user_uuid, user_firstname: row.user_firstname, user_lastname: row.user_lastname } } : {}),
    ...(row.id_participant !== null && row.participant_uuid !== null ? { test_invitation_participant: { participant_uuid: row.participant_uuid, participant_name: row.participant_name } } : {}),
    ...(row.id_device !== null && row.device_uuid !== null ? { test_invitation_device: { device_uuid: row.device_uuid, device_name: row.device_name } } : {}),
    test_invitation_project: { project_name: row.project_name },
  };
}

/** Uuid to id, for the `*_uuid` filters (deleted rows are not found). */
export async function idOfUuid(db: AnyDb, kind: 'user' | 'participant' | 'device' | 'session' | 'testType', uuid: string): Promise<number | undefined> {
  const [table, idColumn, uuidColumn] = {
    user: ['users', 'id_user', 'user_uuid'],
    participant: ['participants', 'id_participant', 'participant_uuid'],
    device: ['devices', 'id_device', 'device_uuid'],
    session: ['sessions', 'id_session', 'session_uuid'],
    testType: ['test_types', 'id_test_type', 'test_type_uuid'],
  }[kind] as [string, string, string];
  if (!isUuid(uuid)) return undefined;
  const row = await db.selectFrom(table).select(idColumn).where(uuidColumn, '=', uuid).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? (row[idColumn] as number) : undefined;
}
