import t from 'tap';
import { startServer } from '../../../../services/teraserver/server.js';
import { testConfig } from '../../../helpers/config.js';
import { seededDatabase, startTestServer } from '../../../helpers/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

t.test('GET /api/user/server/settings', async (t) => {
  const server = await startTestServer(t);
  const get = async (user: string, query = '') => {
    const response = await server.request(`/api/user/server/settings${query}`, { basic: `${user}:${user}` });
    t.equal(response.status, 200, `${user} ${query}`);
    return response.json() as Promise<Record<string, string>>;
  };
  const stored = async (name: string) => (await server.core.database.db.selectFrom('server_settings').select('value').where('name', '=', name).executeTakeFirstOrThrow()).value as string;

  t.test('given no flag, then {}', async (t) => {
    t.same(await get('user'), {});
    t.same(await get('admin', '?uuid=false&device_register_key=0'), {}, 'false flags ask for nothing');
  });

  t.test('given uuid, then any user gets the server UUID', async (t) => {
    const uuid = await stored('ServerUUID');
    t.match(uuid, UUID);
    t.same(await get('user4', '?uuid=true'), { server_uuid: uuid });
    t.same(await get('admin', '?uuid=1'), { server_uuid: uuid });
  });

  t.test('given device_register_key, then only a superadmin gets the key', async (t) => {
    const key = await stored('DeviceRegisterKey');
    t.match(key, /^[0-9A-Za-z]{10}$/);
    t.same(await get('admin', '?device_register_key=true&uuid=true'), { server_uuid: await stored('ServerUUID'), device_register_key: key });
    t.same(await get('siteadmin', '?device_register_key=true'), {}, 'a site admin does not');
    t.same(await get('user3', '?device_register_key=true'), {});
  });

  t.test('given bad requests, then 4xx', async (t) => {
    t.equal((await server.request('/api/user/server/settings?uuid=maybe', { basic: 'user:user' })).status, 400);
    t.equal((await server.request('/api/user/server/settings')).status, 401);
    t.equal((await server.request('/api/user/server/settings', { method: 'POST' })).status, 405);
    t.equal((await server.request('/api/user/server/settings', { method: 'DELETE' })).status, 405);
  });
});

t.test('given a restart on the same database, then the settings stay the same', async (t) => {
  const database = await seededDatabase(t, 'opentera-test');
  const keepOpen = { ...database, close: async () => undefined };
  const read = async () => {
    const server = await startServer(testConfig(), { database: keepOpen });
    const response = await fetch(`${server.url}/api/user/server/settings?uuid=true&device_register_key=true`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } });
    const body = await response.json();
    await server.close();
    return body;
  };
  const first = await read();
  t.same(await read(), first);
});
