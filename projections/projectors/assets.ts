// Assets (OpenTera's t_assets), from each asset's stream; a session's deletion deletes its assets.
import type { AssetEvent } from '../../domain/asset.js';
import { PERSONAL_DATA_ERASED } from '../../domain/personalData.js';
import type { Projector } from '../types.js';
import { deleteWithSession } from './sessionContents.js';

const PREFIX = 'asset-';

export const assetsProjector: Projector = {
  name: 'assets',
  async apply(db, recorded) {
    await deleteWithSession(db, recorded, 'assets');
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const uuid = recorded.streamId.slice(PREFIX.length);
    if (recorded.type === PERSONAL_DATA_ERASED) {
      await db.updateTable('assets').set({ asset_name: null }).where('asset_uuid', '=', uuid).execute();
      return;
    }
    const event = recorded as unknown as AssetEvent;
    switch (event.type) {
      case 'AssetCreated': {
        const d = event.data;
        await db
          .insertInto('assets')
          .values({
            id_asset: d.id,
            asset_uuid: d.uuid,
            id_session: d.sessionId,
            id_device: d.creators.deviceId,
            id_participant: d.creators.participantId,
            id_user: d.creators.userId,
            id_service: d.creators.serviceId,
            asset_name: d.name,
            asset_service_uuid: d.ownerServiceUuid,
            asset_type: d.mimeType,
            asset_datetime: d.datetime,
            asset_expiration_datetime: d.expirationDatetime,
          })
          .onConflict((oc) => oc.column('id_asset').doNothing())
          .execute();
        return;
      }
      case 'AssetRenamed':
        await db.updateTable('assets').set({ asset_name: event.data.name }).where('asset_uuid', '=', uuid).execute();
        return;
      case 'AssetDeleted':
        await db.updateTable('assets').set({ deleted_at: recorded.metadata.time }).where('asset_uuid', '=', uuid).where('deleted_at', 'is', null).execute();
        return;
    }
  },
};
