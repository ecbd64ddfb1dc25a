// Device types and subtypes as OpenTera serves them. Every authenticated user sees all of them.
import type { AnyDb } from '../types.js';

export interface DeviceTypeJson {
  id_device_type: number;
  device_type_name: string;
  device_type_key: string;
}

export interface DeviceSubtypeJson {
  id_device_subtype: number;
  id_device_type: number;
  device_subtype_name: string;
  /** The parent type's name. */
  device_subtype_parent: string;
}

export async function deviceTypes(db: AnyDb, filter: { id?: number; key?: string } = {}): Promise<DeviceTypeJson[]> {
  let query = db.selectFrom('devices_types').select(['id_device_type', 'device_type_name', 'device_type_key']).orderBy('id_device_type');
  if (filter.id !== undefined) query = query.where('id_device_type', '=', filter.id);
  if (filter.key !== undefined) query = query.where('device_type_key', '=', filter.key);
  return await query.execute();
}

/** What a command needs to address a type's stream. */
export async function deviceTypeRef(db: AnyDb, filter: { id: number } | { key: string }): Promise<{ id: number; uuid: string; key: string } | undefined> {
  let query = db.selectFrom('devices_types').select(['id_device_type', 'device_type_uuid', 'device_type_key']);
  query = 'id' in filter ? query.where('id_device_type', '=', filter.id) : query.where('device_type_key', '=', filter.key);
  const row = await query.executeTakeFirst();
  return row ? { id: row.id_device_type as number, uuid: row.device_type_uuid as string, key: row.device_type_key as string } : undefined;
}

/** The type (id and stream uuid) a subtype belongs to. */
export async function deviceSubtypeRef(db: AnyDb, subtypeId: number): Promise<{ typeId: number; typeUuid: string } | undefined> {
  const row = await db
    .selectFrom('devices_subtypes as s')
    .innerJoin('devices_types as t', 't.id_device_type', 's.id_device_type')
    .select(['t.id_device_type', 't.device_type_uuid'])
    .where('s.id_device_subtype', '=', subtypeId)
    .executeTakeFirst();
  return row ? { typeId: row.id_device_type as number, typeUuid: row.device_type_uuid as string } : undefined;
}

/** All subtypes grouped by type, or those of one type, or one subtype. */
export async function deviceSubtypes(db: AnyDb, filter: { id?: number; typeId?: number } = {}): Promise<DeviceSubtypeJson[]> {
  let query = db
    .selectFrom('devices_subtypes as s')
    .innerJoin('devices_types as t', 't.id_device_type', 's.id_device_type')
    .select(['s.id_device_subtype', 's.id_device_type', 's.device_subtype_name', 't.device_type_name as device_subtype_parent'])
    .orderBy('s.id_device_type')
    .orderBy('s.id_device_subtype');
  if (filter.id !== undefined) query = query.where('s.id_device_subtype', '=', filter.id);
  if (filter.typeId !== undefined) query = query.where('s.id_device_type', '=', filter.typeId);
  return await query.execute();
}
