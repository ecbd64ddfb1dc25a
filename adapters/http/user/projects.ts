// /api/user/projects (OpenTera api-user-2.md section 2), with the fixes listed in docs/compat.md.
import { Type } from '@sinclair/typebox';
import { createProjectByUser, deleteProjectByUser, setProjectSessionTypes, updateProjectByUser, type ProjectFields } from '../../../commands/projectAdministration.js';
import { accessibleProjects, projectById, projectsOfUser } from '../../../projections/queries/projects.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const RoleOrNull = Type.Union([Type.Literal('admin'), Type.Literal('user'), Type.Null()]);

const ProjectCore = {
  id_project: Type.Integer(),
  id_site: Type.Integer(),
  project_name: Type.String(),
  project_enabled: Type.Boolean(),
  project_description: Type.Union([Type.String(), Type.Null()]),
};

const Project = Type.Object({ ...ProjectCore, site_name: Type.String() }, { description: 'TeraProject.to_json()' });
const ProjectFull = Type.Object({ ...ProjectCore, site_name: Type.String(), project_role: RoleOrNull }, { description: 'Full form, with the role on the project' });
const ProjectMinimal = Type.Object(
  { ...ProjectCore, project_participant_group_count: Type.Integer(), project_participant_count: Type.Integer() },
  { description: 'Minimal form (`list`)' },
);

const SessionTypeRef = Type.Object({ id_session_type: Type.Integer() });

const ProjectBody = Type.Object(
  {
    project: Type.Object(
      {
        id_project: Type.Integer({ minimum: 0, description: '0 creates a project', 'x-missing': 'Missing id_project' }),
        id_site: Type.Optional(Type.Integer({ description: 'Site of a new project; on update, only the project\'s own site is accepted' })),
        project_name: Type.Optional(Type.String()),
        project_enabled: Type.Optional(Type.Boolean()),
        project_description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        sessiontypes: Type.Optional(
          Type.Union([Type.Array(SessionTypeRef), SessionTypeRef], { description: 'Session types of the project: must be empty until session types exist' }),
        ),
        // Computed by GET; a client may send back what it read. Ignored.
        site_name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        project_role: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        project_participant_group_count: Type.Optional(Type.Integer()),
        project_participant_count: Type.Optional(Type.Integer()),
      },
      { additionalProperties: false, 'x-missing': 'Missing project' },
    ),
  },
  { additionalProperties: false },
);

export function projectsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/projects',
      tags: ['user'],
      summary: 'Projects the user may access',
      description: 'Only one selector is used, the first present of: id_project (or id), user_uuid, id_service, id_site, name. `enabled` then filters.',
      auth: 'user',
      query: Type.Object({
        id_project: Type.Optional(Type.Integer({ description: 'ID of the project to query' })),
        id: Type.Optional(Type.Integer({ description: 'Alias for "id_project"' })),
        id_site: Type.Optional(Type.Integer({ description: 'ID of the site from which to get all projects' })),
        id_service: Type.Optional(Type.Integer({ description: 'ID of the service from which to get all projects' })),
        user_uuid: Type.Optional(Type.String({ description: 'Projects of that user that the requester may access too, with that user\'s role' })),
        name: Type.Optional(Type.String({ description: 'Project to query by name' })),
        enabled: Type.Optional(Type.Boolean({ description: 'Only enabled (true) or disabled (false) projects' })),
        list: Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data to minimal information' })),
      }),
      responses: {
        200: { description: 'The projects', schema: Type.Array(Type.Union([ProjectFull, ProjectMinimal])) },
        400: { description: 'Bad parameter' },
        401: { description: 'Not authenticated' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const shape = query.list ? 'minimal' : 'full';
        const enabled = query.enabled === undefined ? {} : { enabled: query.enabled };
        // As OpenTera: `id` wins over `id_project`, zero and empty values count as absent, and the first
        // present selector wins.
        const id = query.id || query.id_project || undefined;
        if (id) ctx.body = await accessibleProjects(deps.readDb, requester, { id, ...enabled }, shape);
        else if (query.user_uuid) ctx.body = await projectsOfUser(deps.readDb, requester, query.user_uuid, enabled, shape);
        // Services and their project links arrive with the services work; until then no service has projects.
        else if (query.id_service) ctx.body = [];
        else if (query.id_site) ctx.body = await accessibleProjects(deps.readDb, requester, { siteId: query.id_site, ...enabled }, shape);
        else if (query.name) ctx.body = await accessibleProjects(deps.readDb, requester, { name: query.name, ...enabled }, shape);
        else ctx.body = await accessibleProjects(deps.readDb, requester, enabled, shape);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/projects',
      tags: ['user'],
      summary: 'Create (id_project 0, site admin) or update (project admin) a project',
      auth: 'user',
      body: ProjectBody,
      responses: {
        200: { description: 'The saved project', schema: Type.Array(Project) },
        400: { description: 'Missing or invalid field, a change of site, or session types' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown project or site (superadmin)' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const { id_project, id_site, project_name, project_enabled, project_description, sessiontypes } = body.project;
        const fields: ProjectFields = {
          ...(project_name !== undefined ? { name: project_name } : {}),
          ...(project_enabled !== undefined ? { enabled: project_enabled } : {}),
          ...(project_description !== undefined ? { description: project_description } : {}),
        };
        // OpenTera accepts one session type as well as a list.
        const sessionTypeIds = sessiontypes === undefined ? undefined : (Array.isArray(sessiontypes) ? sessiontypes : [sessiontypes]).map((s) => s.id_session_type);
        const command = deps.commandContext(ctx, requester);
        let result;
        if (id_project === 0) {
          if (id_site === undefined) throw endpointError(ctx, 400, 'Missing id_site arguments');
          result = await createProjectByUser(command, requester, { ...fields, siteId: id_site, ...(sessionTypeIds ? { sessionTypeIds } : {}) });
          if (sessionTypeIds && sessionTypeIds.length > 0) {
            // The project's admins reach it once the read models hold it; its types are linked then.
            await deps.waitForProjections(result.position);
            result = { id: result.id, position: (await setProjectSessionTypes(command, requester, result.id, sessionTypeIds)) ?? result.position };
          }
        } else {
          result = await updateProjectByUser(command, requester, id_project, {
            ...fields,
            ...(id_site !== undefined ? { siteId: id_site } : {}),
            ...(sessionTypeIds ? { sessionTypeIds } : {}),
          });
        }
        await deps.waitForProjections(result.position);
        ctx.body = [await projectById(deps.readDb, result.id)];
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/projects',
      tags: ['user'],
      summary: 'Delete a project (site admin)',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Project ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted' },
        400: { description: 'Missing or invalid id' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown project (superadmin)' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const result = await deleteProjectByUser(deps.commandContext(ctx, requester), requester, query.id);
        await deps.waitForProjections(result.position);
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
