// What a device reads of its assets (OpenTera api-participant-device-service.md 5.10): the assets it created,
// by asset or session, with tokens and URLs on request (URLs only for an owner service of its projects).
import { Type } from '@sinclair/typebox';
import { assetsOfParty, serviceUuidsOfDevice, sessionCreatedBy } from '../../../projections/queries/assets.js';
import type { ApiDeps } from '../deps.js';
import type { AuthenticatedDevice } from '../deviceAuth.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { assetQueryFlags, assetReply, AssetList } from '../user/assets.js';

export function deviceAssetsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/device/assets',
      tags: ['device'],
      summary: "The device's assets",
      description: 'The assets the device created, narrowed by the first of id_asset, asset_uuid and id_session given.',
      auth: 'device',
      query: Type.Object({
        asset_uuid: Type.Optional(Type.String({ description: 'Asset UUID to query' })),
        id_asset: Type.Optional(Type.Integer({ description: 'Asset ID to query' })),
        id_session: Type.Optional(Type.Integer({ description: 'Session ID to query assets for' })),
        ...assetQueryFlags,
      }),
      responses: {
        200: { description: 'The assets', schema: AssetList },
        400: { description: 'Bad parameter' },
        401: { description: '"Unauthorized", "Disabled device" or "Invalid token"' },
        403: { description: '"No access to session": a session the device did not create' },
      },
      async handler(ctx, { query, auth }) {
        const { device, uuid } = auth as AuthenticatedDevice;
        const party = { deviceId: device.id_device };
        if (query.id_session && !(await sessionCreatedBy(deps.readDb, query.id_session, party))) throw endpointError(ctx, 403, 'No access to session');
        const rows = await assetsOfParty(deps.readDb, party, { ...(query.id_asset ? { id: query.id_asset } : {}), ...(query.asset_uuid ? { uuid: query.asset_uuid } : {}), ...(query.id_session ? { sessionId: query.id_session } : {}) });
        const owners = query.with_urls ? await serviceUuidsOfDevice(deps.readDb, device.id_device) : new Set<string>();
        ctx.body = await assetReply(ctx, deps, rows, {
          full: true,
          withUrls: query.with_urls === true,
          withOnlyToken: query.with_only_token === true,
          requesterUuid: uuid,
          ownerReachable: (row) => owners.has(row.asset_service_uuid),
        });
      },
    }),
  ];
}
