// What the device commands need to know before deciding: ids to streams, the projects of linked
// participants, former link ids. Soft-deleted rows are not found.
import type { AnyDb } from '../types.js';
import { LINK_TABLES } from '../linkTables.js';

export interface DeviceRef {
  id: number;
  uuid: string;
  typeId: number;
  enabled: boolean;
}

export async function deviceRef(db: AnyDb, which: { id: number } | { uuid: string }): Promise<DeviceRef | undefined> {
  let query = db.selectFrom('devices').select(['id_device', 'device_uuid', 'id_device_type', 'device_enabled']).where('deleted_at', 'is', null);
  query = 'id' in which ? query.where('id_device', '=', which.id) : query.where('device_uuid', '=', which.uuid);
  const row = await query.executeTakeFirst();
  return row ? { id: row.id_device as number, uuid: row.device_uuid as string, typeId: row.id_device_type as number, enabled: row.device_enabled as boolean } : undefined;
}

/** The uuids of the devices linked to a participant. */
export async function devicesOfParticipant(db: AnyDb, participantId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('devices_participants as l')
    .innerJoin('devices as d', 'd.id_device', 'l.id_device')
    .select('d.device_uuid')
    .where('l.id_participant', '=', participantId)
    .where('l.deleted_at', 'is', null)
    .where('d.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.device_uuid as string);
}

/** The current project of each (non-deleted) participant linked to the device. */
export async function projectsOfLinkedParticipants(db: AnyDb, deviceId: number): Promise<Record<number, number>> {
  const rows = await db
    .selectFrom('devices_participants as l')
    .innerJoin('participants as p', 'p.id_participant', 'l.id_participant')
    .select(['p.id_participant', 'p.id_project'])
    .where('l.id_device', '=', deviceId)
    .where('l.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.id_participant as number, r.id_project as number]));
}

export type DeviceLink = 'site' | 'project' | 'participant';

const DEVICE_LINKS = { site: LINK_TABLES.deviceSites, project: LINK_TABLES.deviceProjects, participant: LINK_TABLES.deviceParticipants };

/** The id of a former (unlinked) link between the two, which OpenTera restores when they are linked again. */
export async function formerDeviceLinkId(db: AnyDb, link: DeviceLink, deviceId: number, otherId: number): Promise<number | undefined> {
  const { table, id, other } = DEVICE_LINKS[link];
  const row = await db.selectFrom(table).select(id).where('id_device', '=', deviceId).where(other, '=', otherId).orderBy(id, 'desc').executeTakeFirst();
  return row ? (row[id] as number) : undefined;
}

/** The devices currently linked to a site or a project. */
export async function devicesLinkedTo(db: AnyDb, link: 'site' | 'project', otherId: number): Promise<{ id: number; uuid: string }[]> {
  const { table, other } = DEVICE_LINKS[link];
  const rows = await db
    .selectFrom(`${table} as l`)
    .innerJoin('devices as d', 'd.id_device', 'l.id_device')
    .select(['d.id_device', 'd.device_uuid'])
    .where(`l.${other}`, '=', otherId)
    .where('l.deleted_at', 'is', null)
    .where('d.deleted_at', 'is', null)
    .orderBy('d.id_device')
    .execute();
  return rows.map((r) => ({ id: r.id_device as number, uuid: r.device_uuid as string }));
}
