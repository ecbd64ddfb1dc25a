// User-group administration by a user (OpenTera's /api/user/usergroups, /siteaccess and /projectaccess
// writes): who may, checked against the read models with domain/groupPolicy.ts, then the group commands of
// commands/userGroups.ts. Every item of a request is checked before anything is written, so a refused item
// leaves the others unwritten (OpenTera commits the items before the refused one).
import type { Requester } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { groupPolicy, roleRequest, siteRoleRequest, sitesOfGroup, sitesOfGroupAfter } from '../domain/groupPolicy.js';
import type { Role } from '../domain/roles.js';
import { projectRoleOf, siteRoleOf } from '../projections/queries/access.js';
import {
  administeredSiteIds,
  groupAccessRecord,
  groupGrants,
  groupRecord,
  memberCount,
  openTeraRole,
  siteOfProject,
  type GroupGrants,
  type GroupRecord,
} from '../projections/queries/roleAccess.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { createUserGroupCommand, deleteUserGroupCommand, grantRoleCommand, renameUserGroupCommand, revokeRoleCommand } from './userGroups.js';

const invalid = (message: string) => new DomainError('invalid', message);
const forbidden = (message = 'Forbidden') => new DomainError('forbidden', message);
const notFound = (message: string) => new DomainError('not-found', message);

type Scope = { siteId: number } | { projectId: number };
type Target = { kind: 'revoke' } | { kind: 'grant'; role: Role; roleId: number };

interface RoleChange {
  group: GroupRecord;
  scope: Scope;
  target: Target;
}

/** Grants read once per group, then kept current while a request's changes are applied. */
class GrantsCache {
  private readonly grants = new Map<number, GroupGrants>();
  constructor(private readonly context: CommandContext) {}

  async of(groupId: number): Promise<GroupGrants> {
    let grants = this.grants.get(groupId);
    if (!grants) this.grants.set(groupId, (grants = await groupGrants(this.context.deps.readDb, groupId)));
    return grants;
  }

  /** A group created by this request, which the read models do not hold yet. */
  created(groupId: number): void {
    this.grants.set(groupId, { sites: new Map(), projects: new Map() });
  }

  /** The id of the group's grant on the scope, if any: a role change keeps it, as OpenTera updates the row. */
  async accessId(groupId: number, scope: Scope): Promise<number | undefined> {
    const grants = await this.of(groupId);
    return ('siteId' in scope ? grants.sites.get(scope.siteId) : grants.projects.get(scope.projectId))?.accessId;
  }

  async record(groupId: number, scope: Scope, grant: { accessId: number; roleId: number; role: Role } | undefined): Promise<void> {
    const grants = await this.of(groupId);
    if ('siteId' in scope) {
      if (grant) grants.sites.set(scope.siteId, grant);
      else grants.sites.delete(scope.siteId);
    } else {
      const siteId = (await siteOfProject(this.context.deps.readDb, scope.projectId)) ?? 0;
      if (grant) grants.projects.set(scope.projectId, { ...grant, siteId });
      else grants.projects.delete(scope.projectId);
    }
  }
}

/** Appends the changes in order; answers the access id of each grant (undefined for a revocation) and the last position. */
async function applyChanges(context: CommandContext, cache: GrantsCache, changes: readonly RoleChange[]): Promise<{ accessIds: (number | undefined)[]; position: Position | undefined }> {
  let position: Position | undefined;
  const accessIds: (number | undefined)[] = [];
  for (const { group, scope, target } of changes) {
    if (target.kind === 'revoke') {
      position = (await revokeRoleCommand(context, group.uuid, scope)) ?? position;
      await cache.record(group.id, scope, undefined);
      accessIds.push(undefined);
      continue;
    }
    const accessId = (await cache.accessId(group.id, scope)) ?? (await context.deps.ids.next('service_access'));
    const grantScope = 'siteId' in scope ? { siteId: scope.siteId, roleId: target.roleId } : { projectId: scope.projectId, roleId: target.roleId };
    position = (await grantRoleCommand(context, group.uuid, grantScope, target.role, accessId)) ?? position;
    await cache.record(group.id, scope, { accessId, roleId: target.roleId, role: target.role });
    accessIds.push(accessId);
  }
  return { accessIds, position };
}

async function existingGroup(context: CommandContext, id: number): Promise<GroupRecord> {
  const group = await groupRecord(context.deps.readDb, id);
  if (!group) throw notFound('Invalid user group');
  return group;
}

// ---------------------------------------------------------------------------------------------------------
// /api/user/siteaccess and /api/user/projectaccess

/** One item of POST /siteaccess, OpenTera's keys; a key's presence matters, as in OpenTera. */
export interface SiteAccessItem {
  id_user_group?: number;
  id_site?: number;
  site_access_role?: string | null;
  id_service_role?: number;
}

export interface ProjectAccessItem {
  id_user_group?: number;
  id_project?: number;
  project_access_role?: string | null;
  id_service_role?: number;
  /** Accepted by OpenTera's presence check but never used: such an item names no role. */
  id_project_role?: number;
}

export interface AccessWriteResult {
  /** Ids of the grants the request made or kept, in item order (revocations give none). */
  accessIds: number[];
  position: Position | undefined;
}

/**
 * The role a posted item asks for, OpenTera's way: an empty name (or null) revokes; otherwise the scope's role
 * by name, then by `id_service_role` (which wins, and 0 revokes). Unlike OpenTera, the id must be one of the
 * scope's own roles.
 */
async function targetOf(context: CommandContext, scope: Scope, byName: { present: boolean; value: string | null | undefined; revokeInstead: boolean }, byId: number | undefined): Promise<Target | undefined> {
  let target: Target | undefined;
  if (byName.present) {
    const asked = byName.revokeInstead ? { kind: 'revoke' as const } : roleRequest(byName.value);
    if (asked.kind === 'revoke') return asked;
    if (asked.kind === 'grant') {
      const role = await openTeraRole(context.deps.readDb, scope, { name: asked.role });
      if (role) target = { kind: 'grant', role: role.role, roleId: role.id };
    }
  }
  if (byId !== undefined) {
    if (byId === 0) return { kind: 'revoke' };
    const role = await openTeraRole(context.deps.readDb, scope, { id: byId });
    target = role ? { kind: 'grant', role: role.role, roleId: role.id } : undefined;
  }
  return target;
}

export async function postSiteAccess(context: CommandContext, requester: Requester, items: readonly SiteAccessItem[]): Promise<AccessWriteResult> {
  const db = context.deps.readDb;
  const cache = new GrantsCache(context);
  const changes: RoleChange[] = [];
  for (const item of items) {
    if (item.id_user_group === undefined) throw invalid('Missing id_user_group');
    if (item.id_site === undefined) throw invalid('Missing id_site');
    if (!('site_access_role' in item) && !('id_service_role' in item)) throw invalid('Missing role name or id');
    const siteRole = await siteRoleOf(db, requester, item.id_site);
    if (!groupPolicy.canSetSiteRole(requester, siteRole)) throw forbidden();
    if (siteRole === undefined) throw notFound('Invalid site');
    const group = await existingGroup(context, item.id_user_group);
    const siteId = item.id_site;
    const grants = await cache.of(group.id);
    const hasProjectRoleInSite = [...grants.projects.values()].some((p) => p.siteId === siteId);
    const present = 'site_access_role' in item;
    const revokeInstead = present && siteRoleRequest(roleRequest(item.site_access_role), hasProjectRoleInSite).kind === 'revoke';
    const target = await targetOf(context, { siteId }, { present, value: item.site_access_role, revokeInstead }, item.id_service_role);
    if (!target) throw invalid('Invalid role name or id for that site');
    changes.push({ group, scope: { siteId }, target });
  }
  const { accessIds, position } = await applyChanges(context, cache, changes);
  return { accessIds: accessIds.filter((id) => id !== undefined), position };
}

export async function postProjectAccess(context: CommandContext, requester: Requester, items: readonly ProjectAccessItem[]): Promise<AccessWriteResult> {
  const db = context.deps.readDb;
  const cache = new GrantsCache(context);
  const changes: RoleChange[] = [];
  for (const item of items) {
    if (item.id_user_group === undefined) throw invalid('Missing id_user_group');
    if (item.id_project === undefined) throw invalid('Missing id_project');
    // OpenTera's check omits `id_service_role`, so an item naming its role by id alone is refused there.
    if (!('project_access_role' in item) && !('id_project_role' in item) && !('id_service_role' in item)) throw invalid('Missing role name or id');
    const projectRole = await projectRoleOf(db, requester, item.id_project);
    if (!groupPolicy.canSetProjectRole(requester, projectRole)) throw forbidden();
    if (projectRole === undefined) throw notFound('Invalid project');
    const group = await existingGroup(context, item.id_user_group);
    await cache.of(group.id);
    const projectId = item.id_project;
    const present = 'project_access_role' in item;
    const target = await targetOf(context, { projectId }, { present, value: item.project_access_role, revokeInstead: false }, item.id_service_role);
    if (!target) throw invalid('Invalid role name or id for that project');
    changes.push({ group, scope: { projectId }, target });
  }
  const { accessIds, position } = await applyChanges(context, cache, changes);
  return { accessIds: accessIds.filter((id) => id !== undefined), position };
}

/** DELETE /siteaccess: the id must be a group's site grant (OpenTera answers 500 for a project grant). */
export async function deleteSiteAccess(context: CommandContext, requester: Requester, accessId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const access = await groupAccessRecord(db, accessId);
  if (!access || access.siteId === null) throw invalid('No site access to delete');
  if (!groupPolicy.canSetSiteRole(requester, await siteRoleOf(db, requester, access.siteId))) throw forbidden();
  return revokeRoleCommand(context, access.groupUuid, { siteId: access.siteId });
}

/** DELETE /projectaccess: the id must be a group's project grant (OpenTera answers 500 for a site grant). */
export async function deleteProjectAccess(context: CommandContext, requester: Requester, accessId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const access = await groupAccessRecord(db, accessId);
  if (!access || access.projectId === null) throw invalid('No project access to delete.');
  if (!groupPolicy.canSetProjectRole(requester, await projectRoleOf(db, requester, access.projectId))) throw forbidden();
  return revokeRoleCommand(context, access.groupUuid, { projectId: access.projectId });
}

// ---------------------------------------------------------------------------------------------------------
// /api/user/usergroups

export interface UserGroupInput {
  /** 0 creates a group. */
  id: number;
  name?: string;
  /** `user_group_sites_access`: a missing, empty or null role removes the group's role on the site. */
  sites?: readonly { id_site: number; site_access_role?: string | null }[];
  projects?: readonly { id_project: number; project_access_role?: string | null }[];
}

export interface UserGroupWriteResult {
  id: number;
  position: Position | undefined;
}

/** POST /usergroups: creates or updates a group, then sets the listed site roles, then the project roles. */
export async function saveUserGroup(context: CommandContext, requester: Requester, input: UserGroupInput): Promise<UserGroupWriteResult> {
  const db = context.deps.readDb;
  const creating = input.id === 0;
  if (input.name !== undefined && input.name.trim() === '') throw invalid('Missing user group name');
  if (creating && input.name === undefined) throw invalid('Missing user group name');
  const administered = await administeredSiteIds(db, requester);
  if (!groupPolicy.canWriteGroups(requester, administered.size)) throw forbidden();

  const siteTargets: { siteId: number; target: Target }[] = [];
  for (const item of input.sites ?? []) {
    const siteRole = await siteRoleOf(db, requester, item.id_site);
    if (!groupPolicy.canSetSiteRole(requester, siteRole)) throw forbidden('No site admin access for at a least one site in the list');
    if (siteRole === undefined) throw notFound('Invalid site');
    siteTargets.push({ siteId: item.id_site, target: await targetOf(context, { siteId: item.id_site }, { present: true, value: item.site_access_role, revokeInstead: false }, undefined) ?? invalidRole('site') });
  }
  const projectTargets: { projectId: number; siteId: number; target: Target }[] = [];
  for (const item of input.projects ?? []) {
    const siteId = await siteOfProject(db, item.id_project);
    const siteRole = siteId === undefined ? undefined : await siteRoleOf(db, requester, siteId);
    if (!groupPolicy.canSetProjectRoleOfGroup(requester, siteRole)) throw forbidden('No site admin access for at a least one project in the list');
    if (siteId === undefined) throw notFound('Invalid project');
    const scope = { projectId: item.id_project };
    projectTargets.push({ projectId: item.id_project, siteId, target: (await targetOf(context, scope, { present: true, value: item.project_access_role, revokeInstead: false }, undefined)) ?? invalidRole('project') });
  }

  const cache = new GrantsCache(context);
  let group: GroupRecord;
  let position: Position | undefined;
  if (creating) {
    const created = await createUserGroupCommand(context, input.name!.trim());
    group = { id: created.id, uuid: created.uuid, name: input.name!.trim() };
    position = created.position;
    cache.created(created.id);
  } else {
    const existing = await groupRecord(db, input.id);
    if (!existing) throw requester.superadmin ? notFound('Invalid user group') : forbidden();
    group = existing;
    if (input.name !== undefined && input.name.trim() !== existing.name) {
      // Unlike OpenTera, where any site admin renames any group: the group, once this request's roles are
      // set, must serve only sites the requester administers.
      const grants = await cache.of(existing.id);
      const after = sitesOfGroupAfter(
        { siteIds: grants.sites.keys(), projectSites: new Map([...grants.projects].map(([project, grant]) => [project, grant.siteId])) },
        {
          sites: new Map(siteTargets.map((s) => [s.siteId, s.target.kind === 'grant'])),
          projects: new Map(projectTargets.map((p) => [p.projectId, { siteId: p.siteId, held: p.target.kind === 'grant' }])),
        },
      );
      if (!groupPolicy.canRename(requester, after, administered)) throw forbidden();
      position = await renameUserGroupCommand(context, existing.uuid, input.name);
    }
  }
  const changes: RoleChange[] = [
    ...siteTargets.map((s) => ({ group, scope: { siteId: s.siteId }, target: s.target })),
    ...projectTargets.map((p) => ({ group, scope: { projectId: p.projectId }, target: p.target })),
  ];
  const applied = await applyChanges(context, cache, changes);
  return { id: group.id, position: applied.position ?? position };
}

function invalidRole(scope: 'site' | 'project'): never {
  throw invalid(`Invalid role name or id for that ${scope}`);
}

/**
 * DELETE /usergroups: superadmins, or admins of every site the group serves (403 with an empty body, as
 * OpenTera); refused while the group has members (409, OpenTera: 500).
 */
export async function deleteUserGroupByUser(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const group = await groupRecord(db, id);
  const grants = group ? await groupGrants(db, id) : { sites: new Map(), projects: new Map() };
  const sites = sitesOfGroup({ siteIds: grants.sites.keys(), projectSiteIds: [...grants.projects.values()].map((p: { siteId: number }) => p.siteId) });
  const administered = requester.superadmin ? new Set<number>() : await administeredSiteIds(db, requester);
  if (!groupPolicy.canManage(requester, sites, administered)) throw forbidden('');
  if (!group) throw notFound('Invalid user group');
  if ((await memberCount(db, id)) > 0) throw new DomainError('conflict', "Can't delete user group: please delete all users part of that user group before deleting.");
  return deleteUserGroupCommand(context, group.uuid);
}
