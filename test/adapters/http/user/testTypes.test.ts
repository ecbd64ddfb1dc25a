// /api/user/testtypes (OpenTera api-user-2.md section 19, its test_UserQueryTestTypes.py list), with the fixes
// of docs/compat.md: changes and deletions by the admins of the type's sites, 404 for a type out of reach, 409
// for a refused delete.
import t, { type Test } from 'tap';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import type { Position } from '../../../../commands/eventStore.js';
import { createTestCommand, deleteTestCommand } from '../../../../commands/tests.js';
import { startTestServer } from '../../../helpers/server.js';

type TestType = Record<string, unknown> & { id_test_type: number; test_type_uuid: string };

const MINIMAL_KEYS = [
  'id_service',
  'id_test_type',
  'test_type_description',
  'test_type_has_json_format',
  'test_type_has_web_editor',
  'test_type_has_web_format',
  'test_type_key',
  'test_type_name',
  'test_type_uuid',
];
const FULL_KEYS = [...MINIMAL_KEYS, 'test_type_service_key', 'test_type_service_uuid'].sort();

const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
  t.equal(response.status, status, message);
  const text = await response.text();
  const parsed = text === '' ? text : (JSON.parse(text) as unknown);
  if (body !== undefined) t.same(parsed, body, message);
  return parsed;
};
const ids = (types: unknown) => (types as TestType[]).map((x) => x.id_test_type);

t.test('/api/user/testtypes', async (t) => {
  const server = await startTestServer(t);
  const port = new URL(server.url).port;
  const tokens = createTokens(server.core.signingKeys);
  const rm = server.core.database.db.withSchema('rm');
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const settle = async (position: Position | undefined) => {
    if (position !== undefined && !(await server.core.runner.waitFor(position))) throw new Error('the read models did not catch up');
  };
  const get = (query: string, user = 'admin') => server.request(`/api/user/testtypes${query}`, { basic: `${user}:${user}` });
  const post = (body: unknown, user = 'admin') => server.request('/api/user/testtypes', { method: 'POST', basic: `${user}:${user}`, body });
  const del = (id: number, user = 'admin') => server.request(`/api/user/testtypes?id=${id}`, { method: 'DELETE', basic: `${user}:${user}` });

  t.test('given no or bad credentials, then 401 on every method', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      t.equal((await server.request('/api/user/testtypes?id=1', { method, ...(method === 'POST' ? { body: {} } : {}) })).status, 401, method);
      t.equal((await server.request('/api/user/testtypes?id=1', { method, token: 'invalid' })).status, 401, `${method}, bad token`);
    }
  });

  t.test('given each role, then the types of its sites whose service it reaches', async (t) => {
    const expect = expectIn(t);
    const all = (await expect(await get(''), 200)) as TestType[];
    t.same(ids(all), [1, 2, 3]);
    for (const type of all) t.same(Object.keys(type).sort(), FULL_KEYS);
    t.match(all[0], {
      test_type_name: 'Pre-session evaluation',
      test_type_description: 'Evaluation shown before a session',
      test_type_key: 'PRE',
      id_service: 6,
      test_type_service_key: 'VideoRehabService',
      test_type_has_json_format: true,
      test_type_has_web_format: false,
      test_type_has_web_editor: false,
    });
    for (const type of (await expect(await get('?list=1'), 200)) as TestType[]) t.same(Object.keys(type).sort(), MINIMAL_KEYS, 'list: without the service fields');
    for (const user of ['siteadmin', 'user', 'user2', 'user3']) t.same(ids(await expect(await get('', user), 200)), [1, 2], user);
    await expect(await get('', 'user4'), 200, [], 'user4 sees none');
  });

  t.test('given a selector, then OpenTera\'s answers', async (t) => {
    const expect = expectIn(t);
    const [pre] = (await expect(await get('?id_test_type=1'), 200)) as TestType[];
    t.same(ids(await expect(await get(`?test_type_uuid=${pre!.test_type_uuid}`), 200)), [1]);
    t.same(ids(await expect(await get('?test_type_key=PRE'), 200)), [1]);
    await expect(await get('?id_test_type=1000'), 404, 'Test type not found');
    await expect(await get('?test_type_uuid=invalid'), 404, 'Test type not found');
    await expect(await get('?test_type_key=invalid'), 404, 'Test type not found');
    await expect(await get('?id_project=1000'), 403, 'Forbidden');
    await expect(await get('?id_project=2'), 200, []);
    t.same(ids(await expect(await get('?id_project=1&list=1'), 200)), [1, 2]);
    t.same(ids(await expect(await get('?id_site=2'), 200)), [1, 3]);
    t.same(ids(await expect(await get('?id_site=1&list=1'), 200)), [1, 2]);
    await expect(await get('?id_site=2', 'user'), 403, 'Forbidden');
    t.same(ids(await expect(await get('?id_site=1', 'user'), 200)), [1, 2]);
    await expect(await get('?test_type_key=PRE', 'user4'), 404, 'Test type not found', 'a type out of reach is not found (OpenTera: 500)');
    await expect(await get('?id_test_type=3', 'user'), 404, 'Test type not found', 'type 3 is only in site 2');
    await expect(await get('?id_test_type=abc'), 400);
  });

  t.test('given with_urls or with_only_token, then a service token and the service pages', async (t) => {
    const expect = expectIn(t);
    const types = (await expect(await get('?with_urls=true'), 200)) as TestType[];
    t.match(types[0], { test_type_json_url: `http://127.0.0.1:${port}/rehab/api/testtypes/form`, test_type_web_url: null, test_type_web_editor_url: null });
    t.match(types[1], { test_type_json_url: `http://127.0.0.1:${port}/rehab/api/testtypes/form`, test_type_web_url: `http://127.0.0.1:${port}/rehab/viewer`, test_type_web_editor_url: null });
    t.match(types[2], { test_type_json_url: null, test_type_web_url: `http://127.0.0.1:${port}/file/viewer`, test_type_web_editor_url: `http://127.0.0.1:${port}/file/editor` });
    const claims = await tokens.verify('service', types[0]!.access_token as string);
    t.match(claims, { iss: 'TeraServer', test_type_uuids: types[0]!.test_type_uuid, can_edit: true });
    t.equal((claims!.exp as number) - (claims!.iat as number), 1800);
    const asUser = (await expect(await get('?id_test_type=1&with_only_token=true', 'user'), 200)) as TestType[];
    t.same(Object.keys(asUser[0]!).sort(), ['access_token', 'test_type_uuid'], 'only the uuid and the token');
    t.match(await tokens.verify('service', asUser[0]!.access_token as string), { can_edit: false }, 'a project user may not edit');
    t.match(await tokens.verify('service', ((await expect(await get('?id_test_type=1&with_only_token=1', 'user3'), 200)) as TestType[])[0]!.access_token as string), { can_edit: true }, 'a project admin may');
  });

  t.test('given bad or refused posts, then 4xx and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post({}), 400, 'Missing test_type');
    await expect(await post({ test_type: { test_type_name: 'Test' } }), 400, 'Missing id_test_type');
    await expect(await post({ test_type: { id_test_type: 0, test_type_name: 'Test' } }), 403, 'Forbidden', 'without a service, as OpenTera');
    const base = { id_test_type: 0, test_type_name: 'Test', id_service: 3 };
    await expect(await post({ test_type: base }, 'siteadmin'), 400, 'Missing project(s) to associate that test type to');
    await expect(await post({ test_type: { ...base, test_type_sites: [{ id_site: 1 }], test_type_projects: [{ id_project: 1 }, { id_project: 3 }] } }, 'siteadmin'), 403, 'No project admin access for at a least one project in the list');
    await expect(await post({ test_type: { ...base, test_type_sites: [{ id_site: 2 }], test_type_projects: [{ id_project: 1 }, { id_project: 2 }] } }, 'siteadmin'), 403, 'No site admin access for at least one site in the list');
    await expect(await post({ test_type: { ...base, test_type_sites: [{ id_site: 1 }], test_type_projects: [{ id_project: 1 }] } }, 'user4'), 403, 'Forbidden');
    await expect(await post({ test_type: { ...base, id_service: 5, test_type_sites: [{ id_site: 1 }], test_type_projects: [{ id_project: 1 }] } }, 'siteadmin'), 403, 'Forbidden', 'BureauActif is no service of its');
    await expect(await post({ test_type: { ...base, id_service: 6, test_type_sites: [{ id_site: 1 }], test_type_projects: [{ id_project: 3 }] } }), 400, 'Test type not associated to project site');
    await expect(await post({ test_type: { ...base, test_type_key: 'PRE' } }), 409, 'Test type key already exists');
    await expect(await post({ test_type: { ...base, test_type_name: ' ' } }), 400, 'Missing test_type_name');
    await expect(await post({ test_type: { ...base, unknown: 1 } }), 400);
    await expect(await post({ test_type: { id_test_type: 1, test_type_name: 'X' } }, 'user'), 403, 'Forbidden', 'a project user may not change a type');
    await expect(await post({ test_type: { id_test_type: 3, test_type_name: 'X' } }, 'siteadmin'), 403, 'Forbidden', 'nor an admin of another site');
    await expect(await post({ test_type: { id_test_type: 999, test_type_name: 'X' } }), 404, 'Test type not found');
    t.equal(await server.core.store.headPosition(), before, 'nothing written');
  });

  t.test('given a site admin, then it creates, changes and deletes a type of its sites', async (t) => {
    const expect = expectIn(t);
    const created = (await expect(
      await post({ test_type: { id_test_type: 0, test_type_name: 'Test', id_service: 3, test_type_sites: [{ id_site: 1 }], test_type_projects: [{ id_project: 1 }, { id_project: 2 }] } }, 'siteadmin'),
      200,
    )) as TestType[];
    t.equal(created.length, 1);
    t.same(Object.keys(created[0]!).sort(), FULL_KEYS);
    t.match(created[0], { id_test_type: 4, test_type_name: 'Test', id_service: 3, test_type_key: null, test_type_description: null, test_type_has_json_format: false, test_type_service_key: 'FileTransferService' });
    const id = created[0]!.id_test_type;
    const links = async () => ((await (await server.request(`/api/user/testtypes/projects?id_test_type=${id}`, { basic: 'admin:admin' })).json()) as { id_project: number }[]).map((l) => l.id_project);
    t.same(await links(), [1, 2]);

    const changed = (await expect(await post({ test_type: { id_test_type: id, test_type_name: 'Test 2', test_type_has_json_format: true } }, 'siteadmin'), 200)) as TestType[];
    t.match(changed[0], { test_type_name: 'Test 2', test_type_has_json_format: true });
    await expect(await post({ test_type: { id_test_type: id, test_type_projects: [{ id_project: 1 }] } }, 'siteadmin'), 200);
    t.same(await links(), [1], 'the administered project not listed is left');

    await expect(await del(id, 'user4'), 403, 'Unable to delete - not admin in the related test type service');
    await expect(await del(id, 'user'), 403, 'Unable to delete - not admin in the related test type service');
    const session2 = await rm.selectFrom('sessions').select('session_start_datetime').where('id_session', '=', 2).executeTakeFirstOrThrow();
    const test = await createTestCommand(context, {
      typeId: id,
      sessionId: 1,
      subjects: { participantId: null, userId: null, deviceId: null, serviceId: null },
      name: 'Test Test',
      datetime: new Date(session2.session_start_datetime as Date).toISOString(),
      status: 0,
      summary: null,
    });
    await settle(test.position);
    await expect(await del(id), 409, "Can't delete test type: please delete all tests of that type before deleting.", 'a type with tests (OpenTera: 500)');
    await expect(await post({ test_type: { id_test_type: id, test_type_projects: [] } }, 'siteadmin'), 409, "Can't delete test type from project: please delete all tests of that type in the project before deleting.");
    t.same(await links(), [1], 'the refusal changed nothing');
    await settle(await deleteTestCommand(context, test.uuid));
    await expect(await del(id, 'siteadmin'), 200, '');
    await expect(await get(`?id_test_type=${id}`), 404, 'Test type not found');
    await expect(await del(id), 404, 'Test type not found', 'deleted already');
    await expect(await del(id, 'siteadmin'), 403, 'Unable to delete - not admin in the related test type service');
    await expect(await server.request('/api/user/testtypes', { method: 'DELETE', basic: 'admin:admin' }), 400, undefined, 'a missing id');
  });

  t.test('given a superadmin, then a type anywhere, its service following it to its sites and projects', async (t) => {
    const expect = expectIn(t);
    const [type] = (await expect(
      await post({ test_type: { id_test_type: 0, test_type_name: 'Desk survey', test_type_key: 'DESK', id_service: 5, test_type_has_web_format: true, test_type_sites: [{ id_site: 2 }], test_type_projects: [{ id_project: 3 }] } }),
      200,
    )) as TestType[];
    t.match(type, { test_type_key: 'DESK', id_service: 5, test_type_has_web_format: true });
    const serviceSites = await rm.selectFrom('services_sites').select('id_site').where('id_service', '=', 5).where('deleted_at', 'is', null).execute();
    const serviceProjects = await rm.selectFrom('services_projects').select('id_project').where('id_service', '=', 5).where('deleted_at', 'is', null).execute();
    t.same(serviceSites.map((r) => r.id_site), [2], 'BureauActif is linked to site 2');
    t.same(serviceProjects.map((r) => r.id_project), [3], 'and to project 3');
    const [bare] = (await expect(await post({ test_type: { id_test_type: 0, test_type_name: 'Nowhere', id_service: 3 } }), 200)) as TestType[];
    t.same(ids(await expect(await get(`?id_test_type=${bare!.id_test_type}`), 200)), [bare!.id_test_type], 'a superadmin needs no project');
    await expect(await get(`?id_test_type=${bare!.id_test_type}`, 'siteadmin'), 404, 'Test type not found', 'linked nowhere: only superadmins see it');
  });
});

t.test('given requests through the trusted proxy, then https and its external address', async (t) => {
  const server = await startTestServer(t, { config: { trustedProxies: ['127.0.0.1', '::ffff:127.0.0.1'] } });
  const response = await server.request('/api/user/testtypes?id_test_type=3&with_urls=1', { basic: 'admin:admin', headers: { 'x-externalserver': 'tera.example.org', 'x-externalport': '443' } });
  t.match(await response.json(), [{ test_type_web_url: 'https://tera.example.org:443/file/viewer', test_type_web_editor_url: 'https://tera.example.org:443/file/editor' }]);
});
