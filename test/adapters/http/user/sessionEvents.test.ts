// /api/user/sessions/events against OpenTera's test data (api-user-2.md section 10): the events of sessions the
// user may reach. domain.md 3.2: sessions 1 and 2 have 12 events each (types 0-11), every seeded session has
// participant 1, so every role but user4 reaches them.
import t, { type Test } from 'tap';
import { startTestServer } from '../../../helpers/server.js';

type Json = Record<string, unknown>;

const USERS = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'] as const;
const EVENT_KEYS = ['id_session', 'id_session_event', 'id_session_event_type', 'session_event_context', 'session_event_datetime', 'session_event_text'];

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

t.test('/api/user/sessions/events', async (t) => {
  const server = await startTestServer(t);
  const call = (path: string, user = 'admin', method = 'GET', body?: unknown, headers?: Record<string, string>) =>
    server.request(path, { method, basic: `${user}:${user}`, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const events = async (sessionId: number, user = 'admin') => (await json(await call(`/api/user/sessions/events?id_session=${sessionId}`, user))) as Json[];
  const post = (user: string, event: Json) => call('/api/user/sessions/events', user, 'POST', { session_event: event });

  t.test('given no or bad credentials, then 401 (OpenTera\'s tests)', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const body = method === 'POST' ? { body: {} } : {};
      t.equal((await server.request('/api/user/sessions/events?id_session=1&id=1', { method, ...body })).status, 401, method);
    }
  });

  t.test('GET: given a session, then its events by time, for each role that reaches it', async (t) => {
    const expect = expectIn(t);
    const missing = (await expect(await call('/api/user/sessions/events'), 400)) as Json;
    t.match(missing, { message: 'Input payload validation failed', errors: { id_session: /Missing required parameter/ } }, 'id_session is required');
    await expect(await call('/api/user/sessions/events?id_session=x'), 400);
    for (const user of USERS) t.equal((await events(1, user)).length, user === 'user4' ? 0 : 12, user);
    const list = await events(1);
    t.same(Object.keys(list[0]!).sort(), EVENT_KEYS);
    t.same(list.map((e) => e.id_session_event_type), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'by time: the seeded ones are 40 minutes apart in type order');
    t.match(list[3], { id_session: 1, session_event_text: 'SessionEventTypes.SESSION_START', session_event_context: 'Défaut' });
    const times = list.map((e) => Date.parse(e.session_event_datetime as string));
    t.same(times, [...times].sort((a, b) => a - b));
    t.equal((await events(2)).length, 12);
    t.same(await events(3), [], 'a session without events');
    t.same(await events(999), [], 'an unknown session');
  });

  t.test('POST: given a bad body or no access, then 4xx and nothing is written', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    const good = { id_session: 1, id_session_event: 0, id_session_event_type: 1, session_event_datetime: '2025-01-20T10:00:00+00:00' };
    await expect(await call('/api/user/sessions/events', 'admin', 'POST', {}), 400, 'Missing session_event field');
    await expect(await post('admin', { id_session: 1 }), 400, 'Missing id_session or id_session_event fields');
    await expect(await post('admin', { id_session_event: 0 }), 400, 'Missing id_session or id_session_event fields');
    await expect(await post('admin', { id_session: 1, id_session_event: 0 }), 400, 'Missing required fields: id_session_event_type, session_event_datetime', 'OpenTera: 500');
    await expect(await post('admin', { ...good, session_event_datetime: undefined }), 400, 'Missing required fields: session_event_datetime');
    await expect(await post('admin', { ...good, session_event_datetime: 'noon' }), 400, 'Invalid session_event_datetime');
    await expect(await post('admin', { ...good, id_session_event_type: 50 }), 400, 'Invalid id_session_event_type');
    await expect(await post('admin', { ...good, session_event_colour: 'red' }), 400, undefined, 'an unknown field');
    await expect(await post('user4', good), 403, 'Forbidden', 'a session user4 may not reach');
    await expect(await post('siteadmin', { ...good, id_session: 999 }), 403, 'Forbidden', 'an unknown session, for a non-superadmin');
    await expect(await post('admin', { ...good, id_session: 999 }), 404, 'Invalid session', 'for a superadmin (OpenTera: 403)');
    await expect(await post('admin', { id_session: 2, id_session_event: 1, session_event_text: 'moved' }), 404, 'Invalid session event', "an event of another session (OpenTera changes it)");
    await expect(await post('admin', { id_session: 1, id_session_event: 999, session_event_text: 'x' }), 404, 'Invalid session event');
    t.equal(await server.core.store.headPosition(), before);
    const french = await call('/api/user/sessions/events', 'admin', 'POST', {}, { 'accept-language': 'fr' });
    t.equal(await json(french), 'Champ session_event manquant');
  });

  t.test('POST: given a role that reaches the session, then it logs and changes events', async (t) => {
    const expect = expectIn(t);
    for (const user of ['siteadmin', 'user', 'user2', 'user3']) {
      const [logged] = (await expect(
        await post(user, { id_session: 3, id_session_event: 0, id_session_event_type: 100, session_event_datetime: '2025-01-20 10:00:00.5', session_event_text: `by ${user}` }),
        200,
      )) as Json[];
      t.match(logged, { id_session: 3, id_session_event_type: 100, session_event_datetime: '2025-01-20T10:00:00.500+00:00', session_event_text: `by ${user}`, session_event_context: null }, user);
      t.ok((logged!.id_session_event as number) > 24, 'a new id, after the 24 seeded events');
    }
    const list = await events(3, 'user');
    t.equal(list.length, 4);
    const id = list[0]!.id_session_event as number;
    const [changed] = (await expect(await post('user3', { id_session: 3, id_session_event: id, session_event_context: 'VideoRehabService', id_session_event_type: 12 }), 200)) as Json[];
    t.match(changed, { id_session_event: id, id_session_event_type: 12, session_event_context: 'VideoRehabService', session_event_text: 'by siteadmin' }, 'only what was posted changes');
    const stream = await server.core.store.readStream(`session-${(((await json(await call('/api/user/sessions?id_session=3'))) as Json[])[0]!.session_uuid as string)}`);
    t.match(stream.slice(-2).map((e) => [e.type, e.metadata.actor.kind]), [
      ['SessionEventLogged', 'user'],
      ['SessionEventChanged', 'user'],
    ]);
  });

  t.test('DELETE: given an event of a session the user reaches, then it goes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/sessions/events', 'admin', 'DELETE'), 400, undefined, 'no id');
    await expect(await call('/api/user/sessions/events?id=1', 'user4', 'DELETE'), 403, 'Forbidden');
    await expect(await call('/api/user/sessions/events?id=9999', 'user', 'DELETE'), 403, 'Forbidden', 'unknown, for a non-superadmin (OpenTera: 500)');
    await expect(await call('/api/user/sessions/events?id=9999', 'admin', 'DELETE'), 404, 'Invalid session event');
    t.equal(await server.core.store.headPosition(), before);
    await expect(await call('/api/user/sessions/events?id=1', 'user', 'DELETE'), 200, '', 'a project user, as OpenTera');
    t.same((await events(1)).map((e) => e.id_session_event), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await expect(await call('/api/user/sessions/events?id=1', 'admin', 'DELETE'), 404, 'Invalid session event', 'deleted: unknown');
    await expect(await post('admin', { id_session: 1, id_session_event: 1, session_event_text: 'back' }), 404, 'Invalid session event', 'and cannot change');
  });
});
