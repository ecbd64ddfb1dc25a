// Who may see and change projects (OpenTera api-user-2.md section 2, domain.md 2.3), as pure functions
// over the requester's role facts; the caller reads those roles from the read models. The role-filtered
// queries of projections/queries/projects.ts apply `canRead` in SQL.
import type { Requester } from './access.js';
import type { Role } from './roles.js';

export const projectPolicy = {
  /** Superadmins, and anyone holding a role on the project (a site admin holds an inherited admin role on every project of the site). */
  canRead: (requester: Requester, projectRole: Role | undefined) => requester.superadmin || projectRole !== undefined,
  /** Creating a project in a site: superadmins and admins of that site; a project admin may not. */
  canCreate: (requester: Requester, siteRole: Role | undefined) => requester.superadmin || siteRole === 'admin',
  /** Updating: admins of the project, directly or through the site's admin role. */
  canUpdate: (requester: Requester, projectRole: Role | undefined) => requester.superadmin || projectRole === 'admin',
  /** Deleting: admins of the project's site only (OpenTera checks the site role, not the project role). */
  canDelete: (requester: Requester, siteRoleOfProject: Role | undefined) => requester.superadmin || siteRoleOfProject === 'admin',
  /**
   * A project stays in its site: naming its own site again is fine, another one is refused. OpenTera only
   * changes `id_site`, keeping device and session-type links that the old site granted (docs/compat.md).
   */
  keepsItsSite: (currentSiteId: number, requestedSiteId: number | undefined) => requestedSiteId === undefined || requestedSiteId === currentSiteId,
};
