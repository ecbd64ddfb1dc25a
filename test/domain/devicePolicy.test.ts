// Who may create, delete and relink devices, over the role facts of OpenTera's test data (domain.md 2.7):
// siteadmin administers site 1 (so projects 1 and 2), user3 administers project 1, `user` administers nothing.
import t from 'tap';
import type { Requester } from '../../domain/access.js';
import { deviceRemoval, mayCreateDevice, scopedReplacement, type AdministeredScope } from '../../domain/devicePolicy.js';
import { users } from '../helpers/openteraDefaults.js';

const scopes: Record<'admin' | 'siteadmin' | 'user' | 'user3', AdministeredScope> = {
  admin: { sites: new Set([1, 2]), projects: new Set([1, 2, 3]) },
  siteadmin: { sites: new Set([1]), projects: new Set([1, 2]) },
  user: { sites: new Set(), projects: new Set() },
  user3: { sites: new Set(), projects: new Set([1]) },
};
const who = (name: keyof typeof scopes): Requester => users[name];

// Devices 1-3 of the test data, and one only in site 1.
const devices = {
  1: { siteIds: [1, 2], projects: [{ id: 1 }, { id: 3 }] },
  2: { siteIds: [1], projects: [{ id: 1 }] },
  3: { siteIds: [], projects: [] },
  siteOnly: { siteIds: [1], projects: [] },
};

t.test('mayCreateDevice', async (t) => {
  t.ok(mayCreateDevice(who('admin'), 0), 'a superadmin creates a device linked nowhere');
  t.notOk(mayCreateDevice(who('siteadmin'), 0), 'anyone else links it, or could not see it afterwards');
  t.ok(mayCreateDevice(who('siteadmin'), 1));
});

t.test('deviceRemoval', async (t) => {
  t.same(deviceRemoval(who('admin'), devices[1], scopes.admin), { kind: 'delete' }, 'a superadmin deletes');
  t.same(deviceRemoval(who('siteadmin'), devices[2], scopes.siteadmin), { kind: 'delete' }, 'every link is administered');
  t.same(deviceRemoval(who('siteadmin'), devices.siteOnly, scopes.siteadmin), { kind: 'delete' }, 'a device of its site without projects');
  t.same(deviceRemoval(who('siteadmin'), devices[1], scopes.siteadmin), { kind: 'unlink-projects', projectIds: [1] }, 'site 2 and project 3 are not its own');
  t.same(deviceRemoval(who('user3'), devices[2], scopes.user3), { kind: 'unlink-projects', projectIds: [1] }, 'a project admin does not administer the site');
  t.same(deviceRemoval(who('user3'), devices.siteOnly, scopes.user3), { kind: 'forbidden' }, 'nothing of its own to remove (OpenTera deletes it)');
  t.same(deviceRemoval(who('user3'), devices[3], scopes.user3), { kind: 'forbidden' }, 'a device linked nowhere is a superadmin\'s');
  t.same(deviceRemoval(who('user'), devices[2], scopes.user), { kind: 'forbidden' });
});

t.test('scopedReplacement', async (t) => {
  const inSite1 = (id: number) => id === 1;
  t.same(scopedReplacement([1, 2], [], inSite1), { add: [], remove: [1] }, 'links outside the scope stay');
  t.same(scopedReplacement([1, 2], [3, 3], inSite1), { add: [3], remove: [1] }, 'listed twice, added once');
  t.same(scopedReplacement([1, 2], [1, 2], () => true), { add: [], remove: [] }, 'nothing to do');
  t.same(scopedReplacement([], [2], inSite1), { add: [2], remove: [] }, 'an addition need not be in the removal scope');
});
