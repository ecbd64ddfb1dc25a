// /api/user/siteaccess (OpenTera api-user-2.md section 16) against the test data (domain.md 3.2).
import t from 'tap';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const site1 = { id_site: 1, site_name: 'Default Site', site_2fa_required: false };
const site2 = { id_site: 2, site_name: 'Top Secret Site', site_2fa_required: false };

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

function client(server: TestServer) {
  return {
    async get(user: string, query: string): Promise<{ status: number; body: unknown }> {
      const response = await server.request(`/api/user/siteaccess${query}`, { basic: `${user}:${user}` });
      return { status: response.status, body: await json(response) };
    },
    async list(user: string, query: string): Promise<Record<string, unknown>[]> {
      const response = await server.request(`/api/user/siteaccess${query}`, { basic: `${user}:${user}` });
      if (response.status !== 200) throw new Error(`${user} ${query}: ${response.status} ${await response.text()}`);
      return (await json(response)) as Record<string, unknown>[];
    },
    async post(user: string, body: unknown): Promise<{ status: number; body: unknown }> {
      const response = await server.request('/api/user/siteaccess', { method: 'POST', basic: `${user}:${user}`, body });
      return { status: response.status, body: await json(response) };
    },
    async del(user: string, query: string): Promise<{ status: number; body: unknown }> {
      const response = await server.request(`/api/user/siteaccess${query}`, { method: 'DELETE', basic: `${user}:${user}` });
      return { status: response.status, body: await json(response) };
    },
  };
}

t.test('GET /api/user/siteaccess', async (t) => {
  const server = await startTestServer(t);
  const { get, list } = client(server);

  t.test('given no or bad credentials, then 401; given another method, then 405', async (t) => {
    t.equal((await server.request('/api/user/siteaccess?id_site=1')).status, 401);
    t.equal((await server.request('/api/user/siteaccess?id_site=1', { basic: 'admin:wrong' })).status, 401);
    t.equal((await server.request('/api/user/siteaccess?id_site=1', { headers: { authorization: 'OpenTera nope' } })).status, 401);
    t.equal((await server.request('/api/user/siteaccess', { method: 'PUT' })).status, 405);
  });

  t.test('given no argument, or only falsy ones, then 400 "Missing arguments"; only flags, then []', async (t) => {
    t.same(await get('admin', ''), { status: 400, body: 'Missing arguments' });
    t.same(await get('admin', '?admins=false&id_site=0'), { status: 400, body: 'Missing arguments' });
    t.same(await get('admin', '?by_users=true'), { status: 200, body: [] });
    t.match(await get('admin', '?id_site=x'), { status: 400, body: { message: 'Input payload validation failed', errors: { id_site: /int/ } } });
    t.equal((await server.request('/api/user/siteaccess', { basic: 'admin:admin', headers: { 'accept-language': 'fr' } }).then(json)), 'Arguments manquants');
  });

  t.test('given id_user, then that user\'s site roles on the requester\'s sites', async (t) => {
    t.same(await list('admin', '?id_user=2'), [{ ...site1, site_access_role: 'admin' }], 'site admin: no inherited key');
    t.same(await list('admin', '?id_user=3&admins=true'), [], 'a project user is no site admin');
    t.same(await list('admin', '?id_user=3'), [{ ...site1, site_access_role: 'user', site_access_inherited: true }]);
    t.same(await list('admin', '?id_user=1'), [{ ...site1, site_access_role: 'admin', site_access_inherited: true }, { ...site2, site_access_role: 'admin', site_access_inherited: true }], 'a superadmin is admin everywhere');
    t.same(await list('siteadmin', '?id_user=4'), [{ ...site1, site_access_role: 'admin' }], 'user2, seen by the site admin');
    t.same(await list('user3', '?id_user=3'), [{ ...site1, site_access_role: 'user', site_access_inherited: true }], 'a project admin sees a user of its project');
    t.same(await list('user3', '?id_user=2'), [], 'the site admin is not among a project admin\'s users');
    t.same(await list('user4', '?id_user=3'), [], 'no access');
    t.same(await list('user4', '?id_user=6'), [], 'oneself without roles');
  });

  t.test('given id_user_group, then that group\'s site roles, with_empty adding the other sites', async (t) => {
    t.same(await list('admin', '?id_user_group=1'), [{ ...site1, site_access_role: 'user', site_access_inherited: true }]);
    t.same(await list('admin', '?id_user_group=1&admins=true'), []);
    t.same(await list('admin', '?id_user_group=3&with_empty=true&admins=true'), [{ ...site1, site_access_role: 'admin' }, { ...site2, site_access_role: null }]);
    t.same(await list('admin', '?id_user_group=5&with_empty=true'), [{ ...site1, site_access_role: null }, { ...site2, site_access_role: null }]);
    t.same(await list('siteadmin', '?id_user_group=5&with_empty=true'), [], 'a group without roles is the superadmins\'');
    t.same(await list('siteadmin', '?id_user_group=3&with_empty=true'), [{ ...site1, site_access_role: 'admin' }], 'with_empty adds only the requester\'s sites');
    t.same(await list('user', '?id_user_group=2'), [{ ...site1, site_access_role: 'user', site_access_inherited: true }], 'a site user sees the groups of its projects');
    t.same(await list('user4', '?id_user_group=1'), []);
  });

  t.test('given id_user_group and by_users, then one entry per member and site', async (t) => {
    t.same(await list('admin', '?id_user_group=2&by_users=true'), [
      { id_user: 5, id_site: 1, user_name: 'Project Admin', user_enabled: true, site_access_role: 'user', site_access_inherited: true },
    ]);
    const group3 = await list('admin', '?id_user_group=3&by_users=true&with_empty=true');
    t.equal(group3.length, 4);
    for (const item of group3) {
      if (item.id_site === 1) t.match(item, { site_access_role: 'admin', site_access_inherited: false });
      else t.match(item, { site_access_role: null, site_access_inherited: null });
    }
    t.same(
      group3.map((i) => i.user_name),
      ['MultiSite User', 'MultiSite User', 'Site Admin', 'Site Admin'],
      'members by first name',
    );
    const admins = await list('admin', '?id_user_group=2&by_users=true&with_empty=true&admins=true');
    t.equal(admins.length, 2);
    for (const item of admins) t.equal(item.site_access_role, null, 'with admins, a user role reads null');
    t.same(await list('admin', '?id_user=3&id_user_group=2&by_users=true'), [{ ...site1, site_access_role: 'user', site_access_inherited: true }], 'id_user turns by_users off; the group wins');
  });

  t.test('given id_site, then the requester\'s groups with a role there', async (t) => {
    const groups = await list('admin', '?id_site=1');
    t.same(groups, [
      { id_user_group: 3, user_group_name: 'Admins - Default Site', site_access_role: 'admin' },
      { id_user_group: 2, user_group_name: 'Admins - Project 1', site_access_role: 'user', site_access_inherited: true },
      { id_user_group: 4, user_group_name: 'Users - Project 1', site_access_role: 'user', site_access_inherited: true },
      { id_user_group: 1, user_group_name: 'Users - Projects 1 & 2', site_access_role: 'user', site_access_inherited: true },
    ]);
    t.same(await list('admin', '?id_site=1&admins=true'), [{ id_user_group: 3, user_group_name: 'Admins - Default Site', site_access_role: 'admin' }]);
    t.same(await list('admin', '?id_site=1&admins=false'), [{ id_user_group: 3, user_group_name: 'Admins - Default Site', site_access_role: 'admin' }], 'copied quirk: admins=false filters too');
    t.equal((await list('admin', '?id_site=1&with_empty=true')).length, 5);
    t.equal((await list('siteadmin', '?id_site=1')).length, 4);
    t.equal((await list('user', '?id_site=1')).length, 4, 'a site user sees them too');
    t.equal((await list('user3', '?id_site=1')).length, 4);
    t.equal((await list('user2', '?id_site=1&admins=true')).length, 1, 'user2, site admin through group 3');
    t.same(await list('admin', '?id_site=2'), []);
    t.same(await list('siteadmin', '?id_site=2&with_empty=true'), [], 'a site the requester cannot access shows nothing (OpenTera does not check)');
    t.same(await list('user4', '?id_site=1&with_empty=true'), []);
    t.same(await list('admin', '?id_site=99&with_empty=true'), [], 'unknown site');
    t.same(await list('admin', '?id_user=2&id_user_group=1&id_site=2'), [], 'id_site wins over the others');
  });

  t.test('given id_site and by_users, then the users of those groups with their own role', async (t) => {
    const users = await list('admin', '?id_site=1&by_users=true');
    t.same(
      users.map((u) => [u.id_user, u.site_access_role]),
      [
        [4, 'admin'],
        [2, 'admin'],
        [5, 'user'],
        [3, 'user'],
      ],
      'without duplicates, in group order',
    );
    const admins = await list('admin', '?id_site=1&by_users=true&admins=true');
    t.same(
      admins.map((u) => [u.id_user, u.site_access_role, u.user_name, u.user_enabled]),
      [
        [4, 'admin', 'MultiSite User', true],
        [2, 'admin', 'Site Admin', true],
      ],
    );
    const withGroups = await list('admin', '?id_site=2&by_users=true&with_empty=true&with_usergroups=true');
    t.equal(withGroups.length, 4);
    for (const item of withGroups) t.match(item, { site_access_role: null, site_access_inherited: null, user_groups: Array });
    t.same(withGroups.find((u) => u.id_user === 4)!.user_groups, [
      { id_user_group: 3, user_group_name: 'Admins - Default Site' },
      { id_user_group: 4, user_group_name: 'Users - Project 1' },
    ]);
    const seenByProjectAdmin = await list('user3', '?id_site=1&by_users=true&with_usergroups=true');
    t.same(
      seenByProjectAdmin.map((u) => u.id_user),
      [4, 5, 3],
      'only users the requester may see (the site admin is not one of a project admin\'s users)',
    );
  });
});

t.test('POST and DELETE /api/user/siteaccess', async (t) => {
  const server = await startTestServer(t);
  const { list, post, del } = client(server);

  t.test('given missing fields, then 400 with OpenTera\'s messages, in its order', async (t) => {
    t.same(await post('user', { site_access: { site_access_role: 'admin' } }), { status: 400, body: 'Missing id_user_group' });
    t.same(await post('user', { site_access: { site_access_role: 'admin', id_user_group: 2 } }), { status: 400, body: 'Missing id_site' });
    t.same(await post('user', { site_access: { id_user_group: 2, id_site: 1 } }), { status: 400, body: 'Missing role name or id' });
    t.same(await post('admin', {}), { status: 400, body: 'Missing site_access' });
    t.match(await post('admin', { site_access: { id_user_group: 'two', id_site: 1, site_access_role: 'admin' } }), { status: 400, body: { message: 'Input payload validation failed' } });
    t.match(await post('admin', { site_access: [{ id_user_group: 1, id_site: 1, site_access_role: 5 }] }), { status: 400, body: { message: 'Input payload validation failed' } });
  });

  t.test('given a requester who does not administer the site, then 403 and nothing is written', async (t) => {
    const before = await server.core.store.headPosition();
    for (const [user, site] of [
      ['user4', 1],
      ['user', 1],
      ['user3', 1],
      ['siteadmin', 2],
      ['siteadmin', 99],
    ] as const) {
      t.same(await post(user, { site_access: { id_user_group: 2, id_site: site, site_access_role: 'admin' } }), { status: 403, body: 'Forbidden' }, `${user} on site ${site}`);
    }
    t.same(
      await post('siteadmin', { site_access: [{ id_user_group: 5, id_site: 1, site_access_role: 'user' }, { id_user_group: 5, id_site: 2, site_access_role: 'user' }] }),
      { status: 403, body: 'Forbidden' },
      'a refused item refuses the whole request',
    );
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given unknown roles, sites or groups, then 400 or 404, never 500', async (t) => {
    const before = await server.core.store.headPosition();
    t.same(await post('admin', { site_access: { id_user_group: 5, id_site: 1, site_access_role: 'superuser' } }), { status: 400, body: 'Invalid role name or id for that site' });
    t.same(await post('admin', { site_access: { id_user_group: 5, id_site: 1, id_service_role: 17 } }), { status: 400, body: 'Invalid role name or id for that site' }, 'a role of another scope (OpenTera takes it)');
    t.same(await post('admin', { site_access: { id_user_group: 5, id_site: 1, id_service_role: 999 } }), { status: 400, body: 'Invalid role name or id for that site' });
    t.same(await post('admin', { site_access: { id_user_group: 42, id_site: 1, site_access_role: 'admin' } }), { status: 404, body: 'Invalid user group' });
    t.same(await post('admin', { site_access: { id_user_group: 5, id_site: 42, site_access_role: 'admin' } }), { status: 404, body: 'Invalid site' });
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given OpenTera\'s sequence, then grants, the inherited-user rule, an update keeping its id, and a delete', async (t) => {
    const created = await post('admin', { site_access: { site_access_role: 'admin', id_user_group: 2, id_site: 1 } });
    t.equal(created.status, 200);
    const [access] = created.body as Record<string, unknown>[];
    t.same(access, {
      id_service_access: 10,
      id_site_access: 10,
      id_user_group: 2,
      user_group_name: 'Admins - Project 1',
      id_service_role: 13,
      id_service: 1,
      service_role_name: 'admin',
      service_access_role_name: 'admin',
      id_site: 1,
      site_name: 'Default Site',
      service_name: 'OpenTera Server',
      service_key: 'OpenTeraServer',
      site_access_role: 'admin',
    });

    const inherited = await post('admin', { site_access: { site_access_role: 'user', id_user_group: 2, id_site: 1 } });
    t.same(inherited, { status: 200, body: [] }, 'group 2 holds a project role in site 1: user is inherited, the site role goes');
    t.same(await list('admin', '?id_user_group=2'), [{ ...site1, site_access_role: 'user', site_access_inherited: true }]);

    const take2 = await post('admin', { site_access: { site_access_role: 'admin', id_user_group: 5, id_site: 1 } });
    const id = (take2.body as { id_site_access: number }[])[0]!.id_site_access;
    const updated = await post('admin', { site_access: { site_access_role: 'user', id_user_group: 5, id_site: 1 } });
    t.match(updated, { status: 200, body: [{ id_site_access: id, site_access_role: 'user', id_service_role: 14 }] }, 'a role change keeps the access id');
    const again = await post('admin', { site_access: { site_access_role: 'user', id_user_group: 5, id_site: 1 } });
    t.match(again, { status: 200, body: [{ id_site_access: id, site_access_role: 'user' }] }, 'the same role again: answered, unchanged');

    t.same(await del('user4', `?id=${id}`), { status: 403, body: 'Forbidden' });
    t.same(await del('user3', `?id=${id}`), { status: 403, body: 'Forbidden' });
    t.same(await del('admin', `?id=${id}`), { status: 200, body: '' });
    t.same(await list('admin', '?id_user_group=5'), []);
    t.same(await del('admin', `?id=${id}`), { status: 400, body: 'No site access to delete' }, 'already deleted');
  });

  t.test('given an empty role, a null role or id_service_role 0, then the role is removed (and a list is accepted)', async (t) => {
    const granted = await post('siteadmin', {
      site_access: [
        { id_user_group: 5, id_site: 1, id_service_role: 13 },
        { id_user_group: 4, id_site: '1', site_access_role: 'admin', site_name: 'ignored' },
      ],
    });
    t.match(granted, { status: 200, body: [{ id_user_group: 5, site_access_role: 'admin' }, { id_user_group: 4, site_access_role: 'admin' }] });
    t.same(await post('siteadmin', { site_access: { id_user_group: 5, id_site: 1, site_access_role: '' } }), { status: 200, body: [] });
    t.same(await post('siteadmin', { site_access: { id_user_group: 4, id_site: 1, site_access_role: null } }), { status: 200, body: [] });
    t.same(await list('admin', '?id_user_group=5'), []);
    t.same(await list('admin', '?id_user_group=4'), [{ ...site1, site_access_role: 'user', site_access_inherited: true }]);
    await post('siteadmin', { site_access: { id_user_group: 5, id_site: 1, site_access_role: 'user' } });
    t.same(await post('siteadmin', { site_access: { id_user_group: 5, id_site: 1, id_service_role: 0, site_access_role: 'admin' } }), { status: 200, body: [] }, 'id 0 wins');
    t.same(await list('admin', '?id_user_group=5'), []);
    const byUser2 = await post('user2', { site_access: { id_user_group: 5, id_site: 1, site_access_role: 'user' } });
    t.match(byUser2, { status: 200, body: [{ id_user_group: 5, site_access_role: 'user' }] }, 'user2 administers site 1 too');
    t.same(await del('user2', `?id=${(byUser2.body as { id_site_access: number }[])[0]!.id_site_access}`), { status: 200, body: '' });
  });

  t.test('given DELETE mistakes, then 400, never 500', async (t) => {
    t.match(await del('admin', ''), { status: 400, body: { errors: { id: /Missing required parameter/ } } });
    t.same(await del('admin', '?id=999'), { status: 400, body: 'No site access to delete' });
    t.same(await del('admin', '?id=1'), { status: 400, body: 'No site access to delete' }, 'access 1 is a project role (OpenTera: 500)');
    t.same(await del('user3', '?id=1'), { status: 400, body: 'No site access to delete' });
    t.same(await del('siteadmin', '?id=3'), { status: 200, body: '' }, 'a site admin may remove its own group\'s role');
    t.same(await list('siteadmin', '?id_user=2'), [], 'and loses the site at once');
  });
});

t.test('given a group granted a site role, then its members reach the site at the next request, and lose it when revoked', async (t) => {
  const server = await startTestServer(t);
  const { post, del } = client(server);
  const sitesOf = async (user: string) => ((await json(await server.request('/api/user/sites', { basic: `${user}:${user}` }))) as { id_site: number; site_role: string }[]).map((s) => [s.id_site, s.site_role]);
  t.same(await sitesOf('user'), [[1, 'user']]);
  const granted = await post('admin', { site_access: { id_user_group: 1, id_site: 2, site_access_role: 'user' } });
  t.equal(granted.status, 200);
  t.same(await sitesOf('user'), [[1, 'user'], [2, 'user']], 'site 2 appears for the member of group 1');
  await post('admin', { site_access: { id_user_group: 1, id_site: 2, site_access_role: 'admin' } });
  t.same(await sitesOf('user'), [[1, 'user'], [2, 'admin']], 'the role change shows at once');
  const id = (granted.body as { id_site_access: number }[])[0]!.id_site_access;
  t.equal((await del('admin', `?id=${id}`)).status, 200);
  t.same(await sitesOf('user'), [[1, 'user']], 'revoked: site 2 is gone');
});
