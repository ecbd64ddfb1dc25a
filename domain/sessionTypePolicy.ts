// Who may change and delete session types through the user API (OpenTera api-user-2.md sections 11-14), as
// pure functions over the facts the use cases read (commands/sessionTypeAdministration.ts). A session type
// is shared by the sites it is linked to: what changes it for every site (its fields, its deletion) takes an
// admin of each of them, while its links are changed within the sites and projects the requester administers.
import type { Requester } from './access.js';
import type { AdministeredScope } from './devicePolicy.js';

export interface SessionTypeLinks {
  siteIds: readonly number[];
  projectIds: readonly number[];
}

const administersEverySite = (type: SessionTypeLinks, scope: AdministeredScope) => type.siteIds.length > 0 && type.siteIds.every((s) => scope.sites.has(s));

/**
 * Changing a type's own fields (name, color, category, service...) changes it for every site that uses it:
 * a superadmin, or an admin of each of its sites. OpenTera lets the admin of any one of its sites do it.
 */
export function mayChangeSessionTypeFields(requester: Requester, type: SessionTypeLinks, scope: AdministeredScope): boolean {
  return requester.superadmin || administersEverySite(type, scope);
}

export type SessionTypeRemoval = { allowed: true } | { allowed: false; reason: string };

/**
 * DELETE /api/user/sessiontypes. OpenTera's rules (an admin of every project of the type, or, for a type
 * without projects, of some project), with its refusals, and ours on top: an admin of every site of the
 * type too, since the type disappears from them all (OpenTera lets a project admin anywhere delete a type
 * without projects, whatever its sites). A type linked nowhere is a superadmin's.
 */
export function sessionTypeRemoval(requester: Requester, type: SessionTypeLinks, scope: AdministeredScope): SessionTypeRemoval {
  if (requester.superadmin) return { allowed: true };
  if (type.projectIds.length > 0 && !type.projectIds.every((p) => scope.projects.has(p))) return { allowed: false, reason: 'Cannot delete because you are not admin in all projects.' };
  if (type.projectIds.length === 0 && scope.projects.size === 0) return { allowed: false, reason: 'Unable to delete - not admin in at least one project' };
  if (!administersEverySite(type, scope)) return { allowed: false, reason: 'Forbidden' };
  return { allowed: true };
}

