// /api/user/testtypes (OpenTera api-user-2.md section 19): the test types the requester may see, with an access
// token and the type service's URLs on request, and their creation, change and deletion by site and project
// admins (commands/testTypeAdministration.ts). Differences in docs/compat.md ("Assets, test types, tests and
// invitations").
import { Type, type TSchema } from '@sinclair/typebox';
import type { Context } from 'koa';
import { deleteTestTypeByUser, saveTestType, type TestTypeInput } from '../../../commands/testTypeAdministration.js';
import type { TestTypeFields } from '../../../domain/testType.js';
import { projectRoleOf, siteRoleOf } from '../../../projections/queries/access.js';
import { editableTestTypeIds, testTypeExists, testTypeFullJson, testTypeMinimalJson, testTypeRowById, testTypesFor, type TestTypeRow, type TestTypeSelection } from '../../../projections/queries/testTypes.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { externalBase, serviceAccessToken, serviceBase } from '../serviceLinks.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const MinimalTestType = Type.Object({
  id_test_type: Type.Integer(),
  id_service: Type.Integer(),
  test_type_uuid: Type.String({ format: 'uuid' }),
  test_type_name: Type.String(),
  test_type_description: Nullable(Type.String()),
  test_type_key: Nullable(Type.String()),
  test_type_has_json_format: Type.Boolean(),
  test_type_has_web_format: Type.Boolean(),
  test_type_has_web_editor: Type.Boolean(),
});

export const FullTestType = Type.Composite([MinimalTestType, Type.Object({ test_type_service_key: Type.String(), test_type_service_uuid: Type.String({ format: 'uuid' }) })]);

const ListedTestType = Type.Composite([
  Type.Partial(FullTestType),
  Type.Object({
    test_type_uuid: Type.String({ format: 'uuid' }),
    access_token: Type.Optional(Type.String({ description: 'With `with_urls` or `with_only_token`: 30 minutes, for the service; `can_edit` when the requester administers a project of the type' })),
    test_type_json_url: Type.Optional(Nullable(Type.String({ description: 'With `with_urls`, when the type has a JSON format' }))),
    test_type_web_url: Type.Optional(Nullable(Type.String({ description: 'With `with_urls`, when the type has a web format' }))),
    test_type_web_editor_url: Type.Optional(Nullable(Type.String({ description: 'With `with_urls`, when the type has a web editor' }))),
  }),
]);

/** The URLs of a type's service pages (OpenTera's `get_service_urls`): null when the page does not exist or the service is disabled. */
export function testTypeUrls(base: string, row: Pick<TestTypeRow, 'service_enabled' | 'service_clientendpoint' | 'test_type_has_json_format' | 'test_type_has_web_format' | 'test_type_has_web_editor'>) {
  const service = serviceBase(base, { enabled: row.service_enabled, clientEndpoint: row.service_clientendpoint });
  return {
    test_type_json_url: service !== null && row.test_type_has_json_format ? `${service}/api/testtypes/form` : null,
    test_type_web_url: service !== null && row.test_type_has_web_format ? `${service}/viewer` : null,
    test_type_web_editor_url: service !== null && row.test_type_has_web_editor ? `${service}/editor` : null,
  };
}

const readBack = (description: string) => Type.Optional(Type.Unknown({ description: `Read-only (${description}): accepted and ignored` }));

const TestTypeBody = Type.Object(
  {
    test_type: Type.Object(
      {
        id_test_type: Type.Integer({ minimum: 0, description: '0 creates a test type', 'x-missing': 'Missing id_test_type' }),
        id_service: Type.Optional(Type.Integer({ description: 'Required on create: a service the requester administers' })),
        test_type_name: Type.Optional(Type.String({ description: 'Required on create' })),
        test_type_description: Type.Optional(Nullable(Type.String())),
        test_type_key: Type.Optional(Nullable(Type.String({ description: 'Unique among test types; blank or null: none' }))),
        test_type_has_json_format: Type.Optional(Type.Boolean()),
        test_type_has_web_format: Type.Optional(Type.Boolean()),
        test_type_has_web_editor: Type.Optional(Type.Boolean()),
        test_type_sites: Type.Optional(
          Type.Array(Type.Object({ id_site: Type.Integer() }, { additionalProperties: true }), {
            description: 'Sites the requester administers. A new type gets these; on update they are added, and the administered sites not listed are left',
          }),
        ),
        test_type_projects: Type.Optional(
          Type.Array(Type.Object({ id_project: Type.Integer() }, { additionalProperties: true }), {
            description: 'Projects the requester administers (required to create, except for superadmins), in sites of the type. On update, the administered projects not listed are left',
          }),
        ),
        test_type_uuid: readBack('generated'),
        test_type_service_key: readBack('computed'),
        test_type_service_uuid: readBack('computed'),
      },
      { additionalProperties: false, 'x-missing': 'Missing test_type' },
    ),
  },
  { additionalProperties: false },
);

const emptyBody = (ctx: Context) => {
  ctx.type = 'application/json';
  return '""';
};

export function testTypesRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/testtypes',
      tags: ['user'],
      summary: 'The test types the requester may see',
      description: 'One selector, the first given in this order: id_test_type, test_type_key, test_type_uuid, id_project, id_site; none lists every visible type.',
      auth: 'user',
      query: Type.Object({
        id_test_type: Type.Optional(Type.Integer({ description: 'ID of the test type to query' })),
        test_type_uuid: Type.Optional(Type.String({ description: 'UUID of the test type to query' })),
        test_type_key: Type.Optional(Type.String({ description: 'Key of the test type to query' })),
        id_project: Type.Optional(Type.Integer({ description: 'ID of the project to get test types for' })),
        id_site: Type.Optional(Type.Integer({ description: 'ID of the site to get test types for' })),
        list: Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data to minimal information' })),
        with_urls: Type.Optional(Type.Boolean({ description: 'Also include test types urls' })),
        with_only_token: Type.Optional(Type.Boolean({ description: 'Only includes the access token.' })),
      }),
      responses: {
        200: { description: 'The test types', schema: Type.Array(ListedTestType) },
        400: { description: 'Bad parameter' },
        401: { description: 'Not authenticated' },
        403: { description: 'A project or site without a role there' },
        404: { description: '"Test type not found": unknown, or not visible to the requester' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const db = deps.readDb;
        let selection: TestTypeSelection = { all: true };
        let single = false;
        if (query.id_test_type) {
          selection = { id: query.id_test_type };
          single = true;
        } else if (query.test_type_key) {
          if (!(await testTypeExists(db, { key: query.test_type_key }))) throw endpointError(ctx, 404, 'Test type not found');
          selection = { key: query.test_type_key };
          single = true;
        } else if (query.test_type_uuid) {
          if (!(await testTypeExists(db, { uuid: query.test_type_uuid }))) throw endpointError(ctx, 404, 'Test type not found');
          selection = { uuid: query.test_type_uuid };
          single = true;
        } else if (query.id_project) {
          if ((await projectRoleOf(db, requester, query.id_project)) === undefined) throw endpointError(ctx, 403, 'Forbidden');
          selection = { projectId: query.id_project };
        } else if (query.id_site) {
          if ((await siteRoleOf(db, requester, query.id_site)) === undefined) throw endpointError(ctx, 403, 'Forbidden');
          selection = { siteId: query.id_site };
        }
        const rows = await testTypesFor(db, requester, selection);
        if (single && rows.length === 0) throw endpointError(ctx, 404, 'Test type not found');
        const withToken = query.with_urls === true || query.with_only_token === true;
        const editable = withToken ? await editableTestTypeIds(db, requester, rows.map((r) => r.id_test_type)) : new Set<number>();
        const base = externalBase(ctx, deps.trustedProxies);
        const items: Record<string, unknown>[] = [];
        for (const row of rows) {
          const item: Record<string, unknown> = query.with_only_token ? { test_type_uuid: row.test_type_uuid } : query.list ? { ...testTypeMinimalJson(row) } : { ...testTypeFullJson(row) };
          if (withToken) {
            item.access_token = await serviceAccessToken(deps, { test_type_uuids: row.test_type_uuid, can_edit: editable.has(row.id_test_type), requester_uuid: requester.uuid });
          }
          // As OpenTera, the URLs come with `with_urls` even when `with_only_token` trims the rest.
          if (query.with_urls) Object.assign(item, testTypeUrls(base, row));
          items.push(item);
        }
        ctx.body = items;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/testtypes',
      tags: ['user'],
      summary: 'Create (id_test_type 0) or change a test type, and its sites and projects',
      description:
        'Create: superadmins, or project admins giving the projects (of sites they administer) the type is for, with a service they administer. Change: superadmins and admins of a site the type is in. The type\'s service is linked where the type is.',
      auth: 'user',
      body: TestTypeBody,
      responses: {
        200: { description: 'The saved test type', schema: Type.Array(FullTestType) },
        400: { description: 'Missing or invalid field, or a project outside the type\'s sites' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown test type (superadmins)' },
        409: { description: 'A key already taken, or a site or project left while tests of the type are there' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const t = body.test_type;
        const fields: Partial<TestTypeFields> = {};
        if (t.id_service !== undefined) fields.serviceId = t.id_service;
        if (t.test_type_name !== undefined) fields.name = t.test_type_name;
        if (t.test_type_description !== undefined) fields.description = t.test_type_description;
        if (t.test_type_key !== undefined) fields.key = t.test_type_key;
        if (t.test_type_has_json_format !== undefined) fields.hasJsonFormat = t.test_type_has_json_format;
        if (t.test_type_has_web_format !== undefined) fields.hasWebFormat = t.test_type_has_web_format;
        if (t.test_type_has_web_editor !== undefined) fields.hasWebEditor = t.test_type_has_web_editor;
        const input: TestTypeInput = {
          id: t.id_test_type,
          fields,
          ...(t.test_type_sites ? { sites: t.test_type_sites.map((s) => s.id_site) } : {}),
          ...(t.test_type_projects ? { projects: t.test_type_projects.map((p) => p.id_project) } : {}),
        };
        const result = await saveTestType(deps.commandContext(ctx, requester), requester, input);
        await deps.waitForProjections(result.position);
        const row = await testTypeRowById(deps.readDb, result.id);
        ctx.body = row ? [testTypeFullJson(row)] : [];
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/testtypes',
      tags: ['user'],
      summary: 'Delete a test type (superadmins, and admins of every site the type is in)',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Test type ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted' },
        400: { description: 'Missing id' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown test type (superadmins)' },
        409: { description: 'Refused: tests of that type exist' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await deleteTestTypeByUser(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),
  ];
}
