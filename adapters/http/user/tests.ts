// /api/user/tests (OpenTera api-user-2.md section 22): the tests of sessions the requester may reach, with an
// access token and the type service's answer URLs on request, and their deletion. Tests are written by the
// services that run them (POST answers 501, as OpenTera). Differences in docs/compat.md ("Assets, test types,
// tests and invitations").
import { Type, type TSchema } from '@sinclair/typebox';
import { deleteTestByUser } from '../../../commands/testAdministration.js';
import { isDeviceVisible } from '../../../projections/queries/devices.js';
import { selectAccessibleParticipants } from '../../../projections/queries/participants.js';
import { isSessionAccessible } from '../../../projections/queries/sessions.js';
import { testFullJson, testMinimalJson, testsForUser, type TestSelection } from '../../../projections/queries/tests.js';
import { isUserVisible } from '../../../projections/queries/usersAdmin.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { externalBase, serviceAccessToken, serviceBase } from '../serviceLinks.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const ListedTest = Type.Object({
  id_test: Type.Optional(Type.Integer()),
  id_test_type: Type.Optional(Type.Integer()),
  id_session: Type.Optional(Type.Integer()),
  id_device: Type.Optional(Nullable(Type.Integer())),
  id_participant: Type.Optional(Nullable(Type.Integer())),
  id_user: Type.Optional(Nullable(Type.Integer())),
  id_service: Type.Optional(Nullable(Type.Integer())),
  test_uuid: Type.String({ format: 'uuid' }),
  test_name: Type.Optional(Type.String()),
  test_datetime: Type.Optional(Type.String({ description: 'ISO 8601' })),
  test_status: Type.Optional(Type.Integer({ description: '0 incomplete, 1 in progress, 2 completed' })),
  test_summary: Type.Optional(Nullable(Type.String({ description: 'Usually JSON text; null once erased' }))),
  test_session_name: Type.Optional(Type.String({ description: 'With `full`' })),
  test_test_type_name: Type.Optional(Type.String({ description: 'With `full`' })),
  test_test_type_uuid: Type.Optional(Type.String({ description: 'With `full`' })),
  test_device: Type.Optional(Nullable(Type.String({ description: 'With `full`, when set' }))),
  test_user: Type.Optional(Type.String({ description: 'With `full`, when set' })),
  test_participant: Type.Optional(Nullable(Type.String({ description: 'With `full`, when set' }))),
  test_service: Type.Optional(Nullable(Type.String({ description: 'With `full`, when set' }))),
  access_token: Type.Optional(Type.String({ description: 'With `with_urls` or `with_only_token`: 30 minutes, for the service of the type' })),
  test_answers_url: Type.Optional(Nullable(Type.String({ description: 'With `with_urls`' }))),
  test_answers_web_url: Type.Optional(Nullable(Type.String({ description: 'With `with_urls`, when the type has a web format' }))),
});

export function testsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/tests',
      tags: ['user'],
      summary: 'Tests, by one selector',
      description:
        'One selector, the first given in this order: id_device, id_session, id_participant, id_user, id_test, test_uuid. Only tests of sessions the requester may reach are listed; a test by id or uuid also needs the service of its type reachable.',
      auth: 'user',
      query: Type.Object({
        id_test: Type.Optional(Type.Integer({ description: 'Specific ID of test to query information.' })),
        test_uuid: Type.Optional(Type.String({ description: 'Specific UUID of test to query information.' })),
        id_device: Type.Optional(Type.Integer({ description: 'ID of the device from which to request all tests' })),
        id_session: Type.Optional(Type.Integer({ description: 'ID of session from which to request all tests' })),
        id_participant: Type.Optional(Type.Integer({ description: 'ID of participant from which to request all tests' })),
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user from which to request all tests.' })),
        with_urls: Type.Optional(Type.Boolean({ description: 'Also include tests results url' })),
        with_only_token: Type.Optional(Type.Boolean({ description: 'Only includes the access token.' })),
        full: Type.Optional(Type.Boolean({ description: 'Also include names of sessions, users, services, ... in the reply' })),
      }),
      responses: {
        200: { description: 'The tests', schema: Type.Array(ListedTest) },
        400: { description: '"No arguments specified" or "Missing argument" (flags only), or a bad parameter' },
        401: { description: 'Not authenticated' },
        403: { description: 'The selected device, session, participant or user is not reachable' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const db = deps.readDb;
        if (!Object.values(query).some(Boolean)) throw endpointError(ctx, 400, 'No arguments specified');
        let selection: TestSelection;
        if (query.id_device) {
          if (!(await isDeviceVisible(db, requester, query.id_device))) throw endpointError(ctx, 403, 'Device access denied');
          selection = { by: 'device', id: query.id_device };
        } else if (query.id_session) {
          if (!(await isSessionAccessible(db, requester, query.id_session))) throw endpointError(ctx, 403, 'Session access denied');
          selection = { by: 'session', id: query.id_session };
        } else if (query.id_participant) {
          if ((await selectAccessibleParticipants(db, requester, { by: 'id', id: query.id_participant })).length === 0) throw endpointError(ctx, 403, 'Participant access denied');
          selection = { by: 'participant', id: query.id_participant };
        } else if (query.id_user) {
          if (!(await isUserVisible(db, requester, query.id_user))) throw endpointError(ctx, 403, 'User access denied');
          selection = { by: 'user', id: query.id_user };
        } else if (query.id_test) selection = { by: 'id', id: query.id_test };
        else if (query.test_uuid) selection = { by: 'uuid', uuid: query.test_uuid };
        else throw endpointError(ctx, 400, 'Missing argument');
        const rows = await testsForUser(db, requester, selection);
        const base = externalBase(ctx, deps.trustedProxies);
        const items: Record<string, unknown>[] = [];
        for (const row of rows) {
          const item: Record<string, unknown> = query.with_only_token ? { test_uuid: row.test_uuid } : query.full ? { ...testFullJson(row) } : { ...testMinimalJson(row) };
          if (query.with_urls || query.with_only_token) item.access_token = await serviceAccessToken(deps, { test_uuids: row.test_uuid, requester_uuid: requester.uuid });
          if (query.with_urls) {
            const service = serviceBase(base, { enabled: row.type_service_enabled, clientEndpoint: row.type_service_clientendpoint });
            item.test_answers_url = service === null ? null : `${service}/api/tests/answers`;
            item.test_answers_web_url = service !== null && row.test_type_has_web_format ? `${service}/api/tests/answers/web` : null;
          }
          items.push(item);
        }
        ctx.body = items;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/tests',
      tags: ['user'],
      summary: 'Not here: tests are written by the service that runs them (501, as OpenTera)',
      auth: 'user',
      responses: { 401: { description: 'Not authenticated' }, 501: { description: 'Always, once authenticated' } },
      async handler(ctx) {
        throw endpointError(ctx, 501, 'Test information update and creation must be done directly into a service (such as Test service)');
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/tests',
      tags: ['user'],
      summary: 'Delete a test the requester may read',
      auth: 'user',
      strictQuery: true,
      query: Type.Object({ id: Type.Integer({ description: 'Test ID to delete' }) }, { required: ['id'] }),
      responses: { 200: { description: 'Deleted' }, 400: { description: 'Missing id, or an unknown argument' }, 403: { description: 'Unknown test, or not reachable' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await deleteTestByUser(deps.commandContext(ctx, requester), requester, query.id));
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
