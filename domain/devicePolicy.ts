// Who may create, delete and relink devices through the user API (OpenTera api-user-1.md sections 4, 6-8),
// as pure functions over the facts the use cases read (commands/deviceAdministration.ts). Reading is
// filtered in SQL (projections/queries/devices.ts); the link rules themselves are domain/device.ts's.
import type { Requester } from './access.js';

/** What the requester administers: its admin sites, and its admin projects (directly or as site admin). */
export interface AdministeredScope {
  sites: ReadonlySet<number>;
  projects: ReadonlySet<number>;
}

/**
 * A superadmin creates any device; anyone else must link it, at creation, to sites or projects it
 * administers (the caller checks each one), so that the new device is theirs to manage. OpenTera accepts
 * empty lists, which creates a device nobody but a superadmin can see.
 */
export function mayCreateDevice(requester: Requester, linkedOnCreation: number): boolean {
  return requester.superadmin || linkedOnCreation > 0;
}

export type DeviceRemoval = { kind: 'delete' } | { kind: 'unlink-projects'; projectIds: number[] } | { kind: 'forbidden' };

/**
 * DELETE /api/user/devices. A superadmin deletes. Anyone else deletes a device all of whose sites and projects
 * it administers (and that has a site: a device linked nowhere is a superadmin's); otherwise, as OpenTera
 * intends, the device only leaves the projects the requester administers, and stays for the others.
 * OpenTera deletes a device linked to no project for any project admin, whatever its sites, and its partial
 * path unlinks every project.
 */
export function deviceRemoval(requester: Requester, device: { siteIds: readonly number[]; projects: readonly { id: number }[] }, scope: AdministeredScope): DeviceRemoval {
  if (requester.superadmin) return { kind: 'delete' };
  const ownsEverything = device.siteIds.length > 0 && device.siteIds.every((s) => scope.sites.has(s)) && device.projects.every((p) => scope.projects.has(p.id));
  if (ownsEverything) return { kind: 'delete' };
  const projectIds = device.projects.filter((p) => scope.projects.has(p.id)).map((p) => p.id);
  return projectIds.length > 0 ? { kind: 'unlink-projects', projectIds } : { kind: 'forbidden' };
}

/**
 * A "these are the links" list applied within a scope: the listed ones not linked yet are added; the linked
 * ones that are in scope and not listed are removed; links outside the scope stay as they are.
 */
export function scopedReplacement(current: readonly number[], wanted: readonly number[], inScope: (id: number) => boolean): { add: number[]; remove: number[] } {
  const want = new Set(wanted);
  return {
    add: [...want].filter((id) => !current.includes(id)),
    remove: current.filter((id) => inScope(id) && !want.has(id)),
  };
}
