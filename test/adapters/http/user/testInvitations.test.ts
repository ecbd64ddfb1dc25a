// /api/user/tests/invitations (OpenTera api-user-2.md section 23, its test_UserQueryTestsInvitations.py list),
// with the differences of docs/compat.md: a refused invitation refuses the whole request, keys of 64 random
// bits that never enter an event in clear.
import t, { type Test } from 'tap';
import { sql } from 'kysely';
import { startTestServer } from '../../../helpers/server.js';

type Invitation = Record<string, unknown> & { id_test_invitation: number; test_invitation_key: string };

const MINIMAL_KEYS = [
  'id_device',
  'id_participant',
  'id_project',
  'id_session',
  'id_test_invitation',
  'id_test_type',
  'id_user',
  'test_invitation_count',
  'test_invitation_creation_date',
  'test_invitation_expiration_date',
  'test_invitation_key',
  'test_invitation_max_count',
  'test_invitation_message',
];

const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
  t.equal(response.status, status, message);
  const text = await response.text();
  const parsed = text === '' ? text : (JSON.parse(text) as unknown);
  if (body !== undefined) t.same(parsed, body, message);
  return parsed;
};

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

t.test('/api/user/tests/invitations', async (t) => {
  const server = await startTestServer(t);
  const port = new URL(server.url).port;
  const rm = server.core.database.db.withSchema('rm');
  const path = '/api/user/tests/invitations';
  const get = (query: string, user = 'admin') => server.request(`${path}${query}`, { basic: `${user}:${user}` });
  const post = (body: unknown, user = 'admin') => server.request(path, { method: 'POST', basic: `${user}:${user}`, body });
  const invitation = (fields: Record<string, unknown>) => ({ id_test_invitation: 0, test_invitation_max_count: 1, test_invitation_count: 0, test_invitation_expiration_date: tomorrow(), ...fields });
  const create = async (count: number, fields: Record<string, unknown>): Promise<Invitation[]> => {
    // Items must differ (the schema's uniqueItems, as OpenTera).
    const response = await post({ tests_invitations: Array.from({ length: count }, (_, n) => invitation({ ...fields, test_invitation_message: `#${n}` })) });
    if (response.status !== 200) throw new Error(`create: ${response.status} ${await response.text()}`);
    return (await response.json()) as Invitation[];
  };
  const deleteAll = async () => {
    for (const i of (await (await get('')).json()) as Invitation[]) await server.request(`${path}?id=${i.id_test_invitation}`, { method: 'DELETE', basic: 'admin:admin' });
  };
  const count = async (query: string, user = 'admin') => ((await (await get(query, user)).json()) as unknown[]).length;

  t.test('given no or bad credentials, then 401 on every method', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      t.equal((await server.request(path, { method })).status, 401, method);
      t.equal((await server.request(path, { method, basic: 'invalid:invalid' })).status, 401, `${method}, bad password`);
      t.equal((await server.request(path, { method, token: 'invalid' })).status, 401, `${method}, bad token`);
    }
  });

  t.test('given an unknown argument, then 400', async (t) => {
    await expectIn(t)(await get('?id_invalid=1'), 400, { message: 'Unknown arguments: id_invalid' });
  });

  t.test('given invitations for user 1, then the admin sees them, user4 none, in each shape', async (t) => {
    const expect = expectIn(t);
    const created = await create(10, { id_test_type: 1, id_project: 2, id_user: 1 });
    t.equal(created.length, 10);
    const keys = new Set(created.map((i) => i.test_invitation_key));
    t.equal(keys.size, 10, 'each its own key');
    for (const key of keys) t.match(key, /^[0-9a-f]{16}$/);
    const all = (await expect(await get(''), 200)) as Invitation[];
    t.equal(all.length, 10);
    for (const i of all) t.same(Object.keys(i).sort(), MINIMAL_KEYS, 'minimal without full');
    t.match(all[0], { id_test_type: 1, id_project: 2, id_user: 1, id_participant: null, id_device: null, id_session: null, test_invitation_count: 0, test_invitation_max_count: 1, test_invitation_message: '#0' });
    await expect(await get('', 'user4'), 200, []);
    const full = (await expect(await get('?full=True'), 200)) as Invitation[];
    t.match(full[0], {
      test_invitation_test_type: { test_type_uuid: String, test_type_name: 'Pre-session evaluation', test_type_description: 'Evaluation shown before a session', test_type_key: 'PRE' },
      test_invitation_user: { user_uuid: String, user_firstname: 'Super', user_lastname: 'Admin' },
      test_invitation_project: { project_name: 'Default Project #2' },
    });
    t.notOk('test_invitation_session' in full[0]! || 'test_invitation_participant' in full[0]!, 'only what is set');
    t.equal(((await expect(await get('?full=false'), 200)) as Invitation[])[0]!.test_invitation_test_type !== undefined, true, "OpenTera's bool: `false` is a value, so true");
    t.notOk('test_invitation_url' in ((await expect(await get('?with_urls=1'), 200)) as Invitation[])[0]!, 'type 1 has no web format: no URL key');
    await deleteAll();

    await create(2, { id_test_type: 2, id_project: 1, id_user: 1 });
    const withUrls = (await expect(await get('?with_urls=true'), 200)) as Invitation[];
    for (const i of withUrls) t.equal(i.test_invitation_url, `http://127.0.0.1:${port}/rehab/viewer?invitation_key=${i.test_invitation_key}`);
    await expect(await get('?with_urls=true', 'user4'), 200, []);
    await deleteAll();
  });

  t.test('given filters, then each one\'s invitations, one after the other', async (t) => {
    const expect = expectIn(t);
    const forUser1 = await create(3, { id_test_type: 1, id_project: 1, id_user: 1 });
    await create(3, { id_test_type: 2, id_project: 1, id_user: 2 });
    await create(3, { id_test_type: 1, id_project: 1, id_participant: 1 });
    await create(3, { id_test_type: 1, id_project: 1, id_participant: 2 });
    await create(3, { id_test_type: 1, id_project: 2, id_device: 1 });
    await create(3, { id_test_type: 1, id_project: 2, id_device: 2, id_session: 1 });
    await create(3, { id_test_type: 2, id_project: 2, id_user: 2, id_session: 2 });
    const uuid = async (table: string, column: string, id: string, value: number) => (await rm.selectFrom(table).select(column).where(id, '=', value).executeTakeFirstOrThrow())[column] as string;

    t.same(((await expect(await get(`?id_test_invitation=${forUser1[0]!.id_test_invitation}`), 200)) as Invitation[]).length, 1);
    t.same(((await expect(await get(`?test_invitation_key=${forUser1[1]!.test_invitation_key}`), 200)) as Invitation[]).map((i) => i.id_test_invitation), [forUser1[1]!.id_test_invitation]);
    await expect(await get(`?id_test_invitation=${forUser1[0]!.id_test_invitation}`, 'user4'), 200, []);
    await expect(await get('?id_test_invitation=0'), 200, []);
    await expect(await get('?test_invitation_key=invalid'), 200, []);
    t.equal(await count('?id_user=1'), 3);
    t.equal(await count(`?user_uuid=${await uuid('users', 'user_uuid', 'id_user', 1)}`), 3, 'by uuid');
    t.equal(await count('?id_user=2'), 6);
    t.equal(await count('?id_user=1', 'user4'), 0);
    t.equal(await count('?id_user=0'), 0);
    t.equal(await count('?id_participant=1'), 3);
    t.equal(await count(`?participant_uuid=${await uuid('participants', 'participant_uuid', 'id_participant', 2)}`), 3);
    t.equal(await count('?id_participant=0'), 0);
    t.equal(await count('?id_device=1'), 3);
    t.equal(await count(`?device_uuid=${await uuid('devices', 'device_uuid', 'id_device', 2)}`), 3);
    t.equal(await count('?id_device=0'), 0);
    t.equal(await count('?id_session=1'), 3);
    t.equal(await count(`?session_uuid=${await uuid('sessions', 'session_uuid', 'id_session', 2)}`), 3);
    t.equal(await count('?id_session=0'), 0);
    t.equal(await count('?id_test_type=1'), 15);
    t.equal(await count(`?test_type_uuid=${await uuid('test_types', 'test_type_uuid', 'id_test_type', 2)}`), 6);
    t.equal(await count('?id_test_type=1', 'user4'), 0);
    t.equal(await count('?id_project=0'), 0);
    t.equal(await count('?id_project=1'), 12);
    t.equal(await count('?id_project=1', 'user4'), 0);
    t.equal(await count('?id_user=1&id_test_type=1'), 18, 'two filters: both results, one after the other (duplicates included)');
    t.equal(await count('?user_uuid=6a1c0000-0000-4000-8000-000000000000'), 0, 'an unknown uuid is ignored');
    t.equal(await count('?id_project=1', 'user'), 6, 'a project user reaches those for participants of its projects; users 1 and 2 are not users it may see');
    t.equal(await count('?id_project=2', 'user'), 9, 'its devices, and user 2 in session 2, a session it reaches');
    await deleteAll();
  });

  t.test('given bad posts, then 4xx and nothing written', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    for (const body of [{}, [], [{ invalid: 'invalid' }], { tests_invitations: [] }, { tests_invitations: [{ invalid: 'invalid' }] }, { tests_invitations: [invitation({ id_user: null })] }]) {
      t.match(await expect(await post(body), 400), { message: 'Input payload validation failed' }, JSON.stringify(body));
    }
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1 })] }), 400, 'You must specify one of id_user, id_participant or id_device');
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_user: 1, id_participant: 1 })] }), 400, 'You must specify one of id_user, id_participant or id_device');
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_user: 1, id_device: 1 })] }), 400, 'You must specify one of id_user, id_participant or id_device');
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_user: 1, id_participant: 1, id_device: 1 })] }), 400, 'You must specify one of id_user, id_participant or id_device');
    for (const target of [{ id_user: 0 }, { id_participant: 0 }, { id_device: 0 }]) await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, ...target })] }), 403, 'Forbidden', JSON.stringify(target));
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 0, id_user: 1 })] }), 403, 'Forbidden');
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_user: 1 })] }, 'user4'), 403, 'Forbidden');
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_user: 1, id_session: 0 })] }), 403, 'Forbidden');
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 3, id_project: 1, id_participant: 1 })] }, 'user'), 403, 'Forbidden', 'type 3 is out of its reach');
    await expect(await post({ tests_invitations: [invitation({ id_project: 1, id_user: 1 })] }), 400, 'Missing id_test_type');
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_user: 1 })] }), 400, 'Missing id_project');
    await expect(await post({ tests_invitations: [{ id_test_invitation: 0, id_test_type: 2, id_project: 1, id_user: 1 }] }), 400, 'Missing test_invitation_expiration_date');
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_user: 1, test_invitation_key: '0123456789abcdef' })] }), 400, 'Do not set test_invitation_key');
    await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_user: 1, test_invitation_expiration_date: 'soon' })] }), 400, 'Invalid test_invitation_expiration_date');
    await expect(
      await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_user: 1 }), invitation({ id_test_type: 2, id_project: 1, id_user: 0 })] }),
      403,
      'Forbidden',
      'one refused: none written (OpenTera writes the first)',
    );
    await expect(await post({ tests_invitations: [{ id_test_invitation: 999, test_invitation_count: 1 }] }), 403, 'Forbidden', 'an unknown invitation');
    t.equal(await server.core.store.headPosition(), before, 'nothing written');
  });

  t.test('given valid posts, then full invitations with URLs, and counts that change', async (t) => {
    const expect = expectIn(t);
    const [plain] = (await expect(
      await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_user: 1, test_invitation_count: 5, test_invitation_message: 'Bonjour', test_invitation_expiration_date: '2030-01-02T03:04:05' })] }),
      200,
    )) as Invitation[];
    t.match(plain, {
      id_test_type: 2,
      id_user: 1,
      test_invitation_count: 0,
      test_invitation_max_count: 1,
      test_invitation_message: 'Bonjour',
      test_invitation_expiration_date: '2030-01-02T03:04:05.000+00:00',
      test_invitation_test_type: { test_type_name: 'Post-session evaluation' },
      test_invitation_url: `http://127.0.0.1:${port}/rehab/viewer?invitation_key=${plain!.test_invitation_key}`,
    });
    t.ok(Math.abs(Date.parse(plain!.test_invitation_creation_date as string) - Date.now()) < 60_000, 'created now');
    const [inSession] = (await expect(await post({ tests_invitations: [invitation({ id_test_type: 2, id_project: 1, id_participant: 1, id_session: 1, test_invitation_max_count: 3 })] }), 200)) as Invitation[];
    t.match(inSession, { id_session: 1, test_invitation_max_count: 3, test_invitation_session: { session_name: 'Séance #1' }, test_invitation_participant: { participant_name: 'Participant #1' } });
    const [byUser] = (await expect(await post({ tests_invitations: [invitation({ id_test_type: 1, id_project: 1, id_device: 1 })] }, 'user'), 200)) as Invitation[];
    t.match(byUser, { id_device: 1, test_invitation_device: { device_name: 'Apple Watch #W05P1' } }, 'a project user invites');

    const updated = (await expect(await post({ tests_invitations: [{ id_test_invitation: plain!.id_test_invitation, test_invitation_count: 1 }] }), 200)) as Invitation[];
    t.equal(updated.length, 1);
    t.match(updated[0], { test_invitation_count: 1, test_invitation_key: plain!.test_invitation_key, test_invitation_url: String });
    const moved = (await expect(
      await post({ tests_invitations: [{ id_test_invitation: plain!.id_test_invitation, test_invitation_max_count: 4, test_invitation_expiration_date: '2031-01-01T00:00:00+01:00', id_test_type: 1 }] }),
      200,
    )) as Invitation[];
    t.match(moved[0], { id_test_type: 2, test_invitation_max_count: 4, test_invitation_expiration_date: '2030-12-31T23:00:00.000+00:00' }, 'the type never changes');
    await expect(await post({ tests_invitations: [{ id_test_invitation: plain!.id_test_invitation, test_invitation_message: 'x' }] }), 400, 'You can only update test_invitation_count');
    await expect(await post({ tests_invitations: [{ id_test_invitation: plain!.id_test_invitation, test_invitation_count: 2 }] }, 'user4'), 403, 'Forbidden');

    const stored = await sql<{ data: Record<string, unknown> }>`select data from es_events where type = 'TestInvitationCreated'`.execute(server.core.database.db);
    t.ok(stored.rows.length >= 3);
    for (const { data } of stored.rows) {
      t.notMatch(JSON.stringify(data), /Bonjour/, 'the message is not in the event in clear');
      t.notOk(typeof data.key === 'string', 'nor the key');
    }
  });

  t.test('given DELETE, then an invitation the requester reaches goes', async (t) => {
    const expect = expectIn(t);
    const [one] = await create(1, { id_test_type: 1, id_project: 1, id_participant: 1 });
    const del = (query: string, user = 'admin') => server.request(`${path}${query}`, { method: 'DELETE', basic: `${user}:${user}` });
    await expect(await del(`?id=${one!.id_test_invitation}&x=1`), 400, { message: 'Unknown arguments: x' });
    await expect(await del(''), 400);
    await expect(await del(`?id=${one!.id_test_invitation}`, 'user4'), 403, 'Forbidden');
    await expect(await del(`?id=${one!.id_test_invitation}`, 'user'), 200, '');
    await expect(await get(`?id_test_invitation=${one!.id_test_invitation}`), 200, []);
    await expect(await del(`?id=${one!.id_test_invitation}`), 403, 'Forbidden', 'deleted already');
  });
});
