// /api/user/users/preferences against OpenTera's test data: admin (1) has `openteraplus` (1) and
// `anotherapp` (3), siteadmin (2) has `openteraplus` (2).
import t from 'tap';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

type Json = Record<string, unknown>;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

const adminPlus = { id_user_preference: 1, id_user: 1, user_preference_app_tag: 'openteraplus', user_preference_preference: '{"language": "fr", "notification_sounds": true}' };
const adminOther = { id_user_preference: 3, id_user: 1, user_preference_app_tag: 'anotherapp', user_preference_preference: '{"gui_style": 1, "auto_save": false}' };
const siteadminPlus = { id_user_preference: 2, id_user: 2, user_preference_app_tag: 'openteraplus', user_preference_preference: '{"language": "en", "notification_sounds": false}' };

function client(server: TestServer) {
  const get = (user: string, query = '') => server.request(`/api/user/users/preferences${query}`, { basic: `${user}:${user}` });
  const post = (user: string, body: unknown) => server.request('/api/user/users/preferences', { method: 'POST', basic: `${user}:${user}`, body });
  return { get, post };
}

t.test('GET /api/user/users/preferences', async (t) => {
  const server = await startTestServer(t);
  const { get } = client(server);

  t.test('given no id_user, then the requester\'s own preferences', async (t) => {
    t.same(await json(await get('admin')), [adminPlus, adminOther]);
    t.same(await json(await get('siteadmin')), [siteadminPlus]);
    t.same(await json(await get('user4')), [], 'none');
  });

  t.test('given app_tag, then that preference only, or []', async (t) => {
    t.same(await json(await get('admin', '?app_tag=anotherapp')), [adminOther]);
    t.same(await json(await get('admin', '?app_tag=nothing')), []);
  });

  t.test('given id_user, then that user\'s preferences if accessible, else 403', async (t) => {
    t.same(await json(await get('admin', '?id_user=2')), [siteadminPlus], 'a superadmin reads anyone\'s');
    t.same(await json(await get('user', '?id_user=3')), [], 'oneself, by id');
    t.same(await json(await get('user', '?id_user=4')), [], 'an accessible user without preferences');
    for (const [user, id] of [['user', 1], ['user', 2], ['user4', 3], ['siteadmin', 6], ['admin', 99]] as const) {
      const response = await get(user, `?id_user=${id}`);
      t.equal(response.status, 403, `${user} reads ${id}`);
      t.equal(await json(response), 'Forbidden');
    }
    t.equal((await get('admin', '?id_user=99999999999')).status, 400, 'beyond PostgreSQL integers: a client mistake, not a 500');
  });

  t.test('given DELETE, then 405 as OpenTera (preferences are deleted by posting an empty one)', async (t) => {
    t.equal((await server.request('/api/user/users/preferences', { method: 'DELETE', basic: 'admin:admin' })).status, 405);
  });
});

t.test('POST /api/user/users/preferences', async (t) => {
  const server = await startTestServer(t);
  const { get, post } = client(server);

  t.test('given bad bodies, then 400 with OpenTera\'s messages and Python\'s JSON errors, and nothing changes', async (t) => {
    const before = await server.core.store.headPosition();
    const cases: [unknown, unknown][] = [
      [{}, 'Missing user_preference'],
      [{ user_preference: {} }, 'Missing app tag'],
      [{ user_preference: { user_preference_app_tag: ' ' } }, 'Missing app tag'],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: '{bad' } }, 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: 'not json' } }, 'Expecting value: line 1 column 1 (char 0)'],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: '{"a": 1,}' } }, 'Expecting property name enclosed in double quotes: line 1 column 9 (char 8)'],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: '{"a" 1}' } }, "Expecting ':' delimiter: line 1 column 6 (char 5)"],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: '[1 2]' } }, "Expecting ',' delimiter: line 1 column 4 (char 3)"],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: '{"a": 1}\n{"b": 2}' } }, 'Extra data: line 2 column 1 (char 9)'],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: '{"a": "b' } }, 'Unterminated string starting at: line 1 column 7 (char 6)'],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: '"\\x"' } }, 'Invalid \\escape: line 1 column 2 (char 1)'],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: '"a\tb"' } }, 'Invalid control character at: line 1 column 3 (char 2)'],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: ' ' } }, 'Expecting value: line 1 column 2 (char 1)'],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: 5 } }, { message: 'Input payload validation failed' }],
      [{ user_preference: { user_preference_app_tag: 'app', user_preference_preference: [1] } }, { message: 'Input payload validation failed' }],
      [{ user_preference: { user_preference_app_tag: 'app', id_user: 'me' } }, { message: 'Input payload validation failed' }],
      [{ user_preference: { user_preference_app_tag: 'app', color: 'red' } }, { errors: { 'user_preference.color': 'Unknown field' } }],
    ];
    for (const [body, expected] of cases) {
      const response = await post('user4', body);
      t.equal(response.status, 400, JSON.stringify(body));
      t.match(await json(response), expected);
    }
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given a user that the requester does not administer, then 403', async (t) => {
    for (const [user, id] of [['user4', 3], ['user', 4], ['user3', 2], ['siteadmin', 1], ['admin', 99]] as const) {
      const response = await post(user, { user_preference: { id_user: id, user_preference_app_tag: 'app', user_preference_preference: '{}' } });
      t.equal(response.status, 403, `${user} writes ${id}`);
      t.equal(await json(response), 'Forbidden');
    }
  });

  t.test('given own preferences, when creating, updating and deleting, then one object (or null) answers and GET follows', async (t) => {
    const created = await post('user4', { user_preference: { user_preference_app_tag: 'app', user_preference_preference: '{"a": 1}' } });
    t.equal(created.status, 200);
    const saved = (await json(created)) as Json;
    t.match(saved, { id_user: 6, user_preference_app_tag: 'app', user_preference_preference: '{"a": 1}', id_user_preference: Number });
    t.same(await json(await get('user4')), [saved], 'read-your-writes');

    const updated = (await json(await post('user4', { user_preference: { user_preference_app_tag: 'app', user_preference_preference: { b: [true, null], c: 'é' } } }))) as Json;
    t.same(updated, { ...saved, user_preference_preference: '{"b": [true, null], "c": "\\u00e9"}' }, 'an object is stored as Python\'s json.dumps text, under the same id');

    const deleted = await post('user4', { user_preference: { user_preference_app_tag: 'app' } });
    t.equal(deleted.status, 200);
    t.equal(await deleted.text(), 'null', 'omitting the preference deletes it');
    t.same(await json(await get('user4', '?app_tag=app')), []);

    t.equal((await json(await post('user4', { user_preference: { user_preference_app_tag: 'other', user_preference_preference: 'true' } })) as Json).user_preference_preference, 'true', 'any JSON text');
    t.equal(await (await post('user4', { user_preference: { user_preference_app_tag: 'other', user_preference_preference: '' } })).text(), 'null', '"" deletes too');
    t.equal(await (await post('user4', { user_preference: { user_preference_app_tag: 'never', user_preference_preference: null } })).text(), 'null', 'deleting nothing is fine');
    t.same(await json(await get('user4')), []);
  });

  t.test('given a user the requester administers, then it writes that user\'s preferences', async (t) => {
    const bySiteAdmin = await post('siteadmin', { user_preference: { id_user: 3, user_preference_app_tag: 'openteraplus', user_preference_preference: '{"language": "fr"}', id_user_preference: 42 } });
    t.equal(bySiteAdmin.status, 200);
    t.match(await json(bySiteAdmin), { id_user: 3, user_preference_app_tag: 'openteraplus', user_preference_preference: '{"language": "fr"}' });
    t.same(((await json(await get('user'))) as Json[]).map((p) => p.user_preference_preference), ['{"language": "fr"}'], 'the user sees it');
    const byAdmin = await post('admin', { user_preference: { id_user: 2, user_preference_app_tag: 'openteraplus', user_preference_preference: '{"language": "fr"}' } });
    t.match(await json(byAdmin), { id_user_preference: 2, id_user: 2, user_preference_preference: '{"language": "fr"}' }, 'an update keeps the id');
  });
});
