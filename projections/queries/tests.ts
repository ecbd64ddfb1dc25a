// Tests as OpenTera's /api/user/tests serves them (api-user-2.md section 22), filtered in SQL: a user reaches
// the tests of the sessions it may reach (sessions.ts sessionAccessibleTo). OpenTera lists a device's,
// participant's or user's tests whatever their sessions; a single test (by id or uuid) also needs the service
// of its type reachable (sessionTypes.ts accessibleServiceIds), as OpenTera.
import type { Requester } from '../../domain/access.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';
import { sessionAccessibleTo } from './sessions.js';
import { accessibleServiceIds } from './sessionTypes.js';
import { isoTime, isRowId } from './usersAdmin.js';

export interface TestRow {
  id_test: number;
  id_test_type: number;
  id_session: number;
  id_device: number | null;
  id_participant: number | null;
  id_user: number | null;
  id_service: number | null;
  test_uuid: string;
  test_name: string;
  test_datetime: Date | string;
  test_status: number;
  test_summary: string | null;
  session_name: string;
  test_type_name: string;
  test_type_uuid: string;
  test_type_has_web_format: boolean;
  type_service_enabled: boolean | null;
  type_service_clientendpoint: string | null;
  device_name: string | null;
  user_firstname: string | null;
  user_lastname: string | null;
  participant_name: string | null;
  service_name: string | null;
}

export interface TestMinimalJson {
  id_test: number;
  id_test_type: number;
  id_session: number;
  id_device: number | null;
  id_participant: number | null;
  id_user: number | null;
  id_service: number | null;
  test_uuid: string;
  test_name: string;
  test_datetime: string | null;
  test_status: number;
  test_summary: string | null;
}

export interface TestFullJson extends TestMinimalJson {
  test_session_name: string;
  test_test_type_name: string;
  test_test_type_uuid: string;
  test_device?: string | null;
  test_user?: string;
  test_participant?: string | null;
  test_service?: string | null;
}

export function testMinimalJson(row: TestRow): TestMinimalJson {
  return {
    id_test: row.id_test,
    id_test_type: row.id_test_type,
    id_session: row.id_session,
    id_device: row.id_device,
    id_participant: row.id_participant,
    id_user: row.id_user,
    id_service: row.id_service,
    test_uuid: row.test_uuid,
    test_name: row.test_name,
    test_datetime: isoTime(row.test_datetime),
    test_status: row.test_status,
    test_summary: row.test_summary,
  };
}

export function testFullJson(row: TestRow): TestFullJson {
  return {
    ...testMinimalJson(row),
    test_session_name: row.session_name,
    test_test_type_name: row.test_type_name,
    test_test_type_uuid: row.test_type_uuid,
    ...(row.id_device !== null ? { test_device: row.device_name } : {}),
    ...(row.id_user !== null ? { test_user: `${row.user_firstname ?? ''} ${row.user_lastname ?? ''}` } : {}),
    ...(row.id_participant !== null ? { test_participant: row.participant_name } : {}),
    ...(row.id_service !== null ? { test_service: row.service_name } : {}),
  };
}

/** Live tests of live sessions, as `te`, `se`, `tt` (their type) and `ts` (the type's service). */
function selectTests(db: AnyDb) {
  return db
    .selectFrom('tests as te')
    .innerJoin('sessions as se', 'se.id_session', 'te.id_session')
    .innerJoin('test_types as tt', 'tt.id_test_type', 'te.id_test_type')
    .leftJoin('services as ts', (join) => join.onRef('ts.id_service', '=', 'tt.id_service').on('ts.deleted_at', 'is', null))
    .leftJoin('devices as d', 'd.id_device', 'te.id_device')
    .leftJoin('users as u', 'u.id_user', 'te.id_user')
    .leftJoin('participants as p', 'p.id_participant', 'te.id_participant')
    .leftJoin('services as cs', 'cs.id_service', 'te.id_service')
    .select([
      'te.id_test',
      'te.id_test_type',
      'te.id_session',
      'te.id_device',
      'te.id_participant',
      'te.id_user',
      'te.id_service',
      'te.test_uuid',
      'te.test_name',
      'te.test_datetime',
      'te.test_status',
      'te.test_summary',
      'se.session_name',
      'tt.test_type_name',
      'tt.test_type_uuid',
      'tt.test_type_has_web_format',
      'ts.service_enabled as type_service_enabled',
      'ts.service_clientendpoint as type_service_clientendpoint',
      'd.device_name',
      'u.user_firstname',
      'u.user_lastname',
      'p.participant_name',
      'cs.service_name',
    ])
    .where('te.deleted_at', 'is', null)
    .where('se.deleted_at', 'is', null);
}

/** OpenTera's selectors of /api/user/tests, one at a time. */
export type TestSelection = { by: 'device' | 'participant' | 'user' | 'session'; id: number } | { by: 'id'; id: number } | { by: 'uuid'; uuid: string };

const COLUMNS = { device: 'te.id_device', participant: 'te.id_participant', user: 'te.id_user', session: 'te.id_session' } as const;

/** The tests a selection names, in sessions the requester may reach, by type then time. The caller checked the selected party. */
export async function testsForUser(db: AnyDb, requester: Requester, selection: TestSelection): Promise<TestRow[]> {
  let query = selectTests(db).where(sessionAccessibleTo(db, requester, 'se'));
  if (selection.by === 'uuid') {
    if (!isUuid(selection.uuid)) return [];
    query = query.where('te.test_uuid', '=', selection.uuid).where('tt.id_service', 'in', accessibleServiceIds(db, requester));
  } else if (selection.by === 'id') {
    if (!isRowId(selection.id)) return [];
    query = query.where('te.id_test', '=', selection.id).where('tt.id_service', 'in', accessibleServiceIds(db, requester));
  } else {
    query = query.where(COLUMNS[selection.by], '=', selection.id);
  }
  return (await query.orderBy('te.id_test_type').orderBy('te.test_datetime').orderBy('te.id_test').execute());
}
