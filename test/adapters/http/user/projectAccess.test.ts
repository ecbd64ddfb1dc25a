// /api/user/projectaccess (OpenTera api-user-2.md section 1) against the test data (domain.md 3.2).
import t from 'tap';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const project1 = { id_project: 1, project_name: 'Default Project #1', project_enabled: true, project_description: null };
const project2 = { id_project: 2, project_name: 'Default Project #2', project_enabled: true, project_description: null };
const project3 = { id_project: 3, project_name: 'Secret Project #1', project_enabled: true, project_description: null };
const inSite1 = { id_site: 1, site_name: 'Default Site' };
const inSite2 = { id_site: 2, site_name: 'Top Secret Site' };

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

function client(server: TestServer) {
  return {
    async get(user: string, query: string): Promise<{ status: number; body: unknown }> {
      const response = await server.request(`/api/user/projectaccess${query}`, { basic: `${user}:${user}` });
      return { status: response.status, body: await json(response) };
    },
    async list(user: string, query: string): Promise<Record<string, unknown>[]> {
      const response = await server.request(`/api/user/projectaccess${query}`, { basic: `${user}:${user}` });
      if (response.status !== 200) throw new Error(`${user} ${query}: ${response.status} ${await response.text()}`);
      return (await json(response)) as Record<string, unknown>[];
    },
    async post(user: string, body: unknown): Promise<{ status: number; body: unknown }> {
      const response = await server.request('/api/user/projectaccess', { method: 'POST', basic: `${user}:${user}`, body });
      return { status: response.status, body: await json(response) };
    },
    async del(user: string, query: string): Promise<{ status: number; body: unknown }> {
      const response = await server.request(`/api/user/projectaccess${query}`, { method: 'DELETE', basic: `${user}:${user}` });
      return { status: response.status, body: await json(response) };
    },
  };
}

t.test('GET /api/user/projectaccess', async (t) => {
  const server = await startTestServer(t);
  const { get, list } = client(server);

  t.test('given no or bad credentials, then 401; given no argument, then 400', async (t) => {
    t.equal((await server.request('/api/user/projectaccess?id_project=1')).status, 401);
    t.equal((await server.request('/api/user/projectaccess?id_project=1', { basic: 'nobody:nobody' })).status, 401);
    t.equal((await server.request('/api/user/projectaccess', { method: 'DELETE' })).status, 401);
    t.equal((await server.request('/api/user/projectaccess', { method: 'PATCH' })).status, 405);
    t.same(await get('admin', ''), { status: 400, body: 'Missing arguments' });
    t.same(await get('admin', '?with_sites=false'), { status: 400, body: 'Missing arguments' });
    t.same(await get('admin', '?with_sites=true'), { status: 200, body: [] }, 'only flags: []');
  });

  t.test('given id_user, then that user\'s project roles on the requester\'s projects', async (t) => {
    t.same(await list('admin', '?id_user=2'), [
      { ...project1, project_access_role: 'admin', project_access_inherited: true },
      { ...project2, project_access_role: 'admin', project_access_inherited: true },
    ]);
    t.same(await list('admin', '?id_user=2&with_sites=true&admins=true'), [
      { ...project1, ...inSite1, project_access_role: 'admin', project_access_inherited: true },
      { ...project2, ...inSite1, project_access_role: 'admin', project_access_inherited: true },
    ]);
    t.same(await list('admin', '?id_user=3&admins=true'), []);
    t.same(await list('admin', '?id_user=3'), [
      { ...project1, project_access_role: 'user' },
      { ...project2, project_access_role: 'user' },
    ]);
    t.same(await list('user3', '?id_user=3'), [{ ...project1, project_access_role: 'user' }], 'limited to the requester\'s projects');
    t.same(await list('user3', '?id_user=3&admins=true'), [], 'admins: the requester\'s admin projects, and admin roles');
    t.same(await list('user3', '?id_user=2'), [], 'the site admin is not one of a project admin\'s users');
    t.same(await list('user4', '?id_user=2'), []);
    t.same(await list('user', '?id_user=5'), [{ ...project1, project_access_role: 'admin' }], 'a project user sees the project admin');
  });

  t.test('given id_user_group, then that group\'s project roles, with_empty adding the other projects', async (t) => {
    t.same(await list('admin', '?id_user_group=1'), [
      { ...project1, project_access_role: 'user' },
      { ...project2, project_access_role: 'user' },
    ]);
    t.same(await list('admin', '?id_user_group=1&admins=true'), []);
    t.same(await list('admin', '?id_user_group=3&admins=true&with_sites=true'), [
      { ...project1, ...inSite1, project_access_role: 'admin', project_access_inherited: true },
      { ...project2, ...inSite1, project_access_role: 'admin', project_access_inherited: true },
    ]);
    t.same(await list('admin', '?id_user_group=3&with_empty=true&admins=true'), [
      { ...project1, project_access_role: 'admin', project_access_inherited: true },
      { ...project2, project_access_role: 'admin', project_access_inherited: true },
      { ...project3, project_access_role: null },
    ]);
    t.same(
      (await list('admin', '?id_user_group=2&with_empty=true&admins=true&with_sites=true')).map((p) => [p.id_project, p.project_access_role, p.site_name]),
      [
        [1, 'admin', 'Default Site'],
        [2, null, 'Default Site'],
        [3, null, 'Top Secret Site'],
      ],
      'by site name, then project name',
    );
    t.same(await list('siteadmin', '?id_user_group=2&with_empty=true'), [{ ...project1, project_access_role: 'admin' }, { ...project2, project_access_role: null }]);
    t.same(await list('user3', '?id_user_group=1'), [{ ...project1, project_access_role: 'user' }]);
    t.same(await list('user4', '?id_user_group=1'), []);
    t.same(await list('siteadmin', '?id_user_group=5'), [], 'a group without roles is the superadmins\'');
  });

  t.test('given id_user_group and by_users, then one entry per member and project', async (t) => {
    const group1 = await list('admin', '?id_user_group=1&by_users=true');
    t.same(group1, [
      { id_user: 3, id_project: 1, user_name: 'Site User', user_enabled: true, project_access_role: 'user', project_access_inherited: false },
      { id_user: 3, id_project: 2, user_name: 'Site User', user_enabled: true, project_access_role: 'user', project_access_inherited: false },
    ]);
    const group3 = await list('admin', '?id_user_group=3&by_users=true&with_sites=true');
    t.equal(group3.length, 4);
    for (const item of group3) t.match(item, { project_access_role: 'admin', project_access_inherited: true, id_site: 1, site_name: 'Default Site' });
    const withEmpty = await list('admin', '?id_user_group=3&by_users=true&with_empty=true');
    t.equal(withEmpty.length, 6);
    for (const item of withEmpty) {
      if (item.id_project === 3) t.match(item, { project_access_role: null, project_access_inherited: null });
      else t.match(item, { project_access_role: 'admin', project_access_inherited: true });
    }
    const group2 = await list('admin', '?id_user_group=2&by_users=true&with_empty=true&admins=true');
    t.same(
      group2.map((i) => [i.id_user, i.id_project, i.project_access_role]),
      [
        [5, 1, 'admin'],
        [5, 2, null],
        [5, 3, null],
      ],
    );
    const group4 = await list('admin', '?id_user_group=4&by_users=true&with_empty=true&admins=true&with_sites=true');
    t.same(
      group4.map((i) => [i.id_user, i.id_project, i.project_access_role, i.id_site]),
      [
        [4, 1, 'admin', 1],
        [4, 2, 'admin', 1],
        [4, 3, null, 2],
      ],
      'the user\'s own role, whatever the group\'s',
    );
  });

  t.test('given id_project, then the requester\'s groups with a role on it', async (t) => {
    t.same(await list('admin', '?id_project=1'), [
      { id_user_group: 3, user_group_name: 'Admins - Default Site', project_access_role: 'admin', project_access_inherited: true },
      { id_user_group: 2, user_group_name: 'Admins - Project 1', project_access_role: 'admin' },
      { id_user_group: 4, user_group_name: 'Users - Project 1', project_access_role: 'user' },
      { id_user_group: 1, user_group_name: 'Users - Projects 1 & 2', project_access_role: 'user' },
    ]);
    t.same(await list('admin', '?id_project=2&with_sites=1'), [
      { id_user_group: 3, user_group_name: 'Admins - Default Site', project_access_role: 'admin', project_access_inherited: true, ...inSite1 },
      { id_user_group: 1, user_group_name: 'Users - Projects 1 & 2', project_access_role: 'user', ...inSite1 },
    ]);
    t.same(
      (await list('admin', '?id_project=1&admins=true')).map((g) => g.id_user_group),
      [3, 2],
    );
    t.same(await list('admin', '?id_project=2&admins=true&with_sites=true'), [
      { id_user_group: 3, user_group_name: 'Admins - Default Site', project_access_role: 'admin', project_access_inherited: true, ...inSite1 },
    ]);
    t.same(await list('admin', '?id_project=3&with_empty=true&with_sites=true'), [
      { id_user_group: 3, user_group_name: 'Admins - Default Site', project_access_role: null, ...inSite2 },
      { id_user_group: 2, user_group_name: 'Admins - Project 1', project_access_role: null, ...inSite2 },
      { id_user_group: 5, user_group_name: 'No access!', project_access_role: null, ...inSite2 },
      { id_user_group: 4, user_group_name: 'Users - Project 1', project_access_role: null, ...inSite2 },
      { id_user_group: 1, user_group_name: 'Users - Projects 1 & 2', project_access_role: null, ...inSite2 },
    ]);
    t.equal((await list('user3', '?id_project=1')).length, 4, 'a project admin sees the groups of its project');
    t.same(await list('user3', '?id_project=2&with_empty=true'), [], 'a project the requester cannot access shows nothing (OpenTera does not check)');
    t.same(await list('siteadmin', '?id_project=3&with_empty=true'), []);
    t.same(await list('user4', '?id_project=1'), []);
    t.same(await list('admin', '?id_project=77'), [], 'unknown project');
  });

  t.test('given id_project and by_users, then the users of those groups with their own role', async (t) => {
    t.same(
      (await list('admin', '?id_project=1&by_users=true&with_sites=true')).map((u) => [u.id_user, u.project_access_role, u.id_site]),
      [
        [4, 'admin', 1],
        [2, 'admin', 1],
        [5, 'admin', 1],
        [3, 'user', 1],
      ],
    );
    const admins = await list('admin', '?id_project=1&by_users=true&admins=true');
    t.equal(admins.length, 3);
    for (const u of admins) t.equal(u.project_access_role, 'admin');
    const project2Users = await list('admin', '?id_project=2&by_users=true&with_empty=true');
    t.same(
      project2Users.map((u) => [u.id_user, u.project_access_role, u.project_access_inherited]),
      [
        [4, 'admin', true],
        [2, 'admin', true],
        [5, null, null],
        [3, 'user', false],
      ],
    );
    const withAdmins = await list('admin', '?id_project=2&by_users=true&with_empty=true&admins=true&with_sites=true');
    t.same(
      withAdmins.map((u) => [u.id_user, u.project_access_role]),
      [
        [4, 'admin'],
        [2, 'admin'],
        [5, null],
        [3, 'user'],
      ],
      'copied quirk: admins leaves the users\' roles as they are',
    );
    t.same(
      (await list('user', '?id_project=1&by_users=true')).map((u) => u.id_user),
      [4, 5, 3],
      'a project user does not see the site admin',
    );
  });
});

t.test('POST and DELETE /api/user/projectaccess', async (t) => {
  const server = await startTestServer(t);
  const { list, post, del } = client(server);

  t.test('given OpenTera\'s sequence, then 400s, 403, a grant, an update keeping its id, and a delete', async (t) => {
    const body: { project_access: Record<string, unknown> } = { project_access: { project_access_role: 'admin' } };
    t.same(await post('user', body), { status: 400, body: 'Missing id_user_group' });
    body.project_access.id_user_group = '4';
    t.same(await post('user', body), { status: 400, body: 'Missing id_project' });
    body.project_access.id_project = '3';
    t.same(await post('user4', body), { status: 403, body: 'Forbidden' });
    const created = await post('admin', body);
    t.equal(created.status, 200);
    t.same(created.body, [
      {
        id_service_access: 10,
        id_project_access: 10,
        id_user_group: 4,
        id_service_role: 21,
        id_service: 1,
        id_project: 3,
        project_name: 'Secret Project #1',
        service_role_name: 'admin',
        service_name: 'OpenTera Server',
        service_key: 'OpenTeraServer',
        service_access_role_name: 'admin',
        user_group_name: 'Users - Project 1',
        project_access_role: 'admin',
      },
    ]);
    const updated = await post('admin', { project_access: { project_access_role: 'user', id_user_group: 4, id_project: 3 } });
    t.match(updated, { status: 200, body: [{ id_project_access: 10, project_access_role: 'user', id_service_role: 22 }] });
    t.same(await del('user4', '?id=10'), { status: 403, body: 'Forbidden' });
    t.same(await del('siteadmin', '?id=10'), { status: 403, body: 'Forbidden' }, 'project 3 is in another site');
    t.same(await del('admin', '?id=10'), { status: 200, body: '' });
    t.same(await list('admin', '?id_user_group=4'), [{ ...project1, project_access_role: 'user' }]);
  });

  t.test('given missing or invalid role fields, then 400, never 500', async (t) => {
    const before = await server.core.store.headPosition();
    t.same(await post('admin', { project_access: { id_user_group: 5, id_project: 1 } }), { status: 400, body: 'Missing role name or id' });
    t.same(await post('admin', { project_access: { id_user_group: 5, id_project: 1, project_access_role: 'owner' } }), { status: 400, body: 'Invalid role name or id for that project' });
    t.same(await post('admin', { project_access: { id_user_group: 5, id_project: 1, id_project_role: 17 } }), { status: 400, body: 'Invalid role name or id for that project' }, 'id_project_role is never read, as in OpenTera');
    t.same(await post('admin', { project_access: { id_user_group: 5, id_project: 1, id_service_role: 13 } }), { status: 400, body: 'Invalid role name or id for that project' }, 'a site role (OpenTera grants it)');
    t.same(await post('admin', { project_access: { id_user_group: 5, id_project: 99, project_access_role: 'user' } }), { status: 404, body: 'Invalid project' });
    t.same(await post('admin', { project_access: { id_user_group: 99, id_project: 1, project_access_role: 'user' } }), { status: 404, body: 'Invalid user group' });
    t.same(await post('siteadmin', { project_access: { id_user_group: 5, id_project: 99, project_access_role: 'user' } }), { status: 403, body: 'Forbidden' });
    t.same(await post('admin', { other: 1 }), { status: 400, body: 'Missing project_access' });
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given each role, then project admins (site admins included) may set roles on their projects only', async (t) => {
    const before = await server.core.store.headPosition();
    for (const [user, project] of [
      ['user', 1],
      ['user4', 1],
      ['user3', 2],
      ['siteadmin', 3],
      ['user2', 3],
    ] as const) {
      t.same(await post(user, { project_access: { id_user_group: 5, id_project: project, project_access_role: 'user' } }), { status: 403, body: 'Forbidden' }, `${user} on project ${project}`);
    }
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
    t.match(await post('user3', { project_access: [{ id_user_group: 5, id_project: 1, id_service_role: 18 }] }), { status: 200, body: [{ id_user_group: 5, project_access_role: 'user' }] }, 'a project admin, by role id');
    t.match(await post('siteadmin', { project_access: { id_user_group: 5, id_project: 2, project_access_role: 'admin' } }), { status: 200, body: [{ id_project: 2, project_access_role: 'admin' }] });
    t.same(await post('user3', { project_access: { id_user_group: 5, id_project: 1, project_access_role: '' } }), { status: 200, body: [] }, 'the removal that crashes OpenTera');
    t.same(await post('siteadmin', { project_access: { id_user_group: 5, id_project: 2, id_service_role: 0 } }), { status: 200, body: [] });
    t.same(await list('admin', '?id_user_group=5'), []);
  });

  t.test('given DELETE mistakes, then 400, never 500', async (t) => {
    t.match(await del('admin', '?id=abc'), { status: 400, body: { message: 'Input payload validation failed' } });
    t.same(await del('admin', '?id=999'), { status: 400, body: 'No project access to delete.' });
    t.same(await del('user3', '?id=3'), { status: 400, body: 'No project access to delete.' }, 'access 3 is a site role (OpenTera: 500)');
    t.same(await del('user3', '?id=1'), { status: 200, body: '' }, 'a project admin removes a role on its project');
    t.same(await list('admin', '?id_user_group=1'), [{ ...project2, project_access_role: 'user' }]);
  });
});

t.test('given a group granted a project role, then its members reach the project\'s site at the next request, and lose it when revoked', async (t) => {
  const server = await startTestServer(t);
  const { post, del } = client(server);
  const sitesOf = async (user: string) => ((await json(await server.request('/api/user/sites', { basic: `${user}:${user}` }))) as { id_site: number; site_role: string }[]).map((s) => [s.id_site, s.site_role]);
  t.same(await sitesOf('user3'), [[1, 'user']]);
  const granted = await post('admin', { project_access: { id_user_group: 2, id_project: 3, project_access_role: 'user' } });
  t.equal(granted.status, 200);
  t.same(await sitesOf('user3'), [[1, 'user'], [2, 'user']], 'site 2 appears, inherited from project 3');
  t.same(
    (await client(server).list('user3', '?id_user=5')).map((p) => [p.id_project, p.project_access_role]),
    [
      [1, 'admin'],
      [3, 'user'],
    ],
  );
  const id = (granted.body as { id_project_access: number }[])[0]!.id_project_access;
  t.equal((await del('admin', `?id=${id}`)).status, 200);
  t.same(await sitesOf('user3'), [[1, 'user']], 'revoked: site 2 is gone');
});
