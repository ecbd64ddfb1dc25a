// /api/user/users/usergroups against OpenTera's test data. Seeded memberships: 1 siteadmin (2) in group 3,
// 2 user (3) in group 1, 3 and 4 user2 (4) in groups 4 and 3, 5 user3 (5) in group 2.
import t from 'tap';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

type Json = Record<string, unknown>;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

function client(server: TestServer) {
  const get = async (user: string, query: string) => {
    const response = await server.request(`/api/user/users/usergroups${query}`, { basic: `${user}:${user}` });
    if (response.status !== 200) throw new Error(`GET ${query} as ${user}: ${response.status} ${await response.text()}`);
    return (await json(response)) as Json[];
  };
  const post = (user: string, body: unknown) => server.request('/api/user/users/usergroups', { method: 'POST', basic: `${user}:${user}`, body });
  const del = (user: string, query: string) => server.request(`/api/user/users/usergroups${query}`, { method: 'DELETE', basic: `${user}:${user}` });
  const sitesOf = async (user: string) => (await json(await server.request('/api/user/sites', { basic: `${user}:${user}` }))) as Json[];
  return { get, post, del, sitesOf };
}

t.test('GET /api/user/users/usergroups', async (t) => {
  const server = await startTestServer(t);
  const { get } = client(server);

  t.test('given no id, then 400', async (t) => {
    const response = await server.request('/api/user/users/usergroups?id_user=0', { basic: 'admin:admin' });
    t.equal(response.status, 400);
    t.equal(await json(response), 'At least one id must be specified');
  });

  t.test('given id_user_group, then its memberships with names, and with_empty the other users', async (t) => {
    t.same(await get('admin', '?id_user_group=1'), [{ id_user_user_group: 2, id_user: 3, id_user_group: 1, user_fullname: 'Site User', user_group_name: 'Users - Projects 1 & 2' }]);
    t.same(await get('admin', '?id_user_group=1&list=true'), [{ id_user_user_group: 2, id_user: 3, id_user_group: 1 }], 'list: the ids only');
    const withEmpty = await get('admin', '?id_user_group=1&with_empty=true');
    t.same(
      withEmpty.map((m) => [m.id_user, m.id_user_user_group, m.id_user_group]),
      [
        [4, null, null],
        [6, null, null],
        [5, null, null],
        [2, null, null],
        [3, 2, 1],
      ],
      'every non-superadmin user, by first name; non-members with null ids',
    );
    t.match(withEmpty[0], { user_fullname: 'MultiSite User', user_group_name: null });
    t.same((await get('admin', '?id_user_group=3')).map((m) => m.id_user), [4, 2]);
  });

  t.test('given id_user, then its memberships in visible groups, and with_empty the other groups', async (t) => {
    t.same(await get('admin', '?id_user=4'), [
      { id_user_user_group: 4, id_user: 4, id_user_group: 3, user_fullname: 'MultiSite User', user_group_name: 'Admins - Default Site' },
      { id_user_user_group: 3, id_user: 4, id_user_group: 4, user_fullname: 'MultiSite User', user_group_name: 'Users - Project 1' },
    ]);
    const withEmpty = await get('admin', '?id_user=4&with_empty=true&list=false');
    t.same(
      withEmpty.map((m) => [m.id_user_group, m.id_user, m.id_user_user_group]),
      [
        [3, 4, 4],
        [2, null, null],
        [5, null, null],
        [4, 4, 3],
        [1, null, null],
      ],
      'by group name; other groups with null ids',
    );
    t.match(withEmpty[1], { user_fullname: null, user_group_name: 'Admins - Project 1' });
    t.same(await get('admin', '?id_user=1'), [], 'a superadmin is in no group');
  });

  t.test('given each role, then only what it may see', async (t) => {
    t.same((await get('user', '?id_user=4')).map((m) => m.id_user_group), [3, 4], 'user sees user2 and its groups');
    t.same(await get('user', '?id_user=2'), [], 'user does not see siteadmin (OpenTera shows its memberships)');
    t.same((await get('user', '?id_user_group=3')).map((m) => m.id_user), [4], 'the group\'s members that user sees');
    t.same(await get('user4', '?id_user_group=1'), [], 'no access');
    t.same(await get('user4', '?id_user=3'), []);
    for (const query of ['?id_user=99999999999', '?id_user_group=99999999999']) {
      t.equal((await server.request(`/api/user/users/usergroups${query}`, { basic: 'admin:admin' })).status, 400, `${query}: beyond PostgreSQL integers, a client mistake, not a 500`);
    }
    t.same(await get('user4', '?id_user=6&with_empty=true'), [], 'not even its own empty groups: it sees none');
    t.same((await get('siteadmin', '?id_user_group=1&with_empty=true')).map((m) => m.id_user), [4, 5, 2, 3], 'candidates are the users it sees');
    t.same(await get('siteadmin', '?id_user_group=5'), [], 'a group it does not see');
  });
});

t.test('POST and DELETE /api/user/users/usergroups', async (t) => {
  const server = await startTestServer(t);
  const { get, post, del, sitesOf } = client(server);

  t.test('given bad bodies, then 400 with OpenTera\'s messages', async (t) => {
    const cases: [unknown, unknown][] = [
      [{}, 'Missing user user group'],
      [{ user_user_groups: { id_user: 6, id_user_group: 1 } }, 'Missing user user group'],
      [{ user_user_group: { id_user_group: 1 } }, 'Missing id_user'],
      [{ user_user_group: [{ id_user: 6, id_user_group: 1 }, { id_user: 6 }] }, 'Missing id_user_group'],
      [{ user_user_group: { id_user: '6', id_user_group: 1 } }, { message: 'Input payload validation failed' }],
      [{ user_user_group: 6 }, { message: 'Input payload validation failed' }],
      [{ user_user_group: { id_user: 1, id_user_group: 1 } }, "Super admins can't be associated to an user group"],
    ];
    for (const [body, expected] of cases) {
      const response = await post('admin', body);
      t.equal(response.status, 400, JSON.stringify(body));
      t.match(await json(response), expected);
    }
    t.same(await get('admin', '?id_user=6'), [], 'nothing added, not even the first valid item');
  });

  t.test('given refusals, then 403 with the reason', async (t) => {
    const cases: [string, unknown, string][] = [
      ['user4', { id_user: 6, id_user_group: 1 }, 'No access to specified user group'],
      ['user4', { id_user: 3, id_user_group: 1 }, 'No access to specified user'],
      ['admin', { id_user: 99, id_user_group: 1 }, 'No access to specified user'],
      ['admin', { id_user: 6, id_user_group: 99 }, 'No access to specified user group'],
      ['siteadmin', { id_user: 6, id_user_group: 1 }, 'No access to specified user'], // user4 is in none of its projects
      ['siteadmin', { id_user: 3, id_user_group: 5 }, 'No access to specified user group'], // a group without roles
      ['user', { id_user: 3, id_user_group: 4 }, 'No access to specified user group'], // no admin role at all
      ['user3', { id_user: 5, id_user_group: 3 }, 'No access to specified user group'], // a project admin joining the site admins (OpenTera allows it)
      ['user3', { id_user: 3, id_user_group: 1 }, 'No access to specified user group'], // group 1 also gives project 2, which user3 does not administer
    ];
    for (const [requester, item, message] of cases) {
      const response = await post(requester, { user_user_group: item });
      t.equal(response.status, 403, `${requester} ${JSON.stringify(item)}`);
      t.equal(await json(response), message);
    }
    t.same((await sitesOf('user3')).map((s) => s.site_role), ['user'], 'user3 is still no site admin');
  });

  t.test('given a superadmin, when adding user4 to group 1, then user4 gets the group\'s access at the next request', async (t) => {
    t.same(await sitesOf('user4'), []);
    const response = await post('admin', { user_user_group: { id_user: 6, id_user_group: 1 } });
    t.equal(response.status, 200);
    const [created] = (await json(response)) as Json[];
    t.match(created, { id_user: 6, id_user_group: 1, id_user_user_group: Number });
    t.same(await sitesOf('user4'), [{ id_site: 1, site_name: 'Default Site', site_2fa_required: false, site_role: 'user' }]);
    t.same((await get('admin', '?id_user=6')).map((m) => m.id_user_user_group), [created!.id_user_user_group], 'read-your-writes');

    const again = await post('admin', { user_user_group: [{ id_user: 6, id_user_group: 1 }] });
    t.same(await json(again), [created], 'the same pair answers the same membership');

    const other = await post('admin', { user_user_group: { id_user_user_group: created!.id_user_user_group, id_user: 6, id_user_group: 3, user_fullname: 'ignored' } });
    const [second] = (await json(other)) as Json[];
    t.not(second!.id_user_user_group, created!.id_user_user_group, 'a posted id_user_user_group is ignored: another pair is another membership');
    t.same((await sitesOf('user4')).map((s) => s.site_role), ['admin'], 'now site admin through group 3');

    t.equal((await del('user', `?id=${second!.id_user_user_group as number}`)).status, 403, 'a user without admin role may not remove it');
    const removed = await del('admin', `?id=${second!.id_user_user_group as number}`);
    t.equal(removed.status, 200);
    t.equal(await removed.text(), '""');
    t.same((await sitesOf('user4')).map((s) => s.site_role), ['user'], 'access follows at once');
    t.equal((await del('admin', `?id=${second!.id_user_user_group as number}`)).status, 400, 'a removed membership is unknown');
  });

  t.test('given a project admin, then it manages the groups within its project', async (t) => {
    const response = await post('user3', { user_user_group: { id_user: 3, id_user_group: 4 } });
    t.equal(response.status, 200);
    const [membership] = (await json(response)) as Json[];
    t.same((await get('admin', '?id_user=3')).map((m) => m.id_user_group), [4, 1], 'user is now in groups 4 and 1, by name');
    t.equal((await del('user3', `?id=${membership!.id_user_user_group as number}`)).status, 200);
  });

  t.test('given DELETE refusals, then 400 or 403 with the reason', async (t) => {
    const cases: [string, string, number, unknown][] = [
      ['admin', '', 400, { errors: { id: /Missing required parameter/ } }],
      ['admin', '?id=999', 400, "Can't delete specified relationship"],
      ['admin', '?id=99999999999', 400, { errors: { id: /out of range/ } }],
      ['user4', '?id=2', 403, "No access to relationship's user"],
      ['user3', '?id=2', 403, "No access to relationship's user group"], // user (3) in group 1: user3 does not manage group 1
    ];
    for (const [requester, query, status, expected] of cases) {
      const response = await del(requester, query);
      t.equal(response.status, status, `${requester} ${query}`);
      t.match(await json(response), expected);
    }
    t.same((await get('admin', '?id_user=3')).map((m) => m.id_user_user_group), [2], 'nothing removed');
  });

  t.test('given a site admin, when removing a user from a group of its site, then the user loses that access', async (t) => {
    t.same((await sitesOf('user')).map((s) => s.id_site), [1]);
    const response = await del('siteadmin', '?id=2');
    t.equal(response.status, 200);
    t.same(await sitesOf('user'), [], 'user lost its only group');
    t.same(await get('admin', '?id_user=3'), []);
  });
});
