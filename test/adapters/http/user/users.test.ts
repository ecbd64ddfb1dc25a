// /api/user/users against OpenTera's test data: admin (1, superadmin), siteadmin (2, admin of site 1),
// user (3, user of projects 1 and 2), user2 (4, groups 4 and 3), user3 (5, admin of project 1), user4 (6, no access).
import t from 'tap';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

type Json = Record<string, unknown>;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

const STRONG = 'Str0ng!Password';
const MINIMAL_KEYS = ['id_user', 'user_2fa_enabled', 'user_enabled', 'user_firstname', 'user_lastname', 'user_name', 'user_superadmin', 'user_uuid'];
const FULL_KEYS = [
  ...MINIMAL_KEYS,
  'user_2fa_email_enabled',
  'user_2fa_otp_enabled',
  'user_email',
  'user_force_password_change',
  'user_lastonline',
  'user_notes',
  'user_profile',
  'user_username',
].sort();

function client(server: TestServer) {
  const get = async (user: string, query = '', expected = 200) => {
    const response = await server.request(`/api/user/users${query}`, { basic: `${user}:${user}` });
    if (response.status !== expected) throw new Error(`GET ${query} as ${user}: ${response.status} ${await response.text()}`);
    return (await json(response)) as Json[];
  };
  const ids = async (user: string, query = '') => (await get(user, query)).map((u) => u.id_user);
  const post = (user: string, body: unknown, password = user) => server.request('/api/user/users', { method: 'POST', basic: `${user}:${password}`, body });
  const del = (user: string, query: string) => server.request(`/api/user/users${query}`, { method: 'DELETE', basic: `${user}:${user}` });
  return { get, ids, post, del };
}

const newUser = (username: string, extra: Json = {}) => ({
  user: { id_user: 0, user_username: username, user_firstname: 'New', user_lastname: username, user_password: STRONG, user_enabled: true, user_profile: '', ...extra },
});

t.test('GET /api/user/users', async (t) => {
  const server = await startTestServer(t);
  const { get, ids } = client(server);

  t.test('given each role, then the users it may access, by first name', async (t) => {
    // First names: MultiSite (4), No Access (6), Project (5), Site Admin (2), Site User (3), Super (1).
    t.same(await ids('admin'), [4, 6, 5, 2, 3, 1], 'superadmin: everyone');
    t.same(await ids('siteadmin'), [4, 5, 2, 3], 'site admin: the users of its projects, and itself');
    t.same(await ids('user'), [4, 5, 3], 'project user');
    t.same(await ids('user2'), [4, 5, 3], 'two groups');
    t.same(await ids('user3'), [4, 5, 3], 'project admin');
    t.same(await ids('user4'), [6], 'no access: only itself');
  });

  t.test('given list, then the minimal form; otherwise the full one, never a secret', async (t) => {
    const minimal = await get('admin', '?id_user=3&list=true');
    t.same(Object.keys(minimal[0]!).sort(), MINIMAL_KEYS, 'minimal keeps user_superadmin and user_2fa_enabled, as OpenTera');
    t.match(minimal[0], { id_user: 3, user_firstname: 'Site', user_lastname: 'User', user_name: 'Site User', user_enabled: true, user_superadmin: false, user_2fa_enabled: false });
    const full = await get('admin', '?id_user=3&list=false');
    t.same(Object.keys(full[0]!).sort(), FULL_KEYS, 'list=false is the full form without the self block');
    t.match(full[0], { user_username: 'user', user_email: null, user_profile: '', user_notes: null, user_force_password_change: false });
    t.notOk(JSON.stringify(await get('admin')).includes('user_password'), 'no password hash anywhere');
    t.match((await get('admin', '?id_user=1'))[0], { user_email: 'admin@opentera.org', user_superadmin: true });
    await server.login('user3');
    t.match((await get('admin', '?id_user=5'))[0], { user_lastonline: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/ }, 'user_lastonline: ISO 8601, set at login');
  });

  t.test('given id, id_user, uuid or user_uuid, then that user if accessible', async (t) => {
    const [user2] = await get('admin', '?id=4');
    t.equal(user2!.user_username, 'user2', 'id is an alias of id_user');
    t.same(await ids('user', '?id_user=4'), [4], 'user sees user2');
    t.same(await ids('user', '?id_user=1'), [], 'user does not see the superadmin');
    t.same(await ids('user4', '?id_user=3'), []);
    t.same(await ids('admin', `?user_uuid=${user2!.user_uuid as string}`), [4]);
    t.same(await ids('user', `?uuid=${user2!.user_uuid as string}`), [4], 'uuid is an alias of user_uuid');
    t.same(await ids('user4', `?uuid=${user2!.user_uuid as string}`), [], 'not accessible');
    t.same(await ids('admin', '?uuid=not-a-uuid'), []);
    t.same(await ids('admin', '?id_user=99'), []);
    for (const query of ['?id_user=99999999999', '?id_project=99999999999']) {
      t.equal((await server.request(`/api/user/users${query}`, { basic: 'admin:admin' })).status, 400, `${query}: beyond PostgreSQL integers, a client mistake, not a 500`);
    }
    t.same(await ids('admin', '?id_user=0'), [4, 6, 5, 2, 3, 1], 'zero means absent, as OpenTera');
  });

  t.test('given with_usergroups, then each user\'s groups that the requester may see, by name', async (t) => {
    const [user2] = await get('admin', '?id_user=4&with_usergroups=true');
    t.same(user2!.user_user_groups, [
      { id_user_group: 3, user_group_name: 'Admins - Default Site' },
      { id_user_group: 4, user_group_name: 'Users - Project 1' },
    ]);
    const [asUser] = await get('user', '?id_user=4&with_usergroups=true&list=true');
    t.same(asUser!.user_user_groups, user2!.user_user_groups, 'with the minimal form too');
    const [admin] = await get('admin', '?id_user=1&with_usergroups=true');
    t.same(admin!.user_user_groups, [], 'a superadmin has no group');
  });

  t.test('given id_user_group, then the accessible members of an accessible group', async (t) => {
    t.same(await ids('admin', '?id_user_group=3'), [4, 2]);
    t.same(await ids('user', '?id_user_group=3'), [4], 'siteadmin is not accessible to user');
    t.same(await ids('user4', '?id_user_group=3'), []);
    t.same(await ids('admin', '?id_user_group=5'), [], 'no member');
  });

  t.test('given id_project, then the enabled users with a role in it, site admins included', async (t) => {
    t.same(await ids('user3', '?id_project=1'), [4, 5, 2, 3]);
    t.same(await ids('admin', '?id_project=1'), [4, 5, 2, 3, 1], 'superadmins too for a superadmin');
    t.same(await ids('user4', '?id_project=1'), [], 'an inaccessible project');
    t.same(await ids('user', '?id_project=3'), []);
    t.same(await ids('admin', '?id_project=3'), [1], 'nobody has a role in project 3 but the superadmin');
  });

  t.test('given with_status, then everyone offline and not busy until presence exists', async (t) => {
    for (const query of ['?id_user=3&with_status=true', '?id_user=3&with_status=true&list=true']) {
      t.match((await get('admin', query))[0], { user_online: false, user_busy: false }, query);
    }
    t.notOk('user_online' in (await get('admin', '?id_user=3'))[0]!);
  });

  t.test('given username, then that user if accessible, matched case-insensitively', async (t) => {
    t.same(await ids('admin', '?username=user'), [3]);
    t.same(await ids('admin', '?username=USER2'), [4]);
    t.same(await ids('user4', '?username=admin'), []);
    t.same(await ids('admin', '?username=nobody'), []);
  });

  t.test('given self (any value), then the requester with its sites and projects unless list is given', async (t) => {
    const [siteadmin] = await get('siteadmin', '?self=false');
    t.equal(siteadmin!.id_user, 2, 'self=false still means the requester, as OpenTera');
    t.same(siteadmin!.sites, [{ id_site: 1, site_name: 'Default Site', site_2fa_required: false, site_role: 'admin' }]);
    t.same(siteadmin!.projects, [
      { id_project: 1, id_site: 1, project_name: 'Default Project #1', project_enabled: true, project_description: null, site_name: 'Default Site', project_role: 'admin' },
      { id_project: 2, id_site: 1, project_name: 'Default Project #2', project_enabled: true, project_description: null, site_name: 'Default Site', project_role: 'admin' },
    ]);
    const [user4] = await get('user4', '?self=true');
    t.same([user4!.sites, user4!.projects], [[], []], 'present, empty, for a user without access');
    const [user] = await get('user', '?self=1');
    t.same((user!.projects as Json[]).map((p) => p.project_role), ['user', 'user']);
    t.notOk('sites' in (await get('siteadmin', '?self=true&list=false'))[0]!, 'list=false drops the block');
    const all = await get('user');
    t.same(all.filter((u) => 'sites' in u).map((u) => u.id_user), [3], 'in any listing, only the requester\'s own entry');
  });

  t.test('given enabled, then a filter on user_enabled', async (t) => {
    t.same(await ids('admin', '?enabled=false'), []);
    t.same(await ids('admin', '?enabled=true'), [4, 6, 5, 2, 3, 1]);
  });

  t.test('given bad parameters or no credentials, then 400 or 401', async (t) => {
    const bad = await server.request('/api/user/users?id_user=x', { basic: 'admin:admin' });
    t.equal(bad.status, 400);
    t.match(await json(bad), { errors: { id_user: /invalid literal for int/ } });
    t.equal((await server.request('/api/user/users?list=maybe', { basic: 'admin:admin' })).status, 400);
    t.equal((await server.request('/api/user/users')).status, 401);
    t.equal((await server.request('/api/user/users', { basic: 'admin:wrong' })).status, 401);
    const token = await server.login('user');
    t.equal((await server.request('/api/user/users', { token })).status, 200, 'a token works too');
    t.equal((await server.request('/api/user/users', { method: 'PUT' })).status, 405);
  });
});

t.test('POST /api/user/users', async (t) => {
  const server = await startTestServer(t);
  const { get, ids, post } = client(server);

  t.test('given bad bodies, then 400 with OpenTera\'s messages, and nothing changes', async (t) => {
    const before = await server.core.store.headPosition();
    const cases: [unknown, unknown][] = [
      [{}, 'Missing user'],
      [{ user: {} }, 'Missing id_user'],
      [{ user: { id_user: 0 } }, "Missing required fields: ['user_enabled', 'user_firstname', 'user_lastname', 'user_password', 'user_profile', 'user_username']"],
      [newUser('pw1', { user_password: undefined }), "Missing required fields: ['user_password']"],
      [newUser('pw2', { user_password: '' }), 'Invalid password'],
      [newUser('pw3', { user_password: null }), 'Invalid password'],
      [newUser('   '), 'Missing user_username'],
      [{ user: { id_user: 'one' } }, { message: 'Input payload validation failed' }],
      [{ user: { id_user: -1 } }, { message: 'Input payload validation failed' }],
      [{ user: { id_user: 3, user_color: 'red' } }, { errors: { 'user.user_color': 'Unknown field' } }],
      [{ user: { id_user: 3, user_2fa_otp_secret: 'AAAA' } }, { errors: { 'user.user_2fa_otp_secret': 'Unknown field' } }],
      [{ user: { id_user: 3, user_enabled: 'yes' } }, { message: 'Input payload validation failed' }],
      [{ user: { id_user: 3, user_user_groups: [{}] } }, { message: 'Input payload validation failed' }],
      [newUser('x'.repeat(51)), { message: 'Input payload validation failed' }],
      [{ user: { id_user: 3, user_username: 'renamed' } }, "Username can't be modified"],
    ];
    for (const [body, expected] of cases) {
      const response = await post('admin', body);
      t.equal(response.status, 400, JSON.stringify(body));
      t.match(await json(response), expected);
    }
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given the password policy, then 5 x 400 on create and on update, with OpenTera\'s reasons', async (t) => {
    const [target] = (await json(await post('admin', newUser('pwuser')))) as Json[];
    const id = target!.id_user as number;
    const weak: [string, string][] = [
      ['Sh0rt!', 'Password not long enough (10 characters)'],
      ['NoDigits!!abc', 'Password missing numeric character'],
      ['nouppercase1!', 'Password missing upper case letter'],
      ['NOLOWERCASE1!', 'Password missing lower case letter'],
      ['NoSpecial123', 'Password missing special character'],
    ];
    for (const [password, reason] of weak) {
      const created = await post('admin', newUser('weakling', { user_password: password }));
      t.equal(created.status, 400, `create ${password}`);
      t.equal(await json(created), `Password not strong enough: ${reason}`);
      const updated = await post('admin', { user: { id_user: id, user_password: password } });
      t.equal(updated.status, 400, `update ${password}`);
      t.equal(await json(updated), `Password not strong enough: ${reason}`);
    }
    t.equal(await json(await post('admin', newUser('weakling', { user_password: 'abc' }))), 'Password not strong enough: Password not long enough (10 characters),Password missing numeric character,Password missing upper case letter,Password missing special character');
    t.equal(await json(await post('admin', newUser('weakling', { user_password: 'Abcdefgh1@' }))), 'Password not strong enough: Password missing special character', '@ is not special for OpenTera');
    t.same(await ids('admin', '?username=weakling'), [], 'nothing created');

    const other = 'An0ther Password';
    const good = await post('admin', { user: { id_user: id, user_password: other } });
    t.equal(good.status, 200, 'a strong password');
    t.equal((await server.request('/api/user/login', { basic: `pwuser:${other}` })).status, 200, 'the new password logs in');
    const same = await post('admin', { user: { id_user: id, user_password: other } });
    t.equal(same.status, 400);
    t.equal(await json(same), 'New password same as old password');
    t.equal((await post('admin', { user: { id_user: id, user_password: '', user_notes: 'kept' } })).status, 200, 'an empty password keeps it');
    t.equal((await server.request('/api/user/login', { basic: `pwuser:${other}` })).status, 200);
    t.equal((await post('admin', { user: { id_user: id, user_password: null } })).status, 200, 'so does null');
  });

  t.test('given a superadmin, when creating a user, then it is answered in full and readable at once', async (t) => {
    const response = await post('admin', newUser('newbie', { user_email: 'n@example.org', user_profile: { theme: 'dark', 'é': [1, true, null] } }));
    t.equal(response.status, 200);
    const [created] = (await json(response)) as Json[];
    t.same(Object.keys(created!).sort(), FULL_KEYS);
    t.match(created, { id_user: 8, user_username: 'newbie', user_email: 'n@example.org', user_enabled: true, user_superadmin: false, user_lastonline: null, user_name: 'New newbie' });
    t.equal(created!.user_profile, '{"theme": "dark", "\\u00e9": [1, true, null]}', 'an object profile is stored as Python\'s json.dumps writes it');
    t.same(await ids('admin', '?id_user=8'), [8], 'read-your-writes');
    t.equal((await server.request('/api/user/login', { basic: `newbie:${STRONG}` })).status, 200, 'the new user logs in');
  });

  t.test('given usernames, then they are unique case-insensitively, deleted users keeping theirs (409)', async (t) => {
    for (const username of ['admin', 'ADMIN', 'Newbie']) {
      const response = await post('admin', newUser(username));
      t.equal(response.status, 409, username);
      t.equal(await json(response), 'Username unavailable.');
    }
    const doomed = ((await json(await post('admin', newUser('doomed')))) as Json[])[0]!;
    t.equal((await server.request(`/api/user/users?id=${doomed.id_user as number}`, { method: 'DELETE', basic: 'admin:admin' })).status, 200);
    t.equal((await post('admin', newUser('doomed'))).status, 409, 'a deleted user keeps its name');
    t.equal((await post('admin', newUser('DOOMED'))).status, 409);
  });

  t.test('given a site admin, when creating users, then only in groups it manages (and never with an empty list)', async (t) => {
    const cases: [string, unknown, number, unknown][] = [
      ['user4', newUser('via-empty-list', { user_user_groups: [] }), 403, 'Forbidden'],
      ['siteadmin', newUser('via-empty-list', { user_user_groups: [] }), 403, 'Forbidden'],
      ['siteadmin', newUser('no-groups'), 403, 'Forbidden'],
      ['siteadmin', newUser('in-group-5', { user_user_groups: [{ id_user_group: 5 }] }), 403, 'No access for at a least one user group in the list'],
      ['siteadmin', newUser('unknown-group', { user_user_groups: [{ id_user_group: 99 }] }), 403, 'No access for at a least one user group in the list'],
      ['user3', newUser('by-project-admin', { user_user_groups: [{ id_user_group: 3 }] }), 403, 'No access for at a least one user group in the list'],
      ['user', newUser('by-user', { user_user_groups: [{ id_user_group: 1 }] }), 403, 'No access for at a least one user group in the list'],
    ];
    for (const [requester, body, status, message] of cases) {
      const response = await post(requester, body);
      t.equal(response.status, status, `${requester} ${JSON.stringify(body)}`);
      t.equal(await json(response), message);
    }
    t.same(await ids('admin', '?username=via-empty-list'), []);

    const response = await post('siteadmin', newUser('staff', { user_user_groups: [{ id_user_group: 1, user_group_name: 'Users - Projects 1 & 2' }], user_superadmin: true }));
    t.equal(response.status, 200);
    const [staff] = (await json(response)) as Json[];
    t.equal(staff!.user_superadmin, false, 'user_superadmin is ignored for a non-superadmin');
    t.same(((await get('admin', `?id_user=${staff!.id_user as number}&with_usergroups=true`))[0]!.user_user_groups as Json[]).map((g) => g.id_user_group), [1]);
    const sites = (await json(await server.request('/api/user/sites', { basic: `staff:${STRONG}` }))) as Json[];
    t.same(sites, [{ id_site: 1, site_name: 'Default Site', site_2fa_required: false, site_role: 'user' }], 'the new user has its group\'s access at once');
    t.ok((await ids('siteadmin')).includes(staff!.id_user), 'and the site admin sees it');
  });

  t.test('given a superadmin creating a superadmin with groups, then the groups are ignored', async (t) => {
    const [boss] = (await json(await post('admin', newUser('boss', { user_superadmin: true, user_user_groups: [{ id_user_group: 1 }] })))) as Json[];
    t.equal(boss!.user_superadmin, true);
    t.same((await get('admin', `?id_user=${boss!.id_user as number}&with_usergroups=true`))[0]!.user_user_groups, []);
  });

  t.test('given updates, then who may update whom', async (t) => {
    const cases: [string, number, number, unknown][] = [
      ['user', 4, 403, 'Forbidden'],
      ['user3', 3, 403, 'Forbidden'], // project admins cannot edit other users
      ['siteadmin', 1, 403, 'Forbidden'], // never a superadmin (OpenTera allows it)
      ['siteadmin', 6, 403, 'Forbidden'], // a user without any site
      ['user4', 99, 403, 'Forbidden'], // an unknown user, without telling
      ['admin', 99, 400, 'Invalid user'],
      ['admin', 99999999999, 400, { errors: { 'user.id_user': 'Integer out of range' }, message: 'Input payload validation failed' }],
    ];
    for (const [requester, id, status, message] of cases) {
      const response = await post(requester, { user: { id_user: id, user_notes: 'hacked' } });
      t.equal(response.status, status, `${requester} updates ${id}`);
      t.same(await json(response), message);
    }
    t.equal((await get('admin', '?id_user=4'))[0]!.user_notes, null, 'nothing changed');

    const own = await post('user4', { user: { id_user: 6, user_notes: 'Mine', user_superadmin: true } });
    t.equal(own.status, 200, 'oneself, always');
    t.match((await json(own)), [{ user_notes: 'Mine', user_superadmin: false }]);

    const bySiteAdmin = await post('siteadmin', { user: { id_user: 3, user_firstname: 'Renamed', user_email: 'u@example.org' } });
    t.equal(bySiteAdmin.status, 200, 'a site admin, a user of its site');
    t.match((await json(bySiteAdmin)), [{ id_user: 3, user_firstname: 'Renamed', user_email: 'u@example.org', user_name: 'Renamed User' }]);
    t.equal((await get('user', '?self=true'))[0]!.user_firstname, 'Renamed', 'read-your-writes');
  });

  t.test('given a client that sends back what it read, then read-only fields are accepted and ignored', async (t) => {
    const [me] = await get('user3', '?self=true&with_usergroups=true&with_status=true');
    // As OpenTera, user_username may not be sent on update, even unchanged.
    const { user_user_groups: _groups, user_username: _username, ...readBack } = me!;
    const before = await server.core.store.headPosition();
    const response = await post('user3', { user: { ...readBack, user_password: '' } });
    t.equal(response.status, 200);
    t.equal(await server.core.store.headPosition(), before, 'nothing changed, nothing appended');
  });

  t.test('given user_user_groups on update, then managed groups follow the list and others stay', async (t) => {
    const groupsOf = async (id: number) => ((await get('admin', `?id_user=${id}&with_usergroups=true`))[0]!.user_user_groups as Json[]).map((g) => g.id_user_group);
    // user2 (4) is in groups 4 and 3; put it in group 5 ("No access!"), which no site admin manages.
    t.equal((await post('admin', { user: { id_user: 4, user_user_groups: [{ id_user_group: 3 }, { id_user_group: 4 }, { id_user_group: 5 }] } })).status, 200);
    t.same(await groupsOf(4), [3, 5, 4]);
    t.equal((await post('siteadmin', { user: { id_user: 4, user_user_groups: [{ id_user_group: 1 }] } })).status, 200);
    t.same(await groupsOf(4), [5, 1], 'groups 3 and 4 removed, group 1 added, group 5 kept');
    t.same(await ids('user2', '?self=true'), [4], 'user2 still logs in');
    const sites = (await json(await server.request('/api/user/sites', { basic: 'user2:user2' }))) as Json[];
    t.same(sites.map((s) => s.site_role), ['user'], 'and lost its site admin role at once');
    t.equal((await post('admin', { user: { id_user: 4, user_user_groups: [{ id_user_group: 4 }, { id_user_group: 3 }] } })).status, 200);
    t.same(await groupsOf(4), [3, 4], 'a superadmin manages every group');
  });

  t.test('given a user disabled, then it cannot log in', async (t) => {
    const response = await post('siteadmin', { user: { id_user: 5, user_enabled: false } });
    t.equal(response.status, 200);
    t.match((await json(response)), [{ user_enabled: false }]);
    t.equal((await server.request('/api/user/users', { basic: 'user3:user3' })).status, 401);
    t.same(await ids('admin', '?enabled=false'), [5]);
    t.notOk((await ids('admin', '?id_project=1')).includes(5), 'disabled users are not listed by project');
  });
});

t.test('DELETE /api/user/users', async (t) => {
  const server = await startTestServer(t);
  const { get, ids, post, del } = client(server);
  const create = async (username: string, groups: number[]) => {
    const response = await post('admin', newUser(username, { user_user_groups: groups.map((id_user_group) => ({ id_user_group })) }));
    return (((await json(response)) as Json[])[0]!.id_user as number);
  };

  t.test('given refused deletes, then 400 or 403 with a reason, and nothing changes', async (t) => {
    const before = await server.core.store.headPosition();
    const cases: [string, string, number, unknown][] = [
      ['admin', '', 400, { errors: { id: /Missing required parameter/ } }],
      ['admin', '?id=abc', 400, { errors: { id: /invalid literal for int/ } }],
      ['admin', '?id=1', 403, "Sorry, you can't delete yourself!"],
      ['siteadmin', '?id=2', 403, "Sorry, you can't delete yourself!"],
      ['admin', '?id=99', 400, 'Invalid id'],
      ['siteadmin', '?id=99', 403, 'Forbidden'],
      ['user4', '?id=3', 403, 'Forbidden'],
      ['user', '?id=4', 403, 'Forbidden'],
      ['user3', '?id=3', 403, 'Forbidden'], // a project admin is no site admin
      ['siteadmin', '?id=1', 403, 'Forbidden'], // never a superadmin (OpenTera deletes it)
      ['siteadmin', '?id=6', 403, 'Forbidden'], // a user in none of its groups (OpenTera deletes it)
    ];
    for (const [requester, query, status, expected] of cases) {
      const response = await del(requester, query);
      t.equal(response.status, status, `${requester} ${query}`);
      t.match(await json(response), expected);
    }
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given a site admin, when deleting a user all of whose groups it manages, then the user is deleted', async (t) => {
    const id = await create('temp1', [1]);
    const response = await del('siteadmin', `?id=${id}`);
    t.equal(response.status, 200);
    t.equal(await response.text(), '""');
    t.same(await ids('admin', `?id_user=${id}`), [], 'gone for everyone');
    t.equal((await server.request('/api/user/login', { basic: `temp1:${STRONG}` })).status, 401, 'it cannot log in');
    t.equal((await post('admin', newUser('temp1'))).status, 409, 'its name stays taken');
    t.equal((await del('admin', `?id=${id}`)).status, 400, 'a deleted user is unknown');
  });

  t.test('given a site admin, when the user is also in groups it does not manage, then only its memberships go', async (t) => {
    const id = await create('temp2', [1, 5]);
    t.equal((await del('siteadmin', `?id=${id}`)).status, 200);
    t.same(await ids('siteadmin', `?id_user=${id}`), [], 'gone for the site admin');
    const [kept] = await get('admin', `?id_user=${id}&with_usergroups=true`);
    t.same((kept!.user_user_groups as Json[]).map((g) => g.id_user_group), [5], 'still there, in group 5 only');
  });

  t.test('given a superadmin, then any user is deleted, and access follows', async (t) => {
    t.equal((await del('admin', '?id=4')).status, 200);
    t.same(await ids('admin', '?id_user=4'), []);
    t.same(await ids('admin', '?id_user_group=3'), [2], 'its memberships went with it');
    t.equal((await server.request('/api/user/users', { basic: 'user2:user2' })).status, 401);
  });

  t.test('given a user tied to sessions, then 409 with OpenTera\'s reasons, in its order, and nothing changes (OpenTera: 500)', async (t) => {
    const before = await server.core.store.headPosition();
    // domain.md 3.2: siteadmin (2) is invited to sessions 2 and 5-8, user3 (5) to sessions 21-24.
    for (const id of [2, 5]) {
      const response = await del('admin', `?id=${id}`);
      t.equal(response.status, 409, `user ${id}`);
      t.equal(await json(response), "Can't delete user: please remove all sessions that this user is part of before deleting.");
    }
    t.equal(await server.core.store.headPosition(), before);
    const id = await create('creator1', [1]);
    const session = await server.request('/api/user/sessions', {
      method: 'POST',
      basic: 'admin:admin',
      body: { session: { id_session: 0, id_session_type: 1, session_name: 'Created by creator1', id_creator_user: id, session_participants_ids: [1] } },
    });
    t.equal(session.status, 200, 'a session that creator1 created, without inviting it');
    const response = await del('admin', `?id=${id}`);
    t.equal(response.status, 409);
    t.equal(await json(response), "Can't delete user: please remove all sessions created by this user before deleting.", 'OpenTera answers its assets text here');
  });
});
