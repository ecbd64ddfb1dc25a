// Who may manage users, over the role facts of OpenTera's test data (domain.md 2.7): siteadmin is admin of
// site 1 (so of projects 1 and 2), user3 is admin of project 1, `user` administers nothing.
import t from 'tap';
import type { Requester } from '../../domain/access.js';
import { managesGroup, mayCreateUser, maySetSuperadmin, mayUpdateUser, membershipChanges, membershipRefusal, userDeletion, type AdminScope, type GroupGrantFacts, type UserFacts } from '../../domain/userPolicy.js';
import { users } from '../helpers/openteraDefaults.js';

const scopes: Record<'admin' | 'siteadmin' | 'user' | 'user3' | 'user4', AdminScope> = {
  admin: { sites: new Set(), projects: new Set() },
  siteadmin: { sites: new Set([1]), projects: new Set([1, 2]) },
  user: { sites: new Set(), projects: new Set() },
  user3: { sites: new Set(), projects: new Set([1]) },
  user4: { sites: new Set(), projects: new Set() },
};

// Groups 1-5 of the test data: their own grants.
const groups: Record<number, GroupGrantFacts> = {
  1: { siteIds: [], projectIds: [1, 2] },
  2: { siteIds: [], projectIds: [1] },
  3: { siteIds: [1], projectIds: [] },
  4: { siteIds: [], projectIds: [1] },
  5: { siteIds: [], projectIds: [] },
  6: { siteIds: [2], projectIds: [1] }, // not in the test data: roles on two sites
};

const facts: Record<string, UserFacts> = {
  admin: { id: 1, superadmin: true, siteIds: [], groupIds: [] },
  siteadmin: { id: 2, superadmin: false, siteIds: [1], groupIds: [3] },
  user: { id: 3, superadmin: false, siteIds: [1], groupIds: [1] },
  user2: { id: 4, superadmin: false, siteIds: [1], groupIds: [4, 3] },
  user3: { id: 5, superadmin: false, siteIds: [1], groupIds: [2] },
  user4: { id: 6, superadmin: false, siteIds: [], groupIds: [] },
  twoSites: { id: 7, superadmin: false, siteIds: [1, 2], groupIds: [1, 6] },
  withNoAccessGroup: { id: 8, superadmin: false, siteIds: [1], groupIds: [1, 5] },
};

const who = (name: keyof typeof scopes): Requester => users[name];
const managed = (name: keyof typeof scopes) => (groupId: number) => managesGroup(who(name), groups[groupId], scopes[name]);

t.test('managesGroup', async (t) => {
  t.test('given a superadmin, then every existing group, and no unknown one', async (t) => {
    t.same([1, 2, 3, 4, 5, 6].filter(managed('admin')), [1, 2, 3, 4, 5, 6]);
    t.equal(managesGroup(who('admin'), undefined, scopes.admin), false);
  });
  t.test('given a site admin, then the groups whose every role is on its site', async (t) => {
    t.same([1, 2, 3, 4, 5, 6].filter(managed('siteadmin')), [1, 2, 3, 4], 'not group 6, which also holds a role on site 2, nor the group without roles');
  });
  t.test('given a project admin, when a group also holds a site role or another project, then not that group', async (t) => {
    t.same([1, 2, 3, 4, 5, 6].filter(managed('user3')), [2, 4], 'OpenTera would also give groups 1 and 3: a project admin could join the site admins');
  });
  t.test('given no admin role, then no group', async (t) => {
    t.same([1, 2, 3, 4, 5].filter(managed('user')), []);
    t.same([1, 2, 3, 4, 5].filter(managed('user4')), []);
  });
});

t.test('mayCreateUser', async (t) => {
  t.equal(mayCreateUser(who('admin'), undefined), true, 'a superadmin, without groups');
  t.equal(mayCreateUser(who('siteadmin'), [1]), true, 'a site admin putting the user in a group (whose management is checked before)');
  t.equal(mayCreateUser(who('siteadmin'), undefined), false, 'a site admin without groups');
  t.equal(mayCreateUser(who('user4'), []), false, 'an empty list does not let anyone create a user (OpenTera quirk fixed)');
});

t.test('mayUpdateUser', async (t) => {
  t.equal(mayUpdateUser(who('user4'), facts.user4!, scopes.user4), true, 'oneself, always');
  t.equal(mayUpdateUser(who('admin'), facts.user4!, scopes.admin), true, 'a superadmin, anyone');
  t.equal(mayUpdateUser(who('siteadmin'), facts.user!, scopes.siteadmin), true, 'a site admin, a user of its site');
  t.equal(mayUpdateUser(who('siteadmin'), facts.admin!, scopes.siteadmin), false, 'never a superadmin (OpenTera lets a site admin change its password)');
  t.equal(mayUpdateUser(who('siteadmin'), facts.user4!, scopes.siteadmin), false, 'not a user without any site');
  t.equal(mayUpdateUser(who('siteadmin'), facts.twoSites!, scopes.siteadmin), false, 'not a user who also has a role on a site it does not administer');
  t.equal(mayUpdateUser(who('user3'), facts.user!, scopes.user3), false, 'a project admin, nobody else');
  t.equal(maySetSuperadmin(who('admin')), true);
  t.equal(maySetSuperadmin(who('siteadmin')), false);
});

t.test('membershipChanges', async (t) => {
  t.same(membershipChanges([1, 5], [2], managed('siteadmin')), { add: [2], remove: [1] }, 'listed groups are added, managed unlisted ones removed, others (5) kept');
  t.same(membershipChanges([1], [1, 1], managed('siteadmin')), { add: [], remove: [] }, 'nothing to do');
  t.same(membershipChanges([4, 3], [], managed('admin')), { add: [], remove: [4, 3] }, 'a superadmin manages all');
});

t.test('userDeletion', async (t) => {
  t.same(userDeletion(who('siteadmin'), facts.siteadmin!, scopes.siteadmin, managed('siteadmin')), { kind: 'refused', reason: 'self' });
  t.same(userDeletion(who('admin'), facts.user4!, scopes.admin, managed('admin')), { kind: 'full' }, 'a superadmin deletes anyone');
  t.same(userDeletion(who('siteadmin'), facts.user!, scopes.siteadmin, managed('siteadmin')), { kind: 'full' }, 'all groups managed: deleted');
  t.same(userDeletion(who('siteadmin'), facts.withNoAccessGroup!, scopes.siteadmin, managed('siteadmin')), { kind: 'memberships', groupIds: [1] }, 'other groups: only the managed memberships go');
  t.same(userDeletion(who('siteadmin'), facts.admin!, scopes.siteadmin, managed('siteadmin')), { kind: 'refused', reason: 'forbidden' }, 'never a superadmin');
  t.same(userDeletion(who('siteadmin'), facts.user4!, scopes.siteadmin, managed('siteadmin')), { kind: 'refused', reason: 'forbidden' }, 'not a user in none of its groups');
  t.same(userDeletion(who('user3'), facts.user!, scopes.user3, managed('user3')), { kind: 'refused', reason: 'forbidden' }, 'a project admin is no site admin');
});

t.test('membershipRefusal', async (t) => {
  t.equal(membershipRefusal({ administered: true, superadmin: false }, true), undefined);
  t.equal(membershipRefusal({ administered: false, superadmin: false }, true), 'user');
  t.equal(membershipRefusal({ administered: true, superadmin: false }, false), 'group');
  t.equal(membershipRefusal({ administered: true, superadmin: true }, true), 'superadmin');
});
