// /api/user/tests (OpenTera api-user-2.md section 22, its test_UserQueryTests.py list), with the fixes of
// docs/compat.md: tests only through sessions the requester may reach.
import t, { type Test } from 'tap';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import type { Position } from '../../../../commands/eventStore.js';
import { handle } from '../../../../commands/handle.js';
import { createSessionCommand, sessionStream } from '../../../../commands/sessions.js';
import { createTestCommand } from '../../../../commands/tests.js';
import { deleteSession, session } from '../../../../domain/session.js';
import { startTestServer } from '../../../helpers/server.js';

type TestJson = Record<string, unknown> & { id_test: number; test_uuid: string };

const MINIMAL_KEYS = ['id_device', 'id_participant', 'id_service', 'id_session', 'id_test', 'id_test_type', 'id_user', 'test_datetime', 'test_name', 'test_status', 'test_summary', 'test_uuid'];

const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
  t.equal(response.status, status, message);
  const text = await response.text();
  const parsed = text === '' ? text : (JSON.parse(text) as unknown);
  if (body !== undefined) t.same(parsed, body, message);
  return parsed;
};
const ids = (tests: unknown) => (tests as TestJson[]).map((x) => x.id_test);

t.test('/api/user/tests', async (t) => {
  const server = await startTestServer(t);
  const port = new URL(server.url).port;
  const tokens = createTokens(server.core.signingKeys);
  const rm = server.core.database.db.withSchema('rm');
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const settle = async (position: Position | undefined) => {
    if (position !== undefined && !(await server.core.runner.waitFor(position))) throw new Error('the read models did not catch up');
  };
  const get = (query: string, user = 'admin') => server.request(`/api/user/tests${query}`, { basic: `${user}:${user}` });

  t.test('given no or bad credentials, then 401 on every method', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      t.equal((await server.request('/api/user/tests?id=1', { method })).status, 401, method);
      t.equal((await server.request('/api/user/tests?id=1', { method, basic: 'invalid:invalid' })).status, 401, `${method}, bad password`);
      t.equal((await server.request('/api/user/tests?id=1', { method, token: 'invalid' })).status, 401, `${method}, bad token`);
    }
  });

  t.test('given no selector, then 400', async (t) => {
    const expect = expectIn(t);
    await expect(await get(''), 400, 'No arguments specified');
    await expect(await get('?id_invalid=1'), 400, 'No arguments specified');
    await expect(await get('?full=true'), 400, 'Missing argument');
  });

  t.test('given the seeded tests, then each selector as OpenTera', async (t) => {
    const expect = expectIn(t);
    t.same(ids(await expect(await get('?id_device=1'), 200)), [3]);
    t.same(ids(await expect(await get('?id_session=2'), 200)), [1, 3, 2], 'by type, then time');
    t.same(ids(await expect(await get('?id_participant=1'), 200)), [4, 1], 'both of type 1: session 3 is older than session 2');
    const [byUser] = (await expect(await get('?id_user=2'), 200)) as TestJson[];
    t.same(Object.keys(byUser!).sort(), MINIMAL_KEYS, 'minimal without full');
    const starts = await rm.selectFrom('sessions').select(['id_session', 'session_start_datetime']).where('id_session', 'in', [2, 3]).orderBy('id_session').execute();
    t.match(byUser, { id_test: 2, id_test_type: 2, id_session: 2, id_user: 2, test_name: 'Test #1', test_status: 0, test_summary: null });
    t.equal(byUser!.test_datetime, new Date(starts[0]!.session_start_datetime as Date).toISOString().replace('Z', '+00:00'), "dated at its session's start");
    const [first] = (await expect(await get('?id_test=1'), 200)) as TestJson[];
    t.same(ids(await expect(await get(`?test_uuid=${first!.test_uuid}`), 200)), [1]);
    await expect(await get('?id_test=99'), 200, []);
    await expect(await get('?test_uuid=nope'), 200, []);
    const [t4] = (await expect(await get('?id_test=4'), 200)) as TestJson[];
    t.equal(t4!.test_datetime, new Date(starts[1]!.session_start_datetime as Date).toISOString().replace('Z', '+00:00'));
  });

  t.test('given full, then the names', async (t) => {
    const expect = expectIn(t);
    const tests = (await expect(await get('?id_session=2&full=1'), 200)) as TestJson[];
    t.match(tests, [
      { id_test: 1, test_session_name: 'Séance #2', test_test_type_name: 'Pre-session evaluation', test_participant: 'Participant #1' },
      { id_test: 3, test_device: 'Apple Watch #W05P1' },
      { id_test: 2, test_user: 'Site Admin', test_test_type_name: 'Post-session evaluation' },
    ]);
    t.notOk('test_user' in tests[0]! || 'test_device' in tests[0]! || 'test_service' in tests[0]!, 'only the names that are set');
  });

  t.test('given with_urls or with_only_token, then tokens and the answer pages of the type\'s service', async (t) => {
    const expect = expectIn(t);
    const tests = (await expect(await get('?id_session=2&with_urls=true'), 200)) as TestJson[];
    t.equal(tests.length, 3);
    t.match(tests[0], { id_test: 1, test_answers_url: `http://127.0.0.1:${port}/rehab/api/tests/answers`, test_answers_web_url: null });
    t.match(tests[2], { id_test: 2, test_answers_web_url: `http://127.0.0.1:${port}/rehab/api/tests/answers/web` }, 'type 2 has a web format');
    const claims = await tokens.verify('service', tests[0]!.access_token as string);
    t.match(claims, { iss: 'TeraServer', test_uuids: tests[0]!.test_uuid });
    t.equal((claims!.exp as number) - (claims!.iat as number), 1800);
    const only = (await expect(await get('?id_session=2&with_only_token=true'), 200)) as TestJson[];
    t.equal(only.length, 3);
    for (const item of only) t.same(Object.keys(item).sort(), ['access_token', 'test_uuid']);
  });

  t.test('given user4 (no access), then 403 on what it names, [] otherwise', async (t) => {
    const expect = expectIn(t);
    await expect(await get('?id_device=1', 'user4'), 403, 'Device access denied');
    await expect(await get('?id_session=2', 'user4'), 403, 'Session access denied');
    await expect(await get('?id_participant=1', 'user4'), 403, 'Participant access denied');
    await expect(await get('?id_user=1', 'user4'), 403, 'User access denied');
    await expect(await get('?id_test=1', 'user4'), 200, []);
    t.same(ids(await expect(await get('?id_session=2', 'user'), 200)), [1, 3, 2], 'a project user reads them');
  });

  t.test('given POST, then 501', async (t) => {
    await expectIn(t)(await server.request('/api/user/tests', { method: 'POST', basic: 'admin:admin', body: {} }), 501, 'Test information update and creation must be done directly into a service (such as Test service)');
  });

  t.test('given a test a shared device made in a project the requester has no role in, then it stays hidden', async (t) => {
    const expect = expectIn(t);
    const secret = await createSessionCommand(context, {
      typeId: 1,
      name: 'Secret session',
      startDatetime: '2025-01-20T10:00:00.000Z',
      duration: 60,
      status: 2,
      comments: null,
      parameters: null,
      creators: { userId: null, deviceId: 1, participantId: null, serviceId: null },
      participants: [4],
      users: [],
      devices: [1],
    });
    await settle(secret.position);
    const made = await createTestCommand(context, {
      typeId: 3,
      sessionId: secret.id,
      subjects: { participantId: 4, userId: null, deviceId: 1, serviceId: null },
      name: 'Secret test',
      datetime: '2025-01-20T10:05:00+00:00',
      status: 2,
      summary: '{"score": 12}',
    });
    await settle(made.position);
    const [secretTest] = (await expect(await get(`?id_test=${made.id}`), 200)) as TestJson[];
    t.match(secretTest, { test_status: 2, test_summary: '{"score": 12}', test_datetime: '2025-01-20T10:05:00.000+00:00' });
    t.same(ids(await expect(await get('?id_device=1'), 200)), [3, made.id], 'the superadmin sees it');
    t.same(ids(await expect(await get('?id_device=1', 'siteadmin'), 200)), [3], 'a site 1 admin (device 1 is in site 1) does not');
    await expect(await get(`?id_test=${made.id}`, 'siteadmin'), 200, []);
    await expect(await server.request(`/api/user/tests?id=${made.id}`, { method: 'DELETE', basic: 'siteadmin:siteadmin' }), 403, 'Forbidden');
    await settle((await handle(context.deps, context.request, session, sessionStream(secret.uuid), deleteSession)).position);
    await expect(await get(`?id_test=${made.id}`), 200, [], 'gone with its session');
  });

  t.test('given DELETE, then a test the requester may read goes', async (t) => {
    const expect = expectIn(t);
    const del = (query: string, user = 'admin') => server.request(`/api/user/tests${query}`, { method: 'DELETE', basic: `${user}:${user}` });
    await expect(await del('?id=44'), 403, 'Forbidden');
    await expect(await del('?id=1&unknown=1'), 400, { message: 'Unknown arguments: unknown' });
    await expect(await del(''), 400);
    await expect(await del('?id=1', 'user4'), 403, 'Forbidden');
    await expect(await del('?id=1', 'user'), 200, '');
    await expect(await get('?id_test=1'), 200, []);
    t.same(ids(await expect(await get('?id_session=2'), 200)), [3, 2]);
    await expect(await del('?id=1'), 403, 'Forbidden', 'deleted already');
  });
});
