// /api/user/groups (participant groups) against a real server on OpenTera's test data (api-user-1.md section 15,
// test_UserQueryParticipantGroup.py), with the fixes of docs/compat.md.
import t, { type Test } from 'tap';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const g1 = { id_participant_group: 1, id_project: 1, participant_group_name: 'Default Participant Group A', project_name: 'Default Project #1' };
const g2 = { id_participant_group: 2, id_project: 2, participant_group_name: 'Default Participant Group B', project_name: 'Default Project #2' };
type Group = typeof g1;
const minimal = ({ project_name: _name, ...g }: Group, count: number) => ({ ...g, group_participant_count: count });
const USERS = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'] as const;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

function client(server: TestServer) {
  return (path: string, user = 'admin', method = 'GET', body?: unknown) => server.request(path, { method, basic: `${user}:${user}`, ...(body !== undefined ? { body } : {}) });
}

t.test('/api/user/groups', async (t) => {
  const server = await startTestServer(t);
  const call = client(server);
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const post = (user: string, group: Record<string, unknown>, wrapper = 'group') => call('/api/user/groups', user, 'POST', { [wrapper]: group });
  const participantsOf = async (query: string) => ((await json(await call(`/api/user/participants?${query}&list=true`))) as { id_participant: number; id_project: number; id_participant_group: number | null }[] | null) ?? [];

  t.test('given no or bad credentials, then 401 on every method', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      t.equal((await server.request('/api/user/groups?id=1', { method, ...(method === 'POST' ? { body: {} } : {}) })).status, 401, method);
      t.equal((await server.request('/api/user/groups?id=1', { method, token: 'bad', ...(method === 'POST' ? { body: {} } : {}) })).status, 401, `${method} bad token`);
    }
  });

  t.test('GET: given each role, then the groups of its projects', async (t) => {
    const expect = expectIn(t);
    const expected: Record<(typeof USERS)[number], Group[]> = { admin: [g1, g2], siteadmin: [g1, g2], user: [g1, g2], user2: [g1, g2], user3: [g1], user4: [] };
    for (const user of USERS) await expect(await call('/api/user/groups', user), 200, expected[user], user);
  });

  t.test('GET: given id_group, id or id_project, then that group or the project\'s, if accessible (OpenTera\'s tests)', async (t) => {
    const expect = expectIn(t);
    await expect(await call('/api/user/groups?id_group=1'), 200, [g1], 'full form');
    await expect(await call('/api/user/groups?id_group=1&list=1'), 200, [minimal(g1, 1)], 'minimal form with the count, no project_name');
    await expect(await call('/api/user/groups?id_group=1', 'user4'), 200, [], 'user4: nothing');
    await expect(await call('/api/user/groups?id_group=1', 'user3'), 200, [g1], 'user3: 1');
    await expect(await call('/api/user/groups?id_group=2', 'user3'), 200, [], 'user3: not project 2\'s');
    await expect(await call('/api/user/groups?id=2'), 200, [g2], 'id is an alias');
    await expect(await call('/api/user/groups?id=2&id_group=1'), 200, [g2], 'id wins');
    await expect(await call('/api/user/groups?id_group=99'), 200, [], 'unknown');
    await expect(await call('/api/user/groups?id_project=1'), 200, [g1], 'admin: project 1');
    await expect(await call('/api/user/groups?id_project=1', 'user3'), 200, [g1], 'user3: project 1');
    await expect(await call('/api/user/groups?id_project=1', 'user4'), 200, [], 'user4: nothing');
    await expect(await call('/api/user/groups?id_project=2', 'user3'), 200, [], 'user3: not project 2');
    await expect(await call('/api/user/groups?id_project=3'), 200, [], 'a project without groups');
    await expect(await call('/api/user/groups?id_project=1&id_group=2'), 200, [g2], 'id_group before id_project');
    await expect(await call('/api/user/groups?id_group=abc'), 400);
  });

  t.test('GET: given list, then the minimal form whenever list is present (OpenTera\'s flags)', async (t) => {
    const expect = expectIn(t);
    await expect(await call('/api/user/groups?list=false'), 200, [minimal(g1, 1), minimal(g2, 0)], 'list=false alone: every group, minimal');
    await expect(await call('/api/user/groups?list=true'), 200, [], 'list=true alone selects nothing (copied quirk)');
    await expect(await call('/api/user/groups?list=true&id_project=1', 'user3'), 200, [minimal(g1, 1)]);
    await expect(await call('/api/user/groups?list=&id=1'), 200, [minimal(g1, 1)], 'an empty list is present too');
  });

  t.test('POST: given a bad body, then 400 and nothing changes (OpenTera\'s tests)', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/groups', 'admin', 'POST', {}), 400, 'Missing group', 'no wrapper');
    await expect(await post('admin', { id_project: 1, participant_group_name: 'X' }), 400, 'Missing id_participant_group or id_project', 'no id');
    await expect(await post('admin', { id_participant_group: 0, participant_group_name: 'X' }), 400, 'Missing id_participant_group or id_project', 'no project');
    await expect(await post('admin', { id_participant_group: 0, id_project: 1 }), 400, 'Missing participant_group_name', 'no name on create (OpenTera: 500)');
    await expect(await post('admin', { id_participant_group: 0, id_project: 1, participant_group_name: '  ' }), 400, 'Missing participant_group_name', 'a blank name');
    await expect(await post('admin', { id_participant_group: 1, id_project: 1, participant_group_name: '' }), 400, 'Missing participant_group_name', 'a blank rename');
    await expect(await post('admin', { id_participant_group: 0, id_project: 1, participant_group_name: 'X', color: 'red' }), 400, { errors: { 'group.color': 'Unknown field' }, message: 'Input payload validation failed' });
    await expect(await post('admin', { id_participant_group: '1', id_project: 1 }), 400, undefined, 'a string id');
    await expect(await post('admin', { id_participant_group: -1, id_project: 1, participant_group_name: 'X' }), 400, undefined, 'a negative id');
    await expect(await call('/api/user/groups', 'admin', 'POST', 'not json'), 400);
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('POST: given someone who is not admin of the project, then 403 and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    const create = { id_participant_group: 0, id_project: 1, participant_group_name: 'Nope' };
    await expect(await post('user4', create), 403, 'Forbidden', 'user4');
    await expect(await post('user', create), 403, 'Forbidden', 'a project user');
    await expect(await post('user3', { ...create, id_project: 2 }), 403, 'Forbidden', 'user3 in project 2');
    await expect(await post('siteadmin', { ...create, id_project: 3 }), 403, 'Forbidden', 'siteadmin in another site\'s project');
    await expect(await post('user3', { id_participant_group: 1, id_project: 2 }), 403, 'Forbidden', 'user3 moving a group to a project it does not administer');
    await expect(await post('user4', { id_participant_group: 1, id_project: 1, participant_group_name: 'Mine' }), 403, 'Forbidden', 'user4 renaming');
    await expect(await post('user3', { id_participant_group: 2, id_project: 1, participant_group_name: 'Mine' }), 403, 'Forbidden', 'user3 taking project 2\'s group into its project (OpenTera allows it)');
    await expect(await post('siteadmin', { id_participant_group: 99, id_project: 1, participant_group_name: 'X' }), 403, 'Forbidden', 'an unknown group, for a non-superadmin');
    await expect(await post('siteadmin', { id_participant_group: 0, id_project: 99, participant_group_name: 'X' }), 403, 'Forbidden', 'an unknown project, for a non-superadmin');
    await expect(await post('admin', { id_participant_group: 99, id_project: 1, participant_group_name: 'X' }), 404, 'Invalid participant group', 'superadmin: unknown group');
    await expect(await post('admin', { id_participant_group: 0, id_project: 99, participant_group_name: 'X' }), 404, 'Invalid project', 'superadmin: unknown project');
    t.equal(await server.core.store.headPosition(), before);
    await expect(await call('/api/user/groups'), 200, [g1, g2], 'nothing changed');
  });

  t.test('POST: given a project admin, then it creates and renames, readable at once', async (t) => {
    const expect = expectIn(t);
    const [created] = (await expect(await post('user3', { id_participant_group: 0, id_project: 1, participant_group_name: ' Group C ' }), 200)) as [Group];
    t.same(created, { id_participant_group: 3, id_project: 1, participant_group_name: 'Group C', project_name: 'Default Project #1' }, 'ids continue after the seeded ones; the name trimmed');
    await expect(await call('/api/user/groups?id_group=3', 'user3'), 200, [created], 'read your writes');
    await expect(await post('user3', { id_participant_group: 3, id_project: 1, participant_group_name: 'Group C2', project_name: 'ignored', group_participant_count: 7 }, 'participant_group'), 200, [
      { ...created, participant_group_name: 'Group C2' },
    ], 'participant_group wrapper; read-back fields ignored');
    await expect(await call('/api/user/groups', 'admin', 'POST', { group: { id_participant_group: 3, id_project: 1, participant_group_name: 'Group C3' }, participant_group: { id_participant_group: 3, id_project: 1, participant_group_name: 'Other' } }), 200, [
      { ...created, participant_group_name: 'Group C3' },
    ], 'group wins over participant_group');
    await expect(await post('siteadmin', { id_participant_group: 3, id_project: 1 }), 200, [{ ...created, participant_group_name: 'Group C3' }], 'nothing to change: the group as it is');
    await expect(await call('/api/user/groups?id_project=1&list=1', 'user3'), 200, [minimal(g1, 1), minimal({ ...created, participant_group_name: 'Group C3' }, 0)]);
  });

  t.test('POST: given a move to another project, then the group and its participants move (OpenTera\'s test: admin to project 2)', async (t) => {
    const expect = expectIn(t);
    const group = ((await json(await post('siteadmin', { id_participant_group: 0, id_project: 1, participant_group_name: 'Movers' }))) as Group[])[0]!;
    for (const name of ['Mover A', 'Mover B']) {
      t.equal((await call('/api/user/participants', 'siteadmin', 'POST', { participant: { id_participant: 0, id_participant_group: group.id_participant_group, participant_name: name } })).status, 200);
    }
    t.same((await participantsOf(`id_group=${group.id_participant_group}`)).map((p) => p.id_project), [1, 1]);
    await expect(await call(`/api/user/groups?id=${group.id_participant_group}&list=1`, 'user3'), 200, [minimal(group, 2)], 'user3 counts both');
    await expect(await post('admin', { id_participant_group: group.id_participant_group, id_project: 2 }), 200, [{ ...group, id_project: 2, project_name: 'Default Project #2' }]);
    const moved = await participantsOf(`id_group=${group.id_participant_group}`);
    t.same(
      moved.map((p) => [p.id_project, p.id_participant_group]),
      [
        [2, group.id_participant_group],
        [2, group.id_participant_group],
      ],
      'its participants moved with it, staying in the group',
    );
    await expect(await call(`/api/user/groups?id=${group.id_participant_group}`, 'user3'), 200, [], 'user3 no longer sees it');
    t.equal(await json(await call(`/api/user/participants?id_group=${group.id_participant_group}`, 'user3')), null, 'nor its participants');
    await expect(await post('user3', { id_participant_group: group.id_participant_group, id_project: 1 }), 403, 'Forbidden', 'user3 cannot take it back: not admin of project 2');
    await expect(await call(`/api/user/groups?id=${group.id_participant_group}&list=1`, 'siteadmin'), 200, [{ ...minimal(group, 2), id_project: 2 }]);
  });

  t.test('POST: given a group in a project the requester does not administer, then it cannot be moved into one it does (fixed quirk)', async (t) => {
    const expect = expectIn(t);
    const secret = ((await json(await post('admin', { id_participant_group: 0, id_project: 3, participant_group_name: 'Secret group' }))) as Group[])[0]!;
    const before = await server.core.store.headPosition();
    await expect(await post('siteadmin', { id_participant_group: secret.id_participant_group, id_project: 1 }), 403, 'Forbidden', 'OpenTera moves it');
    t.equal(await server.core.store.headPosition(), before);
    await expect(await call(`/api/user/groups?id=${secret.id_participant_group}`), 200, [secret], 'still in project 3');
  });

  t.test('DELETE: given its refusals, then 4xx and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/groups', 'admin', 'DELETE'), 400, undefined, 'no id');
    await expect(await call('/api/user/groups?id=x', 'admin', 'DELETE'), 400, undefined, 'a bad id');
    await expect(await call('/api/user/groups?id=1', 'user4', 'DELETE'), 403, 'Forbidden', 'user4 (OpenTera\'s test)');
    await expect(await call('/api/user/groups?id=1', 'user', 'DELETE'), 403, 'Forbidden', 'a project user');
    await expect(await call('/api/user/groups?id=2', 'user3', 'DELETE'), 403, 'Forbidden', 'user3: another project\'s group');
    await expect(await call('/api/user/groups?id=99', 'user3', 'DELETE'), 403, 'Forbidden', 'unknown, for a non-superadmin (OpenTera: 500)');
    await expect(await call('/api/user/groups?id=99', 'admin', 'DELETE'), 404, 'Invalid participant group', 'unknown, for a superadmin (OpenTera: 500)');
    await expect(
      await call('/api/user/groups?id=1', 'user3', 'DELETE'),
      409,
      "Can't delete participant group: please delete all sessions from all participants before deleting.",
      'participant 1, of group 1, is in the seeded sessions (OpenTera: 500)',
    );
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('DELETE: given a project admin, then the group goes with its participants (OpenTera\'s test)', async (t) => {
    const expect = expectIn(t);
    const group = ((await json(await post('user3', { id_participant_group: 0, id_project: 1, participant_group_name: 'Doomed' }))) as Group[])[0]!;
    const members: number[] = [];
    for (const name of ['Doomed A', 'Doomed B']) {
      const created = (await json(await call('/api/user/participants', 'user3', 'POST', { participant: { id_participant: 0, id_participant_group: group.id_participant_group, participant_name: name, participant_username: name.replace(' ', '').toLowerCase() } }))) as { id_participant: number }[];
      members.push(created[0]!.id_participant);
    }
    await expect(await call(`/api/user/groups?id=${group.id_participant_group}`, 'user3', 'DELETE'), 200, '');
    await expect(await call(`/api/user/groups?id=${group.id_participant_group}`), 200, [], 'the group is gone');
    for (const id of members) t.equal(await json(await call(`/api/user/participants?id_participant=${id}`)), null, `participant ${id} is gone`);
    await expect(await call(`/api/user/groups?id=${group.id_participant_group}`, 'user3', 'DELETE'), 403, 'Forbidden', 'deleted: unknown from now on');
    await expect(await call('/api/user/participants', 'user3', 'POST', { participant: { id_participant: 0, id_project: 1, participant_name: 'Reuse', participant_username: 'doomeda' } }), 200, undefined, 'their usernames are free again');
    await expect(await call('/api/user/groups'), 200, undefined);
  });
});
