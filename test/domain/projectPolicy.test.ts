// Project policy (OpenTera api-user-2.md section 2, domain.md 2.3 and the access matrix 2.7): who sees,
// creates, updates and deletes projects, for each user of OpenTera's test data, then role by role.
import t from 'tap';
import type { Requester } from '../../domain/access.js';
import { projectPolicy } from '../../domain/projectPolicy.js';
import { effectiveRoles, type Role } from '../../domain/roles.js';
import { groups, projectsOfSite, siteOfProject, users, type UserName } from '../helpers/openteraDefaults.js';

/** The user's effective roles, as the read models hold them (superadmins hold no group roles). */
function rolesOf(name: UserName) {
  return effectiveRoles(
    users[name].groups.map((g) => groups[g]),
    siteOfProject,
    projectsOfSite,
  );
}
const projectRole = (name: UserName, projectId: number): Role | undefined => rolesOf(name).projects.get(projectId)?.role;
const siteRole = (name: UserName, siteId: number): Role | undefined => rolesOf(name).sites.get(siteId)?.role;

const requester = (name: UserName): Requester => {
  const { id, uuid, superadmin } = users[name];
  return { id, uuid, superadmin };
};
const everyone: UserName[] = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'];
const projects = [1, 2, 3];

function allowed(rule: (name: UserName, id: number) => boolean, ids: readonly number[]): Record<UserName, number[]> {
  return Object.fromEntries(everyone.map((name) => [name, ids.filter((id) => rule(name, id))])) as Record<UserName, number[]>;
}

t.test('canRead: the accessible projects of OpenTera\'s access matrix (domain.md 2.7)', (t) => {
  t.same(allowed((name, id) => projectPolicy.canRead(requester(name), projectRole(name, id)), projects), {
    admin: [1, 2, 3],
    siteadmin: [1, 2],
    user: [1, 2],
    user2: [1, 2],
    user3: [1],
    user4: [],
  });
  t.end();
});

t.test('canUpdate: the admin projects of the matrix (site admins through their site, project admins directly)', (t) => {
  t.same(allowed((name, id) => projectPolicy.canUpdate(requester(name), projectRole(name, id)), projects), {
    admin: [1, 2, 3],
    siteadmin: [1, 2],
    user: [],
    user2: [1, 2],
    user3: [1],
    user4: [],
  });
  t.end();
});

t.test('canCreate: in the admin sites of the matrix only; a project admin may not', (t) => {
  t.same(allowed((name, id) => projectPolicy.canCreate(requester(name), siteRole(name, id)), [1, 2]), {
    admin: [1, 2],
    siteadmin: [1],
    user: [],
    user2: [1],
    user3: [],
    user4: [],
  });
  t.end();
});

t.test('canDelete: admins of the project\'s site; project admins may not', (t) => {
  t.same(allowed((name, id) => projectPolicy.canDelete(requester(name), siteRole(name, siteOfProject.get(id)!)), projects), {
    admin: [1, 2, 3],
    siteadmin: [1, 2],
    user: [],
    user2: [1, 2],
    user3: [],
    user4: [],
  });
  t.end();
});

t.test('role by role', (t) => {
  const plain: Requester = { id: 9, uuid: '00000000-0000-4000-8000-000000000009', superadmin: false };
  const superadmin: Requester = { ...plain, superadmin: true };
  for (const [rule, check] of [
    ['canRead', projectPolicy.canRead],
    ['canCreate', projectPolicy.canCreate],
    ['canUpdate', projectPolicy.canUpdate],
    ['canDelete', projectPolicy.canDelete],
  ] as const) {
    t.equal(check(plain, 'admin'), true, `${rule}: admin role`);
    t.equal(check(plain, 'user'), rule === 'canRead', `${rule}: user role (reads only)`);
    t.equal(check(plain, undefined), false, `${rule}: no role`);
    t.equal(check(superadmin, undefined), true, `${rule}: superadmin, whatever its role`);
    t.equal(check(superadmin, 'user'), true, `${rule}: superadmin with a user role`);
  }
  t.end();
});

t.test('keepsItsSite: a project stays in its site', (t) => {
  t.equal(projectPolicy.keepsItsSite(1, undefined), true, 'no site given');
  t.equal(projectPolicy.keepsItsSite(1, 1), true, 'its own site again');
  t.equal(projectPolicy.keepsItsSite(1, 2), false, 'another site');
  t.equal(projectPolicy.keepsItsSite(1, 0), false, 'no site (0) is another site too');
  t.end();
});
