// Who may change and delete session types, over the role facts of OpenTera's test data (domain.md 2.7):
// siteadmin administers site 1 (so projects 1 and 2), user3 administers project 1, `user` administers nothing.
import t from 'tap';
import type { Requester } from '../../domain/access.js';
import type { AdministeredScope } from '../../domain/devicePolicy.js';
import { mayChangeSessionTypeFields, sessionTypeRemoval } from '../../domain/sessionTypePolicy.js';
import { users } from '../helpers/openteraDefaults.js';

const scopes: Record<'admin' | 'siteadmin' | 'user' | 'user3', AdministeredScope> = {
  admin: { sites: new Set([1, 2]), projects: new Set([1, 2, 3]) },
  siteadmin: { sites: new Set([1]), projects: new Set([1, 2]) },
  user: { sites: new Set(), projects: new Set() },
  user3: { sites: new Set(), projects: new Set([1]) },
};
const who = (name: keyof typeof scopes): Requester => users[name];

// Type 1 of the test data (site 1, project 1), type 4 (sites 1 and 2, project 1), and types without projects.
const types = {
  1: { siteIds: [1], projectIds: [1] },
  4: { siteIds: [1, 2], projectIds: [1] },
  siteOnly: { siteIds: [1], projectIds: [] },
  nowhere: { siteIds: [], projectIds: [] },
};

t.test('mayChangeSessionTypeFields', async (t) => {
  t.ok(mayChangeSessionTypeFields(who('admin'), types.nowhere, scopes.admin), 'a superadmin changes any type');
  t.ok(mayChangeSessionTypeFields(who('siteadmin'), types[1], scopes.siteadmin), 'the admin of its only site');
  t.notOk(mayChangeSessionTypeFields(who('siteadmin'), types[4], scopes.siteadmin), 'not the admin of one of its two sites (OpenTera: yes)');
  t.notOk(mayChangeSessionTypeFields(who('user3'), types[1], scopes.user3), 'a project admin manages no type');
  t.notOk(mayChangeSessionTypeFields(who('siteadmin'), types.nowhere, scopes.siteadmin), 'a type linked nowhere is a superadmin\'s');
});

t.test('sessionTypeRemoval', async (t) => {
  t.same(sessionTypeRemoval(who('admin'), types[4], scopes.admin), { allowed: true });
  t.same(sessionTypeRemoval(who('siteadmin'), types[1], scopes.siteadmin), { allowed: true }, 'admin of its site and project');
  t.same(sessionTypeRemoval(who('siteadmin'), types[4], scopes.siteadmin), { allowed: false, reason: 'Forbidden' }, 'site 2 is not its own');
  t.same(sessionTypeRemoval(who('user'), types[1], scopes.user), { allowed: false, reason: 'Cannot delete because you are not admin in all projects.' });
  t.same(sessionTypeRemoval(who('user3'), types[1], scopes.user3), { allowed: false, reason: 'Forbidden' }, 'the admin of its project, not of its site (OpenTera: yes)');
  t.same(sessionTypeRemoval(who('user'), types.siteOnly, scopes.user), { allowed: false, reason: 'Unable to delete - not admin in at least one project' }, "OpenTera's refusal without projects");
  t.same(sessionTypeRemoval(who('user3'), types.siteOnly, scopes.user3), { allowed: false, reason: 'Forbidden' }, 'a project admin elsewhere (OpenTera: yes)');
  t.same(sessionTypeRemoval(who('siteadmin'), types.siteOnly, scopes.siteadmin), { allowed: true });
  t.same(sessionTypeRemoval(who('siteadmin'), types.nowhere, scopes.siteadmin), { allowed: false, reason: 'Forbidden' }, "a type linked nowhere is a superadmin's");
});
