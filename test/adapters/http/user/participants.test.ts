// /api/user/participants against a real server on OpenTera's test data (api-user-1.md section 16,
// test_UserQueryParticipants.py, samples 13, 14 and 18), with the fixes of docs/compat.md.
import t, { type Test } from 'tap';
import { linkDeviceToParticipantCommand, linkDeviceToProjectCommand, linkDeviceToSiteCommand, registerDeviceCommand, unlinkDeviceFromProjectCommand } from '../../../../commands/devices.js';
import { startTestServer } from '../../../helpers/server.js';
import { clearSessionsOf } from '../../../helpers/sessions.js';

// The bodies of OpenTera's captured replies (samples 14-user-participants-id1 and 13-user-participants-project1-list,
// first element): our replies must have exactly these fields, with these types.
const SAMPLE_14 = {
  id_participant: 1,
  id_participant_group: 1,
  id_project: 1,
  id_site: 1,
  participant_busy: false,
  participant_email: 'x@opentera.org',
  participant_enabled: true,
  participant_lastonline: null,
  participant_lastsession: '2026-11-28T17:31:47.998193+00:00',
  participant_login_enabled: true,
  participant_name: 'Participant #1',
  participant_online: false,
  participant_project_enabled: true,
  participant_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJUZXJhU2VydmVyIiwianRpIjoiNGRhZmUxYTAtYTliMy00N2VlLTljMDYtMzdiYzQyMDhmZjU0IiwicGFydGljaXBhbnRfdXVpZCI6ImJmYjdmNGRkLWQxMzQtNGVlOC1iMGFlLTg2YjY3YzdmZmNhMCIsImlkX3BhcnRpY2lwYW50IjoxfQ.519jwDzCwc1G6cyubQJ8adt3MXXaHdlptedQd_TXy80',
  participant_token_enabled: true,
  participant_username: 'participant1',
  participant_uuid: 'bfb7f4dd-d134-4ee8-b0ae-86b67c7ffca0',
};
const SAMPLE_13 = {
  id_participant: 1,
  id_participant_group: 1,
  id_project: 1,
  participant_busy: false,
  participant_email: 'x@opentera.org',
  participant_enabled: true,
  participant_name: 'Participant #1',
  participant_online: false,
  participant_token_enabled: true,
  participant_uuid: 'bfb7f4dd-d134-4ee8-b0ae-86b67c7ffca0',
};
/** Fields OpenTera may answer as null or as a value. */
const NULLABLE = new Set(['id_participant_group', 'participant_email', 'participant_lastonline', 'participant_lastsession', 'participant_token', 'participant_username']);

type Json = Record<string, unknown>;
const USERS = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'] as const;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

/** The ids of a reply, or null for OpenTera's empty answer. */
const ids = (body: unknown) => (body === null ? null : (body as Json[]).map((p) => p.id_participant));

function claimsOf(token: string): Json {
  const [header, payload] = token.split('.');
  return { ...(JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Json), alg: (JSON.parse(Buffer.from(header!, 'base64url').toString()) as Json).alg };
}

function sameShape(t: Test, ours: Json, sample: Json, message: string) {
  t.same(Object.keys(ours).sort(), Object.keys(sample).sort(), `${message}: the sample's fields`);
  for (const [key, value] of Object.entries(sample)) {
    const mine = ours[key];
    if ((mine === null || value === null) && NULLABLE.has(key)) continue;
    t.equal(typeof mine, typeof value, `${message}: ${key} is a ${typeof value}`);
  }
}

t.test('/api/user/participants', async (t) => {
  const server = await startTestServer(t);
  const call = (path: string, user = 'admin', method = 'GET', body?: unknown) => server.request(path, { method, basic: `${user}:${user}`, ...(body !== undefined ? { body } : {}) });
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const get = async (query: string, user = 'admin') => {
    const response = await call(`/api/user/participants?${query}`, user);
    if (response.status !== 200) throw new Error(`GET ${query} as ${user}: ${response.status} ${await response.text()}`);
    return json(response);
  };
  const getIds = async (query: string, user = 'admin') => ids(await get(query, user));
  const one = async (id: number, extra = '') => ((await get(`id_participant=${id}${extra}`)) as Json[])[0]!;
  const post = (user: string, participant: Json) => call('/api/user/participants', user, 'POST', { participant });
  /** A seeded session's start, as the sessions endpoint serves it. */
  const startOf = async (id: number) => (((await json(await call(`/api/user/sessions?id_session=${id}`))) as Json[])[0]!.session_start_datetime as string);
  const created = async (user: string, participant: Json) => {
    const response = await post(user, { id_participant: 0, ...participant });
    if (response.status !== 200) throw new Error(`create as ${user}: ${response.status} ${await response.text()}`);
    return ((await json(response)) as Json[])[0]!;
  };

  t.test('given no or bad credentials, then 401 on every method', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const body = method === 'POST' ? { body: {} } : {};
      t.equal((await server.request('/api/user/participants?id=1', { method, ...body })).status, 401, method);
      t.equal((await server.request('/api/user/participants?id=1', { method, token: 'nope', ...body })).status, 401, `${method} with a bad token`);
    }
  });

  t.test('GET: given no truthy argument, then 400 "Missing arguments" (sample 12)', async (t) => {
    const expect = expectIn(t);
    for (const query of ['', '?enabled=false', '?list=false', '?id=0', '?limit=0', '?name=', '?unknown=1', '?full=0&no_group=false']) {
      await expect(await call(`/api/user/participants${query}`), 400, 'Missing arguments', query || 'nothing');
    }
    await expect(await call('/api/user/participants?id_participant=abc'), 400, undefined, 'not an integer');
    await expect(await call('/api/user/participants?list=true'), 200, null, 'a flag alone is truthy but selects nothing: null');
  });

  t.test('GET: given id_participant, then the full form of sample 14, for each role that has the participant', async (t) => {
    const expected = { admin: [1], siteadmin: [1], user: [1], user2: [1], user3: [1], user4: null };
    for (const user of USERS) t.same(await getIds('id_participant=1', user), expected[user], user);
    const p1 = await one(1);
    sameShape(t, p1, SAMPLE_14, 'id_participant=1');
    const { participant_uuid, participant_token, ...rest } = p1;
    t.same(rest, {
      id_participant: 1,
      id_participant_group: 1,
      id_project: 1,
      id_site: 1,
      participant_busy: false,
      participant_email: 'x@opentera.org',
      participant_enabled: true,
      participant_lastonline: null,
      // Its most recent session: the first of each block starts "now" (domain.md 3.2).
      participant_lastsession: await startOf(1),
      participant_login_enabled: true,
      participant_name: 'Participant #1',
      participant_online: false,
      participant_project_enabled: true,
      participant_token_enabled: true,
      participant_username: 'participant1',
    });
    t.match(claimsOf(participant_token as string), { iss: 'TeraServer', participant_uuid, id_participant: 1, alg: 'HS256' }, 'the static token names the participant');
    t.notOk('exp' in claimsOf(participant_token as string), 'and never expires');
    t.equal((await one(2)).participant_token, null, 'a disabled participant\'s token is not served');
    t.type((await one(3)).participant_token, 'string');
    t.same(await getIds('id=4'), [4], 'id is an alias');
    t.same(await getIds('id=4', 'siteadmin'), null, 'another site\'s participant: null');
    t.same(await getIds('id=4&id_participant=1'), [4], 'id wins');
    t.same(await getIds('id_participant=99'), null, 'unknown: null');
  });

  t.test('GET: given list, then the minimal form of sample 13; list=false is the full form without extras', async (t) => {
    const [minimal] = (await get('id_participant=1&list=1')) as Json[];
    sameShape(t, minimal!, SAMPLE_13, 'list=1');
    for (const absent of ['participant_username', 'participant_token', 'participant_lastonline', 'participant_login_enabled', 'participant_project_enabled']) t.notOk(absent in minimal!, `no ${absent}`);
    const [plain] = (await get('id_participant=1&list=false&full=1')) as Json[];
    t.same(Object.keys(plain!).sort(), Object.keys(SAMPLE_14).filter((k) => k !== 'id_site' && k !== 'participant_lastsession').sort(), 'list=false: the full form, nothing added');
  });

  t.test('GET: given participant_uuid or username, then the same participant, if accessible (username: fixed quirk)', async (t) => {
    const p1 = await one(1);
    const uuid = p1.participant_uuid as string;
    const { id_site: _site, participant_lastsession: _last, ...plain } = p1;
    t.same(await get(`participant_uuid=${uuid}`), [plain], 'by uuid: the full form, without the extras of id_participant');
    t.same(await getIds(`uuid=${uuid}`), [1], 'uuid alias');
    t.same(await getIds(`username=participant1`), [1]);
    t.same(await getIds(`username=PARTICIPANT1`), [1], 'usernames match case-insensitively');
    t.same(await getIds('username=participant1', 'user3'), [1], 'user3 finds it by username (OpenTera\'s test)');
    t.same(await getIds('username=participant1', 'user4'), null, 'user4 does not (OpenTera: it does, to anyone)');
    t.same(await getIds(`participant_uuid=${uuid}`, 'user4'), null);
    t.same(await getIds('username=nobody'), null);
    t.same(await getIds('participant_uuid=not-a-uuid'), null);
    t.same(await getIds('username=participant1&participant_uuid=00000000-0000-4000-8000-000000000000&id_project=3'), [1], 'username before uuid and id_project');
  });

  t.test('GET: given id_project, then the accessible participants by name (samples 04, 13 and 18)', async (t) => {
    const expected = { admin: [1, 2, 3], siteadmin: [1, 2, 3], user: [1, 2, 3], user2: [1, 2, 3], user3: [1, 2, 3], user4: null };
    for (const user of USERS) t.same(await getIds('id_project=1', user), expected[user], user);
    const list = (await get('id_project=1&list=true')) as Json[];
    t.same(
      list.map(({ participant_uuid: _uuid, ...p }) => p),
      [
        { id_participant: 1, id_participant_group: 1, id_project: 1, participant_busy: false, participant_email: 'x@opentera.org', participant_enabled: true, participant_name: 'Participant #1', participant_online: false, participant_token_enabled: true },
        { id_participant: 2, id_participant_group: null, id_project: 1, participant_busy: false, participant_email: null, participant_enabled: false, participant_name: 'Participant #2', participant_online: false, participant_token_enabled: false },
        { id_participant: 3, id_participant_group: null, id_project: 1, participant_busy: false, participant_email: null, participant_enabled: true, participant_name: 'Participant #3', participant_online: false, participant_token_enabled: true },
      ],
      'sample 13',
    );
    for (const p of list) sameShape(t, p, SAMPLE_13, `list, participant ${String(p.id_participant)}`);
    for (const p of (await get('id_project=1')) as Json[]) {
      t.same(Object.keys(p).sort(), Object.keys(SAMPLE_14).filter((k) => k !== 'id_site' && k !== 'participant_lastsession').sort(), `sample 04's fields, participant ${String(p.id_participant)}`);
    }
    t.same(await getIds('id_project=3'), [4]);
    t.same(await getIds('id_project=3', 'siteadmin'), null);
    t.same(await getIds('id_project=2'), null, 'a project without participants: null');
    t.same(await getIds('id_project=999'), null, 'sample 18');
  });

  t.test('GET: given enabled, then OpenTera\'s two filters', async (t) => {
    t.same(await getIds('id_project=1&enabled=1'), [1, 3], 'enabled ones');
    t.same(await getIds('id_project=1&enabled=0'), [], 'the selection keeps enabled ones, the filter then drops them: [] (OpenTera)');
    t.same(await getIds('id_site=1&enabled=true', 'user3'), [1, 3]);
    t.same(await getIds('id_participant=2&enabled=true'), [], 'filtered out: [], not null');
    t.same(await getIds('id_participant=2&enabled=false'), [2]);
    t.same(await getIds('id_device=1&enabled=false'), [2]);
  });

  t.test('GET: given id_site, id_group, id_device, id_session or name, then the accessible participants they name', async (t) => {
    t.same(await getIds('id_site=1'), [1, 2, 3]);
    t.same(await getIds('id_site=2'), [4]);
    t.same(await getIds('id_site=2', 'siteadmin'), null);
    t.same(await getIds('id_site=1', 'user4'), null, 'user4 (OpenTera\'s test)');
    t.same(await getIds('id_site=1', 'user3'), [1, 2, 3]);
    const byGroup = (await get('id_group=1')) as Json[];
    t.same(ids(byGroup), [1]);
    t.equal(byGroup[0]!.participant_lastsession, await startOf(1), 'id_group adds participant_lastsession: the start of its latest session');
    t.notOk('id_site' in byGroup[0]!, 'but not id_site');
    t.same(await getIds('id_group=1', 'user4'), null);
    t.same(await getIds('id_group=2'), null, 'a group without participants');
    t.same(await getIds('id_device=1'), [1, 2]);
    t.same(await getIds('id_device=2', 'user'), [2]);
    t.same(await getIds('id_device=1', 'user4'), null);
    t.same(await getIds('id_device=3'), null, 'a device without participants');
    t.same(await getIds('id_session=1'), [1], 'the participants of a session');
    t.same(await getIds('id_session=8'), [1, 2], 'session 8 has participants 1 and 2');
    t.same(await getIds('id_session=8', 'user3'), [1, 2]);
    t.same(await getIds('id_session=8', 'user4'), null, 'none the requester may access');
    t.same(await getIds('id_session=999'), null, 'an unknown session has none (OpenTera: 500)');
    t.same(await getIds('name=Participant%20%231'), [1]);
    t.same(await getIds('name=Participant%20%231', 'user4'), null);
    t.same(await getIds('name=Secret%20Participant', 'siteadmin'), null);
    t.same(await getIds('name=participant%20%231'), null, 'names match exactly');
    t.same(await getIds('id_project=3&id_site=1'), [1, 2, 3], 'id_site before id_project');
    t.same(await getIds('id_group=1&id_project=1'), [1, 2, 3], 'id_project before id_group');
  });

  t.test('GET: given full, then the group, the devices and the project of each participant', async (t) => {
    const p1 = await one(1, '&full=1');
    t.same(p1.participant_participant_group, { id_participant_group: 1, id_project: 1, participant_group_name: 'Default Participant Group A', project_name: 'Default Project #1' });
    t.same(p1.participant_project, { id_project: 1, id_site: 1, project_name: 'Default Project #1', project_enabled: true, project_description: null, site_name: 'Default Site' });
    const devices = p1.participant_devices as Json[];
    t.same(devices.map((d) => d.id_device), [1]);
    t.same(Object.keys(devices[0]!).sort(), [
      'device_config',
      'device_enabled',
      'device_infos',
      'device_lastonline',
      'device_name',
      'device_notes',
      'device_onlineable',
      'device_token',
      'device_uuid',
      'id_device',
      'id_device_subtype',
      'id_device_type',
    ], 'the full device form');
    t.equal(p1.participant_lastsession, await startOf(28), 'full: the start of the session with the highest id it is in (28)');
    t.equal((await one(3, '&full=1')).participant_lastsession, null, 'no session: null');
    const p2 = await one(2, '&full=false');
    t.notOk('participant_participant_group' in p2, 'no group, no key (full acts when present, even false)');
    t.same((p2.participant_devices as Json[]).map((d) => d.id_device), [1, 2]);
    t.type(devices[0]!.device_token, 'string', 'the superadmin manages device 1: its token is there');
    const asUser = ((await get('id_participant=1&full=1', 'user')) as Json[])[0]!;
    t.same((asUser.participant_devices as Json[]).map((d) => [d.id_device, d.device_token]), [[1, null]], 'a project user sees the device, not its token');
    const listed = (await get('id_project=1&full=1&list=true')) as Json[];
    t.notOk(listed.some((p) => 'participant_devices' in p), 'list wins over full');
  });

  t.test('GET: given orderby_recents, limit or no_group, then OpenTera\'s order, limit and filter', async (t) => {
    const expect = expectIn(t);
    await expect(await post('admin', { id_participant: 2, participant_email: 'two@example.org' }), 200);
    t.same(await getIds('id_project=1&orderby_recents=1'), [2, 3, 1], 'the latest change first (participant 3 was seeded after 1)');
    t.same(await getIds('id_project=1&limit=2'), [1, 2]);
    t.same(await getIds('id_project=1&orderby_recents=true&limit=1'), [2], 'limit after ordering');
    t.same(await getIds('id_project=1&no_group=1'), [2, 3]);
    t.same(await getIds('id_project=1&no_group=false'), [2, 3], 'no_group acts when present');
    t.same(await getIds('id_project=1&limit=1&no_group=1'), [], 'the limit applies to the selection, the filter after: []');
    t.same(await getIds('id_project=1&limit=-1'), [1, 2, 3], 'a negative limit is no limit');
  });

  t.test('GET: given list=true, then the same participants as without it, in the same order, for every selector and filter', async (t) => {
    const uuid = (await one(3)).participant_uuid as string;
    const queries = [
      'id_participant=1',
      'id_participant=2&enabled=true',
      'username=participant1',
      `participant_uuid=${uuid}`,
      'participant_uuid=not-a-uuid',
      'id_site=1',
      'id_site=1&enabled=1',
      'id_project=1',
      'id_project=1&enabled=0',
      'id_project=1&no_group=1',
      'id_project=1&orderby_recents=1',
      'id_project=1&orderby_recents=1&limit=2',
      'id_project=1&limit=1&no_group=1',
      'id_project=999',
      'id_group=1',
      'id_device=1',
      'id_device=1&enabled=false',
      'id_session=1',
      'name=Participant%20%233',
    ];
    for (const user of USERS) {
      for (const query of queries) t.same(await getIds(`${query}&list=true`, user), await getIds(query, user), `${user}: ${query}`);
    }
  });

  t.test('POST: given a bad body, then 400 and nothing changes (OpenTera\'s tests)', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/participants', 'admin', 'POST', {}), 400, 'Missing participant');
    await expect(await post('admin', {}), 400, 'Missing id_participant');
    await expect(await post('admin', { id_participant: 0, participant_name: 'X' }), 400, 'Missing id_project or id_participant_group');
    await expect(await post('admin', { id_participant: 0, id_project: 1 }), 400, 'Missing participant_name', 'OpenTera: 500');
    await expect(await post('admin', { id_participant: 0, id_project: 1, participant_name: ' ' }), 400, 'Missing participant_name');
    await expect(await post('admin', { id_participant: 0, id_project: 0, participant_name: 'X' }), 400, "Can't insert participant: participant's project is disabled or invalid.");
    await expect(await post('admin', { id_participant: 0, id_project: 1, participant_name: 'X', participant_color: 'red' }), 400, { errors: { 'participant.participant_color': 'Unknown field' }, message: 'Input payload validation failed' });
    await expect(await post('admin', { id_participant: '0', id_project: 1, participant_name: 'X' }), 400, undefined, 'a string id');
    await expect(await post('admin', { id_participant: -1, id_project: 1, participant_name: 'X' }), 400, undefined, 'a negative id (OpenTera creates)');
    await expect(await post('admin', { id_participant: 0, id_project: 1, participant_name: 'X', participant_enabled: 'yes' }), 400);
    await expect(await post('admin', { id_participant: 0, id_participant_group: 1, id_project: 2, participant_name: 'X' }), 400, "Mismatch between id_project and group's project", 'OpenTera\'s test');
    await expect(await post('admin', { id_participant: 1, participant_name: '' }), 400, 'Missing participant_name', 'a blank rename');
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('POST: given someone without a role on the project or group, then 403 and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post('user4', { id_participant: 0, id_project: 1, participant_name: 'X' }), 403, 'No admin access to project', 'user4 (OpenTera\'s test)');
    await expect(await post('user4', { id_participant: 0, id_participant_group: 1, participant_name: 'X' }), 403, 'No admin access to group', 'user4 with group 1 (OpenTera\'s test)');
    await expect(await post('user3', { id_participant: 0, id_project: 2, participant_name: 'X' }), 403, 'No admin access to project');
    await expect(await post('user3', { id_participant: 0, id_participant_group: 2, participant_name: 'X' }), 403, 'No admin access to group');
    await expect(await post('admin', { id_participant: 0, id_project: 99, participant_name: 'X' }), 403, 'No admin access to project', 'an unknown project, as OpenTera');
    await expect(await post('admin', { id_participant: 1, id_participant_group: 5 }), 403, 'No admin access to group', 'an unknown group (OpenTera\'s test)');
    await expect(await post('user4', { id_participant: 1, participant_name: 'X' }), 403, 'Forbidden', 'user4 updating (OpenTera\'s test)');
    await expect(await post('siteadmin', { id_participant: 4, participant_name: 'X' }), 403, 'Forbidden', 'another site\'s participant');
    await expect(await post('siteadmin', { id_participant: 4, id_project: 1 }), 403, 'Forbidden', 'taking another project\'s participant into one\'s own (OpenTera moves it)');
    await expect(await post('user', { id_participant: 99, participant_name: 'X' }), 403, 'Forbidden', 'an unknown participant, for a non-superadmin');
    await expect(await post('admin', { id_participant: 99, participant_name: 'X' }), 404, 'Invalid participant', 'an unknown participant, for a superadmin (OpenTera: 500)');
    const french = await server.request('/api/user/participants', { method: 'POST', basic: 'user3:user3', headers: { 'accept-language': 'fr' }, body: { participant: { id_participant: 0, id_project: 2, participant_name: 'X' } } });
    await expect(french, 403, 'Aucun accès administrateur à ce projet', 'OpenTera\'s French when asked');
    t.equal(await server.core.store.headPosition(), before);
    t.same(await getIds('id_project=3'), [4], 'participant 4 stayed');
  });

  t.test('POST: given any role on the project, then it creates, with OpenTera\'s defaults, readable at once', async (t) => {
    for (const user of ['siteadmin', 'user', 'user2', 'user3']) {
      const p = await created(user, { id_project: 1, participant_name: `By ${user}` });
      const { participant_uuid, id_participant, ...rest } = p;
      t.same(rest, {
        id_participant_group: null,
        id_project: 1,
        participant_name: `By ${user}`,
        participant_email: null,
        participant_token_enabled: false,
        participant_enabled: true,
        participant_username: null,
        participant_token: null,
        participant_login_enabled: false,
        participant_lastonline: null,
        participant_project_enabled: true,
        participant_busy: false,
        participant_online: false,
      }, `${user}: the full form, busy and online`);
      t.type(participant_uuid, 'string');
      t.same(await getIds(`id_participant=${String(id_participant)}`, user), [id_participant], `${user} reads it back`);
    }
    const inGroup = await created('user3', { id_participant_group: 1, participant_name: 'In group A', participant_email: 'a@example.org', participant_token_enabled: true, participant_username: 'ingroupa', participant_password: 'pw-Xq93-plain', participant_login_enabled: true });
    t.match(inGroup, { id_participant_group: 1, id_project: 1, participant_email: 'a@example.org', participant_username: 'ingroupa', participant_login_enabled: true, participant_token_enabled: true });
    t.match(claimsOf(inGroup.participant_token as string), { participant_uuid: inGroup.participant_uuid, id_participant: inGroup.id_participant }, 'a token from the start');
    t.notOk('participant_password' in inGroup, 'never the password');
    t.same(await getIds('id_group=1'), [inGroup.id_participant, 1], 'the group\'s participants, by name');
  });

  t.test('POST: given a disabled project, then no creation, and no enabling (OpenTera\'s tests)', async (t) => {
    const expect = expectIn(t);
    const inProject2 = await created('siteadmin', { id_project: 2, participant_name: 'Before' });
    await expect(await call('/api/user/projects', 'siteadmin', 'POST', { project: { id_project: 2, project_enabled: false } }), 200);
    const before = await server.core.store.headPosition();
    await expect(await post('siteadmin', { id_participant: 0, id_project: 2, participant_name: 'Refused' }), 400, "Can't insert participant: participant's project is disabled or invalid.");
    t.same(await getIds('id_project=2'), [inProject2.id_participant], 'nothing was created (OpenTera keeps the row)');
    await expect(await post('siteadmin', { id_participant: inProject2.id_participant, participant_enabled: true }), 400, "Can't update participant: participant's project is disabled.");
    t.equal(await server.core.store.headPosition(), before, 'no event');
    await expect(await post('siteadmin', { id_participant: inProject2.id_participant, participant_enabled: true, participant_username: 'claimed' }), 400, "Can't update participant: participant's project is disabled.");
    t.equal((await one(inProject2.id_participant as number)).participant_username, null, 'the refused update changed nothing');
    await expect(await post('siteadmin', { id_participant: inProject2.id_participant, participant_enabled: false, participant_name: 'Renamed' }), 200);
    t.match(await one(inProject2.id_participant as number), { participant_name: 'Renamed', participant_enabled: false, participant_project_enabled: false });
    await expect(await call('/api/user/projects', 'siteadmin', 'POST', { project: { id_project: 2, project_enabled: true } }), 200);
    await expect(await post('siteadmin', { id_participant: 0, id_project: 2, participant_name: 'Accepted', participant_username: 'claimed' }), 200, undefined, 'and left its username free');
    await expect(await post('siteadmin', { id_participant: inProject2.id_participant, participant_enabled: true }), 200);
    t.match(await one(inProject2.id_participant as number), { participant_enabled: true, participant_project_enabled: true });
  });

  t.test('POST: given participant_token_enabled toggled, then the token is cleared and regenerated', async (t) => {
    const expect = expectIn(t);
    const p = await created('user3', { id_project: 1, participant_name: 'Tokens' });
    t.equal(p.participant_token, null, 'none by default');
    const on = ((await expect(await post('user3', { id_participant: p.id_participant, participant_token_enabled: true }), 200)) as Json[])[0]!;
    t.type(on.participant_token, 'string', 'turned on: a token');
    t.equal((await one(p.id_participant as number)).participant_token, on.participant_token, 'GET serves the same token');
    const off = ((await expect(await post('user3', { id_participant: p.id_participant, participant_token_enabled: false }), 200)) as Json[])[0]!;
    t.equal(off.participant_token, null, 'turned off: none');
    const again = ((await expect(await post('user3', { id_participant: p.id_participant, participant_token_enabled: true }), 200)) as Json[])[0]!;
    t.type(again.participant_token, 'string');
    t.not(again.participant_token, on.participant_token, 'a new token, not the old one');
    t.not(claimsOf(again.participant_token as string).jti, claimsOf(on.participant_token as string).jti);
    const disabled = ((await expect(await post('user3', { id_participant: p.id_participant, participant_enabled: false }), 200)) as Json[])[0]!;
    t.equal(disabled.participant_token, null, 'a disabled participant\'s token is not served');
    const enabled = ((await expect(await post('user3', { id_participant: p.id_participant, participant_enabled: true }), 200)) as Json[])[0]!;
    t.equal(enabled.participant_token, again.participant_token, 'enabled again: the same token works again');
  });

  t.test('POST: given usernames, then each is held by one participant; re-posting one\'s own is accepted', async (t) => {
    const expect = expectIn(t);
    const bob = await created('user3', { id_project: 1, participant_name: 'Bob', participant_username: 'bob' });
    await expect(await post('user3', { id_participant: 0, id_project: 1, participant_name: 'Other Bob', participant_username: 'BOB' }), 409, 'Participant username already in use.', 'OpenTera: 500 ["..."]');
    await expect(await post('user3', { id_participant: bob.id_participant, participant_username: 'bob', participant_name: 'Bob' }), 200, undefined, 'its own, unchanged (OpenTera: 500)');
    await expect(await post('user3', { id_participant: bob.id_participant, participant_username: 'Bob' }), 200, undefined, 'a change of case');
    t.equal((await one(bob.id_participant as number)).participant_username, 'Bob');
    await expect(await post('user3', { id_participant: 0, id_project: 1, participant_name: 'Other Bob', participant_username: 'bob' }), 409, 'Participant username already in use.', 'still held after the change of case');
    await expect(await post('user3', { id_participant: 1, participant_username: 'bob' }), 409, 'Participant username already in use.', 'an update to a taken name');
    t.equal((await one(1)).participant_username, 'participant1', 'unchanged');
    await expect(await post('user3', { id_participant: bob.id_participant, participant_username: 'robert' }), 200);
    await expect(await post('user3', { id_participant: 0, id_project: 1, participant_name: 'New Bob', participant_username: 'bob' }), 200, undefined, 'a released name is free');
    await expect(await post('user3', { id_participant: bob.id_participant, participant_username: '' }), 200, undefined, 'an empty username: none');
    t.equal((await one(bob.id_participant as number)).participant_username, null);
    await expect(await post('user3', { id_participant: 0, id_project: 1, participant_name: 'Robert', participant_username: 'robert' }), 200, undefined, 'and its name is free');
  });

  t.test('POST: given a group or project, then the participant moves', async (t) => {
    const expect = expectIn(t);
    const p = await created('siteadmin', { id_participant_group: 1, participant_name: 'Mover' });
    const id = p.id_participant as number;
    await expect(await post('siteadmin', { id_participant: id, participant_name: 'Mover 2' }), 200);
    t.match(await one(id), { id_project: 1, id_participant_group: 1, participant_name: 'Mover 2' }, 'no placement key: it stays');
    await expect(await post('siteadmin', { id_participant: id, id_participant_group: 0 }), 200);
    t.match(await one(id), { id_project: 1, id_participant_group: null }, 'group 0: out of the group');
    await expect(await post('siteadmin', { id_participant: id, id_participant_group: 2 }), 200);
    t.match(await one(id), { id_project: 2, id_participant_group: 2 }, 'group 2: its project too');
    t.same(await getIds(`id_participant=${id}`, 'user3'), null, 'user3 no longer has it');
    await expect(await post('user3', { id_participant: id, id_project: 1 }), 403, 'Forbidden', 'and cannot take it back');
    await expect(await post('siteadmin', { id_participant: id, id_project: 1 }), 200);
    t.match(await one(id), { id_project: 1, id_participant_group: null }, 'to project 1 without a group: it leaves project 2\'s group');
    await expect(await post('siteadmin', { id_participant: id, id_project: 1, id_participant_group: null }), 200, undefined, 'a null group is no group');
    await expect(await post('siteadmin', { id_participant: id, id_project: 3 }), 403, 'No admin access to project');
  });

  t.test('GET id_device and full: given a device linked to a site only, then the site users reach it, tokens for its admins only', async (t) => {
    const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
    const device = await registerDeviceCommand(context, { name: 'Site device', typeId: 2, subtypeId: null, enabled: true, onlineable: false, config: null, notes: null, infos: null });
    await linkDeviceToSiteCommand(context, device, 1);
    await linkDeviceToProjectCommand(context, device, { id: 1, siteId: 1 });
    await linkDeviceToParticipantCommand(context, device, { id: 3, projectId: 1 });
    t.equal((await post('admin', { id_participant: 3, id_project: 2 })).status, 200, 'participant 3 moves to project 2');
    const position = await unlinkDeviceFromProjectCommand(context, device, 1);
    if (!position) throw new Error('the unlink changed nothing');
    t.ok(await server.core.runner.waitFor(position, 5000), 'read models caught up');
    // The device is now linked to site 1 and participant 3 only: as OpenTera, a device is reached through its
    // sites, and every user with a role in one of site 1's projects has site 1.
    t.same(await getIds(`id_device=${device.id}`, 'siteadmin'), [3], 'a site admin reaches it through its site');
    t.same(await getIds(`id_device=${device.id}`, 'user'), [3], 'so does a project user of that site');
    t.same(await getIds(`id_device=${device.id}`, 'user4'), null, 'not a user without access');
    const devicesFor = async (user: string) => (((await get('id_participant=3&full=1', user)) as Json[])[0]!.participant_devices as Json[]).map((d) => [d.id_device, typeof d.device_token]);
    t.same(await devicesFor('user'), [[device.id, 'object']], 'in the full form, without its token for a project user');
    t.same(await devicesFor('siteadmin'), [[device.id, 'string']], 'with its token for a site admin');
  });

  t.test('DELETE: given its refusals, then 4xx and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/participants', 'admin', 'DELETE'), 400, undefined, 'no id');
    await expect(await call('/api/user/participants?id=1', 'user4', 'DELETE'), 403, 'Forbidden', 'user4 (OpenTera\'s test)');
    await expect(await call('/api/user/participants?id=1', 'user', 'DELETE'), 403, 'Forbidden', 'a project user');
    await expect(await call('/api/user/participants?id=4', 'siteadmin', 'DELETE'), 403, 'Forbidden', 'another site\'s participant');
    await expect(await call('/api/user/participants?id=99', 'admin', 'DELETE'), 403, 'Forbidden', 'unknown: 403, as OpenTera');
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('DELETE: given a participant in sessions, then 409 with OpenTera\'s reasons, in its order (OpenTera: 500)', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/participants?id=1', 'user3', 'DELETE'), 409, "Can't delete participant: please remove all related sessions beforehand.");
    await expect(await call('/api/user/participants?id=2', 'user3', 'DELETE'), 409, "Can't delete participant: please remove all related sessions beforehand.", 'participant 2 is in sessions 8, 16 and 28');
    t.equal(await server.core.store.headPosition(), before, 'nothing written');
  });

  t.test('DELETE: given a project admin, then the participant, its device links and its username go', async (t) => {
    const expect = expectIn(t);
    t.same(await getIds('id_device=1'), [1, 2]);
    await clearSessionsOf(server, { participant: 1 });
    await expect(await call('/api/user/participants?id=1', 'user3', 'DELETE'), 200, '');
    t.same(await getIds('id_participant=1'), null, 'gone');
    t.same(await getIds('id_device=1'), [2], 'its device link went with it');
    await expect(await call('/api/user/participants?id=1', 'admin', 'DELETE'), 403, 'Forbidden', 'deleted: unknown from now on');
    await expect(await post('user3', { id_participant: 0, id_project: 1, participant_name: 'Heir', participant_username: 'participant1' }), 200, undefined, 'its username is free');
    await expect(await post('admin', { id_participant: 1, participant_name: 'Ghost' }), 404, 'Invalid participant', 'a deleted participant cannot be updated');
  });

  t.test('given every write above, then no event carries a static token or a password', async (t) => {
    const events = await server.core.store.readAll({ maxCount: 100_000 });
    const participantEvents = events.filter((e) => e.streamId.startsWith('participant'));
    t.ok(participantEvents.length > 20, `${participantEvents.length} participant events`);
    const text = JSON.stringify(participantEvents.map((e) => e.data));
    t.notOk(/eyJ[\w-]+\.eyJ/.test(text), 'no JWT');
    t.notOk(text.includes('pw-Xq93-plain'), 'no plain password');
  });
});
