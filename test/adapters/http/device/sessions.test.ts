// /api/device/sessions and /api/device/sessions/events against OpenTera's test data
// (api-participant-device-service.md 5.8, 5.9, test_DeviceQuerySessions.py, test_DeviceQuerySessionEvents.py),
// with the fixes of docs/compat.md ("Sessions and session events"). Device 1 is in projects 1 (session types
// 1-4) and 3, created sessions 9-16 and is invited to 17-20; device 2 is in project 1 and session 4; device 3 is
// disabled (domain.md 3.2).
import t, { type Test } from 'tap';
import { createStaticTokens } from '../../../../adapters/auth/staticTokens.js';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { startTestServer } from '../../../helpers/server.js';
import { seededSessionsOf } from '../../../helpers/sessions.js';

type Json = Record<string, unknown>;

const DEVICE_1 = 'b707e0b2-e649-47e7-a938-2b949c423f73';
const REFUSED = 'Forbidden for security reasons';

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

t.test('/api/device/sessions and /api/device/sessions/events', async (t) => {
  const server = await startTestServer(t);
  const rm = server.core.database.db.withSchema('rm');
  const staticTokens = createStaticTokens(server.core.signingKeys, createTokens(server.core.signingKeys));
  const tokenOf = async (id: number) => {
    const row = await rm.selectFrom('devices').select(['device_uuid', 'device_token_id']).where('id_device', '=', id).executeTakeFirstOrThrow();
    return staticTokens.device({ id, uuid: row.device_uuid as string, tokenId: row.device_token_id as string });
  };
  const uuidOf = async (id: number) => (await rm.selectFrom('participants').select('participant_uuid').where('id_participant', '=', id).executeTakeFirstOrThrow()).participant_uuid as string;
  const [p1, p2, p4] = [await uuidOf(1), await uuidOf(2), await uuidOf(4)];
  const [token1, token2, token3] = [await tokenOf(1), await tokenOf(2), await tokenOf(3)];
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const post = (path: string, body: unknown, token = token1) => server.request(path, { method: 'POST', token, body });
  const session = (fields: Json, token = token1) => post('/api/device/sessions', { session: fields }, token);
  const event = (fields: Json, token = token1) => post('/api/device/sessions/events', { session_event: fields }, token);
  const sessionCount = async () => Number((await rm.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const today = new Date().toISOString().slice(0, 10);

  t.test('given GET or DELETE, then 403 for security reasons (401 first for bad credentials)', async (t) => {
    const expect = expectIn(t);
    for (const path of ['/api/device/sessions', '/api/device/sessions/events']) {
      for (const method of ['GET', 'DELETE']) {
        await expect(await server.request(`${path}?id_session=1`, { method, token: token1 }), 403, REFUSED, `${method} ${path}`);
        await expect(await server.request(`${path}?token=${token1}`, { method }), 403, REFUSED, `${method} ${path}, the token as an argument`);
        await expect(await server.request(path, { method }), 401, 'Unauthorized', `${method} ${path} without a token`);
        await expect(await server.request(path, { method, token: token3 }), 401, 'Disabled device', `${method} ${path}: device 3 is disabled`);
      }
    }
    await expect(await server.request('/api/device/sessions', { token: token1, headers: { 'accept-language': 'fr' } }), 403, 'Accès interdit pour raison de sécurité');
    await expect(await post('/api/device/sessions', { session: {} }, 'nope'), 401, 'Unauthorized', 'POST with a bad token');
  });

  t.test('POST /sessions: given a bad body, then 400 and nothing is written', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post('/api/device/sessions', {}), 400, 'Missing session');
    await expect(await session({ id_session_type: 1 }), 400, 'Missing id_session value');
    await expect(await session({ id_session: 0, session_participants: [p1] }), 400, 'Missing id_session_type value');
    await expect(await session({ id_session: 0, id_session_type: 1, session_participants: [p1], session_start_datetime: today }), 400, "Missing argument 'session name'");
    await expect(await session({ id_session: 0, id_session_type: 1, session_participants: [p1], session_name: 'x' }), 400, "Missing argument 'session_start_datetime'");
    await expect(await session({ id_session: 0, id_session_type: 1, session_name: 'x', session_start_datetime: today }), 400, 'Missing session participants and/or users and/or devices');
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('POST /sessions: given unknown participants, then 400 and NOTHING is written (Appendix C item 7)', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    const count = await sessionCount();
    const base = { id_session: 0, id_session_type: 1, session_name: 'Unknown', session_start_datetime: today };
    await expect(await session({ ...base, session_participants: ['00000000-0000-4000-8000-000000000000'] }), 400, 'Invalid participant uuid');
    await expect(await session({ ...base, session_participants: [p1, 'garbage'] }), 400, 'Invalid participant uuid');
    await expect(await session({ ...base, session_participants: [p4] }, token2), 400, 'Invalid participant uuid', 'device 2 is not in project 3');
    t.equal(await sessionCount(), count);
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('POST /sessions: given a session type of none of its projects, then 403', async (t) => {
    const expect = expectIn(t);
    for (const type of [5000, 0, 5]) await expect(await session({ id_session: 0, id_session_type: type, session_name: 'x', session_start_datetime: today, session_participants: [p1] }), 403, 'No access to session type', `type ${type}`);
  });

  t.test('POST /sessions: given a new session of each of its types, then the device is its creator', async (t) => {
    const expect = expectIn(t);
    for (const type of [1, 2, 3, 4]) {
      const created = (await expect(
        await session({ id_session: 0, id_session_type: type, session_name: `Device type ${type}`, session_start_datetime: `${today}T10:00:00Z`, session_participants: [p1], id_creator_device: 2, session_status: 0 }),
        200,
      )) as Json;
      t.match(created, { id_session_type: type, id_creator_device: 1, session_creator_device: 'Apple Watch #W05P1', session_creator_device_uuid: DEVICE_1, session_status: 1 }, `type ${type}`);
      t.same((created.session_participants as Json[]).map((p) => p.id_participant), [1]);
      t.same(created.session_devices, [], 'OpenTera does not invite the creator device');
    }
    const secret = (await expect(await session({ id_session: 0, id_session_type: 1, session_name: 'Project 3', session_start_datetime: today, session_participants: [p4] }), 200)) as Json;
    t.same((secret.session_participants as Json[]).map((p) => p.id_participant), [4], "device 1 is in project 3: participant 4 is one of its participants'");
    t.same(await json(await server.request(`/api/user/sessions?id_session=${String(secret.id_session)}`, { basic: 'siteadmin:siteadmin' })), [], 'a site 1 admin does not reach a session of project 3, though it sees device 1');
    t.equal(((await json(await server.request(`/api/user/sessions?id_session=${String(secret.id_session)}`, { basic: 'admin:admin' }))) as Json[]).length, 1);
    const viaBody = await post('/api/device/sessions', { session: { id_session: 0, id_session_type: 2, session_name: 'Token in body', session_start_datetime: today, session_participants: [p2] }, token: token2 }, '');
    t.equal(viaBody.status, 200, 'the token in the JSON body');
    t.match(await json(viaBody), { id_creator_device: 2 });
  });

  t.test('POST /sessions: given the same session again, then it is updated, its start kept', async (t) => {
    const expect = expectIn(t);
    const first = (await expect(await session({ id_session: 0, id_session_type: 3, session_name: 'Recording', session_start_datetime: `${today}T07:00:00Z`, session_participants: [p1, p2] }), 200)) as Json;
    const again = (await expect(await session({ id_session: 0, id_session_type: 3, session_name: 'Recording', session_start_datetime: `${today}T08:00:00Z`, session_participants: [p2, p1], session_duration: 3600 }), 200)) as Json;
    t.equal(again.id_session, first.id_session);
    t.equal(again.session_start_datetime, first.session_start_datetime);
    t.equal(again.session_duration, 3600);
    const byOther = (await expect(await session({ id_session: 0, id_session_type: 3, session_name: 'Recording', session_start_datetime: `${today}T07:00:00Z`, session_participants: [p1, p2] }, token2), 200)) as Json;
    t.not(byOther.id_session, first.id_session, "another device's session is never the same one");
  });

  t.test('POST /sessions: given an update, then only the sessions it created', async (t) => {
    const expect = expectIn(t);
    const created = seededSessionsOf({ device: 1 }).filter((s) => s.creatorDevice === 1).map((s) => s.id);
    t.same(created, [9, 10, 11, 12, 13, 14, 15, 16]);
    const [nine] = (await json(await server.request('/api/user/sessions?id_session=9', { basic: 'admin:admin' }))) as Json[];
    const updated = (await expect(await session({ id_session: 9, id_session_type: nine!.id_session_type, session_name: 'Renamed by device 1', session_participants: [p2] }), 200)) as Json;
    t.match(updated, { id_session: 9, session_name: 'Renamed by device 1' });
    t.same((updated.session_participants as Json[]).map((p) => p.id_participant), [1], 'participants ignored on update');
    const before = await server.core.store.headPosition();
    await expect(await session({ id_session: 17, id_session_type: 1, session_name: 'x' }), 403, 'Unauthorized', 'invited to 17, not its creator');
    await expect(await session({ id_session: 9, id_session_type: 1, session_name: 'x' }, token2), 403, 'Unauthorized', "device 1's session, for device 2");
    await expect(await session({ id_session: 999, id_session_type: 1, session_name: 'x' }), 403, 'Unauthorized');
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('POST /sessions/events: given a bad body or a session not its own, then 4xx and nothing is written', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post('/api/device/sessions/events', {}), 400, 'Missing arguments');
    await expect(await event({}), 400, 'Missing arguments');
    await expect(await event({ id_session: 9 }), 400, 'Missing arguments');
    await expect(await event({ id_session: -1, id_session_event: -1 }), 403, 'Unauthorized');
    await expect(await event({ id_session: 1, id_session_event: 0, id_session_event_type: 1, session_event_datetime: today }), 403, 'Unauthorized', 'session 1: neither invited nor creator');
    await expect(await event({ id_session: 4, id_session_event: 0, id_session_event_type: 1, session_event_datetime: today }), 403, 'Unauthorized', "device 2's session");
    await expect(await event({ id_session: 9, id_session_event: 0, id_session_event_type: 1 }), 400, 'Missing required fields: session_event_datetime');
    await expect(await event({ id_session: 9, id_session_event: 1, session_event_text: 'x' }), 404, 'Invalid session event', "session 1's event, through session 9 (OpenTera changes it)");
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('POST /sessions/events: given sessions it created or is in, then it logs and changes events', async (t) => {
    const expect = expectIn(t);
    const [created] = (await expect(await event({ id_session: 9, id_session_event: 0, id_session_event_type: 7, session_event_datetime: `${today}T10:00:00Z`, session_event_text: 'Battery at 10%' }), 200)) as Json[];
    t.match(created, { id_session: 9, id_session_event_type: 7, session_event_text: 'Battery at 10%', session_event_context: null });
    const [invited] = (await expect(await event({ id_session: 17, id_session_event: 0, id_session_event_type: 10, session_event_datetime: `${today}T10:05:00Z` }), 200)) as Json[];
    t.match(invited, { id_session: 17, id_session_event_type: 10 }, 'session 17: device 1 is invited');
    const [changed] = (await expect(await event({ id_session: 9, id_session_event: created!.id_session_event, session_event_context: 'charging' }), 200)) as Json[];
    t.match(changed, { id_session_event: created!.id_session_event, session_event_text: 'Battery at 10%', session_event_context: 'charging' });
    await expect(await event({ id_session: 9, id_session_event: created!.id_session_event, session_event_text: 'x' }, token2), 403, 'Unauthorized', 'not for device 2');
    const [, second] = (await json(await server.request('/api/user/sessions/events?id_session=17', { basic: 'admin:admin' }))) as Json[];
    t.equal(second, undefined, 'session 17 had no events: one now');
    const stream = await server.core.store.readStream(`session-${((await json(await server.request('/api/user/sessions?id_session=9', { basic: 'admin:admin' }))) as Json[])[0]!.session_uuid as string}`);
    t.match(stream.at(-1), { type: 'SessionEventChanged', metadata: { actor: { kind: 'device', uuid: DEVICE_1 } } });
  });
});
