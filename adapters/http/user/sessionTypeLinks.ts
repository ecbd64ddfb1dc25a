// /api/user/sessiontypes/projects, /sessiontypes/sites and /sessiontypes/services: the associations of session
// types (OpenTera api-user-2.md sections 11-13), with the fixes listed in docs/compat.md ("/api/user/sessiontypes
// and links"). As OpenTera, `list` acts when merely present (`list=false` too), and the other parameters when
// they are not 0 or false. Each POST takes one of three forms: a type with its list, the other side with its
// list, or association items.
import { Type, type TSchema } from '@sinclair/typebox';
import type { Context } from 'koa';
import {
  addSessionTypeProjectLinks,
  addSessionTypeServiceLinks,
  addSessionTypeSiteLinks,
  removeSessionTypeProjectLink,
  removeSessionTypeServiceLink,
  removeSessionTypeSiteLink,
  replaceProjectsOfSessionType,
  replaceServicesOfSessionType,
  replaceSessionTypesOfProject,
  replaceSessionTypesOfService,
  replaceSessionTypesOfSite,
  replaceSitesOfSessionType,
  type LinksWritten,
  type PostedLink,
} from '../../../commands/sessionTypeAdministration.js';
import {
  projectLinksOfSessionType,
  serviceLinksOfSessionType,
  sessionTypeLinksOfProject,
  sessionTypeLinksOfSite,
  siteLinksOfSessionType,
} from '../../../projections/queries/sessionTypes.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const idList = (key: string, missing: string) =>
  Type.Array(Type.Object({ [key]: Type.Integer() }, { additionalProperties: true }), { 'x-missing': missing, description: `Objects with ${key}; other keys are ignored` });

/** One posted association: the type and the other side, either possibly missing (400 "Badly formatted request"). */
const postedItem = (other: string) =>
  Type.Object(
    { id_session_type: Type.Optional(Type.Integer()), [other]: Type.Optional(Type.Integer()) },
    { additionalProperties: true, description: `id_session_type and ${other}; other keys are ignored` },
  );

const oneOrMany = <T extends TSchema>(item: T) => Type.Union([item, Type.Array(item)]);
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function postedLinks(items: Record<string, unknown>[], other: string): PostedLink[] {
  return items.map((item) => ({
    ...(typeof item.id_session_type === 'number' ? { typeId: item.id_session_type } : {}),
    ...(typeof item[other] === 'number' ? { otherId: item[other] } : {}),
  }));
}

const ids = (items: Record<string, unknown>[], key: string) => items.map((i) => i[key] as number);

const emptyBody = (ctx: Context) => {
  ctx.type = 'application/json';
  return '""';
};

/** The association JSON of writes: the ids only. */
function writtenLinks(written: LinksWritten, keys: { id: string; other: string }) {
  return written.links.map((l) => ({ id_session_type: l.typeId, [keys.other]: l.otherId, [keys.id]: l.linkId }));
}

const linkIdQuery = (what: string) =>
  Type.Object(
    { id: Type.Integer({ description: `The ${what} association id to delete (not the session type's nor the other side's id)` }) },
    { required: ['id'] },
  );

const SessionTypeProjectLink = Type.Object({
  id_session_type_project: Nullable(Type.Integer()),
  id_session_type: Nullable(Type.Integer()),
  id_project: Nullable(Type.Integer()),
  session_type_name: Type.Optional(Nullable(Type.String())),
  project_name: Type.Optional(Nullable(Type.String())),
  id_site: Type.Optional(Type.Integer({ description: 'With `with_sites`, when there is a project' })),
  site_name: Type.Optional(Type.String({ description: 'With `with_sites`, when there is a project' })),
});

const SessionTypeSiteLink = Type.Object({
  id_session_type_site: Nullable(Type.Integer()),
  id_session_type: Nullable(Type.Integer()),
  id_site: Nullable(Type.Integer()),
  session_type_name: Type.Optional(Nullable(Type.String())),
  site_name: Type.Optional(Nullable(Type.String())),
});

const SessionTypeServiceLink = Type.Object({
  id_session_type_service: Nullable(Type.Integer()),
  id_session_type: Nullable(Type.Integer()),
  id_service: Type.Integer(),
  session_type_name: Type.Optional(Nullable(Type.String())),
  service_name: Type.Optional(Type.String()),
});

const ProjectsBody = Type.Object(
  {
    session_type: Type.Optional(
      Type.Object(
        { id_session_type: Type.Integer({ 'x-missing': 'Missing id_session_type' }), projects: idList('id_project', 'Missing projects') },
        { additionalProperties: true, description: "The type's projects, within those the requester administers" },
      ),
    ),
    project: Type.Optional(
      Type.Object(
        { id_project: Type.Integer({ 'x-missing': 'Missing project ID' }), sessiontypes: idList('id_session_type', 'Missing session types') },
        { additionalProperties: true, description: "Replaces the project's types (an admin of the project)" },
      ),
    ),
    session_type_project: Type.Optional(oneOrMany(postedItem('id_project'))),
  },
  { additionalProperties: true, description: 'One of session_type, project or session_type_project' },
);

const SitesBody = Type.Object(
  {
    session_type: Type.Optional(
      Type.Object(
        { id_session_type: Type.Integer({ 'x-missing': 'Missing id_session_type' }), sites: idList('id_site', 'Missing sites') },
        { additionalProperties: true, description: "The type's sites, within those the requester administers" },
      ),
    ),
    site: Type.Optional(
      Type.Object(
        { id_site: Type.Integer({ 'x-missing': 'Missing site ID' }), sessiontypes: idList('id_session_type', 'Missing session types') },
        { additionalProperties: true, description: "Replaces the site's types (an admin of the site)" },
      ),
    ),
    session_type_site: Type.Optional(oneOrMany(postedItem('id_site'))),
  },
  { additionalProperties: true, description: 'One of session_type, site or session_type_site' },
);

const ServicesBody = Type.Object(
  {
    session_type: Type.Optional(
      Type.Object(
        { id_session_type: Type.Integer({ 'x-missing': 'Missing id_session_type' }), services: idList('id_service', 'Missing services') },
        { additionalProperties: true, description: "The type's secondary services, within those the requester administers" },
      ),
    ),
    service: Type.Optional(
      Type.Object(
        { id_service: Type.Integer({ 'x-missing': 'Missing service ID' }), sessiontypes: idList('id_session_type', 'Missing session types') },
        { additionalProperties: true, description: "The service's types, within those whose links the requester manages" },
      ),
    ),
    session_type_service: Type.Optional(oneOrMany(postedItem('id_service'))),
  },
  { additionalProperties: true, description: 'One of session_type, service or session_type_service' },
);

const writeResponses = (other: string, id: string) => ({
  200: { description: 'The links written', schema: Type.Array(Type.Object({ id_session_type: Type.Integer(), [other]: Type.Integer(), [id]: Type.Integer() })) },
  400: { description: 'Missing or badly formatted field' },
  403: { description: 'Not allowed' },
  404: { description: 'Unknown session type or other side (superadmins)' },
  409: { description: 'An association cannot be removed while sessions of the type use it' },
});

const deleteResponses = {
  200: { description: 'Removed' },
  400: { description: 'Missing id' },
  403: { description: 'Not allowed' },
  404: { description: 'Unknown association (superadmins)' },
  409: { description: 'Sessions of the type use the association' },
};

export function sessionTypeLinksRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    // ------------------------------------------------------------------------------ session type-projects
    defineRoute({
      method: 'get',
      path: '/api/user/sessiontypes/projects',
      tags: ['user'],
      summary: "A project's session types, or a session type's projects",
      description: 'id_project wins over id_session_type. Placeholders (with_session_type, with_projects) have null ids for what is missing.',
      auth: 'user',
      query: Type.Object({
        id_project: Type.Optional(Type.Integer({ description: 'Project ID to query associated session types from' })),
        id_session_type: Type.Optional(Type.Integer({ description: 'Session type ID to query associated projects from' })),
        with_projects: Type.Optional(Type.Boolean({ description: 'With id_session_type: also the projects without the type' })),
        with_session_type: Type.Optional(Type.Boolean({ description: "With id_project: also the types of the project's site it lacks" })),
        with_sites: Type.Optional(Type.Boolean({ description: "Add the project's id_site and site_name" })),
        list: Type.Optional(Type.Boolean({ description: 'When present (any value): the ids only' })),
      }),
      responses: { 200: { description: 'The associations', schema: Type.Array(SessionTypeProjectLink) }, 400: { description: 'Missing arguments' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!query.id_project && !query.id_session_type && !query.with_projects && !query.with_session_type && !query.with_sites && !query.list) {
          throw endpointError(ctx, 400, 'Missing arguments');
        }
        const entries = query.id_project
          ? await sessionTypeLinksOfProject(deps.readDb, requester, query.id_project, query.with_session_type === true)
          : query.id_session_type
            ? await projectLinksOfSessionType(deps.readDb, requester, query.id_session_type, query.with_projects === true)
            : [];
        ctx.body = entries.map(({ id_site, site_name, ...e }) => {
          if (query.list !== undefined) return { id_session_type_project: e.id_session_type_project, id_session_type: e.id_session_type, id_project: e.id_project };
          return query.with_sites && e.id_project !== null ? { ...e, id_site, site_name } : e;
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/sessiontypes/projects',
      tags: ['user'],
      summary: "Set a type's projects or a project's types, or add type-project links (project admins)",
      description: "A type joins a project only when it is linked to the project's site. A SERVICE type brings its service to the project.",
      auth: 'user',
      body: ProjectsBody,
      responses: writeResponses('id_project', 'id_session_type_project'),
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const command = deps.commandContext(ctx, requester);
        let written: LinksWritten;
        if (body.session_type) written = await replaceProjectsOfSessionType(command, requester, body.session_type.id_session_type, ids(body.session_type.projects, 'id_project'));
        else if (body.project) written = await replaceSessionTypesOfProject(command, requester, body.project.id_project, ids(body.project.sessiontypes, 'id_session_type'));
        else if (body.session_type_project) written = await addSessionTypeProjectLinks(command, requester, postedLinks(asList(body.session_type_project), 'id_project'));
        else throw endpointError(ctx, 400, 'Unknown format');
        await deps.waitForProjections(written.position);
        ctx.body = writtenLinks(written, { id: 'id_session_type_project', other: 'id_project' });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/sessiontypes/projects',
      tags: ['user'],
      summary: 'Take a session type out of a project (an admin of the project who manages the type)',
      auth: 'user',
      query: linkIdQuery('session type-project'),
      responses: deleteResponses,
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await removeSessionTypeProjectLink(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),

    // --------------------------------------------------------------------------------- session type-sites
    defineRoute({
      method: 'get',
      path: '/api/user/sessiontypes/sites',
      tags: ['user'],
      summary: "A site's session types, or a session type's sites",
      description: 'id_session_type wins over id_site. Placeholders (with_sites, with_session_type) have null ids for what is missing.',
      auth: 'user',
      query: Type.Object({
        id_session_type: Type.Optional(Type.Integer({ description: 'Session type ID to query associated sites from' })),
        id_site: Type.Optional(Type.Integer({ description: 'Site ID to query associated session types from' })),
        with_sites: Type.Optional(Type.Boolean({ description: 'With id_session_type: also the sites without the type' })),
        with_session_type: Type.Optional(Type.Boolean({ description: 'With id_site: also the types the site lacks' })),
        list: Type.Optional(Type.Boolean({ description: 'When present (any value): the ids only' })),
      }),
      responses: { 200: { description: 'The associations', schema: Type.Array(SessionTypeSiteLink) }, 400: { description: 'Missing arguments' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!query.id_session_type && !query.id_site && !query.with_sites && !query.with_session_type && !query.list) throw endpointError(ctx, 400, 'Missing arguments');
        const entries = query.id_session_type
          ? await siteLinksOfSessionType(deps.readDb, requester, query.id_session_type, query.with_sites === true)
          : query.id_site
            ? await sessionTypeLinksOfSite(deps.readDb, requester, query.id_site, query.with_session_type === true)
            : [];
        ctx.body = entries.map((e) => (query.list !== undefined ? { id_session_type_site: e.id_session_type_site, id_session_type: e.id_session_type, id_site: e.id_site } : e));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/sessiontypes/sites',
      tags: ['user'],
      summary: "Set a type's sites or a site's types, or add type-site links (site admins)",
      description: 'Leaving a site leaves its projects too. A SERVICE type brings its service to the site.',
      auth: 'user',
      body: SitesBody,
      responses: writeResponses('id_site', 'id_session_type_site'),
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const command = deps.commandContext(ctx, requester);
        let written: LinksWritten;
        if (body.session_type) written = await replaceSitesOfSessionType(command, requester, body.session_type.id_session_type, ids(body.session_type.sites, 'id_site'));
        else if (body.site) written = await replaceSessionTypesOfSite(command, requester, body.site.id_site, ids(body.site.sessiontypes, 'id_session_type'));
        else if (body.session_type_site) written = await addSessionTypeSiteLinks(command, requester, postedLinks(asList(body.session_type_site), 'id_site'));
        else throw endpointError(ctx, 400, '');
        await deps.waitForProjections(written.position);
        ctx.body = writtenLinks(written, { id: 'id_session_type_site', other: 'id_site' });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/sessiontypes/sites',
      tags: ['user'],
      summary: 'Take a session type out of a site, and out of its projects there (site admins of that site)',
      auth: 'user',
      query: linkIdQuery('session type-site'),
      responses: deleteResponses,
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await removeSessionTypeSiteLink(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),

    // ------------------------------------------------------------------------------ session type-services
    defineRoute({
      method: 'get',
      path: '/api/user/sessiontypes/services',
      tags: ['user'],
      summary: "A session type's secondary services",
      description: 'Placeholders (with_services) have null ids for what is missing.',
      auth: 'user',
      query: Type.Object({
        id_session_type: Type.Optional(Type.Integer({ description: 'Session type ID to query associated services from' })),
        with_services: Type.Optional(Type.Boolean({ description: 'Also the services the type lacks, among those the requester may reach' })),
        list: Type.Optional(Type.Boolean({ description: 'When present (any value): the ids only' })),
      }),
      responses: { 200: { description: 'The associations', schema: Type.Array(SessionTypeServiceLink) }, 400: { description: 'Missing arguments' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!query.id_session_type && !query.with_services && !query.list) throw endpointError(ctx, 400, 'Missing arguments');
        const entries = query.id_session_type ? await serviceLinksOfSessionType(deps.readDb, requester, query.id_session_type, query.with_services === true) : [];
        ctx.body = entries.map((e) =>
          query.list !== undefined ? { id_session_type_service: e.id_session_type_service, id_session_type: e.id_session_type, id_service: e.id_service } : e,
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/sessiontypes/services',
      tags: ['user'],
      summary: "Set a type's secondary services or a service's types, or add type-service links",
      description: 'A secondary service is linked to every site and project of its type.',
      auth: 'user',
      body: ServicesBody,
      responses: writeResponses('id_service', 'id_session_type_service'),
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const command = deps.commandContext(ctx, requester);
        let written: LinksWritten;
        if (body.session_type) written = await replaceServicesOfSessionType(command, requester, body.session_type.id_session_type, ids(body.session_type.services, 'id_service'));
        else if (body.service) written = await replaceSessionTypesOfService(command, requester, body.service.id_service, ids(body.service.sessiontypes, 'id_session_type'));
        else if (body.session_type_service) written = await addSessionTypeServiceLinks(command, requester, postedLinks(asList(body.session_type_service), 'id_service'));
        else throw endpointError(ctx, 400, 'Unknown format');
        await deps.waitForProjections(written.position);
        ctx.body = writtenLinks(written, { id: 'id_session_type_service', other: 'id_service' });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/sessiontypes/services',
      tags: ['user'],
      summary: 'Remove a secondary service from a session type (who administers both)',
      auth: 'user',
      query: linkIdQuery('session type-service'),
      responses: deleteResponses,
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await removeSessionTypeServiceLink(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),
  ];
}
