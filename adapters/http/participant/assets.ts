// What a participant reads of its assets (OpenTera api-participant-device-service.md 4.9): the assets it
// created, by asset or session. With a static token (OpenTera's `limited` role) it must name an asset or a
// session and never gets tokens or URLs; URLs are given only for an owner service of its project.
import { Type } from '@sinclair/typebox';
import { assetsOfParty, serviceUuidsOfProjects, sessionCreatedBy } from '../../../projections/queries/assets.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import type { AuthenticatedParticipant } from '../participantAuth.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { assetQueryFlags, assetReply, AssetList } from '../user/assets.js';

export function participantAssetsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/participant/assets',
      tags: ['participant'],
      summary: "The participant's assets",
      description:
        'The assets the participant created, narrowed by the first of id_asset, asset_uuid and id_session given. A static token must give one of them, and gets neither tokens nor URLs.',
      auth: 'participant',
      query: Type.Object({
        asset_uuid: Type.Optional(Type.String({ description: 'Asset UUID to query' })),
        id_asset: Type.Optional(Type.Integer({ description: 'Asset ID to query' })),
        id_session: Type.Optional(Type.Integer({ description: 'Session ID to query assets for' })),
        ...assetQueryFlags,
      }),
      responses: {
        200: { description: 'The assets', schema: AssetList },
        400: { description: 'Bad parameter' },
        401: { description: 'Bad or missing credentials' },
        403: { description: '"Forbidden": a static token without id_asset, asset_uuid or id_session; "No access to session": a session the participant did not create' },
      },
      async handler(ctx, { query, auth }) {
        const { participant, fullAccess, uuid } = auth as AuthenticatedParticipant;
        if (!fullAccess && !query.id_session && !query.id_asset && !query.asset_uuid) throw endpointError(ctx, 403, 'Forbidden');
        const party = { participantId: participant.id_participant };
        if (query.id_session && !(await sessionCreatedBy(deps.readDb, query.id_session, party))) throw endpointError(ctx, 403, 'No access to session');
        const rows = await assetsOfParty(deps.readDb, party, { ...(query.id_asset ? { id: query.id_asset } : {}), ...(query.asset_uuid ? { uuid: query.asset_uuid } : {}), ...(query.id_session ? { sessionId: query.id_session } : {}) });
        const withUrls = fullAccess && query.with_urls === true;
        const owners = withUrls ? await serviceUuidsOfProjects(deps.readDb, [participant.id_project]) : new Set<string>();
        ctx.body = await assetReply(ctx, deps, rows, {
          full: true,
          withUrls,
          withOnlyToken: fullAccess && query.with_only_token === true,
          requesterUuid: uuid,
          ownerReachable: (row) => owners.has(row.asset_service_uuid),
        });
      },
    }),
  ];
}
