// /api/user/usergroups (OpenTera api-user-2.md section 24) against the test data (domain.md 3.2).
import t from 'tap';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const site1 = { id_site: 1, site_name: 'Default Site', site_2fa_required: false };
const site2 = { id_site: 2, site_name: 'Top Secret Site', site_2fa_required: false };
const project1 = { id_project: 1, project_name: 'Default Project #1', project_enabled: true, project_description: null };
const project2 = { id_project: 2, project_name: 'Default Project #2', project_enabled: true, project_description: null };
const project3 = { id_project: 3, project_name: 'Secret Project #1', project_enabled: true, project_description: null };

const groupNames: Record<number, string> = { 1: 'Users - Projects 1 & 2', 2: 'Admins - Project 1', 3: 'Admins - Default Site', 4: 'Users - Project 1', 5: 'No access!' };
/** Groups in OpenTera's order: by name. */
const byName = [3, 2, 5, 4, 1];

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

interface Group {
  id_user_group: number;
  user_group_name: string;
  user_group_sites_access?: Record<string, unknown>[];
  user_group_projects_access?: Record<string, unknown>[];
}

function client(server: TestServer) {
  return {
    async list(user: string, query = ''): Promise<Group[]> {
      const response = await server.request(`/api/user/usergroups${query}`, { basic: `${user}:${user}` });
      if (response.status !== 200) throw new Error(`${user} ${query}: ${response.status} ${await response.text()}`);
      return (await json(response)) as Group[];
    },
    async post(user: string, body: unknown): Promise<{ status: number; body: unknown }> {
      const response = await server.request('/api/user/usergroups', { method: 'POST', basic: `${user}:${user}`, body });
      return { status: response.status, body: await json(response) };
    },
    async del(user: string, query: string): Promise<{ status: number; body: unknown }> {
      const response = await server.request(`/api/user/usergroups${query}`, { method: 'DELETE', basic: `${user}:${user}` });
      return { status: response.status, body: await json(response) };
    },
  };
}

const ids = (groups: Group[]) => groups.map((g) => g.id_user_group);

t.test('GET /api/user/usergroups', async (t) => {
  const server = await startTestServer(t);
  const { list } = client(server);

  t.test('given no or bad credentials, then 401 for every method; given another method, then 405', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      t.equal((await server.request('/api/user/usergroups', { method })).status, 401, method);
      t.equal((await server.request('/api/user/usergroups', { method, basic: 'invalid:invalid' })).status, 401, method);
      t.equal((await server.request('/api/user/usergroups', { method, token: 'invalid' })).status, 401, method);
    }
    t.equal((await server.request('/api/user/usergroups', { method: 'PUT' })).status, 405);
  });

  t.test('given each role, then the groups it may see, by name, with their roles on its sites and projects', async (t) => {
    const all = await list('admin');
    t.same(ids(all), byName, 'superadmin: every group');
    t.same(all.find((g) => g.id_user_group === 3), {
      id_user_group: 3,
      user_group_name: 'Admins - Default Site',
      user_group_sites_access: [{ ...site1, site_access_role: 'admin' }],
      user_group_projects_access: [
        { ...project1, project_access_role: 'admin', project_access_inherited: true },
        { ...project2, project_access_role: 'admin', project_access_inherited: true },
      ],
    });
    t.same(all.find((g) => g.id_user_group === 1), {
      id_user_group: 1,
      user_group_name: 'Users - Projects 1 & 2',
      user_group_sites_access: [{ ...site1, site_access_role: 'user', site_access_inherited: true }],
      user_group_projects_access: [
        { ...project1, project_access_role: 'user' },
        { ...project2, project_access_role: 'user' },
      ],
    });
    t.same(all.find((g) => g.id_user_group === 5), { id_user_group: 5, user_group_name: 'No access!', user_group_sites_access: [], user_group_projects_access: [] });
    for (const user of ['siteadmin', 'user', 'user2', 'user3']) t.same(ids(await list(user)), [3, 2, 4, 1], user);
    t.same(await list('user4'), [], 'no access: []');
    const seenByProjectAdmin = await list('user3');
    t.same(
      seenByProjectAdmin.find((g) => g.id_user_group === 1)!.user_group_projects_access,
      [{ ...project1, project_access_role: 'user' }],
      'roles limited to the requester\'s projects',
    );
  });

  t.test('given id_user_group and list, then one group, minimal with a truthy list only', async (t) => {
    const full = await list('admin', '?id_user_group=1');
    t.equal(full.length, 1);
    t.ok(full[0]!.user_group_sites_access && full[0]!.user_group_projects_access);
    t.same(await list('admin', '?id_user_group=1&list=1'), [{ id_user_group: 1, user_group_name: groupNames[1] }]);
    t.ok((await list('admin', '?id_user_group=1&list=false'))[0]!.user_group_projects_access, 'list=false is the full form');
    t.same(await list('user4', '?id_user_group=1'), []);
    t.same(ids(await list('user', '?id_user_group=1')), [1]);
    t.same(await list('user3', '?id_user_group=1&list=1'), [{ id_user_group: 1, user_group_name: groupNames[1] }]);
    t.same(await list('siteadmin', '?id_user_group=5'), [], 'a group without roles is the superadmins\'');
    t.same(ids(await list('admin', '?id_user_group=0&list=1')), byName, 'zero counts as absent');
  });

  t.test('given id_user, then that user\'s groups the requester may see', async (t) => {
    t.same(await list('admin', '?id_user=1'), [], 'a superadmin has no groups');
    t.same(ids(await list('admin', '?id_user=3')), [1]);
    t.same(ids(await list('admin', '?id_user=4')), [3, 4]);
    t.same(await list('user4', '?id_user=3'), [], 'no access to that user');
    t.same(ids(await list('siteadmin', '?id_user=2')), [3], 'oneself');
    t.same(await list('user3', '?id_user=2'), [], 'the site admin is not one of a project admin\'s users');
    t.same(await list('admin', '?id_user=99'), []);
  });

  t.test('given id_site, then the groups with a (direct or inherited) role on a site the requester may access', async (t) => {
    t.same(ids(await list('admin', '?id_site=1')), [3, 2, 4, 1]);
    t.same(ids(await list('user3', '?id_site=1')), [3, 2, 4, 1], 'user3 sees all of them too');
    t.same(await list('user4', '?id_site=1'), []);
    t.same(await list('admin', '?id_site=2'), [], 'no group holds a role in site 2');
    t.same(await list('siteadmin', '?id_site=2'), []);
    t.same(await list('admin', '?id_site=9'), []);
  });
});

t.test('POST /api/user/usergroups', async (t) => {
  const server = await startTestServer(t);
  const { list, post } = client(server);

  t.test('given bad bodies, then 400 with OpenTera\'s messages, and nothing is written', async (t) => {
    const before = await server.core.store.headPosition();
    t.same(await post('admin', { id_user_group: 0, user_group_name: 'Testing123' }), { status: 400, body: 'Missing user_group' });
    t.same(await post('admin', { user_group: {} }), { status: 400, body: 'Missing id_user_group' });
    t.same(await post('admin', { user_group: { id_user_group: 0 } }), { status: 400, body: 'Missing user group name' });
    t.same(await post('admin', { user_group: { id_user_group: 0, user_group_name: '  ' } }), { status: 400, body: 'Missing user group name' });
    t.same(await post('admin', { user_group: { id_user_group: 1, user_group_name: '' } }), { status: 400, body: 'Missing user group name' });
    t.match(await post('admin', { user_group: { id_user_group: -1, user_group_name: 'x' } }), { status: 400, body: { message: 'Input payload validation failed' } });
    t.match(await post('admin', { user_group: { id_user_group: 1, color: 'red' } }), { status: 400, body: { errors: { 'user_group.color': 'Unknown field' } } });
    t.same(await post('admin', { user_group: { id_user_group: 1, user_group_sites_access: [{ site_access_role: 'user' }] } }), { status: 400, body: 'Missing id_site' });
    t.same(await post('admin', { user_group: { id_user_group: 1, user_group_projects_access: [{ project_access_role: 'user' }] } }), { status: 400, body: 'Missing id_project' });
    t.same(await post('admin', { user_group: { id_user_group: 1, user_group_sites_access: [{ id_site: 2, site_access_role: 'owner' }] } }), { status: 400, body: 'Invalid role name or id for that site' });
    t.same(
      await post('admin', { user_group: { id_user_group: 1, user_group_name: 'Renamed', user_group_projects_access: [{ id_project: 3, project_access_role: 'root' }] } }),
      { status: 400, body: 'Invalid role name or id for that project' },
      'an unknown role name (OpenTera: 500, after renaming)',
    );
    t.same(await post('admin', { user_group: { id_user_group: 1, user_group_sites_access: [{ id_site: 9, site_access_role: 'user' }] } }), { status: 404, body: 'Invalid site' });
    t.same(await post('admin', { user_group: { id_user_group: 1, user_group_projects_access: [{ id_project: 9, project_access_role: 'user' }] } }), { status: 404, body: 'Invalid project' });
    t.same(await post('admin', { user_group: { id_user_group: 99, user_group_name: 'Ghost' } }), { status: 404, body: 'Invalid user group' });
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given requesters who administer no site, or not the listed ones, then 403 and nothing is written', async (t) => {
    const before = await server.core.store.headPosition();
    const create = { user_group: { id_user_group: 0, user_group_name: 'Testing123' } };
    for (const user of ['user4', 'user', 'user3']) t.same(await post(user, create), { status: 403, body: 'Forbidden' }, user);
    t.same(
      await post('siteadmin', { user_group: { id_user_group: 0, user_group_name: 'X', user_group_sites_access: [{ id_site: 1, site_access_role: 'user' }, { id_site: 2, site_access_role: 'user' }] } }),
      { status: 403, body: 'No site admin access for at a least one site in the list' },
    );
    t.same(
      await post('siteadmin', { user_group: { id_user_group: 0, user_group_name: 'X', user_group_projects_access: [{ id_project: 3, project_access_role: 'user' }] } }),
      { status: 403, body: 'No site admin access for at a least one project in the list' },
    );
    t.same(
      await post('siteadmin', { user_group: { id_user_group: 1, user_group_projects_access: [{ id_project: 9, project_access_role: 'user' }] } }),
      { status: 403, body: 'No site admin access for at a least one project in the list' },
      'an unknown project, for a non-superadmin',
    );
    t.same(await post('siteadmin', { user_group: { id_user_group: 99, user_group_name: 'Ghost' } }), { status: 403, body: 'Forbidden' }, 'an unknown group, for a non-superadmin');
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given a site admin, when creating a group, then it is answered and it may rename it while it holds no role elsewhere', async (t) => {
    const created = await post('siteadmin', { user_group: { id_user_group: 0, user_group_name: ' Testing123 ' } });
    t.same(created, { status: 200, body: [{ id_user_group: 6, user_group_name: 'Testing123' }] }, 'ids continue after the seeded ones; no role lists');
    t.same(await post('siteadmin', { user_group: { id_user_group: 6, user_group_name: 'Renamed' } }), { status: 200, body: [{ id_user_group: 6, user_group_name: 'Renamed' }] }, 'a group without roles grants nothing: any site admin may name it');
    t.same(await post('user', { user_group: { id_user_group: 6, user_group_name: 'Not an admin' } }), { status: 403, body: 'Forbidden' }, 'but not a user who administers no site');
    t.same(await post('siteadmin', { user_group: { id_user_group: 6, user_group_name: 'Renamed' } }), { status: 200, body: [{ id_user_group: 6, user_group_name: 'Renamed' }] }, 'the same name is no rename');
    const renamed = await post('siteadmin', { user_group: { id_user_group: 6, user_group_name: 'New name', user_group_sites_access: [{ id_site: 1, site_access_role: 'user' }] } });
    t.same(renamed, { status: 200, body: [{ id_user_group: 6, user_group_name: 'New name', user_group_sites_access: [{ ...site1, site_access_role: 'user' }] }] }, 'renamed while given a role in its site');
    t.same(ids(await list('siteadmin', '?id_site=1&list=true')), [3, 2, 6, 4, 1], 'and the site admin sees it now');
    t.same(await post('admin', { user_group: { id_user_group: 6, user_group_name: 'By the superadmin' } }), { status: 200, body: [{ id_user_group: 6, user_group_name: 'By the superadmin' }] });
  });

  t.test('given user2 (site admin through one of its groups), then it manages groups of its site', async (t) => {
    const created = await post('user2', { user_group: { id_user_group: 0, user_group_name: 'By user2', user_group_projects_access: [{ id_project: 1, project_access_role: 'admin' }] } });
    t.match(created, { status: 200, body: [{ user_group_name: 'By user2', user_group_projects_access: [{ ...project1, project_access_role: 'admin' }] }] });
    const id = (created.body as Group[])[0]!.id_user_group;
    t.same(await post('user2', { user_group: { id_user_group: id, user_group_name: 'Renamed by user2' } }), { status: 200, body: [{ id_user_group: id, user_group_name: 'Renamed by user2' }] });
    t.same(await client(server).del('user2', `?id=${id}`), { status: 200, body: '' });
  });

  t.test('given a group serving a site the requester does not administer, then it may set roles in its site but not rename the group', async (t) => {
    t.match(await post('admin', { user_group: { id_user_group: 5, user_group_sites_access: [{ id_site: 1, site_access_role: 'user' }, { id_site: 2, site_access_role: 'user' }] } }), { status: 200 });
    t.same(await post('siteadmin', { user_group: { id_user_group: 5, user_group_name: 'Mine now' } }), { status: 403, body: 'Forbidden' });
    const promoted = await post('siteadmin', { user_group: { id_user_group: 5, user_group_name: 'No access!', user_group_sites_access: [{ id_site: 1, site_access_role: 'admin', site_name: 'as GET lists it' }] } });
    t.same(promoted, { status: 200, body: [{ id_user_group: 5, user_group_name: 'No access!', user_group_sites_access: [{ ...site1, site_access_role: 'admin' }] }] }, 'roles limited to the requester\'s sites');
    t.same((await list('admin', '?id_user_group=5'))[0]!.user_group_sites_access, [
      { ...site1, site_access_role: 'admin' },
      { ...site2, site_access_role: 'user' },
    ]);
  });

  t.test('given role lists, then roles are set, changed and removed (an empty or missing role removes, which crashes OpenTera)', async (t) => {
    const set = await post('admin', {
      user_group: {
        id_user_group: 4,
        user_group_projects_access: [
          { id_project: 2, project_access_role: 'admin' },
          { id_project: '3', project_access_role: 'user' },
        ],
      },
    });
    t.same(set, {
      status: 200,
      body: [
        {
          id_user_group: 4,
          user_group_name: 'Users - Project 1',
          user_group_projects_access: [
            { ...project1, project_access_role: 'user' },
            { ...project2, project_access_role: 'admin' },
            { ...project3, project_access_role: 'user' },
          ],
        },
      ],
    });
    const removed = await post('admin', {
      user_group: {
        id_user_group: 4,
        user_group_sites_access: [{ id_site: 2, site_access_role: '' }],
        user_group_projects_access: [{ id_project: 2 }, { id_project: 3, project_access_role: '' }],
      },
    });
    t.same(removed, {
      status: 200,
      body: [
        {
          id_user_group: 4,
          user_group_name: 'Users - Project 1',
          user_group_projects_access: [{ ...project1, project_access_role: 'user' }],
          user_group_sites_access: [{ ...site1, site_access_role: 'user', site_access_inherited: true }],
        },
      ],
    });
    t.same(
      await post('admin', { user_group: { id_user_group: 4, user_group_sites_access: [], user_group_projects_access: [] } }),
      { status: 200, body: [{ id_user_group: 4, user_group_name: 'Users - Project 1' }] },
      'empty lists: nothing to set, nothing listed (as OpenTera)',
    );
  });

  t.test('given a group given a site role, then its members reach the site at the next request, and lose it when removed', async (t) => {
    const sitesOf = async (user: string) => ((await json(await server.request('/api/user/sites', { basic: `${user}:${user}` }))) as { id_site: number; site_role: string }[]).map((s) => [s.id_site, s.site_role]);
    t.same(await sitesOf('user'), [[1, 'user']]);
    t.equal((await post('siteadmin', { user_group: { id_user_group: 1, user_group_sites_access: [{ id_site: 1, site_access_role: 'admin' }] } })).status, 200);
    t.same(await sitesOf('user'), [[1, 'admin']], 'the member of group 1 is site admin now');
    t.equal((await post('admin', { user_group: { id_user_group: 1, user_group_projects_access: [{ id_project: 3, project_access_role: 'user' }] } })).status, 200);
    t.same(await sitesOf('user'), [[1, 'admin'], [2, 'user']], 'a project role in site 2 brings site 2');
    t.equal((await post('admin', { user_group: { id_user_group: 1, user_group_sites_access: [{ id_site: 1 }], user_group_projects_access: [{ id_project: 3, project_access_role: '' }] } })).status, 200);
    t.same(await sitesOf('user'), [[1, 'user']], 'both removed at once');
  });
});

t.test('DELETE /api/user/usergroups', async (t) => {
  const server = await startTestServer(t);
  const { list, post, del } = client(server);
  const created = (await post('admin', { user_group: { id_user_group: 0, user_group_name: 'Two sites', user_group_sites_access: [{ id_site: 1, site_access_role: 'user' }, { id_site: 2, site_access_role: 'user' }] } })).body as Group[];
  const twoSites = created[0]!.id_user_group;
  const mine = ((await post('siteadmin', { user_group: { id_user_group: 0, user_group_name: 'Mine', user_group_sites_access: [{ id_site: 1, site_access_role: 'user' }] } })).body as Group[])[0]!.id_user_group;

  t.test('given mistakes, then 400 or 404, never 500', async (t) => {
    t.match(await del('admin', ''), { status: 400, body: { errors: { id: /Missing required parameter/ } } });
    t.same(await del('admin', '?id=99'), { status: 404, body: 'Invalid user group' });
    t.same(await del('siteadmin', '?id=99'), { status: 403, body: '' }, 'a non-superadmin learns nothing about unknown ids');
  });

  t.test('given requesters who do not administer every site of the group, then 403 with an empty body', async (t) => {
    for (const [user, group] of [
      ['user4', mine],
      ['user', mine],
      ['user3', 2],
      ['siteadmin', 5],
      ['siteadmin', twoSites],
    ] as const) {
      t.same(await del(user, `?id=${group}`), { status: 403, body: '' }, `${user} on group ${group}`);
    }
  });

  t.test('given a group with members, then 409 with OpenTera\'s message', async (t) => {
    const refused = { status: 409, body: "Can't delete user group: please delete all users part of that user group before deleting." };
    t.same(await del('admin', '?id=1'), refused);
    t.same(await del('siteadmin', '?id=3'), refused);
    t.equal(ids(await list('admin', '?id_user_group=1')).length, 1, 'still there');
  });

  t.test('given an empty group the requester manages, then it is deleted with its roles', async (t) => {
    t.same(await del('siteadmin', `?id=${mine}`), { status: 200, body: '' });
    t.same(await del('admin', `?id=${twoSites}`), { status: 200, body: '' });
    t.same(await del('admin', '?id=5'), { status: 200, body: '' }, 'a group without roles, by a superadmin');
    t.same(ids(await list('admin', '?list=1')), [3, 2, 4, 1]);
    t.same(await del('admin', `?id=${mine}`), { status: 404, body: 'Invalid user group' }, 'already deleted');
    const siteGroups = (await json(await server.request('/api/user/siteaccess?id_site=2&with_empty=1', { basic: 'admin:admin' }))) as { id_user_group: number }[];
    t.same(
      siteGroups.map((g) => g.id_user_group),
      [3, 2, 4, 1],
      'its roles are gone',
    );
  });
});
