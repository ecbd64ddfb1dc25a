// Assets (their metadata) as OpenTera's /api/user/assets, /api/participant/assets and /api/device/assets serve
// them (api-user-1.md section 2, api-participant-device-service.md 4.9 and 5.10), filtered in SQL.
//
// Access:
// - a user reaches the assets of the sessions it may reach (sessions.ts sessionAccessibleTo). OpenTera lists a
//   device's, participant's or user's assets whatever their sessions, which shows a site's users the assets a
//   shared device recorded in projects they have no role in; a single asset (by id or uuid) also needs its
//   owner service reachable (sessionTypes.ts accessibleServiceIds), as OpenTera;
// - a participant reaches the assets it created (`id_participant`), a device those it created (`id_device`).
import type { Requester } from '../../domain/access.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';
import { sessionAccessibleTo } from './sessions.js';
import { accessibleServiceIds } from './sessionTypes.js';
import { isoTime, isRowId } from './usersAdmin.js';

export interface AssetRow {
  id_asset: number;
  id_session: number;
  id_device: number | null;
  id_participant: number | null;
  id_user: number | null;
  id_service: number | null;
  asset_name: string | null;
  asset_uuid: string;
  asset_service_uuid: string;
  asset_type: string;
  asset_datetime: Date | string | null;
  asset_expiration_datetime: Date | string | null;
  session_name: string;
  owner_name: string | null;
  owner_enabled: boolean | null;
  owner_clientendpoint: string | null;
  device_name: string | null;
  user_firstname: string | null;
  user_lastname: string | null;
  participant_name: string | null;
  service_name: string | null;
}

export interface AssetMinimalJson {
  id_asset: number;
  id_session: number;
  id_device: number | null;
  id_participant: number | null;
  id_user: number | null;
  id_service: number | null;
  asset_name: string | null;
  asset_uuid: string;
  asset_service_uuid: string;
  asset_type: string;
  asset_datetime: string | null;
  asset_expiration_datetime: string | null;
}

export interface AssetFullJson extends AssetMinimalJson {
  asset_service_owner_name: string | null;
  asset_session_name: string;
  asset_device?: string | null;
  asset_user?: string;
  asset_participant?: string | null;
  asset_service?: string | null;
}

export function assetMinimalJson(row: AssetRow): AssetMinimalJson {
  return {
    id_asset: row.id_asset,
    id_session: row.id_session,
    id_device: row.id_device,
    id_participant: row.id_participant,
    id_user: row.id_user,
    id_service: row.id_service,
    asset_name: row.asset_name,
    asset_uuid: row.asset_uuid,
    asset_service_uuid: row.asset_service_uuid,
    asset_type: row.asset_type,
    asset_datetime: isoTime(row.asset_datetime),
    asset_expiration_datetime: isoTime(row.asset_expiration_datetime),
  };
}

/** The names of the owner service and session, and of each creator that is set (OpenTera's full `to_json`). */
export function assetFullJson(row: AssetRow): AssetFullJson {
  return {
    ...assetMinimalJson(row),
    asset_service_owner_name: row.owner_name,
    asset_session_name: row.session_name,
    ...(row.id_device !== null ? { asset_device: row.device_name } : {}),
    ...(row.id_user !== null ? { asset_user: `${row.user_firstname ?? ''} ${row.user_lastname ?? ''}` } : {}),
    ...(row.id_participant !== null ? { asset_participant: row.participant_name } : {}),
    ...(row.id_service !== null ? { asset_service: row.service_name } : {}),
  };
}

/** Live assets of live sessions, as `a` and `se`, with the names of their full JSON, by id. */
function selectAssets(db: AnyDb) {
  return db
    .selectFrom('assets as a')
    .innerJoin('sessions as se', 'se.id_session', 'a.id_session')
    .leftJoin('services as ow', (join) => join.onRef('ow.service_uuid', '=', 'a.asset_service_uuid').on('ow.deleted_at', 'is', null))
    .leftJoin('devices as d', 'd.id_device', 'a.id_device')
    .leftJoin('users as u', 'u.id_user', 'a.id_user')
    .leftJoin('participants as p', 'p.id_participant', 'a.id_participant')
    .leftJoin('services as cs', 'cs.id_service', 'a.id_service')
    .select([
      'a.id_asset',
      'a.id_session',
      'a.id_device',
      'a.id_participant',
      'a.id_user',
      'a.id_service',
      'a.asset_name',
      'a.asset_uuid',
      'a.asset_service_uuid',
      'a.asset_type',
      'a.asset_datetime',
      'a.asset_expiration_datetime',
      'se.session_name',
      'ow.service_name as owner_name',
      'ow.service_enabled as owner_enabled',
      'ow.service_clientendpoint as owner_clientendpoint',
      'd.device_name',
      'u.user_firstname',
      'u.user_lastname',
      'p.participant_name',
      'cs.service_name',
    ])
    .where('a.deleted_at', 'is', null)
    .where('se.deleted_at', 'is', null)
    .orderBy('a.id_asset');
}

/** OpenTera's selectors of /api/user/assets, one at a time. */
export type AssetSelection =
  /** Created by the party, or in a session the party is invited to. */
  | { by: 'device' | 'participant' | 'user'; id: number }
  | { by: 'session'; id: number }
  /** Created by the party (OpenTera's `id_creator_*`). */
  | { by: 'creator-service' | 'creator-user' | 'creator-participant' | 'creator-device'; id: number }
  | { by: 'id'; id: number }
  | { by: 'uuid'; uuid: string }
  /** Owned (stored) by that service. */
  | { by: 'owner'; serviceUuid: string };

const INVITEES = {
  device: { table: 'sessions_devices', column: 'id_device' },
  participant: { table: 'sessions_participants', column: 'id_participant' },
  user: { table: 'sessions_users', column: 'id_user' },
} as const;

const CREATORS = { 'creator-service': 'a.id_service', 'creator-user': 'a.id_user', 'creator-participant': 'a.id_participant', 'creator-device': 'a.id_device' } as const;

/** The assets a selection names, in sessions the requester may reach. The caller checked the selected party. */
export async function assetsForUser(db: AnyDb, requester: Requester, selection: AssetSelection): Promise<AssetRow[]> {
  let query = selectAssets(db).where(sessionAccessibleTo(db, requester, 'se'));
  switch (selection.by) {
    case 'device':
    case 'participant':
    case 'user': {
      if (!isRowId(selection.id)) return [];
      const { table, column } = INVITEES[selection.by];
      query = query.where((eb) =>
        eb.or([
          eb(`a.${column}`, '=', selection.id),
          eb.exists(eb.selectFrom(`${table} as inv`).select(`inv.${column}`).whereRef('inv.id_session', '=', 'a.id_session').where(`inv.${column}`, '=', selection.id)),
        ]),
      );
      break;
    }
    case 'session':
      query = query.where('a.id_session', '=', selection.id);
      break;
    case 'creator-service':
    case 'creator-user':
    case 'creator-participant':
    case 'creator-device':
      query = query.where(CREATORS[selection.by], '=', selection.id);
      break;
    case 'id':
    case 'uuid':
      if (selection.by === 'uuid' && !isUuid(selection.uuid)) return [];
      query = selection.by === 'id' ? query.where('a.id_asset', '=', selection.id) : query.where('a.asset_uuid', '=', selection.uuid);
      query = query.where('ow.id_service', 'in', accessibleServiceIds(db, requester));
      break;
    case 'owner':
      if (!isUuid(selection.serviceUuid)) return [];
      query = query.where('a.asset_service_uuid', '=', selection.serviceUuid).where((eb) => eb.or([eb('a.id_service', 'is', null), eb('a.id_service', 'in', accessibleServiceIds(db, requester))]));
      break;
  }
  return (await query.execute());
}

/** The filter of the participant and device APIs: the first one given wins. */
export interface PartyAssetFilter {
  id?: number;
  uuid?: string;
  sessionId?: number;
}

/** The assets a participant or device created, narrowed by the first filter given. */
export async function assetsOfParty(db: AnyDb, party: { participantId: number } | { deviceId: number }, filter: PartyAssetFilter): Promise<AssetRow[]> {
  let query = selectAssets(db);
  query = 'participantId' in party ? query.where('a.id_participant', '=', party.participantId) : query.where('a.id_device', '=', party.deviceId);
  if (filter.id) query = query.where('a.id_asset', '=', filter.id);
  else if (filter.uuid) {
    if (!isUuid(filter.uuid)) return [];
    query = query.where('a.asset_uuid', '=', filter.uuid);
  } else if (filter.sessionId) query = query.where('a.id_session', '=', filter.sessionId);
  return (await query.execute());
}

/** The uuids of the live services linked to any of these projects (the services a participant or device reaches). */
export async function serviceUuidsOfProjects(db: AnyDb, projectIds: readonly number[]): Promise<Set<string>> {
  if (projectIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('services_projects as l')
    .innerJoin('services as sv', 'sv.id_service', 'l.id_service')
    .select('sv.service_uuid')
    .distinct()
    .where('l.id_project', 'in', [...new Set(projectIds)])
    .where('l.deleted_at', 'is', null)
    .where('sv.deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.service_uuid as string));
}

/** Whether the live session was created by the participant or the device (what their APIs may filter on). */
export async function sessionCreatedBy(db: AnyDb, sessionId: number, party: { participantId: number } | { deviceId: number }): Promise<boolean> {
  if (!isRowId(sessionId)) return false;
  let query = db.selectFrom('sessions').select('id_session').where('id_session', '=', sessionId).where('deleted_at', 'is', null);
  query = 'participantId' in party ? query.where('id_creator_participant', '=', party.participantId) : query.where('id_creator_device', '=', party.deviceId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The uuids of the live services linked to the device's (live) projects: the services a device reaches. */
export async function serviceUuidsOfDevice(db: AnyDb, deviceId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('devices_projects as dp')
    .innerJoin('projects as pr', 'pr.id_project', 'dp.id_project')
    .select('dp.id_project')
    .where('dp.id_device', '=', deviceId)
    .where('dp.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null)
    .execute();
  return serviceUuidsOfProjects(
    db,
    rows.map((r) => r.id_project as number),
  );
}
