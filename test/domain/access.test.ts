// Site policy (OpenTera domain.md 2.3): only superadmins create and delete sites; site admins may update theirs.
import t from 'tap';
import { sitePolicy, type Requester } from '../../domain/access.js';
import { effectiveRoles, type Role } from '../../domain/roles.js';
import { groups, projectsOfSite, siteOfProject, users, type UserName } from '../helpers/openteraDefaults.js';

/** The requester's role on a site, as the read models would give it (superadmins hold no group roles). */
function siteRole(name: UserName, siteId: number): Role | undefined {
  const { sites } = effectiveRoles(
    users[name].groups.map((g) => groups[g]),
    siteOfProject,
    projectsOfSite,
  );
  return sites.get(siteId)?.role;
}

const requester = (name: UserName): Requester => {
  const { id, uuid, superadmin } = users[name];
  return { id, uuid, superadmin };
};
const everyone: UserName[] = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'];

t.test('canCreate: superadmins only', (t) => {
  for (const name of everyone) t.equal(sitePolicy.canCreate(requester(name)), name === 'admin', name);
  t.end();
});

t.test('canDelete: superadmins only, site admins included', (t) => {
  for (const name of everyone) t.equal(sitePolicy.canDelete(requester(name)), name === 'admin', name);
  t.end();
});

t.test('canUpdate: superadmins, and admins of the site', (t) => {
  const site1: Record<UserName, boolean> = { admin: true, siteadmin: true, user: false, user2: true, user3: false, user4: false };
  for (const name of everyone) {
    t.equal(sitePolicy.canUpdate(requester(name), siteRole(name, 1)), site1[name], `${name} on site 1 (role ${siteRole(name, 1) ?? 'none'})`);
  }
  for (const name of everyone) {
    t.equal(sitePolicy.canUpdate(requester(name), siteRole(name, 2)), name === 'admin', `${name} on site 2 (role ${siteRole(name, 2) ?? 'none'})`);
  }
  t.end();
});

t.test('canUpdate, role by role', (t) => {
  const plain: Requester = { id: 9, uuid: '00000000-0000-4000-8000-000000000009', superadmin: false };
  const superadmin: Requester = { ...plain, superadmin: true };
  t.equal(sitePolicy.canUpdate(plain, 'admin'), true, 'site admin');
  t.equal(sitePolicy.canUpdate(plain, 'user'), false, 'site user (direct or inherited from a project role)');
  t.equal(sitePolicy.canUpdate(plain, undefined), false, 'no role');
  t.equal(sitePolicy.canUpdate(superadmin, undefined), true, 'superadmin, whatever its role');
  t.equal(sitePolicy.canUpdate(superadmin, 'user'), true, 'superadmin with a user role');
  t.end();
});
