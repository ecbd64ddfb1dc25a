// /api/user/sites (OpenTera api-user-2.md section 17), with the fixes listed in docs/compat.md.
import { Type } from '@sinclair/typebox';
import { createSiteCommand, deleteSiteCommand, updateSiteCommand } from '../../../commands/sites.js';
import { accessibleSites, siteById, sitesOfUser } from '../../../projections/queries/sites.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Site = Type.Object({
  id_site: Type.Integer(),
  site_name: Type.String(),
  site_2fa_required: Type.Boolean(),
  site_role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('user'), Type.Null()])),
  id_device: Type.Optional(Type.Integer({ description: 'With `id_device`: that device' })),
});

const SiteBody = Type.Object(
  {
    site: Type.Object(
      {
        id_site: Type.Integer({ minimum: 0, description: '0 creates a site', 'x-missing': 'Missing id_site field' }),
        site_name: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
        site_2fa_required: Type.Optional(Type.Boolean()),
        // Computed by GET; a client may send back what it read.
        site_role: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      },
      { additionalProperties: false, 'x-missing': 'Missing site' },
    ),
  },
  { additionalProperties: false },
);

export function siteRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/sites',
      tags: ['user'],
      summary: 'Sites the user may access, with the user\'s role on each',
      auth: 'user',
      query: Type.Object({
        id_site: Type.Optional(Type.Integer({ description: 'ID of the site to query' })),
        id: Type.Optional(Type.Integer({ description: 'Alias for id_site' })),
        user_uuid: Type.Optional(Type.String({ description: 'Sites of that user that the requester may access too' })),
        id_device: Type.Optional(Type.Integer({ description: 'Sites of that device that the requester may access' })),
        name: Type.Optional(Type.String({ description: 'Site with that exact name' })),
      }),
      responses: { 200: { description: 'The sites', schema: Type.Array(Site) }, 400: { description: 'Bad parameter' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        // As OpenTera: zero and empty values count as absent, and the first present filter wins.
        const id = query.id || query.id_site || undefined;
        if (query.user_uuid) ctx.body = await sitesOfUser(deps.readDb, requester, query.user_uuid);
        else if (id) ctx.body = await accessibleSites(deps.readDb, requester, { id });
        // Only the device's sites the requester may access (OpenTera lists every site of an accessible device).
        else if (query.id_device) ctx.body = (await accessibleSites(deps.readDb, requester, { deviceId: query.id_device })).map((site) => ({ ...site, id_device: query.id_device }));
        else if (query.name) ctx.body = await accessibleSites(deps.readDb, requester, { name: query.name });
        else ctx.body = await accessibleSites(deps.readDb, requester);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/sites',
      tags: ['user'],
      summary: 'Create (id_site 0, superadmin) or update (site admin) a site',
      auth: 'user',
      body: SiteBody,
      responses: {
        200: { description: 'The saved site', schema: Type.Array(Site) },
        400: { description: 'Missing or invalid field' },
        403: { description: 'Not allowed' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const { id_site, site_name, site_2fa_required } = body.site;
        const fields = { ...(site_name !== undefined ? { name: site_name } : {}), ...(site_2fa_required !== undefined ? { twoFactorRequired: site_2fa_required } : {}) };
        const command = deps.commandContext(ctx, requester);
        const result = id_site === 0 ? await createSiteCommand(command, requester, fields) : await updateSiteCommand(command, requester, id_site, fields);
        await deps.waitForProjections(result.position);
        ctx.body = [await siteById(deps.readDb, result.id)];
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/sites',
      tags: ['user'],
      summary: 'Delete a site (superadmin), with its projects',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Site ID to delete' }) }, { required: ['id'] }),
      responses: { 200: { description: 'Deleted' }, 403: { description: 'Not allowed' }, 404: { description: 'Unknown site' }, 409: { description: 'Refused: participants with sessions' } },
      async handler(ctx, { query, auth }) {
        const result = await deleteSiteCommand(deps.commandContext(ctx, auth as AuthenticatedUser), auth as AuthenticatedUser, query.id);
        await deps.waitForProjections(result.position);
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
