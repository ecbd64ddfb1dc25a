// /api/user/projectaccess (OpenTera api-user-2.md section 1): project roles of user groups and users, with
// the fixes listed in docs/compat.md ("User groups and access").
import { Type } from '@sinclair/typebox';
import { deleteProjectAccess, postProjectAccess, type ProjectAccessItem } from '../../../commands/groupAdministration.js';
import { groupAccessesByIds, projectAccess } from '../../../projections/queries/roleAccess.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { IntLike, presentKeys, RoleName } from './siteAccess.js';

const ProjectAccessItemSchema = Type.Object(
  {
    id_user_group: Type.Optional(IntLike),
    id_project: Type.Optional(IntLike),
    project_access_role: Type.Optional(RoleName),
    id_service_role: Type.Optional(IntLike),
    id_project_role: Type.Optional(IntLike),
  },
  { additionalProperties: true },
);

const ProjectAccessBody = Type.Object({
  project_access: Type.Union([ProjectAccessItemSchema, Type.Array(ProjectAccessItemSchema)], { 'x-missing': 'Missing project_access' }),
});

export function projectAccessRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/projectaccess',
      tags: ['user'],
      summary: 'Project roles of a user, of a user group, or of the user groups (or users) of a project',
      description: 'Only one id is used: id_project, else id_user_group, else id_user (the last one the requester may see wins, as in OpenTera).',
      auth: 'user',
      query: Type.Object({
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user from which to request all projects roles' })),
        id_user_group: Type.Optional(Type.Integer({ description: 'ID of the user group from which to request all projects roles' })),
        id_project: Type.Optional(Type.Integer({ description: 'ID of the project from which to request all users groups roles' })),
        admins: Type.Optional(Type.Boolean({ description: 'Limit to admin roles' })),
        with_sites: Type.Optional(Type.Boolean({ description: 'Include sites information for each project' })),
        by_users: Type.Optional(Type.Boolean({ description: 'Roles by users instead of by user groups' })),
        with_empty: Type.Optional(Type.Boolean({ description: 'Also projects (or user groups) without a role' })),
      }),
      responses: { 200: { description: 'The roles' }, 400: { description: 'Missing arguments' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        if (!Object.values(query).some(Boolean)) throw endpointError(ctx, 400, 'Missing arguments');
        ctx.body = await projectAccess(deps.readDb, auth as AuthenticatedUser, {
          idUser: query.id_user,
          idUserGroup: query.id_user_group,
          idProject: query.id_project,
          admins: query.admins,
          withSites: query.with_sites,
          byUsers: query.by_users,
          withEmpty: query.with_empty,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/projectaccess',
      tags: ['user'],
      summary: "Set (or remove, with an empty role) user groups' roles on projects (project admins)",
      auth: 'user',
      body: ProjectAccessBody,
      responses: {
        200: { description: 'The grants made or kept' },
        400: { description: 'Missing or invalid field' },
        403: { description: 'Not an admin of the project' },
        404: { description: 'Unknown user group' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const raw = Array.isArray(body.project_access) ? body.project_access : [body.project_access];
        const items = raw.map((item) => presentKeys<ProjectAccessItem>(item, ['id_user_group', 'id_project', 'id_service_role', 'id_project_role'], ['project_access_role']));
        const result = await postProjectAccess(deps.commandContext(ctx, requester), requester, items);
        await deps.waitForProjections(result.position);
        const accesses = await groupAccessesByIds(deps.readDb, result.accessIds);
        ctx.body = accesses.map((access) => ({ ...access, id_project_access: access.id_service_access, project_access_role: access.service_role_name }));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/projectaccess',
      tags: ['user'],
      summary: "Remove a user group's project role (project admins)",
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Project Access ID to delete' }) }, { required: ['id'] }),
      responses: { 200: { description: 'Deleted' }, 400: { description: 'No such project access' }, 403: { description: 'Not an admin of the project' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await deleteProjectAccess(deps.commandContext(ctx, requester), requester, query.id));
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
