// /api/user/usergroups (OpenTera api-user-2.md section 24): user groups with their site and project roles,
// with the fixes listed in docs/compat.md ("User groups and access").
import { Type } from '@sinclair/typebox';
import { deleteUserGroupByUser, saveUserGroup } from '../../../commands/groupAdministration.js';
import { savedUserGroup, userGroupsFor, type UserGroupSelection } from '../../../projections/queries/userGroups.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { IntLike, RoleName, toInt } from './siteAccess.js';

const UserGroup = Type.Object({
  id_user_group: Type.Integer(),
  user_group_name: Type.String(),
  user_group_sites_access: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
  user_group_projects_access: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
});

// Items may carry what GET lists (names, flags): only the id and the role are read, as in OpenTera.
const SiteRoleItem = Type.Object({ id_site: Type.Union(IntLike.anyOf, { 'x-missing': 'Missing id_site' }), site_access_role: Type.Optional(RoleName) }, { additionalProperties: true });
const ProjectRoleItem = Type.Object(
  { id_project: Type.Union(IntLike.anyOf, { 'x-missing': 'Missing id_project' }), project_access_role: Type.Optional(RoleName) },
  { additionalProperties: true },
);

const UserGroupBody = Type.Object(
  {
    user_group: Type.Object(
      {
        id_user_group: Type.Integer({ minimum: 0, description: '0 creates a user group', 'x-missing': 'Missing id_user_group' }),
        user_group_name: Type.Optional(Type.String({ maxLength: 1024 })),
        user_group_sites_access: Type.Optional(Type.Array(SiteRoleItem, { description: "The group's roles to set on sites; a missing or empty role removes it" })),
        user_group_projects_access: Type.Optional(Type.Array(ProjectRoleItem, { description: "The group's roles to set on projects; a missing or empty role removes it" })),
      },
      { additionalProperties: false, 'x-missing': 'Missing user_group' },
    ),
  },
  { additionalProperties: false },
);

export function userGroupsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/usergroups',
      tags: ['user'],
      summary: 'User groups the user may see, with their site and project roles',
      auth: 'user',
      query: Type.Object({
        id_user_group: Type.Optional(Type.Integer({ description: 'ID of the user group to query' })),
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user to get all user groups' })),
        id_site: Type.Optional(Type.Integer({ description: 'ID of the site to get all user groups with access in that site' })),
        list: Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data to minimal information' })),
      }),
      responses: { 200: { description: 'The user groups', schema: Type.Array(UserGroup) }, 400: { description: 'Bad parameter' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        // As OpenTera: zero counts as absent, and the first present filter wins.
        const selection: UserGroupSelection = query.id_user_group
          ? { idUserGroup: query.id_user_group }
          : query.id_user
            ? { idUser: query.id_user }
            : query.id_site
              ? { idSite: query.id_site }
              : {};
        ctx.body = await userGroupsFor(deps.readDb, auth as AuthenticatedUser, selection, !query.list);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/usergroups',
      tags: ['user'],
      summary: 'Create (id_user_group 0) or update a user group and set its site and project roles (site admins)',
      auth: 'user',
      body: UserGroupBody,
      responses: {
        200: { description: 'The saved group, with the role lists that were posted', schema: Type.Array(UserGroup) },
        400: { description: 'Missing or invalid field' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown user group, site or project (superadmins)' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const group = body.user_group;
        const sites = group.user_group_sites_access?.map((s) => ({ id_site: toInt(s.id_site), site_access_role: s.site_access_role }));
        const projects = group.user_group_projects_access?.map((p) => ({ id_project: toInt(p.id_project), project_access_role: p.project_access_role }));
        const result = await saveUserGroup(deps.commandContext(ctx, requester), requester, {
          id: group.id_user_group,
          ...(group.user_group_name !== undefined ? { name: group.user_group_name } : {}),
          ...(sites ? { sites } : {}),
          ...(projects ? { projects } : {}),
        });
        await deps.waitForProjections(result.position);
        // As OpenTera, the role lists are in the answer only when the request set some.
        ctx.body = [await savedUserGroup(deps.readDb, requester, result.id, { sites: (sites?.length ?? 0) > 0, projects: (projects?.length ?? 0) > 0 })];
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/usergroups',
      tags: ['user'],
      summary: 'Delete a user group without members (superadmins, and admins of every site it serves)',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'User group ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown user group (superadmins)' },
        409: { description: 'The group still has members' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await deleteUserGroupByUser(deps.commandContext(ctx, requester), requester, query.id));
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
