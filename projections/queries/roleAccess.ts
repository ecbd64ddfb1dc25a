// Site and project roles of user groups and users, as OpenTera's /siteaccess and /projectaccess serve them
// (api-user-2.md sections 1 and 16), and the role facts the group administration checks. Everything is
// filtered in SQL: a group's roles are derived from rm.service_access / rm.service_roles with OpenTera's
// rules (domain/roles.ts), a user's from rm.user_site_access / rm.user_project_access, and what the
// requester may see from its own rows there (superadmins see everything).
import { sql } from 'kysely';
import type { Requester } from '../../domain/access.js';
import type { Role } from '../../domain/roles.js';
import { OPENTERA_SERVICE_ID } from '../openTeraService.js';
import type { AnyDb } from '../types.js';
import { fullName } from './users.js';

// ---------------------------------------------------------------------------------------------------------
// Building blocks (subqueries)

/** Live grants of live groups, aliased `a<suffix>`, `r<suffix>`, `g<suffix>`. Only `admin`/`user` roles count, as in the access projector. */
function liveGrants(db: AnyDb, suffix = '') {
  const [a, r, g] = [`a${suffix}`, `r${suffix}`, `g${suffix}`];
  return db
    .selectFrom(`service_access as ${a}`)
    .innerJoin(`service_roles as ${r}`, `${r}.id_service_role`, `${a}.id_service_role`)
    .innerJoin(`user_groups as ${g}`, `${g}.id_user_group`, `${a}.id_user_group`)
    .where(`${a}.deleted_at`, 'is', null)
    .where(`${r}.deleted_at`, 'is', null)
    .where(`${g}.deleted_at`, 'is', null)
    .where(`${r}.service_role_name`, 'in', ['admin', 'user']);
}

/** True when the group in `a.id_user_group` holds a direct role on the site `siteColumn`, admin only if asked. */
function groupHoldsSiteRole(db: AnyDb, siteColumn: string, adminOnly: boolean) {
  let query = liveGrants(db, '2').select('a2.id_service_access').whereRef('a2.id_user_group', '=', 'a.id_user_group').whereRef('r2.id_site', '=', siteColumn);
  if (adminOnly) query = query.where('r2.service_role_name', '=', 'admin');
  return query;
}

/**
 * A group's site roles (`TeraUserGroup.get_sites_roles`): its direct site roles, and an inherited `user` role
 * on the site of each project it holds a role on, unless it has a direct role there.
 * Columns: id_user_group, id_site, role, inherited.
 */
export function groupSiteRoles(db: AnyDb) {
  const direct = liveGrants(db)
    .innerJoin('sites as s', 's.id_site', 'r.id_site')
    .where('s.deleted_at', 'is', null)
    .select(['a.id_user_group', 'r.id_site', 'r.service_role_name as role', sql<boolean>`false`.as('inherited')]);
  const inherited = liveGrants(db)
    .innerJoin('projects as p', 'p.id_project', 'r.id_project')
    .where('p.deleted_at', 'is', null)
    .where(({ not, exists }) => not(exists(groupHoldsSiteRole(db, 'p.id_site', false))))
    .select(['a.id_user_group', 'p.id_site', sql<Role>`'user'`.as('role'), sql<boolean>`true`.as('inherited')]);
  return direct.union(inherited);
}

/**
 * A group's project roles (`TeraUserGroup.get_projects_roles`): its direct project roles, replaced by an
 * inherited `admin` role on every project of a site it administers.
 * Columns: id_user_group, id_project, role, inherited.
 */
export function groupProjectRoles(db: AnyDb) {
  const fromSiteAdmin = liveGrants(db)
    .innerJoin('projects as p', 'p.id_site', 'r.id_site')
    .where('p.deleted_at', 'is', null)
    .where('r.service_role_name', '=', 'admin')
    .select(['a.id_user_group', 'p.id_project', sql<Role>`'admin'`.as('role'), sql<boolean>`true`.as('inherited')]);
  const direct = liveGrants(db)
    .innerJoin('projects as p', 'p.id_project', 'r.id_project')
    .where('p.deleted_at', 'is', null)
    .where(({ not, exists }) => not(exists(groupHoldsSiteRole(db, 'p.id_site', true))))
    .select(['a.id_user_group', 'r.id_project', 'r.service_role_name as role', sql<boolean>`false`.as('inherited')]);
  return fromSiteAdmin.unionAll(direct);
}

/** Ids of the sites the requester may access (administers, with `adminOnly`). */
export function accessibleSiteIds(db: AnyDb, requester: Requester, adminOnly = false) {
  if (requester.superadmin) return db.selectFrom('sites').select('id_site').where('deleted_at', 'is', null);
  let query = db.selectFrom('user_site_access').select('id_site').where('id_user', '=', requester.id);
  if (adminOnly) query = query.where('role', '=', 'admin');
  return query;
}

/** Ids of the projects the requester may access (administers, with `adminOnly`). */
export function accessibleProjectIds(db: AnyDb, requester: Requester, adminOnly = false) {
  if (requester.superadmin) return db.selectFrom('projects').select('id_project').where('deleted_at', 'is', null);
  let query = db.selectFrom('user_project_access').select('id_project').where('id_user', '=', requester.id);
  if (adminOnly) query = query.where('role', '=', 'admin');
  return query;
}

/**
 * Ids of the user groups the requester may see (`get_accessible_users_groups`): groups with a project role
 * (inherited ones included) on one of the requester's projects, or with `bySites` a site role on one of its
 * sites; `adminOnly` keeps the requester's admin projects or sites. Superadmins see every group.
 */
export function accessibleGroupIds(db: AnyDb, requester: Requester, options: { adminOnly?: boolean; bySites?: boolean } = {}) {
  if (requester.superadmin) return db.selectFrom('user_groups').select('id_user_group').where('deleted_at', 'is', null);
  if (options.bySites) {
    return db
      .selectFrom(groupSiteRoles(db).as('gs'))
      .select('gs.id_user_group')
      .where('gs.id_site', 'in', accessibleSiteIds(db, requester, options.adminOnly));
  }
  return db
    .selectFrom(groupProjectRoles(db).as('gp'))
    .select('gp.id_user_group')
    .where('gp.id_project', 'in', accessibleProjectIds(db, requester, options.adminOnly));
}

/**
 * Ids of the users the requester may see (`get_accessible_users`): members of the groups holding a direct
 * OpenTera role on one of the requester's projects, and the requester. Superadmins see every user.
 */
export function accessibleUserIds(db: AnyDb, requester: Requester) {
  if (requester.superadmin) return db.selectFrom('users').select('id_user').where('deleted_at', 'is', null);
  const members = liveGrants(db)
    .innerJoin('user_user_groups as m', 'm.id_user_group', 'a.id_user_group')
    .innerJoin('users as u', 'u.id_user', 'm.id_user')
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null)
    .where('r.id_service', '=', OPENTERA_SERVICE_ID)
    .where('r.id_project', 'in', accessibleProjectIds(db, requester))
    .select('m.id_user');
  return db.selectFrom('users').select('id_user').where('id_user', '=', requester.id).union(members);
}

export async function isAccessibleUser(db: AnyDb, requester: Requester, userId: number): Promise<boolean> {
  return (await db.selectFrom(accessibleUserIds(db, requester).as('x')).select('x.id_user').where('x.id_user', '=', userId).executeTakeFirst()) !== undefined;
}

export async function isAccessibleGroup(db: AnyDb, requester: Requester, groupId: number, options: { adminOnly?: boolean; bySites?: boolean } = {}): Promise<boolean> {
  const row = await db.selectFrom(accessibleGroupIds(db, requester, options).as('x')).select('x.id_user_group').where('x.id_user_group', '=', groupId).executeTakeFirst();
  return row !== undefined;
}

async function isAccessibleSite(db: AnyDb, requester: Requester, siteId: number): Promise<boolean> {
  return (await db.selectFrom(accessibleSiteIds(db, requester).as('x')).select('x.id_site').where('x.id_site', '=', siteId).executeTakeFirst()) !== undefined;
}

async function isAccessibleProject(db: AnyDb, requester: Requester, projectId: number): Promise<boolean> {
  return (await db.selectFrom(accessibleProjectIds(db, requester).as('x')).select('x.id_project').where('x.id_project', '=', projectId).executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Role facts for the group administration (commands/groupAdministration.ts)

export interface GroupRecord {
  id: number;
  uuid: string;
  name: string;
}

export async function groupRecord(db: AnyDb, id: number): Promise<GroupRecord | undefined> {
  const row = await db
    .selectFrom('user_groups')
    .select(['id_user_group', 'user_group_uuid', 'user_group_name'])
    .where('id_user_group', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id_user_group as number, uuid: row.user_group_uuid as string, name: row.user_group_name as string } : undefined;
}

/** The site of a live project. */
export async function siteOfProject(db: AnyDb, projectId: number): Promise<number | undefined> {
  const row = await db.selectFrom('projects').select('id_site').where('id_project', '=', projectId).where('deleted_at', 'is', null).executeTakeFirst();
  return row?.id_site as number | undefined;
}

/** The sites the requester administers. */
export async function administeredSiteIds(db: AnyDb, requester: Requester): Promise<Set<number>> {
  const rows = await accessibleSiteIds(db, requester, true).execute();
  return new Set(rows.map((r) => r.id_site as number));
}

export interface Grant {
  accessId: number;
  roleId: number;
  role: Role;
}

/** A group's live OpenTera grants: one per site and per project, with the project's site. */
export interface GroupGrants {
  sites: Map<number, Grant>;
  projects: Map<number, Grant & { siteId: number }>;
}

export async function groupGrants(db: AnyDb, groupId: number): Promise<GroupGrants> {
  const rows = await liveGrants(db)
    .leftJoin('sites as s', (join) => join.onRef('s.id_site', '=', 'r.id_site').on('s.deleted_at', 'is', null))
    .leftJoin('projects as p', (join) => join.onRef('p.id_project', '=', 'r.id_project').on('p.deleted_at', 'is', null))
    .select(['a.id_service_access', 'r.id_service_role', 'r.service_role_name', 's.id_site', 'p.id_project', 'p.id_site as project_site'])
    .where('a.id_user_group', '=', groupId)
    .where('r.id_service', '=', OPENTERA_SERVICE_ID)
    .orderBy('a.id_service_access')
    .execute();
  const grants: GroupGrants = { sites: new Map(), projects: new Map() };
  for (const row of rows) {
    const grant = { accessId: row.id_service_access as number, roleId: row.id_service_role as number, role: row.service_role_name as Role };
    if (row.id_site !== null) grants.sites.set(row.id_site as number, grant);
    if (row.id_project !== null) grants.projects.set(row.id_project as number, { ...grant, siteId: row.project_site as number });
  }
  return grants;
}

/** The OpenTera role of a live site or project, by name or by id (which must be one of that scope's roles). */
export async function openTeraRole(db: AnyDb, scope: { siteId: number } | { projectId: number }, by: { name: string } | { id: number }): Promise<{ id: number; role: Role } | undefined> {
  let query = db
    .selectFrom('service_roles')
    .select(['id_service_role', 'service_role_name'])
    .where('id_service', '=', OPENTERA_SERVICE_ID)
    .where('deleted_at', 'is', null)
    .where('service_role_name', 'in', ['admin', 'user']);
  query = 'siteId' in scope ? query.where('id_site', '=', scope.siteId) : query.where('id_project', '=', scope.projectId);
  query = 'name' in by ? query.where('service_role_name', '=', by.name) : query.where('id_service_role', '=', by.id);
  const row = await query.executeTakeFirst();
  return row ? { id: row.id_service_role as number, role: row.service_role_name as Role } : undefined;
}

/** A live OpenTera grant to a live user group, by its id (OpenTera's id_service_access). */
export interface AccessRecord {
  accessId: number;
  groupId: number;
  groupUuid: string;
  siteId: number | null;
  projectId: number | null;
}

export async function groupAccessRecord(db: AnyDb, accessId: number): Promise<AccessRecord | undefined> {
  const row = await liveGrants(db)
    .select(['a.id_service_access', 'g.id_user_group', 'g.user_group_uuid', 'r.id_site', 'r.id_project'])
    .where('a.id_service_access', '=', accessId)
    .where('r.id_service', '=', OPENTERA_SERVICE_ID)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    accessId: row.id_service_access as number,
    groupId: row.id_user_group as number,
    groupUuid: row.user_group_uuid as string,
    siteId: row.id_site as number | null,
    projectId: row.id_project as number | null,
  };
}

/** Live members (live users) of a group. */
export async function memberCount(db: AnyDb, groupId: number): Promise<number> {
  const row = await db
    .selectFrom('user_user_groups as m')
    .innerJoin('users as u', 'u.id_user', 'm.id_user')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('m.id_user_group', '=', groupId)
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

// ---------------------------------------------------------------------------------------------------------
// OpenTera JSON

/** Services other than OpenTeraServer have no read model yet; their grants are not served here. */
const SERVICES: Record<number, { service_key: string; service_name: string }> = {
  [OPENTERA_SERVICE_ID]: { service_key: 'OpenTeraServer', service_name: 'OpenTera Server' },
};

/** `TeraServiceAccess.to_json()` of a user group's grant. */
export interface GroupAccessJson {
  id_service_access: number;
  id_user_group: number;
  id_service_role: number;
  id_service: number;
  service_role_name: string;
  id_site?: number;
  site_name?: string;
  id_project?: number;
  project_name?: string;
  service_name: string;
  service_key: string;
  service_access_role_name: string;
  user_group_name: string;
}

/** Live grants by id, in the order of `ids`. */
export async function groupAccessesByIds(db: AnyDb, ids: readonly number[]): Promise<GroupAccessJson[]> {
  if (ids.length === 0) return [];
  const rows = await liveGrants(db)
    .leftJoin('sites as s', 's.id_site', 'r.id_site')
    .leftJoin('projects as p', 'p.id_project', 'r.id_project')
    .select(['a.id_service_access', 'g.id_user_group', 'g.user_group_name', 'r.id_service_role', 'r.id_service', 'r.service_role_name', 'r.id_site', 's.site_name', 'r.id_project', 'p.project_name'])
    .where('a.id_service_access', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((row) => [row.id_service_access as number, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const service = SERVICES[row.id_service as number] ?? { service_key: '', service_name: '' };
    return [
      {
        id_service_access: id,
        id_user_group: row.id_user_group as number,
        id_service_role: row.id_service_role as number,
        id_service: row.id_service as number,
        service_role_name: row.service_role_name as string,
        ...(row.id_site !== null ? { id_site: row.id_site as number, site_name: row.site_name as string } : {}),
        ...(row.id_project !== null ? { id_project: row.id_project as number, project_name: row.project_name as string } : {}),
        ...service,
        service_access_role_name: row.service_role_name as string,
        user_group_name: row.user_group_name as string,
      },
    ];
  });
}

interface RoleCell {
  role: Role | null;
  inherited: boolean | null;
}

/** `*_inherited: true` appears only when the role is inherited (OpenTera adds the key only then). */
function roleFields(prefix: 'site' | 'project', cell: RoleCell): Record<string, unknown> {
  return { [`${prefix}_access_role`]: cell.role, ...(cell.inherited ? { [`${prefix}_access_inherited`]: true } : {}) };
}

export interface SiteJson {
  id_site: number;
  site_name: string;
  site_2fa_required: boolean;
}

export interface ProjectJson {
  id_project: number;
  project_name: string;
  project_enabled: boolean;
  project_description: string | null;
}

interface Member {
  id_user: number;
  user_firstname: string | null;
  user_lastname: string | null;
  user_enabled: boolean;
}

/**
 * Accessible live members of the groups, without duplicates, in OpenTera's order: by the first (by name) of
 * the given groups they belong to, then by first name.
 */
async function membersOf(db: AnyDb, requester: Requester, groupIds: readonly number[]): Promise<Member[]> {
  if (groupIds.length === 0) return [];
  return (await db
    .selectFrom('user_user_groups as m')
    .innerJoin('users as u', 'u.id_user', 'm.id_user')
    .innerJoin('user_groups as g', 'g.id_user_group', 'm.id_user_group')
    .select(['u.id_user', 'u.user_firstname', 'u.user_lastname', 'u.user_enabled'])
    .select((eb) => eb.fn.min('g.user_group_name').as('first_group'))
    .where('m.id_user_group', 'in', [...groupIds])
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null)
    .where('g.deleted_at', 'is', null)
    .where('u.id_user', 'in', accessibleUserIds(db, requester))
    .groupBy(['u.id_user', 'u.user_firstname', 'u.user_lastname', 'u.user_enabled'])
    .orderBy('first_group')
    .orderBy('u.user_firstname')
    .orderBy('u.id_user')
    .execute());
}

type Scope = 'site' | 'project';

/** Effective roles of users on sites or projects; superadmins (who hold no group role) are admin everywhere, inherited. */
async function userRoles(db: AnyDb, scope: Scope, userIds: readonly number[], scopeIds: readonly number[]): Promise<Map<string, RoleCell>> {
  const cells = new Map<string, RoleCell>();
  if (userIds.length === 0 || scopeIds.length === 0) return cells;
  const [table, column, entities] = scope === 'site' ? ['user_site_access', 'id_site', 'sites'] : ['user_project_access', 'id_project', 'projects'];
  const rows = await db
    .selectFrom(table)
    .select(['id_user', sql<number>`${sql.ref(column)}`.as('id'), 'role', 'inherited'])
    .where('id_user', 'in', [...userIds])
    .where(column, 'in', [...scopeIds])
    .unionAll(
      db
        .selectFrom('users as u')
        .innerJoin(`${entities} as e`, (join) => join.onTrue())
        .select(['u.id_user', sql<number>`${sql.ref(`e.${column}`)}`.as('id'), sql<Role>`'admin'`.as('role'), sql<boolean>`true`.as('inherited')])
        .where('u.user_superadmin', '=', true)
        .where('u.id_user', 'in', [...userIds])
        .where(`e.${column}`, 'in', [...scopeIds])
        .where('e.deleted_at', 'is', null),
    )
    .execute();
  for (const row of rows) cells.set(`${row.id_user}:${row.id}`, { role: row.role as Role, inherited: row.inherited as boolean });
  return cells;
}

/** Each user's groups among those the requester may see (`with_usergroups`), by name. */
async function visibleGroupsOfUsers(db: AnyDb, requester: Requester, userIds: readonly number[]): Promise<Map<number, { id_user_group: number; user_group_name: string }[]>> {
  const groups = new Map<number, { id_user_group: number; user_group_name: string }[]>();
  if (userIds.length === 0) return groups;
  const rows = await db
    .selectFrom('user_user_groups as m')
    .innerJoin('user_groups as g', 'g.id_user_group', 'm.id_user_group')
    .select(['m.id_user', 'g.id_user_group', 'g.user_group_name'])
    .where('m.id_user', 'in', [...userIds])
    .where('m.deleted_at', 'is', null)
    .where('g.deleted_at', 'is', null)
    .where('g.id_user_group', 'in', accessibleGroupIds(db, requester))
    .orderBy('g.user_group_name')
    .orderBy('g.id_user_group')
    .execute();
  for (const row of rows) {
    const list = groups.get(row.id_user as number) ?? [];
    list.push({ id_user_group: row.id_user_group as number, user_group_name: row.user_group_name as string });
    groups.set(row.id_user as number, list);
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------------------
// Site and project rows with a role, the shapes both endpoints and /usergroups list

interface SiteRoleRow extends SiteJson, RoleCell {}
interface ProjectRoleRow extends ProjectJson, RoleCell {
  id_site: number;
  site_name: string;
}

/**
 * A group's site roles on the requester's sites (administered ones with `adminOnly`, which also keeps admin
 * roles only); `withEmpty` adds the requester's other sites with a null role. By site name.
 */
export async function groupSiteRows(db: AnyDb, requester: Requester, groupIds: readonly number[], options: { adminOnly?: boolean; withEmpty?: boolean } = {}): Promise<(SiteRoleRow & { id_user_group: number })[]> {
  if (groupIds.length === 0) return [];
  let roles = db.selectFrom(groupSiteRoles(db).as('gs')).selectAll('gs').where('gs.id_user_group', 'in', [...groupIds]);
  if (options.adminOnly) roles = roles.where('gs.role', '=', 'admin');
  const groups = db.selectFrom('user_groups').select('id_user_group').where('id_user_group', 'in', [...groupIds]);
  const rows = await db
    .selectFrom('sites as s')
    .innerJoin(groups.as('q'), (join) => join.onTrue())
    .leftJoin(roles.as('x'), (join) => join.onRef('x.id_site', '=', 's.id_site').onRef('x.id_user_group', '=', 'q.id_user_group'))
    .select(['q.id_user_group', 's.id_site', 's.site_name', 's.site_2fa_required', 'x.role', 'x.inherited'])
    .where('s.deleted_at', 'is', null)
    .where('s.id_site', 'in', accessibleSiteIds(db, requester, options.adminOnly))
    .$if(!options.withEmpty, (q) => q.where('x.role', 'is not', null))
    .orderBy('s.site_name')
    .orderBy('s.id_site')
    .execute();
  return rows;
}

/**
 * A group's project roles on the requester's projects (administered ones with `adminOnly`, which also keeps
 * admin roles only); `withEmpty` adds the requester's other projects with a null role. By project name.
 */
export async function groupProjectRows(
  db: AnyDb,
  requester: Requester,
  groupIds: readonly number[],
  options: { adminOnly?: boolean; withEmpty?: boolean } = {},
): Promise<(ProjectRoleRow & { id_user_group: number })[]> {
  if (groupIds.length === 0) return [];
  let roles = db.selectFrom(groupProjectRoles(db).as('gp')).selectAll('gp').where('gp.id_user_group', 'in', [...groupIds]);
  if (options.adminOnly) roles = roles.where('gp.role', '=', 'admin');
  const groups = db.selectFrom('user_groups').select('id_user_group').where('id_user_group', 'in', [...groupIds]);
  const rows = await db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .innerJoin(groups.as('q'), (join) => join.onTrue())
    .leftJoin(roles.as('x'), (join) => join.onRef('x.id_project', '=', 'p.id_project').onRef('x.id_user_group', '=', 'q.id_user_group'))
    .select(['q.id_user_group', 'p.id_project', 'p.project_name', 'p.project_enabled', 'p.project_description', 'p.id_site', 's.site_name', 'x.role', 'x.inherited'])
    .where('p.deleted_at', 'is', null)
    .where('p.id_project', 'in', accessibleProjectIds(db, requester, options.adminOnly))
    .$if(!options.withEmpty, (q) => q.where('x.role', 'is not', null))
    .orderBy('p.project_name')
    .orderBy('p.id_project')
    .execute();
  return rows;
}

export function siteAccessJson(row: SiteRoleRow): Record<string, unknown> {
  return { id_site: row.id_site, site_name: row.site_name, site_2fa_required: row.site_2fa_required, ...roleFields('site', row) };
}

export function projectAccessJson(row: ProjectRoleRow, withSites = false): Record<string, unknown> {
  return {
    id_project: row.id_project,
    project_name: row.project_name,
    project_enabled: row.project_enabled,
    project_description: row.project_description,
    ...(withSites ? { id_site: row.id_site, site_name: row.site_name } : {}),
    ...roleFields('project', row),
  };
}

/** The groups the requester may see (by site or by project), with their role on one site or project; `withEmpty` keeps those without. By name. */
async function groupsOnScope(
  db: AnyDb,
  requester: Requester,
  scope: { siteId: number } | { projectId: number },
  options: { adminOnly: boolean; withEmpty: boolean },
): Promise<{ id_user_group: number; user_group_name: string; role: Role | null; inherited: boolean | null }[]> {
  const bySites = 'siteId' in scope;
  let roles = bySites
    ? db.selectFrom(groupSiteRoles(db).as('y')).selectAll('y').where('y.id_site', '=', scope.siteId)
    : db.selectFrom(groupProjectRoles(db).as('y')).selectAll('y').where('y.id_project', '=', scope.projectId);
  if (options.adminOnly) roles = roles.where('y.role', '=', 'admin');
  return (await db
    .selectFrom('user_groups as g')
    .leftJoin(roles.as('x'), 'x.id_user_group', 'g.id_user_group')
    .select(['g.id_user_group', 'g.user_group_name', 'x.role', 'x.inherited'])
    .where('g.deleted_at', 'is', null)
    .where('g.id_user_group', 'in', accessibleGroupIds(db, requester, { adminOnly: options.adminOnly, bySites }))
    .$if(!options.withEmpty, (q) => q.where('x.role', 'is not', null))
    .orderBy('g.user_group_name')
    .orderBy('g.id_user_group')
    .execute());
}

/** The user groups the requester may see by site that hold a role (direct or inherited) on a site it may access. */
export async function groupIdsOnSite(db: AnyDb, requester: Requester, siteId: number): Promise<number[]> {
  if (!(await isAccessibleSite(db, requester, siteId))) return [];
  return (await groupsOnScope(db, requester, { siteId }, { adminOnly: false, withEmpty: false })).map((g) => g.id_user_group);
}

// ---------------------------------------------------------------------------------------------------------
// GET /api/user/siteaccess

export interface AccessQuery {
  idUser?: number;
  idUserGroup?: number;
  admins?: boolean;
  byUsers?: boolean;
  withEmpty?: boolean;
}

export interface SiteAccessQuery extends AccessQuery {
  idSite?: number;
  withUsergroups?: boolean;
}

type Source = { kind: 'user'; id: number } | { kind: 'group'; id: number } | { kind: 'scope'; id: number };

/** OpenTera evaluates id_user, then id_user_group, then the site or project id: the last one that passes its check wins. */
async function sourceOf(db: AnyDb, requester: Requester, query: AccessQuery, scopeId: number | undefined): Promise<Source | undefined> {
  if (scopeId) return { kind: 'scope', id: scopeId };
  if (query.idUserGroup && (await isAccessibleGroup(db, requester, query.idUserGroup))) return { kind: 'group', id: query.idUserGroup };
  if (query.idUser && (await isAccessibleUser(db, requester, query.idUser))) return { kind: 'user', id: query.idUser };
  return undefined;
}

/** A user's site or project roles on the requester's sites or projects (administered ones, and admin roles only, with `adminOnly`). */
async function userScopeRows(db: AnyDb, requester: Requester, scope: Scope, userId: number, adminOnly: boolean): Promise<(SiteRoleRow | ProjectRoleRow)[]> {
  const user = await db.selectFrom('users').select(['id_user', 'user_superadmin']).where('id_user', '=', userId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!user) return [];
  const superadmin = user.user_superadmin as boolean;
  if (scope === 'site') {
    const query = db
      .selectFrom('sites as s')
      .select(['s.id_site', 's.site_name', 's.site_2fa_required'])
      .where('s.deleted_at', 'is', null)
      .where('s.id_site', 'in', accessibleSiteIds(db, requester, adminOnly))
      .orderBy('s.site_name')
      .orderBy('s.id_site');
    const withRole = superadmin
      ? query.select([sql<Role>`'admin'`.as('role'), sql<boolean>`true`.as('inherited')])
      : query.innerJoin('user_site_access as a', (join) => join.onRef('a.id_site', '=', 's.id_site').on('a.id_user', '=', userId)).select(['a.role', 'a.inherited']);
    return (await withRole.$if(adminOnly && !superadmin, (q) => q.where('a.role', '=', 'admin')).execute());
  }
  const query = db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .select(['p.id_project', 'p.project_name', 'p.project_enabled', 'p.project_description', 'p.id_site', 's.site_name'])
    .where('p.deleted_at', 'is', null)
    .where('p.id_project', 'in', accessibleProjectIds(db, requester, adminOnly))
    .orderBy('p.project_name')
    .orderBy('p.id_project');
  const withRole = superadmin
    ? query.select([sql<Role>`'admin'`.as('role'), sql<boolean>`true`.as('inherited')])
    : query.innerJoin('user_project_access as a', (join) => join.onRef('a.id_project', '=', 'p.id_project').on('a.id_user', '=', userId)).select(['a.role', 'a.inherited']);
  return (await withRole.$if(adminOnly && !superadmin, (q) => q.where('a.role', '=', 'admin')).execute());
}

interface UserAccessJson {
  id_user: number;
  user_name: string;
  user_enabled: boolean;
  [key: string]: unknown;
}

/** One entry per (member, site or project): `*_access_role` and `*_access_inherited` are null without a role. */
async function perUser(
  db: AnyDb,
  requester: Requester,
  scope: Scope,
  members: Member[],
  targets: { id: number; extra: Record<string, unknown> }[],
  transform: (cell: RoleCell | undefined) => RoleCell | undefined,
): Promise<UserAccessJson[]> {
  const cells = await userRoles(
    db,
    scope,
    members.map((m) => m.id_user),
    targets.map((t) => t.id),
  );
  return members.flatMap((member) =>
    targets.map((target) => {
      const cell = transform(cells.get(`${member.id_user}:${target.id}`));
      return {
        id_user: member.id_user,
        [`id_${scope}`]: target.id,
        user_name: fullName(member),
        user_enabled: member.user_enabled,
        [`${scope}_access_role`]: cell?.role ?? null,
        [`${scope}_access_inherited`]: cell?.inherited ?? null,
        ...target.extra,
      };
    }),
  );
}

export async function siteAccess(db: AnyDb, requester: Requester, query: SiteAccessQuery): Promise<unknown[]> {
  // Copied quirk: OpenTera tests `admins is not None` here, so `admins=false` also keeps admins only (a
  // narrower answer, never a wider one). The by-user roles below use the flag's value.
  const adminOnly = query.admins !== undefined;
  const source = await sourceOf(db, requester, query, query.idSite);
  if (!source) return [];
  const perSite = !query.byUsers || Boolean(query.idUser);
  if (source.kind === 'user') return (await userScopeRows(db, requester, 'site', source.id, adminOnly)).map((row) => siteAccessJson(row as SiteRoleRow));

  let members: Member[];
  let sites: { id: number; extra: Record<string, unknown> }[];
  if (source.kind === 'group') {
    const rows = await groupSiteRows(db, requester, [source.id], { adminOnly, withEmpty: Boolean(query.withEmpty) });
    if (perSite) return rows.map(siteAccessJson);
    members = await membersOf(db, requester, [source.id]);
    sites = rows.map((row) => ({ id: row.id_site, extra: {} }));
  } else {
    // Unlike OpenTera, the site must be one the requester may access: otherwise its groups' roles there leak.
    if (!(await isAccessibleSite(db, requester, source.id))) return [];
    const groups = await groupsOnScope(db, requester, { siteId: source.id }, { adminOnly, withEmpty: Boolean(query.withEmpty) });
    if (perSite) return groups.map((g) => ({ id_user_group: g.id_user_group, user_group_name: g.user_group_name, ...roleFields('site', g) }));
    members = await membersOf(
      db,
      requester,
      groups.map((g) => g.id_user_group),
    );
    sites = [{ id: source.id, extra: {} }];
  }
  const entries = await perUser(db, requester, 'site', members, sites, (cell) => (query.admins && cell?.role !== 'admin' ? undefined : cell));
  if (!query.withUsergroups) return entries;
  const groupsOfUsers = await visibleGroupsOfUsers(
    db,
    requester,
    members.map((m) => m.id_user),
  );
  return entries.map((entry) => ({ ...entry, user_groups: groupsOfUsers.get(entry.id_user) ?? [] }));
}

// ---------------------------------------------------------------------------------------------------------
// GET /api/user/projectaccess

export interface ProjectAccessQuery extends AccessQuery {
  idProject?: number;
  withSites?: boolean;
}

export async function projectAccess(db: AnyDb, requester: Requester, query: ProjectAccessQuery): Promise<unknown[]> {
  const adminOnly = Boolean(query.admins);
  const withSites = Boolean(query.withSites);
  const source = await sourceOf(db, requester, query, query.idProject);
  if (!source) return [];
  const perProject = !query.byUsers || Boolean(query.idUser);
  const bySiteThenName = (rows: ProjectRoleRow[]) =>
    withSites ? [...rows].sort((a, b) => a.site_name.localeCompare(b.site_name) || a.project_name.localeCompare(b.project_name) || a.id_project - b.id_project) : rows;
  if (source.kind === 'user') {
    const rows = (await userScopeRows(db, requester, 'project', source.id, adminOnly)) as ProjectRoleRow[];
    return bySiteThenName(rows).map((row) => projectAccessJson(row, withSites));
  }

  let members: Member[];
  let projects: { id: number; extra: Record<string, unknown> }[];
  if (source.kind === 'group') {
    const rows = await groupProjectRows(db, requester, [source.id], { adminOnly, withEmpty: Boolean(query.withEmpty) });
    if (perProject) return bySiteThenName(rows).map((row) => projectAccessJson(row, withSites));
    members = await membersOf(db, requester, [source.id]);
    projects = rows.map((row) => ({ id: row.id_project, extra: withSites ? { id_site: row.id_site, site_name: row.site_name } : {} }));
  } else {
    // Unlike OpenTera, the project must be one the requester may access: otherwise its groups' roles there leak.
    if (!(await isAccessibleProject(db, requester, source.id))) return [];
    const project = await db
      .selectFrom('projects as p')
      .innerJoin('sites as s', 's.id_site', 'p.id_site')
      .select(['p.id_site', 's.site_name'])
      .where('p.id_project', '=', source.id)
      .executeTakeFirstOrThrow();
    const site = withSites ? { id_site: project.id_site as number, site_name: project.site_name as string } : {};
    const groups = await groupsOnScope(db, requester, { projectId: source.id }, { adminOnly, withEmpty: Boolean(query.withEmpty) });
    if (perProject) return groups.map((g) => ({ id_user_group: g.id_user_group, user_group_name: g.user_group_name, ...roleFields('project', g), ...site }));
    members = await membersOf(
      db,
      requester,
      groups.map((g) => g.id_user_group),
    );
    projects = [{ id: source.id, extra: site }];
  }
  // Copied quirk: OpenTera means `admins` to blank non-admin roles here but does not (its tests rely on it);
  // `admins` only narrows the groups, as above.
  return perUser(db, requester, 'project', members, projects, (cell) => cell);
}
