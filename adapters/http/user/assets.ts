// /api/user/assets (OpenTera api-user-1.md section 2): asset metadata, with access tokens and the owner
// service's URLs on request. Assets are written by the services that store them (POST and DELETE answer 501,
// as OpenTera). Differences in docs/compat.md ("Assets, test types, tests and invitations").
import { Type, type TSchema } from '@sinclair/typebox';
import type { Context } from 'koa';
import { assetFullJson, assetMinimalJson, assetsForUser, type AssetRow, type AssetSelection } from '../../../projections/queries/assets.js';
import { isDeviceVisible } from '../../../projections/queries/devices.js';
import { selectAccessibleParticipants } from '../../../projections/queries/participants.js';
import { isSessionAccessible } from '../../../projections/queries/sessions.js';
import { accessibleServiceIdSet } from '../../../projections/queries/sessionTypes.js';
import { isUserVisible } from '../../../projections/queries/usersAdmin.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { externalBase, serviceAccessToken, serviceBase } from '../serviceLinks.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const MinimalAsset = Type.Object({
  id_asset: Type.Integer(),
  id_session: Type.Integer(),
  id_device: Nullable(Type.Integer({ description: 'Creator' })),
  id_participant: Nullable(Type.Integer({ description: 'Creator' })),
  id_user: Nullable(Type.Integer({ description: 'Creator' })),
  id_service: Nullable(Type.Integer({ description: 'Creator' })),
  asset_name: Nullable(Type.String({ description: 'null once erased' })),
  asset_uuid: Type.String({ format: 'uuid' }),
  asset_service_uuid: Type.String({ format: 'uuid', description: 'The service that stores the data' }),
  asset_type: Type.String({ description: 'MIME type' }),
  asset_datetime: Nullable(Type.String({ description: 'ISO 8601' })),
  asset_expiration_datetime: Nullable(Type.String({ description: 'ISO 8601' })),
});

const ListedAsset = Type.Composite([
  Type.Partial(MinimalAsset),
  Type.Object({
    asset_uuid: Type.String({ format: 'uuid' }),
    asset_service_owner_name: Type.Optional(Nullable(Type.String({ description: 'With `full`' }))),
    asset_session_name: Type.Optional(Type.String({ description: 'With `full`' })),
    asset_device: Type.Optional(Nullable(Type.String({ description: 'With `full`, when a device created it' }))),
    asset_user: Type.Optional(Type.String({ description: 'With `full`, when a user created it' })),
    asset_participant: Type.Optional(Nullable(Type.String({ description: 'With `full`, when a participant created it' }))),
    asset_service: Type.Optional(Nullable(Type.String({ description: 'With `full`, when a service created it' }))),
    access_token: Type.Optional(Type.String({ description: 'With `with_urls` or `with_only_token`: 30 minutes, for the owner service' })),
    asset_infos_url: Type.Optional(Nullable(Type.String({ description: 'With `with_urls`; null when the owner service is missing or disabled' }))),
    asset_url: Type.Optional(Nullable(Type.String({ description: 'With `with_urls`' }))),
  }),
]);
export const AssetList = Type.Array(ListedAsset);

export interface AssetReplyOptions {
  full: boolean;
  withUrls: boolean;
  withOnlyToken: boolean;
  /** Who the tokens are for (OpenTera's `requester_uuid`). */
  requesterUuid: string;
  /** Whether the URLs of an asset's owner may be given (the participant and device APIs: a service they reach). */
  ownerReachable?: (row: AssetRow) => boolean;
}

/**
 * OpenTera's reply items: `with_only_token` keeps only the uuid and token (and, as OpenTera, the URLs when
 * `with_urls` is given too), else the minimal or full JSON with a token and URLs on request.
 */
export async function assetReply(ctx: Context, deps: ApiDeps, rows: readonly AssetRow[], options: AssetReplyOptions): Promise<Record<string, unknown>[]> {
  const base = externalBase(ctx, deps.trustedProxies);
  const items: Record<string, unknown>[] = [];
  for (const row of rows) {
    const item: Record<string, unknown> = options.withOnlyToken ? { asset_uuid: row.asset_uuid } : options.full ? { ...assetFullJson(row) } : { ...assetMinimalJson(row) };
    if (options.withUrls || options.withOnlyToken) item.access_token = await serviceAccessToken(deps, { asset_uuids: row.asset_uuid, requester_uuid: options.requesterUuid });
    if (options.withUrls) {
      const reachable = options.ownerReachable ? options.ownerReachable(row) : true;
      const service = reachable ? serviceBase(base, { enabled: row.owner_enabled, clientEndpoint: row.owner_clientendpoint }) : null;
      item.asset_infos_url = service === null ? null : `${service}/api/assets/infos`;
      item.asset_url = service === null ? null : `${service}/api/assets`;
    }
    items.push(item);
  }
  return items;
}

export const assetQueryFlags = {
  with_urls: Type.Optional(Type.Boolean({ description: 'Also include an access token and the asset URLs of the owner service' })),
  with_only_token: Type.Optional(Type.Boolean({ description: 'Only the asset uuid and its access token' })),
};

export function assetsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/assets',
      tags: ['user'],
      summary: 'Asset metadata, by one selector',
      description:
        'One selector, the first given in this order: id_device, id_session, id_participant, id_user, id_creator_service, id_creator_user, id_creator_participant, id_creator_device, id_asset, asset_uuid, service_uuid. Only assets of sessions the requester may reach are listed; an asset by id or uuid also needs its owner service reachable.',
      auth: 'user',
      query: Type.Object({
        id_asset: Type.Optional(Type.Integer({ description: 'Specific ID of asset to query information.' })),
        asset_uuid: Type.Optional(Type.String({ description: 'Specific UUID of asset to query information.' })),
        id_device: Type.Optional(Type.Integer({ description: 'ID of the device from which to request all accessible assets' })),
        id_session: Type.Optional(Type.Integer({ description: 'ID of session from which to request all assets' })),
        id_participant: Type.Optional(Type.Integer({ description: 'ID of participant from which to request all accessible assets' })),
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user from which to request all accessible assets.' })),
        service_uuid: Type.Optional(Type.String({ description: 'Query all assets associated with that service uuid' })),
        id_creator_service: Type.Optional(Type.Integer({ description: 'ID of the service from which to request all created assets.' })),
        id_creator_user: Type.Optional(Type.Integer({ description: 'ID of the user from which to request all created assets.' })),
        id_creator_participant: Type.Optional(Type.Integer({ description: 'ID of the participant from which to request all created assets.' })),
        id_creator_device: Type.Optional(Type.Integer({ description: 'ID of the device from which to request all created assets.' })),
        ...assetQueryFlags,
        full: Type.Optional(Type.Boolean({ description: 'Also include names of sessions, users, services, ... in the reply' })),
      }),
      responses: {
        200: { description: 'The assets', schema: AssetList },
        400: { description: '"No arguments specified" or "Missing argument" (flags only), or a bad parameter' },
        401: { description: 'Not authenticated' },
        403: { description: 'The selected device, session, participant, user or service is not reachable' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const db = deps.readDb;
        if (!Object.values(query).some(Boolean)) throw endpointError(ctx, 400, 'No arguments specified');
        let selection: AssetSelection;
        const deny = (message: string) => endpointError(ctx, 403, message);
        const participantReachable = async (id: number) => (await selectAccessibleParticipants(db, requester, { by: 'id', id })).length > 0;
        if (query.id_device) {
          if (!(await isDeviceVisible(db, requester, query.id_device))) throw deny('Device access denied');
          selection = { by: 'device', id: query.id_device };
        } else if (query.id_session) {
          if (!(await isSessionAccessible(db, requester, query.id_session))) throw deny('Session access denied');
          selection = { by: 'session', id: query.id_session };
        } else if (query.id_participant) {
          if (!(await participantReachable(query.id_participant))) throw deny('Participant access denied');
          selection = { by: 'participant', id: query.id_participant };
        } else if (query.id_user) {
          if (!(await isUserVisible(db, requester, query.id_user))) throw deny('User access denied');
          selection = { by: 'user', id: query.id_user };
        } else if (query.id_creator_service) {
          if (!(await accessibleServiceIdSet(db, requester)).has(query.id_creator_service)) throw deny('Service access denied');
          selection = { by: 'creator-service', id: query.id_creator_service };
        } else if (query.id_creator_user) {
          if (!(await isUserVisible(db, requester, query.id_creator_user))) throw deny('User access denied');
          selection = { by: 'creator-user', id: query.id_creator_user };
        } else if (query.id_creator_participant) {
          if (!(await participantReachable(query.id_creator_participant))) throw deny('Participant access denied');
          selection = { by: 'creator-participant', id: query.id_creator_participant };
        } else if (query.id_creator_device) {
          if (!(await isDeviceVisible(db, requester, query.id_creator_device))) throw deny('Device access denied');
          selection = { by: 'creator-device', id: query.id_creator_device };
        } else if (query.id_asset) selection = { by: 'id', id: query.id_asset };
        else if (query.asset_uuid) selection = { by: 'uuid', uuid: query.asset_uuid };
        else if (query.service_uuid) selection = { by: 'owner', serviceUuid: query.service_uuid };
        else throw endpointError(ctx, 400, 'Missing argument');
        const rows = await assetsForUser(db, requester, selection);
        ctx.body = await assetReply(ctx, deps, rows, { full: query.full === true, withUrls: query.with_urls === true, withOnlyToken: query.with_only_token === true, requesterUuid: requester.uuid });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/assets',
      tags: ['user'],
      summary: 'Not here: assets are written by the service that stores them (501, as OpenTera)',
      auth: 'user',
      responses: { 401: { description: 'Not authenticated' }, 501: { description: 'Always, once authenticated' } },
      async handler(ctx) {
        throw endpointError(ctx, 501, 'Asset information update and creation must be done directly into a service (such as Filetransfer service)');
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/assets',
      tags: ['user'],
      summary: 'Not here: assets are deleted by the service that stores them (501, as OpenTera)',
      auth: 'user',
      responses: { 401: { description: 'Not authenticated' }, 501: { description: 'Always, once authenticated' } },
      async handler(ctx) {
        throw endpointError(ctx, 501, 'Asset information deletion must be done directly into a service (such as Filetransfer service)');
      },
    }),
  ];
}
