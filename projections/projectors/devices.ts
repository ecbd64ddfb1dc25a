// Devices (OpenTera's t_devices) and their site, project and participant links (projectors/links.ts), all
// soft-deleted.
import type { RecordedEvent } from '../../commands/eventStore.js';
import type { DeviceEvent } from '../../domain/device.js';
import type { PartyLoginEvent } from '../../domain/login.js';
import { PERSONAL_DATA_ERASED } from '../../domain/personalData.js';
import type { AnyDb, Projector } from '../types.js';
import { LINK_TABLES } from '../linkTables.js';
import { link, unlink } from './links.js';

const { deviceSites: SITES, deviceProjects: PROJECTS, deviceParticipants: PARTICIPANTS } = LINK_TABLES;

const PREFIX = 'device-';
const LOGIN_PREFIX = 'deviceLogin-';
const ERASED = { device_name: null, device_config: null, device_notes: null, device_infos: null };


async function applyDeviceEvent(db: AnyDb, recorded: RecordedEvent, uuid: string): Promise<void> {
  const event = recorded as unknown as DeviceEvent;
  const at = recorded.metadata.time;
  const set = (values: Record<string, unknown>) => db.updateTable('devices').set(values).where('device_uuid', '=', uuid).execute();
  if (event.type === 'DeviceRegistered') {
    const d = event.data;
    await db
      .insertInto('devices')
      .values({
        id_device: d.id,
        device_uuid: d.uuid,
        device_name: d.name,
        id_device_type: d.typeId,
        id_device_subtype: d.subtypeId,
        device_token_id: d.tokenId,
        device_enabled: d.enabled,
        device_onlineable: d.onlineable,
        device_config: d.config,
        device_notes: d.notes,
        device_infos: d.infos,
      })
      .onConflict((oc) => oc.column('id_device').doNothing())
      .execute();
    return;
  }
  const row = await db.selectFrom('devices').select('id_device').where('device_uuid', '=', uuid).executeTakeFirst();
  if (!row) return;
  const deviceId = row.id_device as number;
  switch (event.type) {
    case 'DeviceDetailsChanged': {
      const columns: Record<string, unknown> = {};
      const fields = [
        ['name', 'device_name'],
        ['config', 'device_config'],
        ['notes', 'device_notes'],
        ['infos', 'device_infos'],
        ['typeId', 'id_device_type'],
        ['subtypeId', 'id_device_subtype'],
      ] as const;
      for (const [field, column] of fields) if (field in event.data) columns[column] = event.data[field] ?? null;
      if (Object.keys(columns).length > 0) await set(columns);
      return;
    }
    case 'DeviceEnabled':
    case 'DeviceDisabled':
      await set({ device_enabled: event.type === 'DeviceEnabled' });
      return;
    case 'DeviceOnlineableSet':
      await set({ device_onlineable: event.data.onlineable });
      return;
    case 'DeviceTokenIssued':
      await set({ device_token_id: event.data.tokenId });
      return;
    case 'DeviceCertificateIssued':
      await set({ device_certificate: event.data.certificate });
      return;
    case 'DeviceLinkedToSite':
      await link(db, SITES, event.data.linkId, deviceId, event.data.siteId);
      return;
    case 'DeviceUnlinkedFromSite':
      await unlink(db, SITES, deviceId, event.data.siteId, at);
      return;
    case 'DeviceLinkedToProject':
      await link(db, PROJECTS, event.data.linkId, deviceId, event.data.projectId);
      return;
    case 'DeviceUnlinkedFromProject':
      await unlink(db, PROJECTS, deviceId, event.data.projectId, at);
      return;
    case 'DeviceLinkedToParticipant':
      await link(db, PARTICIPANTS, event.data.linkId, deviceId, event.data.participantId);
      return;
    case 'DeviceUnlinkedFromParticipant':
      await unlink(db, PARTICIPANTS, deviceId, event.data.participantId, at);
      return;
    case 'DeviceDeleted':
      await set({ deleted_at: at });
      await unlink(db, SITES, deviceId, undefined, at);
      await unlink(db, PROJECTS, deviceId, undefined, at);
      return;
  }
}

export const devicesProjector: Projector = {
  name: 'devices',
  async apply(db, recorded) {
    if (recorded.streamId.startsWith(LOGIN_PREFIX)) {
      const event = recorded as unknown as PartyLoginEvent;
      if (event.type === 'DeviceLoggedIn') await db.updateTable('devices').set({ device_lastonline: recorded.metadata.time }).where('device_uuid', '=', recorded.streamId.slice(LOGIN_PREFIX.length)).execute();
      return;
    }
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const uuid = recorded.streamId.slice(PREFIX.length);
    if (recorded.type === PERSONAL_DATA_ERASED) {
      await db.updateTable('devices').set(ERASED).where('device_uuid', '=', uuid).execute();
      return;
    }
    await applyDeviceEvent(db, recorded, uuid);
  },
};
