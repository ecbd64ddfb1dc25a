// OpenTera's test-mode defaults (OpenTera domain.md 3.2), as far as site and project roles go: sites,
// projects, user groups 1-5 with their OpenTeraServer grants (service accesses 1-5), and users 1-6.
import { fold } from '../../domain/aggregate.js';
import type { Requester } from '../../domain/access.js';
import type { GroupGrants, Role } from '../../domain/roles.js';
import { userGroup, type UserGroupEvent } from '../../domain/userGroup.js';

// Sites 1 "Default Site", 2 "Top Secret Site"; projects 1, 2 on site 1, project 3 on site 2.
export const siteOfProject: ReadonlyMap<number, number> = new Map([
  [1, 1],
  [2, 1],
  [3, 2],
]);
export const projectsOfSite: ReadonlyMap<number, readonly number[]> = new Map([
  [1, [1, 2]],
  [2, [3]],
]);

// OpenTeraServer roles: 13/14 site 1 admin/user, 15/16 site 2, 17/18 project 1, 19/20 project 2, 21/22 project 3.
export const siteRoleGranted = (accessId: number, roleId: number, siteId: number, role: Role): UserGroupEvent => ({
  type: 'UserGroupGrantedSiteRole',
  data: { accessId, roleId, siteId, role },
});
export const projectRoleGranted = (accessId: number, roleId: number, projectId: number, role: Role): UserGroupEvent => ({
  type: 'UserGroupGrantedProjectRole',
  data: { accessId, roleId, projectId, role },
});
const groupCreated = (id: number, name: string): UserGroupEvent => ({
  type: 'UserGroupCreated',
  data: { id, uuid: `00000000-0000-4000-8000-00000000000${id}`, name },
});

/** A user group's grants as effectiveRoles reads them, from the group's folded state. */
export function grantsOf(events: readonly UserGroupEvent[]): GroupGrants {
  const state = fold(userGroup, events);
  if (state.status !== 'active') throw new Error('fixture group is not active');
  const toMap = (roles: Record<number, Role>) => new Map(Object.entries(roles).map(([id, role]) => [Number(id), role] as const));
  return { siteRoles: toMap(state.siteRoles), projectRoles: toMap(state.projectRoles) };
}

/** Service accesses 1-5; 6 and 7 grant global service roles (neither site nor project), not site/project roles. */
export const groupEvents = {
  1: [groupCreated(1, 'Users - Projects 1 & 2'), projectRoleGranted(1, 18, 1, 'user'), projectRoleGranted(2, 20, 2, 'user')],
  2: [groupCreated(2, 'Admins - Project 1'), projectRoleGranted(4, 17, 1, 'admin')],
  3: [groupCreated(3, 'Admins - Default Site'), siteRoleGranted(3, 13, 1, 'admin')],
  4: [groupCreated(4, 'Users - Project 1'), projectRoleGranted(5, 18, 1, 'user')],
  5: [groupCreated(5, 'No access!')],
} satisfies Record<number, UserGroupEvent[]>;
export type GroupId = keyof typeof groupEvents;

export const groups: Record<GroupId, GroupGrants> = {
  1: grantsOf(groupEvents[1]),
  2: grantsOf(groupEvents[2]),
  3: grantsOf(groupEvents[3]),
  4: grantsOf(groupEvents[4]),
  5: grantsOf(groupEvents[5]),
};

export type UserName = 'admin' | 'siteadmin' | 'user' | 'user2' | 'user3' | 'user4';

export const users: Record<UserName, Requester & { groups: readonly GroupId[] }> = {
  admin: { id: 1, uuid: '00000000-0000-4000-8000-0000000000a1', superadmin: true, groups: [] },
  siteadmin: { id: 2, uuid: '00000000-0000-4000-8000-0000000000a2', superadmin: false, groups: [3] },
  user: { id: 3, uuid: '00000000-0000-4000-8000-0000000000a3', superadmin: false, groups: [1] },
  user2: { id: 4, uuid: '00000000-0000-4000-8000-0000000000a4', superadmin: false, groups: [4, 3] },
  user3: { id: 5, uuid: '00000000-0000-4000-8000-0000000000a5', superadmin: false, groups: [2] },
  user4: { id: 6, uuid: '00000000-0000-4000-8000-0000000000a6', superadmin: false, groups: [] },
};
