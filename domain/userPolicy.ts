// Who may manage users, their group memberships and their preferences (OpenTera api-user-2.md sections
// 25-27, domain.md 2.3 "User-management specifics"), as pure functions over role facts read from the read
// models. Where OpenTera lets a requester act beyond the sites and projects it administers, these rules
// are stricter; docs/compat.md ("## Users") lists each difference.
import type { Requester } from './access.js';

/** What a non-superadmin requester administers: its admin sites, and its admin projects (effective: a site admin administers every project of the site). */
export interface AdminScope {
  sites: ReadonlySet<number>;
  projects: ReadonlySet<number>;
}

/** The site and project roles a user group holds itself (its grants, whatever the role name). */
export interface GroupGrantFacts {
  siteIds: readonly number[];
  projectIds: readonly number[];
}

/** A user as the rules see it. `siteIds`: the sites where it has a role (direct or inherited). */
export interface UserFacts {
  id: number;
  superadmin: boolean;
  siteIds: readonly number[];
  groupIds: readonly number[];
}

export type UserDeletion =
  | { kind: 'refused'; reason: 'self' | 'forbidden' }
  /** The user is (soft) deleted. */
  | { kind: 'full' }
  /** Only the memberships in these groups (those the requester manages) are removed: the user disappears from the requester's sites. */
  | { kind: 'memberships'; groupIds: number[] };

/**
 * A requester manages a group's memberships when every site and project role of the group is within its
 * admin scope, and the group has at least one such role. OpenTera only asks for one project in common,
 * which lets a project admin join a site-admin group, or a site admin hand out roles on sites it does not
 * administer. A superadmin manages every existing group.
 */
export function managesGroup(requester: Requester, group: GroupGrantFacts | undefined, scope: AdminScope): boolean {
  if (!group) return false;
  if (requester.superadmin) return true;
  if (group.siteIds.length === 0 && group.projectIds.length === 0) return false;
  return group.siteIds.every((site) => scope.sites.has(site)) && group.projectIds.every((project) => scope.projects.has(project));
}

/**
 * Creating a user: a superadmin, or a requester that puts the new user in at least one group (each of
 * which it manages: checked before, with its own message). OpenTera lets anyone create a user with an
 * empty `user_user_groups` list.
 */
export function mayCreateUser(requester: Requester, groupIds: readonly number[] | undefined): boolean {
  return requester.superadmin || (groupIds !== undefined && groupIds.length > 0);
}

/**
 * Updating a user: oneself always; a superadmin anyone; a site admin a (non-superadmin) user whose every
 * site it administers. OpenTera asks for one site in common, so a site admin could change the password of
 * a superadmin, or of an admin of another site, and take over that account.
 */
export function mayUpdateUser(requester: Requester, target: UserFacts, scope: AdminScope): boolean {
  if (requester.superadmin || target.id === requester.id) return true;
  if (target.superadmin || target.siteIds.length === 0) return false;
  return target.siteIds.every((site) => scope.sites.has(site));
}

/** Only a superadmin grants or revokes superadmin rights; anyone else's `user_superadmin` is ignored (OpenTera forces it to false). */
export function maySetSuperadmin(requester: Requester): boolean {
  return requester.superadmin;
}

/**
 * The memberships an update with a `user_user_groups` list changes (OpenTera): listed groups are added;
 * groups the requester manages that the user is in but that are not listed are removed; others stay.
 */
export function membershipChanges(current: readonly number[], listed: readonly number[], manages: (groupId: number) => boolean): { add: number[]; remove: number[] } {
  const wanted = new Set(listed);
  return {
    add: [...wanted].filter((id) => !current.includes(id)),
    remove: current.filter((id) => !wanted.has(id) && manages(id)),
  };
}

/**
 * Deleting a user: never oneself; a superadmin deletes anyone. A site admin deletes a user all of whose
 * groups it manages; when the user is also in other groups, only the memberships it manages are removed
 * (OpenTera's intent; its loop removes groups somewhat at random). A user in none of the requester's
 * groups, or a superadmin, is refused (OpenTera deletes a user with no group, a superadmin included).
 */
export function userDeletion(requester: Requester, target: UserFacts, scope: AdminScope, manages: (groupId: number) => boolean): UserDeletion {
  if (target.id === requester.id) return { kind: 'refused', reason: 'self' };
  if (requester.superadmin) return { kind: 'full' };
  if (target.superadmin || scope.sites.size === 0) return { kind: 'refused', reason: 'forbidden' };
  const managed = target.groupIds.filter(manages);
  if (managed.length === 0) return { kind: 'refused', reason: 'forbidden' };
  return managed.length === target.groupIds.length ? { kind: 'full' } : { kind: 'memberships', groupIds: managed };
}

/**
 * Adding a user to a group, or removing it: the user must be one the requester administers (an existing
 * user, found by the role-filtered query), the group one it manages, and a superadmin is never put in a group.
 */
export function membershipRefusal(user: { administered: boolean; superadmin: boolean }, groupManaged: boolean): 'user' | 'group' | 'superadmin' | undefined {
  if (!user.administered) return 'user';
  if (!groupManaged) return 'group';
  if (user.superadmin) return 'superadmin';
  return undefined;
}
