// /api/user/siteaccess (OpenTera api-user-2.md section 16): site roles of user groups and users, with the
// fixes listed in docs/compat.md ("User groups and access").
import { Type, type Static } from '@sinclair/typebox';
import { deleteSiteAccess, postSiteAccess, type SiteAccessItem } from '../../../commands/groupAdministration.js';
import { groupAccessesByIds, siteAccess } from '../../../projections/queries/roleAccess.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

/** OpenTera reads these ids with `int()`, so clients (and its own tests) may send them as strings. */
export const IntLike = Type.Union([Type.Integer(), Type.String({ pattern: '^\\s*[+-]?\\d+\\s*$' })]);
export type IntLike = Static<typeof IntLike>;

export function toInt(value: IntLike): number {
  return typeof value === 'number' ? value : Number(value.trim());
}

/** Copies the keys that are present (their presence matters to OpenTera), reading the ids as integers. */
export function presentKeys<T extends object>(item: Record<string, unknown>, ints: readonly string[], others: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const key of ints) if (key in item && item[key] !== undefined) out[key] = toInt(item[key] as IntLike);
  for (const key of others) if (key in item && item[key] !== undefined) out[key] = item[key];
  return out as T;
}

export const RoleName = Type.Union([Type.String(), Type.Null()], { description: "'admin', 'user', or '' (or null) to remove the role" });

const AccessReply = Type.Object({
  id_service_access: Type.Integer(),
  id_user_group: Type.Integer(),
  id_service_role: Type.Integer(),
  id_service: Type.Integer(),
  service_role_name: Type.String(),
  service_name: Type.String(),
  service_key: Type.String(),
  service_access_role_name: Type.String(),
  user_group_name: Type.String(),
});

const SiteAccessItemSchema = Type.Object(
  { id_user_group: Type.Optional(IntLike), id_site: Type.Optional(IntLike), site_access_role: Type.Optional(RoleName), id_service_role: Type.Optional(IntLike) },
  { additionalProperties: true },
);

const SiteAccessBody = Type.Object({
  site_access: Type.Union([SiteAccessItemSchema, Type.Array(SiteAccessItemSchema)], { 'x-missing': 'Missing site_access' }),
});

export function siteAccessRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/siteaccess',
      tags: ['user'],
      summary: 'Site roles of a user, of a user group, or of the user groups (or users) of a site',
      description: 'Only one id is used: id_site, else id_user_group, else id_user (the last one the requester may see wins, as in OpenTera).',
      auth: 'user',
      query: Type.Object({
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user from which to request all site roles' })),
        id_user_group: Type.Optional(Type.Integer({ description: 'ID of the user group from which to request all site roles' })),
        id_site: Type.Optional(Type.Integer({ description: 'ID of the site from which to request all user groups roles' })),
        admins: Type.Optional(Type.Boolean({ description: 'Limit to admin roles (present, even false, as in OpenTera)' })),
        by_users: Type.Optional(Type.Boolean({ description: 'Roles by users instead of by user groups' })),
        with_usergroups: Type.Optional(Type.Boolean({ description: 'With by_users: add the user groups of each user' })),
        with_empty: Type.Optional(Type.Boolean({ description: 'Also sites (or user groups) without a role' })),
      }),
      responses: { 200: { description: 'The roles' }, 400: { description: 'Missing arguments' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        if (!Object.values(query).some(Boolean)) throw endpointError(ctx, 400, 'Missing arguments');
        ctx.body = await siteAccess(deps.readDb, auth as AuthenticatedUser, {
          idUser: query.id_user,
          idUserGroup: query.id_user_group,
          idSite: query.id_site,
          admins: query.admins,
          byUsers: query.by_users,
          withUsergroups: query.with_usergroups,
          withEmpty: query.with_empty,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/siteaccess',
      tags: ['user'],
      summary: "Set (or remove, with an empty role) user groups' roles on sites (site admins)",
      auth: 'user',
      body: SiteAccessBody,
      responses: {
        200: { description: 'The grants made or kept', schema: Type.Array(AccessReply) },
        400: { description: 'Missing or invalid field' },
        403: { description: 'Not an admin of the site' },
        404: { description: 'Unknown user group' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const raw = Array.isArray(body.site_access) ? body.site_access : [body.site_access];
        const items = raw.map((item) => presentKeys<SiteAccessItem>(item, ['id_user_group', 'id_site', 'id_service_role'], ['site_access_role']));
        const result = await postSiteAccess(deps.commandContext(ctx, requester), requester, items);
        await deps.waitForProjections(result.position);
        const accesses = await groupAccessesByIds(deps.readDb, result.accessIds);
        ctx.body = accesses.map((access) => ({ ...access, id_site_access: access.id_service_access, site_access_role: access.service_role_name }));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/siteaccess',
      tags: ['user'],
      summary: "Remove a user group's site role (site admins)",
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Site Access ID to delete' }) }, { required: ['id'] }),
      responses: { 200: { description: 'Deleted' }, 400: { description: 'No such site access' }, 403: { description: 'Not an admin of the site' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await deleteSiteAccess(deps.commandContext(ctx, requester), requester, query.id));
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
