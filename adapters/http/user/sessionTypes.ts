// /api/user/sessiontypes (OpenTera api-user-2.md section 14), with the fixes listed in docs/compat.md
// ("/api/user/sessiontypes and links"). As OpenTera, `list` acts when merely present (`list=false` too), and
// the ids when they are not 0.
import { Type, type TSchema } from '@sinclair/typebox';
import type { Context } from 'koa';
import { deleteSessionTypeByUser, saveSessionType, type SaveSessionTypeRequest } from '../../../commands/sessionTypeAdministration.js';
import type { SessionTypeFields } from '../../../domain/sessionType.js';
import { siteRoleOf } from '../../../projections/queries/access.js';
import { sessionTypeById, sessionTypeFullJson, sessionTypeMinimalJson, sessionTypesFor, type SessionTypeSelection } from '../../../projections/queries/sessionTypes.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const MinimalSessionType = Type.Object({
  id_session_type: Type.Integer(),
  id_service: Nullable(Type.Integer({ description: 'The service of a SERVICE (1) type' })),
  session_type_name: Type.String(),
  session_type_color: Type.String({ description: '#RRGGBB' }),
  session_type_category: Type.Integer({ description: '1 service, 2 data collect, 3 file transfer, 4 protocol' }),
});

const FullSessionType = Type.Composite([
  MinimalSessionType,
  Type.Object({
    session_type_online: Type.Boolean(),
    session_type_config: Nullable(Type.String()),
    session_type_service_key: Type.Optional(Type.String({ description: 'When the type has a service' })),
    session_type_service_uuid: Type.Optional(Type.String({ description: 'When the type has a service' })),
  }),
]);

/** A list of `{"<key>": id}` objects, other keys ignored; OpenTera also takes a single object for the sites. */
const idItems = (key: string, description?: string) => Type.Array(Type.Object({ [key]: Type.Integer() }, { additionalProperties: true }), description ? { description } : {});

const SessionTypeBody = Type.Object(
  {
    session_type: Type.Object(
      {
        id_session_type: Type.Integer({ minimum: 0, description: '0 creates a type', 'x-missing': 'Missing id_session_type' }),
        id_service: Type.Optional(Nullable(Type.Integer({ description: 'Required for a SERVICE (1) type; 0 is none on create and ignored on update' }))),
        session_type_name: Type.Optional(Type.String({ maxLength: 1024 })),
        session_type_online: Type.Optional(Type.Boolean()),
        session_type_config: Type.Optional(Nullable(Type.String())),
        session_type_color: Type.Optional(Type.String({ description: 'At most 7 characters: #RRGGBB' })),
        session_type_category: Type.Optional(Type.Integer({ description: '1 service, 2 data collect, 3 file transfer, 4 protocol' })),
        session_type_sites: Type.Optional(
          Type.Union([idItems('id_site'), Type.Object({ id_site: Type.Integer() }, { additionalProperties: true })], {
            description: 'The sites of the type, among those the requester administers (required to create, unless a superadmin)',
          }),
        ),
        session_type_projects: Type.Optional(idItems('id_project', 'The projects of the type, among those the requester administers (their sites must be linked)')),
        session_type_services: Type.Optional(idItems('id_service', 'The secondary services of the type, among those the requester administers')),
        // Computed by GET; a client may send back what it read.
        session_type_service_key: Type.Optional(Type.String()),
        session_type_service_uuid: Type.Optional(Type.String()),
      },
      { additionalProperties: false, 'x-missing': 'Missing session_type' },
    ),
  },
  { additionalProperties: false },
);

type PostedSessionType = typeof SessionTypeBody.static.session_type;

function saveRequest(posted: PostedSessionType): SaveSessionTypeRequest {
  const fields: Partial<SessionTypeFields> = {
    ...(posted.session_type_name !== undefined ? { name: posted.session_type_name } : {}),
    ...(posted.session_type_online !== undefined ? { online: posted.session_type_online } : {}),
    ...(posted.session_type_config !== undefined ? { config: posted.session_type_config } : {}),
    ...(posted.session_type_color !== undefined ? { color: posted.session_type_color } : {}),
    ...(posted.session_type_category !== undefined ? { category: posted.session_type_category } : {}),
    ...(posted.id_service !== undefined ? { serviceId: posted.id_service } : {}),
  };
  const sites = posted.session_type_sites === undefined ? undefined : Array.isArray(posted.session_type_sites) ? posted.session_type_sites : [posted.session_type_sites];
  return {
    id: posted.id_session_type,
    fields,
    ...(sites ? { sites: sites.map((s) => s.id_site) } : {}),
    ...(posted.session_type_projects ? { projects: posted.session_type_projects.map((p) => p.id_project as number) } : {}),
    ...(posted.session_type_services ? { services: posted.session_type_services.map((s) => s.id_service as number) } : {}),
  };
}

const emptyBody = (ctx: Context) => {
  ctx.type = 'application/json';
  return '""';
};

export function sessionTypesRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/sessiontypes',
      tags: ['user'],
      summary: 'Session types the requester may see: all of them, one, or those of a project or a site',
      description: 'id_session_type wins over id_project, which wins over id_site. Without any: every type the requester may see (superadmins: by id; others: by name).',
      auth: 'user',
      query: Type.Object({
        id_session_type: Type.Optional(Type.Integer({ description: 'ID of the session type to query' })),
        id_project: Type.Optional(Type.Integer({ description: 'Types of this project (one the requester has a role in); SERVICE types only when their service is reachable' })),
        id_site: Type.Optional(Type.Integer({ description: 'Types of this site (403 without a role there)' })),
        list: Type.Optional(Type.Boolean({ description: 'When present (any value): the minimal JSON' })),
      }),
      responses: {
        200: { description: 'The session types', schema: Type.Array(FullSessionType) },
        400: { description: 'Bad parameter' },
        401: { description: 'Not authenticated' },
        403: { description: 'id_site: no role in the site' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        let selection: SessionTypeSelection;
        if (query.id_session_type) selection = { id: query.id_session_type };
        else if (query.id_project) selection = { projectId: query.id_project };
        else if (query.id_site) {
          if (!(await siteRoleOf(deps.readDb, requester, query.id_site))) throw endpointError(ctx, 403, 'Forbidden');
          selection = { siteId: query.id_site };
        } else selection = { all: true };
        const rows = await sessionTypesFor(deps.readDb, requester, selection);
        ctx.body = rows.map((row) => (query.list !== undefined ? sessionTypeMinimalJson(row) : sessionTypeFullJson(row)));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/sessiontypes',
      tags: ['user'],
      summary: 'Create (id_session_type 0) or update a session type, with its sites, projects and secondary services',
      description:
        'Creating takes a superadmin or sites the requester administers. Updating takes a type linked to a site the requester administers; its own fields, an admin of all its sites. The lists change only what the requester administers.',
      auth: 'user',
      body: SessionTypeBody,
      responses: {
        200: { description: 'The saved type', schema: Type.Array(FullSessionType) },
        400: { description: 'Missing or invalid field' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown type, service, site or project (superadmins)' },
        409: { description: 'A site, project or service cannot be removed while sessions of the type use it' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const result = await saveSessionType(deps.commandContext(ctx, requester), requester, saveRequest(body.session_type));
        await deps.waitForProjections(result.position);
        const row = await sessionTypeById(deps.readDb, result.id);
        ctx.body = row ? [sessionTypeFullJson(row)] : [];
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/sessiontypes',
      tags: ['user'],
      summary: 'Delete a session type (an admin of all its sites and projects)',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Session type ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted' },
        400: { description: 'Missing id' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown type (superadmins)' },
        409: { description: 'Sessions of that type exist' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await deleteSessionTypeByUser(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),
  ];
}
