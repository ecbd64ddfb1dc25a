// /api/user/testtypes/projects and /api/user/testtypes/sites (OpenTera api-user-2.md sections 20 and 21): the
// links of test types to projects and sites, read by whoever may see both sides and written by their admins
// (commands/testTypeAdministration.ts). As OpenTera, `list` acts when merely present (`list=false` too).
// Differences in docs/compat.md ("Assets, test types, tests and invitations").
import { Type, type TSchema } from '@sinclair/typebox';
import type { Context } from 'koa';
import {
  deleteTestTypeProjectLink,
  deleteTestTypeSiteLink,
  saveTestTypeProjects,
  saveTestTypeSites,
  type LinkWritten,
  type TestTypeProjectsInput,
  type TestTypeSitesInput,
} from '../../../commands/testTypeAdministration.js';
import { projectLinksOfTestType, siteLinksOfTestType, testTypeLinksOfProject, testTypeLinksOfSite } from '../../../projections/queries/testTypes.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const idList = (key: string, missing: string) =>
  Type.Array(Type.Object({ [key]: Type.Integer() }, { additionalProperties: true }), { 'x-missing': missing, description: `Objects with ${key}; other keys are ignored` });

const postedItem = (other: string) =>
  Type.Object(
    { id_test_type: Type.Optional(Type.Integer()), [other]: Type.Optional(Type.Integer()) },
    { additionalProperties: true, description: `id_test_type and ${other}; other keys are ignored` },
  );

const oneOrMany = <T extends TSchema>(item: T) => Type.Union([item, Type.Array(item)]);

/** The posted items, each with both ids (OpenTera: "Badly formatted request" otherwise). */
function postedItems(ctx: Context, value: Record<string, unknown> | Record<string, unknown>[], other: string): { typeId: number; otherId: number }[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.some((i) => typeof i.id_test_type !== 'number' || typeof i[other] !== 'number')) throw endpointError(ctx, 400, 'Badly formatted request');
  return items.map((i) => ({ typeId: i.id_test_type as number, otherId: i[other] as number }));
}

const ProjectsBody = Type.Object(
  {
    test_type: Type.Optional(
      Type.Object(
        { id_test_type: Type.Integer({ 'x-missing': 'Missing id_test_type' }), projects: idList('id_project', 'Missing projects') },
        { additionalProperties: true, description: "Replaces the type's projects among those the requester administers" },
      ),
    ),
    project: Type.Optional(
      Type.Object({ id_project: Type.Integer({ 'x-missing': 'Missing project ID' }), testtypes: idList('id_test_type', 'Missing test types') }, { additionalProperties: true, description: "Replaces the project's test types" }),
    ),
    test_type_project: Type.Optional(oneOrMany(postedItem('id_project'))),
  },
  { additionalProperties: true, description: 'One of test_type, project or test_type_project' },
);

const SitesBody = Type.Object(
  {
    test_type: Type.Optional(
      Type.Object(
        { id_test_type: Type.Integer({ 'x-missing': 'Missing id_test_type' }), sites: idList('id_site', 'Missing sites') },
        { additionalProperties: true, description: "Replaces the type's sites among those the requester administers" },
      ),
    ),
    site: Type.Optional(
      Type.Object({ id_site: Type.Integer({ 'x-missing': 'Missing site ID' }), testtypes: idList('id_test_type', 'Missing test types') }, { additionalProperties: true, description: "Replaces the site's test types" }),
    ),
    test_type_site: Type.Optional(oneOrMany(postedItem('id_site'))),
  },
  { additionalProperties: true, description: 'One of test_type, site or test_type_site' },
);

const ProjectLink = Type.Object({
  id_test_type_project: Nullable(Type.Integer()),
  id_test_type: Nullable(Type.Integer()),
  id_project: Nullable(Type.Integer()),
  test_type_name: Type.Optional(Nullable(Type.String({ description: 'Without `list`' }))),
  project_name: Type.Optional(Nullable(Type.String({ description: 'Without `list`' }))),
  id_site: Type.Optional(Type.Integer({ description: 'With `with_sites`' })),
  site_name: Type.Optional(Type.String({ description: 'With `with_sites`' })),
});

const SiteLink = Type.Object({
  id_test_type_site: Nullable(Type.Integer()),
  id_test_type: Nullable(Type.Integer()),
  id_site: Nullable(Type.Integer()),
  test_type_name: Type.Optional(Nullable(Type.String({ description: 'Without `list`' }))),
  site_name: Type.Optional(Nullable(Type.String({ description: 'Without `list`' }))),
});

const linkIdQuery = (what: string) =>
  Type.Object({ id: Type.Integer({ description: `The ${what} association id to delete (not the test type's nor the other side's id)` }) }, { required: ['id'] });

const emptyBody = (ctx: Context) => {
  ctx.type = 'application/json';
  return '""';
};

function written(links: readonly LinkWritten[], keys: { id: string; other: string }) {
  return links.map((l) => ({ id_test_type: l.typeId, [keys.other]: l.otherId, [keys.id]: l.linkId }));
}

export function testTypeLinksRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/testtypes/projects',
      tags: ['user'],
      summary: 'Links of a project to test types, or of a test type to projects',
      description: 'id_project wins over id_test_type. Only projects and types the requester may see are listed.',
      auth: 'user',
      query: Type.Object({
        id_project: Type.Optional(Type.Integer({ description: 'Project ID to query associated test types from' })),
        id_test_type: Type.Optional(Type.Integer({ description: 'Test type ID to query associated projects from' })),
        with_projects: Type.Optional(Type.Boolean({ description: "Used with id_test_type. Also return projects that don't have any association with that type" })),
        with_tests_types: Type.Optional(Type.Boolean({ description: "Used with id_project. Also return types that don't have any association with that project" })),
        with_sites: Type.Optional(Type.Boolean({ description: 'Used with id_test_type. Also return site information of the returned projects.' })),
        list: Type.Optional(Type.Boolean({ description: 'When present (any value): the ids only' })),
      }),
      responses: { 200: { description: 'The links', schema: Type.Array(ProjectLink) }, 400: { description: '"Missing arguments", or a bad parameter' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!Object.values(query).some(Boolean)) throw endpointError(ctx, 400, 'Missing arguments');
        const entries = query.id_project
          ? await testTypeLinksOfProject(deps.readDb, requester, query.id_project, query.with_tests_types === true)
          : query.id_test_type
            ? await projectLinksOfTestType(deps.readDb, requester, query.id_test_type, query.with_projects === true)
            : [];
        ctx.body = entries.map((e) => {
          const ids = { id_test_type_project: e.id_test_type_project, id_test_type: e.id_test_type, id_project: e.id_project };
          if (query.list !== undefined) return ids;
          return { ...ids, test_type_name: e.test_type_name, project_name: e.project_name, ...(query.with_sites && e.id_project !== null ? { id_site: e.id_site, site_name: e.site_name } : {}) };
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/testtypes/projects',
      tags: ['user'],
      summary: "Replace a test type's projects or a project's test types, or add test type-project links",
      description: 'Project admins, for types they may see that are in the project\'s site; the type\'s service is linked to the project along.',
      auth: 'user',
      body: ProjectsBody,
      responses: {
        200: { description: 'The links added or already there', schema: Type.Array(Type.Object({ id_test_type: Type.Integer(), id_project: Type.Integer(), id_test_type_project: Type.Integer() })) },
        400: { description: 'Missing or badly formatted field, or "Unknown format"' },
        403: { description: 'Not allowed, or a type not in the site of the project' },
        409: { description: 'A project cannot be left while tests of the type are there' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        let input: TestTypeProjectsInput;
        if (body.test_type) input = { typeId: body.test_type.id_test_type, projectIds: body.test_type.projects.map((p) => p.id_project as number) };
        else if (body.project) input = { projectId: body.project.id_project, typeIds: body.project.testtypes.map((t) => t.id_test_type as number) };
        else if (body.test_type_project) input = { items: postedItems(ctx, body.test_type_project, 'id_project').map((i) => ({ typeId: i.typeId, projectId: i.otherId })) };
        else throw endpointError(ctx, 400, 'Unknown format');
        const result = await saveTestTypeProjects(deps.commandContext(ctx, requester), requester, input);
        await deps.waitForProjections(result.position);
        ctx.body = written(result.links, { id: 'id_test_type_project', other: 'id_project' });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/testtypes/projects',
      tags: ['user'],
      summary: 'Take a test type out of a project (admins of the project)',
      auth: 'user',
      query: linkIdQuery('test type-project'),
      responses: {
        200: { description: 'Removed' },
        400: { description: '"Not found", or a missing id' },
        403: { description: 'Not allowed' },
        409: { description: 'Refused: tests of the type are in the project' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await deleteTestTypeProjectLink(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/user/testtypes/sites',
      tags: ['user'],
      summary: 'Links of a test type to sites, or of a site to test types',
      description: 'id_test_type wins over id_site. Only sites and types the requester may see are listed.',
      auth: 'user',
      query: Type.Object({
        id_test_type: Type.Optional(Type.Integer({ description: 'Test type ID to query associated sites from' })),
        id_site: Type.Optional(Type.Integer({ description: 'Site ID to query associated test types from' })),
        with_sites: Type.Optional(Type.Boolean({ description: "Used with id_test_type. Also return sites that don't have any association with that type" })),
        with_tests_types: Type.Optional(Type.Boolean({ description: "Used with id_site. Also return test types that don't have any association with that site" })),
        list: Type.Optional(Type.Boolean({ description: 'When present (any value): the ids only' })),
      }),
      responses: { 200: { description: 'The links', schema: Type.Array(SiteLink) }, 400: { description: '"Missing arguments", or a bad parameter' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!Object.values(query).some(Boolean)) throw endpointError(ctx, 400, 'Missing arguments');
        const entries = query.id_test_type
          ? await siteLinksOfTestType(deps.readDb, requester, query.id_test_type, query.with_sites === true)
          : query.id_site
            ? await testTypeLinksOfSite(deps.readDb, requester, query.id_site, query.with_tests_types === true)
            : [];
        ctx.body = entries.map((e) => {
          const ids = { id_test_type_site: e.id_test_type_site, id_test_type: e.id_test_type, id_site: e.id_site };
          return query.list !== undefined ? ids : { ...ids, test_type_name: e.test_type_name, site_name: e.site_name };
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/testtypes/sites',
      tags: ['user'],
      summary: "Replace a test type's sites or a site's test types, or add test type-site links",
      description: 'Site admins, for types they may see; the type\'s service is linked to the site along. Leaving a site leaves its projects too.',
      auth: 'user',
      body: SitesBody,
      responses: {
        200: { description: 'The links added or already there', schema: Type.Array(Type.Object({ id_test_type: Type.Integer(), id_site: Type.Integer(), id_test_type_site: Type.Integer() })) },
        400: { description: 'Missing or badly formatted field, or no known form' },
        403: { description: 'Not allowed' },
        409: { description: 'A site cannot be left while tests of the type are in its projects' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        let input: TestTypeSitesInput;
        if (body.test_type) input = { typeId: body.test_type.id_test_type, siteIds: body.test_type.sites.map((s) => s.id_site as number) };
        else if (body.site) input = { siteId: body.site.id_site, typeIds: body.site.testtypes.map((t) => t.id_test_type as number) };
        else if (body.test_type_site) input = { items: postedItems(ctx, body.test_type_site, 'id_site').map((i) => ({ typeId: i.typeId, siteId: i.otherId })) };
        // OpenTera's answer here is an empty string.
        else throw endpointError(ctx, 400, '');
        const result = await saveTestTypeSites(deps.commandContext(ctx, requester), requester, input);
        await deps.waitForProjections(result.position);
        ctx.body = written(result.links, { id: 'id_test_type_site', other: 'id_site' });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/testtypes/sites',
      tags: ['user'],
      summary: 'Take a test type out of a site, and out of its projects there (admins of the site)',
      auth: 'user',
      query: linkIdQuery('test type-site'),
      responses: {
        200: { description: 'Removed' },
        400: { description: '"Bad parameter": unknown association, or a missing id' },
        403: { description: 'Not allowed' },
        409: { description: 'Refused: tests of the type are in the projects of the site' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await deleteTestTypeSiteLink(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),
  ];
}
