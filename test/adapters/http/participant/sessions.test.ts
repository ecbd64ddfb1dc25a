// /api/participant/sessions against OpenTera's test data (api-participant-device-service.md 4.7, 4.8,
// test_ParticipantQuerySessions.py), with the fixes of docs/compat.md ("Sessions and session events").
// Participant 1 (participant1/opentera, project 1: session types 1-4) is in all 28 seeded sessions and created
// 2 and 17-24 (domain.md 3.2, test/helpers/sessions.ts); participant 4 is in project 3.
import t, { type Test } from 'tap';
import { createStaticTokens } from '../../../../adapters/auth/staticTokens.js';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { startTestServer } from '../../../helpers/server.js';
import { seededSessionsOf, type SeededSession } from '../../../helpers/sessions.js';

type Json = Record<string, unknown>;

const DAY = 86_400_000;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

const idsOf = (list: unknown) => (list as Json[]).map((s) => s.id_session as number);
const ordered = (sessions: readonly SeededSession[]) => [...sessions].sort((a, b) => a.position - b.position || b.id - a.id).map((s) => s.id);

t.test('/api/participant/sessions', async (t) => {
  const server = await startTestServer(t);
  const rm = server.core.database.db.withSchema('rm');
  const login = (await json(await server.request('/api/participant/login', { basic: 'participant1:opentera' }))) as { participant_token: string; base_token: string };
  const credentials = { basic: { basic: 'participant1:opentera' }, dynamic: { token: login.participant_token }, static: { token: login.base_token } } as const;
  const uuidOf = async (id: number) => (await rm.selectFrom('participants').select('participant_uuid').where('id_participant', '=', id).executeTakeFirstOrThrow()).participant_uuid as string;
  const [p1, p2, p3, p4] = [await uuidOf(1), await uuidOf(2), await uuidOf(3), await uuidOf(4)];
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const get = async (query: string, as: keyof typeof credentials = 'basic') => {
    const response = await server.request(`/api/participant/sessions?${query}`, credentials[as]);
    if (response.status !== 200) throw new Error(`GET ${query}: ${response.status} ${await response.text()}`);
    return (await json(response)) as Json[];
  };
  const getIds = async (query: string) => idsOf(await get(query));
  const post = (session: Json, as: keyof typeof credentials = 'basic') => server.request('/api/participant/sessions', { method: 'POST', ...credentials[as], body: { session } });
  const sessionCount = async () => Number((await rm.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const mine = seededSessionsOf({ participant: 1 });
  const anchor = Date.parse(((await get('id_session=1'))[0]!.session_start_datetime as string));
  const day = (daysAgo: number) => new Date(anchor - daysAgo * DAY).toISOString().slice(0, 10);
  const today = day(0);

  t.test('GET: given each credential, then its sessions with Basic or a dynamic token; a static token is 403', async (t) => {
    for (const as of ['basic', 'dynamic'] as const) t.same(idsOf(await get('list=1', as)), ordered(mine), as);
    t.equal((await server.request('/api/participant/sessions', credentials.static)).status, 403, 'static token: OpenTera\'s "full" role is required');
    t.equal((await server.request('/api/participant/sessions')).status, 401, 'no credentials');
    t.equal((await server.request('/api/participant/sessions', { basic: 'participant1:wrong' })).status, 401, 'a wrong password');
    const [full] = await get('id_session=2');
    for (const key of ['id_creator_device', 'id_creator_participant', 'id_creator_user', 'session_comments', 'session_duration', 'session_name', 'session_start_datetime', 'session_status', 'session_uuid', 'session_participants', 'session_users', 'session_creator_user', 'session_creator_participant']) {
      t.ok(key in full!, `has ${key} (OpenTera's test)`);
    }
    const [minimal] = await get('id_session=2&list=1');
    t.notOk('session_participants' in minimal! || 'session_comments' in minimal!, 'list: the minimal form');
  });

  t.test('GET: given OpenTera\'s filters, then the counts of the data set', async (t) => {
    const expect = expectIn(t);
    t.equal((await get('limit=2')).length, 2);
    t.same(await getIds('limit=3&offset=26'), ordered(mine).slice(26));
    const status0 = mine.filter((s) => s.status === 0);
    t.same(await getIds('status=0'), ordered(status0));
    t.same(await getIds('status=0&limit=2&offset=11&list=1'), ordered(status0).slice(11, 13));
    const inRange = (s: SeededSession, start?: string, end?: string) => (!start || day(s.position) >= start) && (!end || day(s.position) <= end);
    t.same(await getIds(`start_date=${day(6)}&end_date=${day(4)}`), ordered(mine.filter((s) => inRange(s, day(6), day(4)))));
    t.same(await getIds(`start_date=${day(3)}`), ordered(mine.filter((s) => inRange(s, day(3)))));
    t.same(await getIds(`end_date=${day(5)}`), ordered(mine.filter((s) => inRange(s, undefined, day(5)))));
    t.same(await getIds('id_session=5'), [5]);
    t.same(await getIds('id_session=5&limit=1&offset=0'), [5], 'an id with limit and offset (OpenTera: 500)');
    const [five] = await get('id_session=5');
    t.same(await getIds(`session_uuid=${five!.session_uuid as string}`), [5]);
    t.same(await getIds('id_session=999'), []);
    t.same(await getIds('session_uuid=nope'), []);
    await expect(await server.request('/api/participant/sessions?id_participant=2', credentials.basic), 400, { message: 'Unknown arguments: id_participant' }, 'strict');
    await expect(await server.request('/api/participant/sessions?start_date=today', credentials.basic), 400);
  });

  t.test('POST: given a bad body, then 400 and nothing is written (OpenTera\'s tests)', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await server.request('/api/participant/sessions', { method: 'POST', ...credentials.basic, body: {} }), 400, 'Missing session');
    await expect(await post({ id_session_type: 1 }), 400, 'Missing id_session value');
    await expect(await post({ id_session: 0, session_participants: [p1] }), 400, 'Missing id_session_type value');
    await expect(await post({ id_session: 0, id_session_type: 1, session_name: 'x', session_start_datetime: today }), 400, 'Missing session participants and/or users and/or devices', 'OpenTera: 500');
    await expect(await post({ id_session: 0, id_session_type: 1, session_participants: [p1], session_start_datetime: today }), 400, "Missing argument 'session name'");
    await expect(await post({ id_session: 0, id_session_type: 1, session_participants: [p1], session_name: 'x' }), 400, "Missing argument 'session_start_datetime'");
    await expect(await post({ id_session: 0, id_session_type: 1, session_participants: [p1], session_name: 'x', session_start_datetime: 'soon' }), 400, "Invalid argument 'session_start_datetime'");
    await expect(await post({ id_session: 0, id_session_type: 1, session_participants: [p1], session_name: 'x', session_start_datetime: today, session_secret: 1 }), 400, undefined, 'an unknown field');
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('POST: given an unknown participant uuid, then 400 and NOTHING is written (Appendix C item 7)', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    const count = await sessionCount();
    const base = { id_session: 0, id_session_type: 1, session_name: 'Unknown participant', session_start_datetime: today };
    await expect(await post({ ...base, session_participants: [p1, '00000000-0000-4000-8000-000000000000'] }), 400, 'Invalid participant uuid');
    await expect(await post({ ...base, session_participants: ['not-a-uuid'] }), 400, 'Invalid participant uuid');
    await expect(await post({ ...base, session_participants: [p4] }), 400, 'Invalid participant uuid', "another project's participant is unknown here");
    t.equal(await sessionCount(), count, 'no session row');
    t.equal(await server.core.store.headPosition(), before, 'no event');
  });

  t.test('POST: given a session type outside its project, then 403', async (t) => {
    const expect = expectIn(t);
    for (const type of [5000, 0, 5]) {
      await expect(await post({ id_session: 0, id_session_type: type, session_name: 'x', session_start_datetime: today, session_participants: [p1] }), 403, 'No access to session type', `type ${type}`);
    }
  });

  t.test('POST: given a new session of each of its types, then it is its creator (OpenTera\'s test)', async (t) => {
    const expect = expectIn(t);
    for (const type of [1, 2, 3, 4]) {
      const created = (await expect(
        await post({ id_session: 0, id_session_type: type, session_name: `Type ${type}`, session_start_datetime: `${today}T08:00:00`, session_participants: [p1, p2], id_creator_participant: 4, id_creator_user: 1 }),
        200,
      )) as Json;
      t.match(created, { id_session_type: type, id_creator_participant: 1, id_creator_user: null, session_creator_participant: 'Participant #1', session_status: 1, session_duration: 0 }, `type ${type}: a single object, created by the caller whatever it posts`);
      t.ok((created.id_session as number) > 28);
      t.same((created.session_participants as Json[]).map((p) => p.id_participant), [1, 2]);
    }
    const byStatic = (await expect(await post({ id_session: 0, id_session_type: 1, session_name: 'Static', session_start_datetime: today, session_participants: [], session_status: 0, session_parameters: { a: 1 } }, 'static'), 200)) as Json;
    t.match(byStatic, { id_creator_participant: 1, session_status: 1, session_parameters: { a: 1 } }, 'a static token may create (limited role); status 0 becomes 1, an object is parsed back');
    t.same(byStatic.session_participants, []);
    t.ok((await getIds('list=1')).includes(byStatic.id_session as number), 'a session it created without participants is listed (OpenTera misses it)');
    const events = await server.core.store.readStream(`session-${byStatic.session_uuid as string}`);
    t.match(events[0], { type: 'SessionCreated', metadata: { actor: { kind: 'participant', uuid: p1 } } });
  });

  t.test('POST: given a participant that only created a session, then it cannot be deleted until the session goes', async (t) => {
    const expect = expectIn(t);
    // Participant 3 (project 1, token enabled) is in no seeded session; its static token may create sessions.
    const staticTokens = createStaticTokens(server.core.signingKeys, createTokens(server.core.signingKeys));
    const row = await rm.selectFrom('participants').select('participant_token_id').where('id_participant', '=', 3).executeTakeFirstOrThrow();
    const token = await staticTokens.participant({ id: 3, uuid: p3, tokenId: row.participant_token_id as string });
    const created = (await expect(
      await server.request('/api/participant/sessions', { method: 'POST', token, body: { session: { id_session: 0, id_session_type: 3, session_name: 'Alone', session_start_datetime: today, session_participants: [], session_status: 2 } } }),
      200,
    )) as Json;
    t.match(created, { id_creator_participant: 3, session_creator_participant: 'Participant #3' });
    await expect(
      await server.request('/api/user/participants?id=3', { method: 'DELETE', basic: 'admin:admin' }),
      409,
      "Can't delete participant: please remove all sessions created by this participant beforehand.",
      'OpenTera: 500',
    );
    await expect(await server.request(`/api/user/sessions?id=${String(created.id_session)}`, { method: 'DELETE', basic: 'admin:admin' }), 200, '');
    await expect(await server.request('/api/user/participants?id=3', { method: 'DELETE', basic: 'admin:admin' }), 200, '', 'its session gone, it goes');
  });

  t.test('POST: given the same session again, then that session is updated, its start kept', async (t) => {
    const expect = expectIn(t);
    const first = (await expect(await post({ id_session: 0, id_session_type: 2, session_name: 'Daily', session_start_datetime: `${today}T09:00:00Z`, session_participants: [p1, p2], session_duration: 60 }), 200)) as Json;
    const again = (await expect(
      await post({ id_session: 0, id_session_type: 2, session_name: 'Daily', session_start_datetime: `${today}T11:30:00Z`, session_participants: [p2.toUpperCase(), p1], session_duration: 120, session_status: 2 }),
      200,
    )) as Json;
    t.equal(again.id_session, first.id_session, 'same name, type, day and participants: the same session');
    t.equal(again.session_start_datetime, first.session_start_datetime, 'its start is kept');
    t.match(again, { session_duration: 120, session_status: 2 });
    const other = (await expect(await post({ id_session: 0, id_session_type: 2, session_name: 'Daily', session_start_datetime: `${today}T09:00:00Z`, session_participants: [p1] }), 200)) as Json;
    t.not(other.id_session, first.id_session, 'other participants: another session');
    const otherDay = (await expect(await post({ id_session: 0, id_session_type: 2, session_name: 'Daily', session_start_datetime: `${day(1)}T09:00:00Z`, session_participants: [p1, p2] }), 200)) as Json;
    t.not(otherDay.id_session, first.id_session, 'another day: another session');
  });

  t.test('POST: given an update, then only the sessions it created (OpenTera\'s test)', async (t) => {
    const expect = expectIn(t);
    const [created] = (await json(await server.request('/api/user/sessions?id_session=2', { basic: 'admin:admin' }))) as Json[];
    const updated = (await expect(await post({ id_session: 2, id_session_type: created!.id_session_type, session_comments: 'Noted by the participant', session_participants: [p2] }), 200)) as Json;
    t.match(updated, { id_session: 2, session_comments: 'Noted by the participant' }, 'session 2: participant 1 is one of its creators');
    t.same((updated.session_participants as Json[]).map((p) => p.id_participant), [1], 'session_participants is ignored on update');
    const before = await server.core.store.headPosition();
    for (const id of [1, 9, 25]) await expect(await post({ id_session: id, id_session_type: 1, session_name: 'Mine now' }), 403, 'Unauthorized', `session ${id}: another creator`);
    await expect(await post({ id_session: 999, id_session_type: 1, session_name: 'x' }), 403, 'Unauthorized', 'an unknown session');
    await expect(await post({ id_session: 17, id_session_type: 5, session_name: 'x' }), 403, 'No access to session type');
    t.equal(await server.core.store.headPosition(), before);
    const french = await server.request('/api/participant/sessions', { method: 'POST', ...credentials.basic, body: { session: { id_session: 1, id_session_type: 1 } }, headers: { 'accept-language': 'fr' } });
    t.equal(await json(french), 'Non autorisé');
  });
});
