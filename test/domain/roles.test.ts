// OpenTera's role rules (OpenTera domain.md 2.2) checked on its test defaults (3.2) against the access
// matrix (2.7): sites (admin) and projects (admin) of siteadmin, user, user2, user3 and user4.
import t from 'tap';
import { effectiveRoles, isRole, type GroupGrants, type Role, type RoleGrant } from '../../domain/roles.js';
import { groups, projectsOfSite, siteOfProject, users, type GroupId, type UserName } from '../helpers/openteraDefaults.js';

const groupsOf = (name: UserName): GroupGrants[] => users[name].groups.map((g) => groups[g]);

type Roles = Record<number, RoleGrant>;
const admin = (inherited: boolean): RoleGrant => ({ role: 'admin', inherited });
const user = (inherited: boolean): RoleGrant => ({ role: 'user', inherited });

function rolesOf(grants: readonly GroupGrants[]): { sites: Roles; projects: Roles } {
  const { sites, projects } = effectiveRoles(grants, siteOfProject, projectsOfSite);
  return { sites: Object.fromEntries(sites), projects: Object.fromEntries(projects) };
}

function accessible(roles: Roles, adminOnly = false): number[] {
  return Object.entries(roles)
    .filter(([, grant]) => !adminOnly || grant.role === 'admin')
    .map(([id]) => Number(id))
    .sort((a, b) => a - b);
}

t.test('the access matrix of the test defaults (2.7), sites (admin) and projects (admin)', (t) => {
  const matrix: Record<Exclude<UserName, 'admin'>, { sites: number[]; siteAdmin: number[]; projects: number[]; projectAdmin: number[] }> = {
    siteadmin: { sites: [1], siteAdmin: [1], projects: [1, 2], projectAdmin: [1, 2] },
    user: { sites: [1], siteAdmin: [], projects: [1, 2], projectAdmin: [] },
    user2: { sites: [1], siteAdmin: [1], projects: [1, 2], projectAdmin: [1, 2] },
    user3: { sites: [1], siteAdmin: [], projects: [1], projectAdmin: [1] },
    user4: { sites: [], siteAdmin: [], projects: [], projectAdmin: [] },
  };
  for (const [name, row] of Object.entries(matrix)) {
    const { sites, projects } = rolesOf(groupsOf(name as UserName));
    t.strictSame(
      { sites: accessible(sites), siteAdmin: accessible(sites, true), projects: accessible(projects), projectAdmin: accessible(projects, true) },
      row,
      `${name}: sites ${row.sites.join(',') || '-'} (${row.siteAdmin.join(',') || '-'}), projects ${row.projects.join(',') || '-'} (${row.projectAdmin.join(',') || '-'})`,
    );
  }
  t.end();
});

t.test('the roles and inherited flags of the test defaults (3.2, users table)', (t) => {
  const expected: Record<Exclude<UserName, 'admin'>, { sites: Roles; projects: Roles }> = {
    // Site 1 admin -> admin (inherited) of projects 1, 2.
    siteadmin: { sites: { 1: admin(false) }, projects: { 1: admin(true), 2: admin(true) } },
    // User of projects 1, 2 -> user of site 1, inherited.
    user: { sites: { 1: user(true) }, projects: { 1: user(false), 2: user(false) } },
    // Group 4 (project 1 user) and group 3 (site 1 admin): admin wins on site 1 and on projects 1, 2.
    user2: { sites: { 1: admin(false) }, projects: { 1: admin(true), 2: admin(true) } },
    // Project 1 admin -> user of site 1, inherited (not admin).
    user3: { sites: { 1: user(true) }, projects: { 1: admin(false) } },
    user4: { sites: {}, projects: {} },
  };
  for (const [name, roles] of Object.entries(expected)) {
    t.strictSame(rolesOf(groupsOf(name as UserName)), roles, name);
  }
  t.end();
});

t.test('group 5 ("No access!") and the empty group list give nothing', (t) => {
  t.strictSame(rolesOf([groups[5]]), { sites: {}, projects: {} }, 'group 5 alone');
  t.strictSame(rolesOf([]), { sites: {}, projects: {} }, 'no group');
  t.strictSame(rolesOf([groups[5], groups[1]]), rolesOf([groups[1]]), 'group 5 adds nothing to group 1');
  t.end();
});

t.test('the union over groups does not depend on their order', (t) => {
  const ids = [1, 2, 3, 4, 5] as const;
  const reference = rolesOf(ids.map((g) => groups[g]));
  t.strictSame(
    reference,
    { sites: { 1: admin(false) }, projects: { 1: admin(false), 2: admin(true) } },
    'groups 1-5 together: site 1 admin; project 1 admin directly (group 2), project 2 admin through site 1',
  );
  const permutations: GroupId[][] = [
    [5, 4, 3, 2, 1],
    [3, 1, 4, 5, 2],
    [2, 3, 1, 5, 4],
    [4, 2, 5, 1, 3],
  ];
  for (const order of permutations) t.strictSame(rolesOf(order.map((g) => groups[g])), reference, `groups in order ${order.join(',')}`);
  t.strictSame(rolesOf([groups[3], groups[4]]), rolesOf([groups[4], groups[3]]), "user2's groups in either order");
  t.end();
});

t.test('per group: site roles', (t) => {
  const g = (siteRoles: [number, Role][], projectRoles: [number, Role][] = []): GroupGrants => ({ siteRoles: new Map(siteRoles), projectRoles: new Map(projectRoles) });
  t.strictSame(rolesOf([g([[1, 'user']])]), { sites: { 1: user(false) }, projects: {} }, 'a site user role is direct and gives no project role');
  t.strictSame(rolesOf([g([[2, 'admin']])]), { sites: { 2: admin(false) }, projects: { 3: admin(true) } }, 'a site admin role gives admin, inherited, on that site\'s projects only');
  t.strictSame(
    rolesOf([g([], [[3, 'admin']])]),
    { sites: { 2: user(true) }, projects: { 3: admin(false) } },
    'a project admin role gives user, inherited, on its site',
  );
  t.strictSame(
    rolesOf([g([[1, 'user']], [[1, 'admin']])]),
    { sites: { 1: user(false) }, projects: { 1: admin(false) } },
    'a direct site role is kept over the one a project role would give',
  );
  t.strictSame(
    rolesOf([g([[1, 'admin']], [[3, 'user']])]),
    { sites: { 1: admin(false), 2: user(true) }, projects: { 1: admin(true), 2: admin(true), 3: user(false) } },
    'roles on two sites stay apart',
  );
  t.strictSame(
    effectiveRoles([g([], [[9, 'user']])], siteOfProject, projectsOfSite).sites.size,
    0,
    'a project whose site is unknown gives no site role',
  );
  t.strictSame(
    Object.fromEntries(effectiveRoles([g([[7, 'admin']])], siteOfProject, projectsOfSite).projects),
    {},
    'a site with no known project gives no project role',
  );
  t.end();
});

t.test('per group: a site admin role replaces direct project roles on that site', (t) => {
  const g: GroupGrants = {
    siteRoles: new Map([[1, 'admin']]),
    projectRoles: new Map([
      [1, 'user'],
      [3, 'user'],
    ]),
  };
  t.strictSame(
    rolesOf([g]),
    { sites: { 1: admin(false), 2: user(true) }, projects: { 1: admin(true), 2: admin(true), 3: user(false) } },
    'project 1 user becomes admin (inherited); project 3, on site 2, keeps its direct user role',
  );
  t.end();
});

t.test('across groups: admin wins over user', (t) => {
  const projectUser: GroupGrants = { siteRoles: new Map(), projectRoles: new Map([[1, 'user']]) };
  const projectAdmin: GroupGrants = { siteRoles: new Map(), projectRoles: new Map([[1, 'admin']]) };
  const siteUser: GroupGrants = { siteRoles: new Map([[1, 'user']]), projectRoles: new Map() };
  const siteAdmin: GroupGrants = { siteRoles: new Map([[1, 'admin']]), projectRoles: new Map() };
  for (const [label, groupsInOrder] of [
    ['user then admin', [projectUser, projectAdmin]],
    ['admin then user', [projectAdmin, projectUser]],
  ] as const) {
    t.strictSame(rolesOf(groupsInOrder), { sites: { 1: user(true) }, projects: { 1: admin(false) } }, `project role, ${label}`);
  }
  for (const [label, groupsInOrder] of [
    ['user then admin', [siteUser, siteAdmin]],
    ['admin then user', [siteAdmin, siteUser]],
  ] as const) {
    t.strictSame(rolesOf(groupsInOrder), { sites: { 1: admin(false) }, projects: { 1: admin(true), 2: admin(true) } }, `site role, ${label}`);
  }
  t.strictSame(
    rolesOf([projectAdmin, siteUser]),
    { sites: { 1: user(false) }, projects: { 1: admin(false) } },
    'a direct site user role (one group) is kept over the inherited one (another group)',
  );
  t.strictSame(
    rolesOf([siteUser, projectAdmin]),
    { sites: { 1: user(false) }, projects: { 1: admin(false) } },
    'whatever the order',
  );
  t.strictSame(
    rolesOf([siteAdmin, projectAdmin]),
    { sites: { 1: admin(false) }, projects: { 1: admin(false), 2: admin(true) } },
    'a direct project admin role (one group) is kept over the inherited one (another group)',
  );
  t.strictSame(
    rolesOf([projectAdmin, siteAdmin]),
    { sites: { 1: admin(false) }, projects: { 1: admin(false), 2: admin(true) } },
    'whatever the order',
  );
  t.end();
});

t.test('isRole', (t) => {
  t.ok(isRole('admin'), 'admin');
  t.ok(isRole('user'), 'user');
  for (const value of ['Admin', 'superadmin', '', null, undefined, 1, {}]) t.notOk(isRole(value), `not ${JSON.stringify(value) ?? 'undefined'}`);
  t.end();
});
