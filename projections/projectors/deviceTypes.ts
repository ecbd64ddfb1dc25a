// Device types and subtypes (OpenTera's t_devices_types, t_devices_subtypes). Both are hard-deleted.
import type { DeviceTypeEvent } from '../../domain/deviceType.js';
import type { Projector } from '../types.js';

export const deviceTypesProjector: Projector = {
  name: 'deviceTypes',
  async apply(db, recorded) {
    if (!recorded.streamId.startsWith('deviceType-')) return;
    const event = recorded as unknown as DeviceTypeEvent;
    const typeUuid = recorded.streamId.slice('deviceType-'.length);
    const typeId = async () =>
      (await db.selectFrom('devices_types').select('id_device_type').where('device_type_uuid', '=', typeUuid).executeTakeFirst())?.id_device_type as number | undefined;
    switch (event.type) {
      case 'DeviceTypeCreated': {
        const { id, uuid, name, key } = event.data;
        await db
          .insertInto('devices_types')
          .values({ id_device_type: id, device_type_uuid: uuid, device_type_name: name, device_type_key: key })
          .onConflict((oc) => oc.column('id_device_type').doNothing())
          .execute();
        return;
      }
      case 'DeviceTypeRenamed':
        await db.updateTable('devices_types').set({ device_type_name: event.data.name }).where('device_type_uuid', '=', typeUuid).execute();
        return;
      case 'DeviceSubtypeAdded': {
        const id = await typeId();
        if (id === undefined) return;
        await db
          .insertInto('devices_subtypes')
          .values({ id_device_subtype: event.data.subtypeId, id_device_type: id, device_subtype_name: event.data.name })
          .onConflict((oc) => oc.column('id_device_subtype').doNothing())
          .execute();
        return;
      }
      case 'DeviceSubtypeRenamed':
        await db.updateTable('devices_subtypes').set({ device_subtype_name: event.data.name }).where('id_device_subtype', '=', event.data.subtypeId).execute();
        return;
      case 'DeviceSubtypeRemoved':
        await db.deleteFrom('devices_subtypes').where('id_device_subtype', '=', event.data.subtypeId).execute();
        return;
      case 'DeviceTypeDeleted': {
        const id = await typeId();
        if (id === undefined) return;
        await db.deleteFrom('devices_subtypes').where('id_device_type', '=', id).execute();
        await db.deleteFrom('devices_types').where('id_device_type', '=', id).execute();
        return;
      }
    }
  },
};
