// Who may administer user groups and their roles (OpenTera api-user-2.md sections 1, 16, 24), over the
// role facts of OpenTera's test data (domain.md 3.2).
import t from 'tap';
import type { Requester } from '../../domain/access.js';
import { groupPolicy, roleRequest, siteRoleRequest, sitesOfGroup, sitesOfGroupAfter } from '../../domain/groupPolicy.js';
import { effectiveRoles, type Role } from '../../domain/roles.js';
import { groups, projectsOfSite, siteOfProject, users, type GroupId, type UserName } from '../helpers/openteraDefaults.js';

const everyone: UserName[] = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'];

const requester = (name: UserName): Requester => {
  const { id, uuid, superadmin } = users[name];
  return { id, uuid, superadmin };
};

function rolesOf(name: UserName) {
  return effectiveRoles(
    users[name].groups.map((g) => groups[g]),
    siteOfProject,
    projectsOfSite,
  );
}
const siteRole = (name: UserName, siteId: number): Role | undefined => rolesOf(name).sites.get(siteId)?.role;
const projectRole = (name: UserName, projectId: number): Role | undefined => rolesOf(name).projects.get(projectId)?.role;
const administered = (name: UserName) => new Set([...rolesOf(name).sites].filter(([, g]) => g.role === 'admin').map(([site]) => site));

/** The sites a test-data group serves: its site roles and the sites of its project roles. */
const sitesOf = (group: GroupId) =>
  sitesOfGroup({ siteIds: groups[group].siteRoles.keys(), projectSiteIds: [...groups[group].projectRoles.keys()].map((p) => siteOfProject.get(p)!) });

t.test('given the test data, when writing groups, then superadmins and site admins may', (t) => {
  const expected: Record<UserName, boolean> = { admin: true, siteadmin: true, user: false, user2: true, user3: false, user4: false };
  for (const name of everyone) t.equal(groupPolicy.canWriteGroups(requester(name), administered(name).size), expected[name], name);
  t.end();
});

t.test('given the test data, when renaming or deleting a group, then only admins of every site it serves may', (t) => {
  t.same([...sitesOf(1)], [1], 'group 1 serves site 1 through its project roles');
  t.same([...sitesOf(3)], [1], 'group 3 serves site 1 directly');
  t.same([...sitesOf(5)], [], 'group 5 serves no site');
  for (const group of [1, 2, 3, 4] as const) {
    const expected: Record<UserName, boolean> = { admin: true, siteadmin: true, user: false, user2: true, user3: false, user4: false };
    for (const name of everyone) t.equal(groupPolicy.canManage(requester(name), sitesOf(group), administered(name)), expected[name], `${name} on group ${group}`);
  }
  for (const name of everyone) {
    t.equal(groupPolicy.canManage(requester(name), sitesOf(5), administered(name)), name === 'admin', `${name} deletes group 5 (no role: superadmins only)`);
    t.equal(groupPolicy.canRename(requester(name), sitesOf(5), administered(name)), ['admin', 'siteadmin', 'user2'].includes(name), `${name} renames group 5 (no role: any site admin)`);
  }
  const plain: Requester = { id: 9, uuid: '00000000-0000-4000-8000-000000000009', superadmin: false };
  t.equal(groupPolicy.canManage(plain, new Set([1, 2]), new Set([1])), false, 'a group also serving a site the requester does not administer');
  t.equal(groupPolicy.canManage(plain, new Set([1, 2]), new Set([1, 2])), true, 'admin of both sites');
  t.end();
});

t.test('given the test data, when setting a group role on a site, then admins of that site may', (t) => {
  const site1: Record<UserName, boolean> = { admin: true, siteadmin: true, user: false, user2: true, user3: false, user4: false };
  for (const name of everyone) t.equal(groupPolicy.canSetSiteRole(requester(name), siteRole(name, 1)), site1[name], `${name} on site 1`);
  for (const name of everyone) t.equal(groupPolicy.canSetSiteRole(requester(name), siteRole(name, 2)), name === 'admin', `${name} on site 2`);
  t.end();
});

t.test('given the test data, when setting a group role on a project, then its admins (site admins included) may', (t) => {
  const project1: Record<UserName, boolean> = { admin: true, siteadmin: true, user: false, user2: true, user3: true, user4: false };
  const project2: Record<UserName, boolean> = { ...project1, user3: false };
  for (const name of everyone) t.equal(groupPolicy.canSetProjectRole(requester(name), projectRole(name, 1)), project1[name], `${name} on project 1`);
  for (const name of everyone) t.equal(groupPolicy.canSetProjectRole(requester(name), projectRole(name, 2)), project2[name], `${name} on project 2`);
  for (const name of everyone) t.equal(groupPolicy.canSetProjectRole(requester(name), projectRole(name, 3)), name === 'admin', `${name} on project 3`);
  t.end();
});

t.test('given /usergroups, when setting a project role, then the project site admin is needed (a project admin is not enough)', (t) => {
  for (const name of everyone) {
    const expected = name === 'admin' || name === 'siteadmin' || name === 'user2';
    t.equal(groupPolicy.canSetProjectRoleOfGroup(requester(name), siteRole(name, siteOfProject.get(1)!)), expected, `${name} on project 1`);
  }
  t.end();
});

t.test('roleRequest: empty or missing removes, admin and user grant, anything else is unknown', (t) => {
  t.same(roleRequest(''), { kind: 'revoke' });
  t.same(roleRequest(null), { kind: 'revoke' });
  t.same(roleRequest(undefined), { kind: 'revoke' });
  t.same(roleRequest('admin'), { kind: 'grant', role: 'admin' });
  t.same(roleRequest('user'), { kind: 'grant', role: 'user' });
  t.same(roleRequest('Admin'), { kind: 'unknown' });
  t.same(roleRequest('superuser'), { kind: 'unknown' });
  t.end();
});

t.test('siteRoleRequest: asking for user on a site where the group has project roles removes the site role', (t) => {
  t.same(siteRoleRequest({ kind: 'grant', role: 'user' }, true), { kind: 'revoke' });
  t.same(siteRoleRequest({ kind: 'grant', role: 'user' }, false), { kind: 'grant', role: 'user' });
  t.same(siteRoleRequest({ kind: 'grant', role: 'admin' }, true), { kind: 'grant', role: 'admin' });
  t.same(siteRoleRequest({ kind: 'unknown' }, true), { kind: 'unknown' });
  t.end();
});

t.test('sitesOfGroupAfter: the sites a group serves once a request is applied', (t) => {
  const current = { siteIds: [1], projectSites: new Map([[3, 2]]) };
  t.same([...sitesOfGroupAfter(current, { sites: new Map(), projects: new Map() })].sort(), [1, 2], 'unchanged');
  t.same([...sitesOfGroupAfter(current, { sites: new Map([[1, false]]), projects: new Map([[3, { siteId: 2, held: false }]]) })], [], 'everything removed');
  t.same([...sitesOfGroupAfter({ siteIds: [], projectSites: new Map() }, { sites: new Map([[1, true]]), projects: new Map() })], [1], 'a first site role');
  t.same([...sitesOfGroupAfter(current, { sites: new Map(), projects: new Map([[3, { siteId: 2, held: false }], [1, { siteId: 1, held: true }]]) })], [1], 'a project role moved');
  t.end();
});
