// /api/user/sessions against OpenTera's test data (api-user-2.md section 15, test_UserQuerySessions.py), with
// the fixes of docs/compat.md ("Sessions and session events"). Expected lists are computed here from the seeded
// sessions as domain.md 3.2 describes them (test/helpers/sessions.ts), never read back from our code.
import t, { type Test } from 'tap';
import { startTestServer } from '../../../helpers/server.js';
import { seededSessions, seededSessionsOf, type SeededSession } from '../../../helpers/sessions.js';

type Json = Record<string, unknown>;

const USERS = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'] as const;
const MINIMAL_KEYS = [
  'id_creator_device',
  'id_creator_participant',
  'id_creator_service',
  'id_creator_user',
  'id_session',
  'id_session_type',
  'session_assets_count',
  'session_duration',
  'session_name',
  'session_start_datetime',
  'session_status',
  'session_tests_count',
  'session_uuid',
];
const FULL_KEYS = [...MINIMAL_KEYS, 'session_comments', 'session_devices', 'session_parameters', 'session_participants', 'session_users'].sort();
const DAY = 86_400_000;
const NO_PARTICIPANT = "User doesn't have access to at least one participant of that session.";
const NO_USER = "User doesn't have access to at least one user of that session.";
const NO_DEVICE = "User doesn't have access to at least one device of that session.";

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

const idsOf = (list: unknown) => (list as Json[]).map((s) => s.id_session as number);

/** OpenTera's order: start time, newest first (the position within a block), then id, highest first. */
const ordered = (sessions: readonly SeededSession[]) => [...sessions].sort((a, b) => a.position - b.position || b.id - a.id).map((s) => s.id);

t.test('/api/user/sessions', async (t) => {
  const server = await startTestServer(t);
  const call = (path: string, user = 'admin', method = 'GET', body?: unknown, headers?: Record<string, string>) =>
    server.request(path, { method, basic: `${user}:${user}`, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const get = async (query: string, user = 'admin') => {
    const response = await call(`/api/user/sessions?${query}`, user);
    if (response.status !== 200) throw new Error(`GET ${query} as ${user}: ${response.status} ${await response.text()}`);
    return (await json(response)) as Json[];
  };
  const getIds = async (query: string, user = 'admin') => idsOf(await get(query, user));
  const post = (user: string, session: Json) => call('/api/user/sessions', user, 'POST', { session });
  const saved = async (user: string, session: Json) => {
    const response = await post(user, session);
    if (response.status !== 200) throw new Error(`POST as ${user}: ${response.status} ${await response.text()}`);
    return ((await json(response)) as Json[])[0]!;
  };
  // Every seeded session starts `now − position` days; session 1 starts "now" (of the data set).
  const anchor = Date.parse((await get('id_session=1'))[0]!.session_start_datetime as string);
  const day = (daysAgo: number) => new Date(anchor - daysAgo * DAY).toISOString().slice(0, 10);
  const inDays = (s: SeededSession, start?: string, end?: string) => (!start || day(s.position) >= start) && (!end || day(s.position) <= end);

  t.test('given no or bad credentials, then 401 on every method', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const body = method === 'POST' ? { body: {} } : {};
      t.equal((await server.request('/api/user/sessions?id=1', { method, ...body })).status, 401, method);
      t.equal((await server.request('/api/user/sessions?id=1', { method, token: 'nope', ...body })).status, 401, `${method} with a bad token`);
    }
    t.equal((await server.request('/api/user/sessions', { method: 'PUT' })).status, 405, 'an unknown method');
  });

  t.test('GET: given no truthy argument, then 400 "Missing arguments"; filters without a selector, []', async (t) => {
    const expect = expectIn(t);
    for (const query of ['', '?list=false', '?id_session=0', '?status=0', '?session_uuid=']) await expect(await call(`/api/user/sessions${query}`), 400, 'Missing arguments', query || 'nothing');
    await expect(await call('/api/user/sessions?list=true'), 200, [], 'a flag selects nothing');
    await expect(await call('/api/user/sessions?status=2&limit=3'), 200, []);
    await expect(await call('/api/user/sessions?id_session=abc'), 400, undefined, 'not an integer');
    for (const query of ['start_date=2025-02-30', 'end_date=yesterday', 'limit=-1', 'offset=-2']) {
      const response = await call(`/api/user/sessions?id_participant=1&${query}`);
      t.equal(response.status, 400, query);
      t.match(await json(response), { message: 'Input payload validation failed' });
    }
    t.equal((await call('/api/user/sessions', 'admin', 'GET', undefined, { 'accept-language': 'fr' })).status, 400);
    t.equal(await json(await call('/api/user/sessions', 'admin', 'GET', undefined, { 'accept-language': 'fr' })), 'Arguments manquants');
  });

  t.test('GET: given id_session or session_uuid, then the session, in the full or minimal form (OpenTera\'s tests)', async (t) => {
    const [full] = await get('id_session=2');
    t.same(Object.keys(full!).sort(), [...FULL_KEYS, 'session_creator_participant', 'session_creator_participant_uuid', 'session_creator_service', 'session_creator_service_uuid', 'session_creator_user', 'session_creator_user_uuid'].sort());
    const seeded = seededSessions()[1]!;
    t.match(full, {
      id_session: 2,
      session_name: 'Séance #2',
      session_status: seeded.status,
      id_creator_user: 1,
      id_creator_participant: 1,
      id_creator_service: 6,
      id_creator_device: null,
      session_creator_user: 'Super Admin',
      session_creator_participant: 'Participant #1',
      session_creator_service: 'Télé-réadaptation vidéo',
      session_comments: null,
      session_parameters: null,
      session_assets_count: Number,
      session_tests_count: Number,
    });
    t.same((full!.session_participants as Json[]).map((p) => [p.id_participant, p.participant_name, p.id_project, p.project_name]), [[1, 'Participant #1', 1, 'Default Project #1']]);
    t.same((full!.session_users as Json[]).map((u) => [u.id_user, u.user_name]), [
      [1, 'Super Admin'],
      [2, 'Site Admin'],
    ]);
    t.same(full!.session_devices, []);
    t.equal(full!.session_start_datetime, new Date(anchor - DAY).toISOString().replace('Z', '+00:00'), 'position 1: a day before session 1');

    const [minimal] = await get('id_session=1&list=1');
    t.same(Object.keys(minimal!).sort(), [...MINIMAL_KEYS, 'session_creator_user', 'session_creator_user_uuid'].sort(), 'minimal: no comments, parameters nor invitee lists');
    const [device] = await get('id_session=9');
    t.match(device, { id_creator_device: 1, session_creator_device: 'Apple Watch #W05P1', session_creator_device_uuid: 'b707e0b2-e649-47e7-a938-2b949c423f73', id_creator_service: 3, session_creator_service: 'File Transfer Service' });
    t.same((device!.session_devices as Json[]).map((d) => d.id_device), [1]);
    t.same(await getIds('id_session=-1'), [], 'an unknown id: []');
    t.same(await getIds(`session_uuid=${full!.session_uuid as string}`), [2]);
    t.same(await getIds('session_uuid=not-a-uuid'), []);
    t.same(await getIds('id_session=2&status=3&limit=1&start_date=2000-01-01&end_date=2000-01-01'), [2], 'the filters narrow lists, not one session (as OpenTera)');
    t.same(await getIds('id_participant=1&id_session=2&limit=1'), ordered(seededSessionsOf({ participant: 1 })).slice(0, 1), 'id_participant wins over id_session');
  });

  t.test('GET: given the seeded assets and tests, then each session counts its own (domain.md 3.2)', async (t) => {
    // Assets 1-3 in session 2, 4 in session 3, 5-7 in session 9; tests 1-3 in session 2, 4 in session 3.
    const expected: Record<number, [number, number]> = { 1: [0, 0], 2: [3, 3], 3: [1, 1], 9: [3, 0], 28: [0, 0] };
    for (const [id, [assets, tests]] of Object.entries(expected)) {
      for (const list of ['0', '1']) {
        const [session] = await get(`id_session=${id}&list=${list}`);
        t.same([session!.session_assets_count, session!.session_tests_count], [assets, tests], `session ${id}, list=${list}`);
      }
    }
  });

  t.test('GET: given each role, then every seeded session but for user4 (domain.md 2.7)', async (t) => {
    const all = ordered(seededSessions());
    for (const user of USERS) {
      t.same(await getIds('id_participant=1&list=1', user), user === 'user4' ? [] : all, `${user}: through participant 1`);
      const reachable = [];
      for (const id of [1, 4, 9, 17, 25, 28]) if ((await getIds(`id_session=${id}&list=1`, user)).length === 1) reachable.push(id);
      t.same(reachable, user === 'user4' ? [] : [1, 4, 9, 17, 25, 28], `${user}: one by one`);
    }
  });

  t.test('GET: given id_participant, then its sessions with OpenTera\'s filters (test_UserQuerySessions.py)', async (t) => {
    const mine = seededSessionsOf({ participant: 1 });
    t.equal(mine.length, 28);
    t.same(await getIds('id_participant=1'), ordered(mine), 'newest first, then by id');
    t.equal((await get('id_participant=1&limit=2')).length, 2);
    t.same(await getIds('id_participant=1&limit=2&offset=27'), ordered(mine).slice(27, 29));
    const notStarted = mine.filter((s) => s.status === 0);
    t.same(await getIds('id_participant=1&status=0'), ordered(notStarted), `status 0: ${notStarted.length}`);
    t.same(await getIds('id_participant=1&status=0&list=1&limit=2&offset=11'), ordered(notStarted).slice(11, 13));
    for (const [start, end] of [
      [day(6), day(4)],
      [day(3), undefined],
      [undefined, day(5)],
      [day(0), day(0)],
    ] as const) {
      const query = [start ? `start_date=${start}` : '', end ? `end_date=${end}` : ''].filter(Boolean).join('&');
      t.same(await getIds(`id_participant=1&${query}`), ordered(mine.filter((s) => inDays(s, start, end))), query);
    }
    const typed = await get('id_participant=1&with_session_type=1');
    t.equal(typed.length, 28);
    const names: Record<number, string> = { 1: 'Suivi vidéo', 2: 'Données Capteur', 3: 'Collecte données' };
    t.ok(typed.every((s) => s.session_type_name === names[s.id_session_type as number] && typeof s.session_type_color === 'string'), 'with_session_type: the type\'s name and color');
    t.notOk('session_type_name' in (await get('id_participant=1&limit=1'))[0]!, 'not without it');
    t.same(await getIds('id_participant=2'), ordered(seededSessionsOf({ participant: 2 })), 'participant 2: sessions 8, 16 and 28');
    t.same(await getIds('id_participant=4'), [], 'a participant without sessions');
    t.same(await getIds('id_participant=4', 'siteadmin'), [], "another site's participant");
  });

  t.test('GET: given id_user or id_device, then their sessions (invited or created), for whoever may access them', async (t) => {
    // Users each role may access (domain.md 2.3; test/adapters/http/user/users.test.ts).
    const accessibleUsers: Record<(typeof USERS)[number], number[]> = { admin: [1, 2, 3, 4, 5, 6], siteadmin: [2, 3, 4, 5], user: [3, 4, 5], user2: [3, 4, 5], user3: [3, 4, 5], user4: [6] };
    for (const user of USERS) {
      for (const id of [1, 2, 3, 5]) {
        const expected = accessibleUsers[user].includes(id) ? ordered(seededSessionsOf({ user: id })) : [];
        t.same(await getIds(`id_user=${id}&list=1`, user), expected, `${user}: id_user=${id}`);
      }
    }
    const admin = seededSessionsOf({ user: 1 });
    t.same(await getIds('id_user=1&limit=2'), ordered(admin).slice(0, 2));
    t.same(await getIds('id_user=1&limit=2&offset=7'), ordered(admin).slice(7, 9));
    t.same(await getIds('id_user=1&status=0'), ordered(admin.filter((s) => s.status === 0)));
    t.same(await getIds('id_user=3&start_date=' + day(6) + '&end_date=' + day(4)), ordered(seededSessionsOf({ user: 3 }).filter((s) => inDays(s, day(6), day(4)))));

    const device1 = seededSessionsOf({ device: 1 });
    t.same(await getIds('id_device=1'), ordered(device1), `device 1: ${device1.length}`);
    t.same(await getIds('id_device=1&status=0'), ordered(device1.filter((s) => s.status === 0)));
    t.same(await getIds('id_device=1&list=1&limit=2&offset=5&status=0'), ordered(device1.filter((s) => s.status === 0)).slice(5, 7));
    t.same(await getIds(`id_device=1&start_date=${day(3)}&end_date=${day(1)}`), ordered(device1.filter((s) => inDays(s, day(3), day(1)))));
    t.same(await getIds('id_device=2'), [4]);
    for (const user of USERS) t.same(await getIds('id_device=1&list=1', user), user === 'user4' ? [] : ordered(device1), `${user}: id_device=1`);
    t.same(await getIds('id_device=3'), [], 'a device without sessions');
  });

  t.test('POST: OpenTera\'s test sequence, then its session', async (t) => {
    const expect = expectIn(t);
    const session: Json = { session_name: 'Test Session', session_start_datetime: '2025-01-20 14:03:11.512345', id_session_type: 1, session_status: 2 };
    await expect(await post('admin', session), 400, 'Missing id_session');
    session.id_session = 0;
    await expect(await post('admin', session), 400, 'Missing session participants and users');
    session.session_participants_ids = [1, 2];
    await expect(await post('user4', session), 403, NO_PARTICIPANT, 'user4');
    session.session_users_ids = [1];
    const created = (await expect(await post('admin', session), 200)) as Json[];
    t.equal(created.length, 1, 'a list of one');
    const id = created[0]!.id_session as number;
    t.match(created[0], {
      session_name: 'Test Session',
      session_status: 2,
      session_start_datetime: '2025-01-20T14:03:11.512+00:00',
      session_duration: 0,
      id_creator_user: null,
      id_creator_participant: null,
      session_assets_count: 0,
      session_tests_count: 0,
    });
    t.notOk('session_creator_user' in created[0]!, 'no creator: OpenTera does not set one');
    t.notOk('session_type_name' in created[0]!, 'OpenTera drops the type name it builds');
    t.same((created[0]!.session_participants as Json[]).map((p) => p.id_participant), [1, 2]);
    t.same((created[0]!.session_users as Json[]).map((u) => u.id_user), [1]);

    const [updated] = (await expect(await post('admin', { id_session: id, session_status: 2, session_name: 'Test Session 2' }), 200)) as Json[];
    t.match(updated, { id_session: id, session_name: 'Test Session 2', session_status: 2 });
    const [moved] = (await expect(await post('admin', { id_session: id, session_participants_ids: [2, 3] }), 200)) as Json[];
    t.same((moved!.session_participants as Json[]).map((p) => p.id_participant), [2, 3], 'the participants became these');
    t.same((moved!.session_users as Json[]).map((u) => u.id_user), [1], 'the users stayed');
    const [params] = (await expect(await post('admin', { id_session: id, session_parameters: 'ParametersXYZJSONString' }), 200)) as Json[];
    t.equal(params!.session_parameters, 'ParametersXYZJSONString', 'a string comes back as it was');
    const [object] = (await expect(await post('admin', { id_session: id, session_parameters: { volume: 3, muted: false } }), 200)) as Json[];
    t.same(object!.session_parameters, { volume: 3, muted: false }, 'an object is stored as JSON text and answered parsed');
    const [same] = await get(`id_session=${id}`);
    t.same(same!.session_parameters, { volume: 3, muted: false }, 'and read back parsed');
    await expect(await post('admin', { id_session: id, session_participants_ids: [], session_users_ids: [] }), 200, undefined, 'empty lists change nothing (OpenTera)');
    t.same(idsOf(await get(`id_participant=2&list=1`)).includes(id), true);

    await expect(await call(`/api/user/sessions?id=${id}`, 'user4', 'DELETE'), 403, 'Forbidden', 'user4');
    await expect(await call(`/api/user/sessions?id=${id}`, 'admin', 'DELETE'), 200, '');
    t.same(await getIds(`id_session=${id}`), [], 'gone');
    await expect(await call(`/api/user/sessions?id=${id}`, 'admin', 'DELETE'), 404, 'Invalid session', 'a second time: unknown (OpenTera: 500)');
    await expect(await post('admin', { id_session: id, session_name: 'Back' }), 404, 'Invalid session', 'a deleted session cannot be updated');
  });

  t.test('POST: given a new session, then OpenTera\'s defaults', async (t) => {
    const before = Date.now();
    const created = await saved('user3', { id_session: 0, id_session_type: 2, session_name: 'Defaults', session_participants_ids: [1], session_status: 0 });
    t.equal(created.session_status, 1, 'status 0 becomes 1 (in progress): a kept OpenTera quirk');
    t.ok(Date.parse(created.session_start_datetime as string) >= before - 1000, 'no start: now');
    t.match(created, { session_duration: 0, session_comments: null, session_parameters: null, id_creator_user: null });
    const withCreator = await saved('user3', { id_session: 0, id_session_type: 3, session_name: 'Mine', session_users_ids: [5], id_creator_user: 5, session_start_datetime: '2025-03-01T10:00:00-05:00' });
    t.match(withCreator, { session_status: 1, id_creator_user: 5, session_creator_user: 'Project Admin', session_start_datetime: '2025-03-01T15:00:00.000+00:00' });
    t.same(withCreator.session_participants, [], 'a session of users only');
    t.same(await getIds(`id_session=${String(withCreator.id_session)}`, 'user3'), [withCreator.id_session], 'its creator reaches it');
    t.same(await getIds(`id_session=${String(withCreator.id_session)}`, 'user'), [withCreator.id_session], 'so does a user who may access user3 (no participant: no project)');
    t.same(await getIds(`id_session=${String(withCreator.id_session)}`, 'user4'), []);
    t.same(await getIds(`id_user=5&list=1`, 'user3').then((ids) => ids.includes(withCreator.id_session as number)), true, 'listed for its creator');
    const noUsers = await saved('admin', { id_session: 0, id_session_type: 1, session_name: 'Created by user, nobody invited', session_participants_ids: [1], id_creator_user: 3, session_status: 2 });
    t.ok((await getIds('id_user=3')).includes(noUsers.id_session as number), 'a session created by the user without inviting it is listed (OpenTera misses it)');
  });

  t.test('POST: given refusals, then 4xx and nothing is written', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    const base = { id_session: 0, id_session_type: 1, session_name: 'Refused', session_participants_ids: [1] };
    await expect(await call('/api/user/sessions', 'admin', 'POST', {}), 400, 'Missing session');
    await expect(await post('admin', { ...base, session_token: 'x' }), 400, { errors: { 'session.session_token': 'Unknown field' }, message: 'Input payload validation failed' }, 'an unknown field');
    await expect(await post('admin', { ...base, id_session: -1 }), 400, undefined, 'a negative id');
    await expect(await post('admin', { ...base, session_participants_ids: [], session_users_ids: [] }), 400, 'Missing session participants and users', 'nobody invited');
    await expect(await post('admin', { ...base, id_session_type: undefined }), 400, 'Missing id_session_type', 'no type (OpenTera: 500)');
    await expect(await post('admin', { ...base, id_session_type: 99 }), 400, 'Invalid session type', 'an unknown type (OpenTera: 500)');
    await expect(await post('admin', { ...base, session_name: undefined }), 400, "Missing argument 'session name'", 'no name (OpenTera: 500)');
    await expect(await post('admin', { ...base, session_start_datetime: 'tomorrow' }), 400, "Invalid argument 'session_start_datetime'");
    await expect(await post('admin', { ...base, session_status: 7 }), 400, 'Invalid session_status');
    await expect(await post('admin', { ...base, session_duration: -5 }), 400);
    await expect(await post('admin', { ...base, session_parameters: [1, 2] }), 400, undefined, 'parameters: a text or an object');
    await expect(await post('siteadmin', { ...base, session_participants_ids: [4] }), 403, NO_PARTICIPANT, "another site's participant");
    await expect(await post('siteadmin', { ...base, session_participants_ids: [99] }), 403, NO_PARTICIPANT, 'an unknown participant');
    await expect(await post('user', { ...base, session_users_ids: [2] }), 403, NO_USER, 'a user it may not access');
    await expect(await post('siteadmin', { ...base, session_devices_ids: [3] }), 403, NO_DEVICE, 'a device it may not see');
    await expect(await post('user', { ...base, id_creator_user: 1 }), 403, NO_USER, 'a creator it may not access');
    await expect(await post('user', { ...base, id_creator_participant: 4 }), 403, NO_PARTICIPANT);
    await expect(await post('admin', { ...base, id_creator_service: 99 }), 400, 'Invalid service');
    await expect(await post('user4', { id_session: 1, session_name: 'x' }), 403, 'No access to session.', 'an update without access');
    await expect(await post('siteadmin', { id_session: 999, session_name: 'x' }), 403, 'No access to session.', 'an unknown session looks forbidden to a non-superadmin');
    await expect(await post('admin', { id_session: 999, session_name: 'x' }), 404, 'Invalid session', 'a superadmin learns it is unknown (OpenTera: 500)');
    await expect(await post('admin', { id_session: 1, id_creator_user: 3 }), 400, 'Session creators cannot be changed');
    await expect(await post('admin', { id_session: 1, id_session_type: 99 }), 400, 'Invalid session type');
    await expect(await post('admin', { id_session: 1, session_name: 'x', session_users_ids: [99] }), 403, NO_USER, 'an update is checked as a creation');
    t.equal(await server.core.store.headPosition(), before, 'nothing written');
    await expect(await post('admin', { id_session: 1, id_creator_user: 1, session_creator_user: 'Super Admin', session_assets_count: 0, session_uuid: 'x' }), 200, undefined, 'the same creator and the fields GET adds are accepted');
    t.equal(await server.core.store.headPosition(), before, 'and change nothing');
    const french = await call('/api/user/sessions', 'user4', 'POST', { session: { id_session: 1 } }, { 'accept-language': 'fr' });
    t.equal(await json(french), 'Aucun accès à la séance.', "OpenTera's French");
  });

  t.test('POST: given a role, then it writes the sessions it may reach', async (t) => {
    const expect = expectIn(t);
    const created = await saved('user', { id_session: 0, id_session_type: 4, session_name: 'By a project user', session_participants_ids: [3], session_status: 2 });
    for (const user of USERS) {
      t.same(await getIds(`id_session=${String(created.id_session)}&list=1`, user), user === 'user4' ? [] : [created.id_session], `${user} reaches it`);
    }
    const [renamed] = (await expect(await post('user2', { id_session: created.id_session, session_name: 'Renamed by user2', session_comments: 'Went well' }), 200)) as Json[];
    t.match(renamed, { session_name: 'Renamed by user2', session_comments: 'Went well' });
    const events = await server.core.store.readStream(`session-${created.session_uuid as string}`);
    t.match(events.map((e) => [e.type, e.metadata.actor.kind]), [
      ['SessionCreated', 'user'],
      ['SessionChanged', 'user'],
    ]);
    const token = await server.login('siteadmin');
    const byToken = await server.request('/api/user/sessions', { method: 'POST', token, body: { session: { id_session: created.id_session, session_duration: 90 } } });
    t.equal(byToken.status, 200, 'by token');
    t.match(((await json(byToken)) as Json[])[0], { session_duration: 90 });
  });

  t.test('DELETE: given its refusals, then 4xx and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/sessions', 'admin', 'DELETE'), 400, undefined, 'no id');
    await expect(await call('/api/user/sessions?id=x', 'admin', 'DELETE'), 400);
    await expect(await call('/api/user/sessions?id=999', 'siteadmin', 'DELETE'), 403, 'Forbidden', 'unknown, for a non-superadmin (OpenTera: 500)');
    await expect(await call('/api/user/sessions?id=999', 'admin', 'DELETE'), 404, 'Invalid session');
    await expect(await call('/api/user/sessions?id=5', 'user4', 'DELETE'), 403, 'Forbidden');
    // Session 4 is in progress (status 1, domain.md 3.2).
    await expect(await call('/api/user/sessions?id=4', 'admin', 'DELETE'), 409, "Session is in progress: can't delete that session.", 'OpenTera: 403');
    await expect(await call('/api/user/sessions?id=4', 'admin', 'DELETE', undefined, { 'accept-language': 'fr' }), 409, 'La séance est en cours: impossible de supprimer.');
    // Session 5 invites the superadmin, whom no one else may access (OpenTera's check, site admins' groups counted).
    await expect(await call('/api/user/sessions?id=5', 'siteadmin', 'DELETE'), 403, NO_USER);
    await expect(await call('/api/user/sessions?id=5', 'user3', 'DELETE'), 403, NO_USER);
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('DELETE: given access to all of its invitees, then the session and its events go', async (t) => {
    const expect = expectIn(t);
    // Session 21: participant 1, user3 (5); status 2 (domain.md 3.2).
    await expect(await call('/api/user/sessions?id=21', 'user', 'DELETE'), 200, '', 'a project user with access to all its invitees (as OpenTera)');
    t.same(await getIds('id_session=21'), []);
    t.notOk((await getIds('id_participant=1&list=1')).includes(21), 'no longer listed');
    // Session 17: participant 1 and device 1, created by participant 1; status 0.
    await expect(await call('/api/user/sessions?id=17', 'siteadmin', 'DELETE'), 200, '');
    // Session 2 has events (12).
    await expect(await call('/api/user/sessions?id=2', 'admin', 'DELETE'), 200, '');
    await expect(await call('/api/user/sessions/events?id_session=2'), 200, [], 'its events went with it');
  });
});
