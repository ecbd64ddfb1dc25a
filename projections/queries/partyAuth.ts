// What participant and device authentication reads (OpenTera's LoginModule lookups), and what a participant or a
// device sees of its own links (the participant API's devices, the device API's participants). A participant is
// found only while it and its project exist (partyRows' selection): a deleted project takes its participants'
// credentials with it.
import { isUuid } from '../uuid.js';
import type { AnyDb } from '../types.js';
import { selectDevices, selectParticipants, type DeviceRow, type ParticipantRow } from './partyRows.js';

export interface ParticipantCredentials extends ParticipantRow {
  /** The password hash, or null when the participant has none. */
  participant_password: string | null;
}

/** By username, exactly as given (OpenTera's lookup is case-sensitive). */
export async function participantByUsername(db: AnyDb, username: string): Promise<ParticipantCredentials | undefined> {
  if (username === '') return undefined;
  return await selectParticipants(db).select('p.participant_password').where('p.participant_username', '=', username).executeTakeFirst();
}

export async function participantByUuid(db: AnyDb, uuid: string): Promise<ParticipantCredentials | undefined> {
  if (!isUuid(uuid)) return undefined;
  return await selectParticipants(db).select('p.participant_password').where('p.participant_uuid', '=', uuid).executeTakeFirst();
}

export async function deviceByUuid(db: AnyDb, uuid: string): Promise<DeviceRow | undefined> {
  if (!isUuid(uuid)) return undefined;
  return await selectDevices(db).where('d.device_uuid', '=', uuid).executeTakeFirst();
}

/** The names OpenTera's device login puts in place of the ids; `subtype` is null when the device has none. */
export async function deviceTypeNames(db: AnyDb, device: Pick<DeviceRow, 'id_device_type' | 'id_device_subtype'>): Promise<{ type: string | null; subtype: string | null }> {
  const type = await db.selectFrom('devices_types').select('device_type_name').where('id_device_type', '=', device.id_device_type).executeTakeFirst();
  const subtype =
    device.id_device_subtype === null
      ? undefined
      : await db.selectFrom('devices_subtypes').select('device_subtype_name').where('id_device_subtype', '=', device.id_device_subtype).executeTakeFirst();
  return { type: (type?.device_type_name as string | undefined) ?? null, subtype: (subtype?.device_subtype_name as string | undefined) ?? null };
}

/** The devices linked to the participant (OpenTera's `query_device`), by id; `deviceId` narrows to one. */
export async function devicesOfParticipantRows(db: AnyDb, participantId: number, deviceId?: number): Promise<DeviceRow[]> {
  let query = selectDevices(db)
    .innerJoin('devices_participants as l', 'l.id_device', 'd.id_device')
    .where('l.id_participant', '=', participantId)
    .where('l.deleted_at', 'is', null);
  if (deviceId !== undefined) query = query.where('d.id_device', '=', deviceId);
  return query.orderBy('d.id_device').execute();
}

/** The participants linked to the device (OpenTera's `device_participants`), by id. */
export async function participantsOfDeviceRows(db: AnyDb, deviceId: number): Promise<ParticipantRow[]> {
  return selectParticipants(db)
    .innerJoin('devices_participants as l', 'l.id_participant', 'p.id_participant')
    .where('l.id_device', '=', deviceId)
    .where('l.deleted_at', 'is', null)
    .orderBy('p.id_participant')
    .execute();
}
