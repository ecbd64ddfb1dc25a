// OpenTera's role model (OpenTera domain.md section 2): roles are `admin` or `user` on a site or a project,
// held by user groups; a user's roles are the union over its groups, admin winning over user.
export type Role = 'admin' | 'user';

export interface RoleGrant {
  role: Role;
  inherited: boolean;
}

export interface GroupGrants {
  siteRoles: ReadonlyMap<number, Role>;
  projectRoles: ReadonlyMap<number, Role>;
}

export function isRole(value: unknown): value is Role {
  return value === 'admin' || value === 'user';
}

function merge(into: Map<number, RoleGrant>, id: number, grant: RoleGrant): void {
  const current = into.get(id);
  if (!current || (current.role === 'user' && grant.role === 'admin') || (current.role === grant.role && current.inherited && !grant.inherited)) into.set(id, grant);
}

/**
 * Effective site and project roles of a (non-superadmin) user, from the grants of its groups:
 * a project role gives an inherited `user` role on the project's site when the group has no direct site role;
 * a site `admin` role makes the group admin (inherited) of every project of that site, overriding a direct role.
 */
export function effectiveRoles(groups: readonly GroupGrants[], siteOfProject: ReadonlyMap<number, number>, projectsOfSite: ReadonlyMap<number, readonly number[]>) {
  const sites = new Map<number, RoleGrant>();
  const projects = new Map<number, RoleGrant>();
  for (const group of groups) {
    const groupSites = new Map<number, RoleGrant>();
    const groupProjects = new Map<number, RoleGrant>();
    for (const [site, role] of group.siteRoles) groupSites.set(site, { role, inherited: false });
    for (const [project, role] of group.projectRoles) {
      groupProjects.set(project, { role, inherited: false });
      const site = siteOfProject.get(project);
      if (site !== undefined && !groupSites.has(site)) groupSites.set(site, { role: 'user', inherited: true });
    }
    for (const [site, role] of group.siteRoles) {
      if (role !== 'admin') continue;
      for (const project of projectsOfSite.get(site) ?? []) groupProjects.set(project, { role: 'admin', inherited: true });
    }
    for (const [id, grant] of groupSites) merge(sites, id, grant);
    for (const [id, grant] of groupProjects) merge(projects, id, grant);
  }
  return { sites, projects };
}
