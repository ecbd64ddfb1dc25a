import t from 'tap';
import { startTestServer } from '../../../helpers/server.js';

const openTeraPlus = {
  client_name: 'OpenTeraPlus',
  client_description: 'OpenTeraPlus Qt Client',
  client_version: '1.0.0',
  client_documentation_url: 'https://github.com/introlab/openteraplus',
  client_windows_download_url: null,
  client_mac_download_url: null,
  client_linux_download_url: null,
};

t.test('/api/user/versions', async (t) => {
  const server = await startTestServer(t);
  const get = async (user: string) => {
    const response = await server.request('/api/user/versions', { basic: `${user}:${user}` });
    t.equal(response.status, 200, user);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const post = (user: string, body: unknown) => server.request('/api/user/versions', { method: 'POST', basic: `${user}:${user}`, body });

  t.test('given any user, then the server version and OpenTera\'s default client entry', async (t) => {
    for (const user of ['admin', 'user4']) {
      t.same(await get(user), { version_string: '0.1.0', version_major: 0, version_minor: 1, version_patch: 0, clients: { OpenTeraPlus: openTeraPlus } });
    }
  });

  t.test('given a non-superadmin, when posting, then 403 and nothing changes', async (t) => {
    for (const user of ['siteadmin', 'user']) {
      const response = await post(user, { ClientVersions: { ...openTeraPlus, client_version: '9.0.0' } });
      t.equal(response.status, 403, user);
      t.equal(await response.json(), 'Not authorized');
    }
    t.same(((await get('admin')).clients as Record<string, unknown>).OpenTeraPlus, openTeraPlus);
  });

  t.test('given a superadmin, when posting a client entry, then it is added or replaced and the login checks against it', async (t) => {
    const added = await post('admin', { ClientVersions: { client_name: 'MyClient', client_version: '2.1.0', client_description: 'Mine' } });
    t.equal(added.status, 200);
    const myClient = { ...openTeraPlus, client_name: 'MyClient', client_version: '2.1.0', client_description: 'Mine', client_documentation_url: null };
    t.same(((await added.json()) as { clients: unknown }).clients, { OpenTeraPlus: openTeraPlus, MyClient: myClient });
    const replaced = await post('admin', { ClientVersions: { ...openTeraPlus, client_version: '2.0.0', client_linux_download_url: 'https://example.org/otp.AppImage' } });
    t.equal(replaced.status, 200);
    t.same((await get('user')).clients, { OpenTeraPlus: { ...openTeraPlus, client_version: '2.0.0', client_linux_download_url: 'https://example.org/otp.AppImage' }, MyClient: myClient });

    const old = await server.request('/api/user/login', { basic: 'user:user', headers: { 'x-client-name': 'OpenTeraPlus', 'x-client-version': '1.0.0' } });
    t.equal(old.status, 426, 'the login now refuses the previous major version');
    const current = await server.request('/api/user/login', { basic: 'user:user', headers: { 'x-client-name': 'MyClient', 'x-client-version': '2.1.0' } });
    t.match(await current.json(), { version_latest: myClient, user_token: String });
  });

  t.test('given no ClientVersions, then the versions unchanged', async (t) => {
    const response = await post('admin', {});
    t.equal(response.status, 200);
    t.match(await response.json(), { version_string: '0.1.0', clients: { MyClient: { client_version: '2.1.0' } } });
  });

  t.test('given an invalid entry, then 400 and nothing changes', async (t) => {
    for (const body of [{ ClientVersions: { client_version: '1.0.0' } }, { ClientVersions: { client_name: 'X' } }, { ClientVersions: { client_name: '', client_version: '1' } }, { ClientVersions: 'nope' }, []]) {
      const response = await post('admin', body);
      t.equal(response.status, 400, JSON.stringify(body));
    }
    t.equal((await server.request('/api/user/versions', { method: 'POST', basic: 'admin:admin', body: '{', headers: { 'content-type': 'application/json' } })).status, 400, 'malformed JSON');
    t.equal((await server.request('/api/user/versions', { method: 'POST', basic: 'admin:admin', body: 'x', headers: { 'content-type': 'text/plain' } })).status, 415);
    t.same(Object.keys((await get('admin')).clients as object).sort(), ['MyClient', 'OpenTeraPlus']);
    t.equal((await server.request('/api/user/versions', { method: 'DELETE', basic: 'admin:admin' })).status, 405);
  });
});
