// Who may administer user groups and their site and project roles (OpenTera api-user-2.md sections 1, 16
// and 24), as pure functions over role facts that the caller reads from the read models. What a group or a
// role grant may be seen by is filtered in SQL (projections/queries/roleAccess.ts and userGroups.ts).
import type { Requester } from './access.js';
import { isRole, type Role } from './roles.js';

export const groupPolicy = {
  /** Creating or updating a user group: superadmins, and admins of at least one site (OpenTera's rule). */
  canWriteGroups: (requester: Requester, administeredSiteCount: number) => requester.superadmin || administeredSiteCount > 0,

  /**
   * Deleting a group: superadmins, and site admins when every site where the group holds a role (direct, or
   * the `user` role a project role gives on its site) is one they administer. A group with no role belongs to
   * no site: only superadmins delete it, as in OpenTera. OpenTera also lets a site admin delete a group that
   * serves other sites too.
   */
  canManage: (requester: Requester, sitesOfGroup: ReadonlySet<number>, administeredSites: ReadonlySet<number>) =>
    requester.superadmin || (sitesOfGroup.size > 0 && [...sitesOfGroup].every((site) => administeredSites.has(site))),

  /**
   * Renaming a group: as deleting, except that a group with no role, which grants nothing, may be renamed by
   * any site admin (OpenTeraPlus creates a group, then names and fills it). OpenTera lets any site admin
   * rename any group.
   */
  canRename: (requester: Requester, sitesOfGroup: ReadonlySet<number>, administeredSites: ReadonlySet<number>) =>
    groupPolicy.canManage(requester, sitesOfGroup, administeredSites) || (sitesOfGroup.size === 0 && administeredSites.size > 0),

  /** Granting or revoking a group's role on a site (`/siteaccess`): admins of that site. */
  canSetSiteRole: (requester: Requester, siteRole: Role | undefined) => requester.superadmin || siteRole === 'admin',

  /** Granting or revoking a group's role on a project (`/projectaccess`): admins of the project, site admins included. */
  canSetProjectRole: (requester: Requester, projectRole: Role | undefined) => requester.superadmin || projectRole === 'admin',

  /** Setting a group's project role through `/usergroups`: admins of the project's site (a project admin may not, as in OpenTera). */
  canSetProjectRoleOfGroup: (requester: Requester, siteRoleOfProject: Role | undefined) => requester.superadmin || siteRoleOfProject === 'admin',
};

/** The sites where a group holds a role: its direct site roles, and the sites of its project roles. */
export function sitesOfGroup(grants: { siteIds: Iterable<number>; projectSiteIds: Iterable<number> }): Set<number> {
  return new Set([...grants.siteIds, ...grants.projectSiteIds]);
}

/** What a posted role asks for: OpenTera removes the access for an empty name (and we for null too). */
export type RoleRequest = { kind: 'revoke' } | { kind: 'grant'; role: Role } | { kind: 'unknown' };

export function roleRequest(name: string | null | undefined): RoleRequest {
  if (name === undefined || name === null || name === '') return { kind: 'revoke' };
  return isRole(name) ? { kind: 'grant', role: name } : { kind: 'unknown' };
}

/**
 * OpenTera's `/siteaccess` rule: a group that holds a direct project role in a site already has the `user`
 * role on that site by inheritance, so asking for `user` there removes any explicit site role instead.
 */
export function siteRoleRequest(requested: RoleRequest, groupHasProjectRoleInSite: boolean): RoleRequest {
  return requested.kind === 'grant' && requested.role === 'user' && groupHasProjectRoleInSite ? { kind: 'revoke' } : requested;
}

/**
 * The sites of a group once a request's changes are applied, for the rename check of a request that also
 * changes the group's roles: `sites` and `projects` map each changed site or project (with its site) to
 * whether the group will hold a role there.
 */
export function sitesOfGroupAfter(
  current: { siteIds: Iterable<number>; projectSites: ReadonlyMap<number, number> },
  changes: { sites: ReadonlyMap<number, boolean>; projects: ReadonlyMap<number, { siteId: number; held: boolean }> },
): Set<number> {
  const siteIds = new Set(current.siteIds);
  for (const [site, held] of changes.sites) {
    if (held) siteIds.add(site);
    else siteIds.delete(site);
  }
  const projectSites = new Map(current.projectSites);
  for (const [project, change] of changes.projects) {
    if (change.held) projectSites.set(project, change.siteId);
    else projectSites.delete(project);
  }
  return sitesOfGroup({ siteIds, projectSiteIds: projectSites.values() });
}
