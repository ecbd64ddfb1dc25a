// Users, their group memberships and their preferences as OpenTera serves them (api-user-2.md sections
// 25-27), filtered in SQL by the requester's effective access (rm.user_site_access / user_project_access),
// and the role facts the user-administration commands decide on.
//
// OpenTera's "accessible" sets (domain.md 2.3), for a non-superadmin requester R:
// - users: R itself, and the members of groups holding a direct project role on a project R has a role in
//   (`adminOnly`: a project R administers). `includeSiteAccess` adds the members of groups that are site
//   admin of the site of such a project. A superadmin sees every user.
// - user groups: the groups whose project roles (direct, or every project of a site they administer)
//   meet R's projects. A superadmin sees every group.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Requester } from '../../domain/access.js';
import type { Role } from '../../domain/roles.js';
import type { AdminScope, GroupGrantFacts, UserFacts } from '../../domain/userPolicy.js';
import { OPENTERA_SERVICE_ID } from '../openTeraService.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
type Eb = ExpressionBuilder<any, any>;

export interface UserVisibility {
  /** Only what R administers (OpenTera's `admin_only`). */
  adminOnly?: boolean;
  /** Also the members of site-admin groups of R's projects' sites (OpenTera's `include_site_access`). */
  includeSiteAccess?: boolean;
}

const TRUE = sql<SqlBool>`true`;

/** Ids are PostgreSQL `integer`s: another number matches no row, and PostgreSQL would refuse the query (as isUuid for uuids). */
export function isRowId(value: number): boolean {
  return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

/** `where` clause: the user aliased `u` is visible to `requester`. */
export function userVisibleTo(requester: Requester, options: UserVisibility = {}) {
  return (eb: Eb): Expression<SqlBool> => {
    if (requester.superadmin) return TRUE;
    const viaProjects = eb.exists(
      eb
        .selectFrom('user_user_groups as vm')
        .innerJoin('user_groups as vg', 'vg.id_user_group', 'vm.id_user_group')
        .innerJoin('service_access as va', 'va.id_user_group', 'vm.id_user_group')
        .innerJoin('service_roles as vr', 'vr.id_service_role', 'va.id_service_role')
        .innerJoin('user_project_access as vp', 'vp.id_project', 'vr.id_project')
        .select('vm.id_user')
        .whereRef('vm.id_user', '=', 'u.id_user')
        .where('vm.deleted_at', 'is', null)
        .where('vg.deleted_at', 'is', null)
        .where('va.deleted_at', 'is', null)
        .where('vr.deleted_at', 'is', null)
        .where('vr.id_service', '=', OPENTERA_SERVICE_ID)
        .where('vp.id_user', '=', requester.id)
        .$if(options.adminOnly === true, (q) => q.where('vp.role', '=', 'admin')),
    );
    const branches = [eb('u.id_user', '=', requester.id), viaProjects];
    if (options.includeSiteAccess) {
      branches.push(
        eb.exists(
          eb
            .selectFrom('user_user_groups as sm')
            .innerJoin('user_groups as sg', 'sg.id_user_group', 'sm.id_user_group')
            .innerJoin('service_access as sa', 'sa.id_user_group', 'sm.id_user_group')
            .innerJoin('service_roles as sr', 'sr.id_service_role', 'sa.id_service_role')
            .innerJoin('projects as sp', 'sp.id_site', 'sr.id_site')
            .innerJoin('user_project_access as spa', 'spa.id_project', 'sp.id_project')
            .select('sm.id_user')
            .whereRef('sm.id_user', '=', 'u.id_user')
            .where('sm.deleted_at', 'is', null)
            .where('sg.deleted_at', 'is', null)
            .where('sa.deleted_at', 'is', null)
            .where('sr.deleted_at', 'is', null)
            .where('sr.id_service', '=', OPENTERA_SERVICE_ID)
            .where('sr.service_role_name', '=', 'admin')
            .where('sp.deleted_at', 'is', null)
            .where('spa.id_user', '=', requester.id)
            .$if(options.adminOnly === true, (q) => q.where('spa.role', '=', 'admin')),
        ),
      );
    }
    return eb.or(branches);
  };
}

/** `where` clause: the user group aliased `g` is visible to `requester` (its project roles meet the requester's). */
export function groupVisibleTo(requester: Requester) {
  return (eb: Eb): Expression<SqlBool> => {
    if (requester.superadmin) return TRUE;
    const direct = eb.exists(
      eb
        .selectFrom('service_access as ga')
        .innerJoin('service_roles as gr', 'gr.id_service_role', 'ga.id_service_role')
        .innerJoin('user_project_access as gp', 'gp.id_project', 'gr.id_project')
        .select('ga.id_user_group')
        .whereRef('ga.id_user_group', '=', 'g.id_user_group')
        .where('ga.deleted_at', 'is', null)
        .where('gr.deleted_at', 'is', null)
        .where('gp.id_user', '=', requester.id),
    );
    // A site admin group is admin of every project of its site.
    const viaSiteAdmin = eb.exists(
      eb
        .selectFrom('service_access as ga')
        .innerJoin('service_roles as gr', 'gr.id_service_role', 'ga.id_service_role')
        .innerJoin('projects as gsp', 'gsp.id_site', 'gr.id_site')
        .innerJoin('user_project_access as gp', 'gp.id_project', 'gsp.id_project')
        .select('ga.id_user_group')
        .whereRef('ga.id_user_group', '=', 'g.id_user_group')
        .where('ga.deleted_at', 'is', null)
        .where('gr.deleted_at', 'is', null)
        .where('gr.service_role_name', '=', 'admin')
        .where('gsp.deleted_at', 'is', null)
        .where('gp.id_user', '=', requester.id),
    );
    return eb.or([direct, viaSiteAdmin]);
  };
}

// ---------------------------------------------------------------------------------------------- users

export interface UserRow {
  id_user: number;
  user_uuid: string;
  user_username: string | null;
  user_email: string | null;
  user_firstname: string | null;
  user_lastname: string | null;
  user_enabled: boolean;
  user_profile: string | null;
  user_notes: string | null;
  user_lastonline: Date | string | null;
  user_superadmin: boolean;
  user_2fa_enabled: boolean;
  user_2fa_otp_enabled: boolean;
  user_2fa_email_enabled: boolean;
  user_force_password_change: boolean;
}

const USER_COLUMNS = [
  'u.id_user',
  'u.user_uuid',
  'u.user_username',
  'u.user_email',
  'u.user_firstname',
  'u.user_lastname',
  'u.user_enabled',
  'u.user_profile',
  'u.user_notes',
  'u.user_lastonline',
  'u.user_superadmin',
  'u.user_2fa_enabled',
  'u.user_2fa_otp_enabled',
  'u.user_2fa_email_enabled',
  'u.user_force_password_change',
] as const;

/** OpenTera's GET /users selections, in its order of precedence (the route picks one). */
export type UserSelection =
  | { by: 'uuid'; uuid: string }
  | { by: 'id'; id: number }
  /** The enabled users with a role in the project (site admins included), superadmins too when the requester is one. */
  | { by: 'project'; id: number }
  | { by: 'self' }
  | { by: 'username'; username: string }
  /** The visible members of a visible group. */
  | { by: 'group'; id: number }
  | { by: 'all' };

/** Users as OpenTera's GET /users selects them, visible to the requester, sorted by first name. */
export async function selectUsers(db: AnyDb, requester: Requester, selection: UserSelection, filter: { enabled?: boolean } = {}): Promise<UserRow[]> {
  if ('id' in selection && !isRowId(selection.id)) return [];
  let query = db.selectFrom('users as u').select(USER_COLUMNS).where('u.deleted_at', 'is', null);
  switch (selection.by) {
    case 'uuid':
      if (!isUuid(selection.uuid)) return [];
      query = query.where('u.user_uuid', '=', selection.uuid).where(userVisibleTo(requester));
      break;
    case 'id':
      query = query.where('u.id_user', '=', selection.id).where(userVisibleTo(requester));
      break;
    case 'project': {
      const projectId = selection.id;
      query = query
        .where((eb) =>
          requester.superadmin
            ? eb.exists(eb.selectFrom('projects as p').select('p.id_project').where('p.id_project', '=', projectId).where('p.deleted_at', 'is', null))
            : eb.exists(eb.selectFrom('user_project_access as rp').select('rp.id_project').where('rp.id_user', '=', requester.id).where('rp.id_project', '=', projectId)),
        )
        .where('u.user_enabled', '=', true)
        .where((eb) =>
          eb.or([
            eb.exists(eb.selectFrom('user_project_access as up').select('up.id_user').whereRef('up.id_user', '=', 'u.id_user').where('up.id_project', '=', projectId)),
            eb('u.user_superadmin', '=', true),
          ]),
        )
        .where(userVisibleTo(requester, { includeSiteAccess: true }));
      break;
    }
    case 'self':
      query = query.where('u.id_user', '=', requester.id);
      break;
    case 'username':
      // Usernames are unique case-insensitively (docs/compat.md), so they are matched that way.
      query = query.where((eb) => eb(eb.fn('lower', ['u.user_username']), '=', selection.username.toLowerCase())).where(userVisibleTo(requester));
      break;
    case 'group': {
      const groupId = selection.id;
      query = query
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('user_groups as g')
              .select('g.id_user_group')
              .where('g.id_user_group', '=', groupId)
              .where('g.deleted_at', 'is', null)
              .where(groupVisibleTo(requester)),
          ),
        )
        .where((eb) =>
          eb.exists(
            eb.selectFrom('user_user_groups as m').select('m.id_user').whereRef('m.id_user', '=', 'u.id_user').where('m.id_user_group', '=', groupId).where('m.deleted_at', 'is', null),
          ),
        )
        .where(userVisibleTo(requester));
      break;
    }
    case 'all':
      query = query.where(userVisibleTo(requester));
      break;
  }
  if (filter.enabled !== undefined) query = query.where('u.user_enabled', '=', filter.enabled);
  return (await query.orderBy('u.user_firstname').orderBy('u.id_user').execute());
}

export async function userRowById(db: AnyDb, id: number): Promise<UserRow | undefined> {
  if (!isRowId(id)) return undefined;
  return (await db.selectFrom('users as u').select(USER_COLUMNS).where('u.id_user', '=', id).where('u.deleted_at', 'is', null).executeTakeFirst());
}

/** Whether an existing user is visible to the requester (`adminOnly`: administered by it). */
export async function isUserVisible(db: AnyDb, requester: Requester, userId: number, options: UserVisibility = {}): Promise<boolean> {
  if (!isRowId(userId)) return false;
  const row = await db.selectFrom('users as u').select('u.id_user').where('u.id_user', '=', userId).where('u.deleted_at', 'is', null).where(userVisibleTo(requester, options)).executeTakeFirst();
  return row !== undefined;
}

/** OpenTera's `user_lastonline` and other datetimes: ISO 8601 with a `+00:00` offset. */
export function isoTime(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString().replace('Z', '+00:00');
}

export interface UserJson {
  id_user: number;
  user_uuid: string;
  user_firstname: string | null;
  user_lastname: string | null;
  user_enabled: boolean;
  user_superadmin: boolean;
  user_2fa_enabled: boolean;
  user_name: string;
  user_username?: string | null;
  user_email?: string | null;
  user_profile?: string | null;
  user_notes?: string | null;
  user_lastonline?: string | null;
  user_2fa_otp_enabled?: boolean;
  user_2fa_email_enabled?: boolean;
  user_force_password_change?: boolean;
}

/**
 * TeraUser.to_json: never the password hash nor the OTP secret. The minimal form keeps `user_superadmin`
 * and `user_2fa_enabled` (OpenTera's missing comma, which clients now expect).
 */
export function userJson(row: UserRow, minimal: boolean): UserJson {
  const base: UserJson = {
    id_user: row.id_user,
    user_uuid: row.user_uuid,
    user_firstname: row.user_firstname,
    user_lastname: row.user_lastname,
    user_enabled: row.user_enabled,
    user_superadmin: row.user_superadmin,
    user_2fa_enabled: row.user_2fa_enabled,
    user_name: `${row.user_firstname ?? ''} ${row.user_lastname ?? ''}`,
  };
  if (minimal) return base;
  return {
    ...base,
    user_username: row.user_username,
    user_email: row.user_email,
    user_profile: row.user_profile,
    user_notes: row.user_notes,
    user_lastonline: isoTime(row.user_lastonline),
    user_2fa_otp_enabled: row.user_2fa_otp_enabled,
    user_2fa_email_enabled: row.user_2fa_email_enabled,
    user_force_password_change: row.user_force_password_change,
  };
}

export interface GroupSummary {
  id_user_group: number;
  user_group_name: string;
}

/** For `with_usergroups`: each user's groups among those visible to the requester, by name. */
export async function visibleGroupsOfUsers(db: AnyDb, requester: Requester, userIds: readonly number[]): Promise<Map<number, GroupSummary[]>> {
  const byUser = new Map<number, GroupSummary[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('user_user_groups as m')
    .innerJoin('user_groups as g', 'g.id_user_group', 'm.id_user_group')
    .select(['m.id_user', 'g.id_user_group', 'g.user_group_name'])
    .where('m.id_user', 'in', userIds)
    .where('m.deleted_at', 'is', null)
    .where('g.deleted_at', 'is', null)
    .where(groupVisibleTo(requester))
    .orderBy('g.user_group_name')
    .orderBy('g.id_user_group')
    .execute();
  for (const row of rows) byUser.get(row.id_user as number)?.push({ id_user_group: row.id_user_group as number, user_group_name: row.user_group_name as string });
  return byUser;
}

export interface ProjectWithRoleJson {
  id_project: number;
  id_site: number;
  project_name: string;
  project_enabled: boolean;
  project_description: string | null;
  site_name: string;
  project_role: Role;
}

/** The `projects` of the requester's own entry: TeraProject.to_json() (with `site_name`) and the requester's role. */
export async function projectsWithRoleOf(db: AnyDb, requester: Requester): Promise<ProjectWithRoleJson[]> {
  const base = db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .select(['p.id_project', 'p.id_site', 'p.project_name', 'p.project_enabled', 'p.project_description', 's.site_name'])
    .where('p.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .orderBy('p.id_project');
  const rows = requester.superadmin
    ? await base.select(sql<Role>`'admin'`.as('project_role')).execute()
    : await base.innerJoin('user_project_access as a', (join) => join.onRef('a.id_project', '=', 'p.id_project').on('a.id_user', '=', requester.id)).select('a.role as project_role').execute();
  return rows;
}

// ------------------------------------------------------------------------------------- memberships

export interface MembershipJson {
  id_user_user_group: number | null;
  id_user: number | null;
  id_user_group: number | null;
  user_fullname?: string | null;
  user_group_name?: string | null;
}

interface MembershipRow {
  id_user_user_group: number | null;
  id_user: number | null;
  id_user_group: number | null;
  user_firstname: string | null;
  user_lastname: string | null;
  user_group_name: string | null;
}

function membershipJson(row: MembershipRow, minimal: boolean): MembershipJson {
  const ids = { id_user_user_group: row.id_user_user_group, id_user: row.id_user, id_user_group: row.id_user_group };
  if (minimal) return ids;
  return {
    ...ids,
    user_fullname: row.id_user === null ? null : `${row.user_firstname ?? ''} ${row.user_lastname ?? ''}`,
    user_group_name: row.id_user_group === null ? null : row.user_group_name,
  };
}

function memberships(db: AnyDb) {
  return db
    .selectFrom('user_user_groups as m')
    .innerJoin('users as u', 'u.id_user', 'm.id_user')
    .innerJoin('user_groups as g', 'g.id_user_group', 'm.id_user_group')
    .select(['m.id_user_user_group', 'm.id_user', 'm.id_user_group', 'u.user_firstname', 'u.user_lastname', 'g.user_group_name'])
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null)
    .where('g.deleted_at', 'is', null);
}

/**
 * The memberships of a group visible to the requester, limited to the users it sees, by first name.
 * `withEmpty` adds one entry per other visible non-superadmin user, with null membership and group ids.
 */
export async function membershipsOfGroup(db: AnyDb, requester: Requester, groupId: number, options: { withEmpty?: boolean; minimal?: boolean } = {}): Promise<MembershipJson[]> {
  if (!isRowId(groupId)) return [];
  const group = await db.selectFrom('user_groups as g').select('g.id_user_group').where('g.id_user_group', '=', groupId).where('g.deleted_at', 'is', null).where(groupVisibleTo(requester)).executeTakeFirst();
  if (!group) return [];
  const members = (await memberships(db).where('m.id_user_group', '=', groupId).where(userVisibleTo(requester)).execute()) as MembershipRow[];
  let rows = members;
  if (options.withEmpty) {
    const others = (await db
      .selectFrom('users as u')
      .select([sql<null>`null`.as('id_user_user_group'), 'u.id_user', sql<null>`null`.as('id_user_group'), 'u.user_firstname', 'u.user_lastname', sql<null>`null`.as('user_group_name')])
      .where('u.deleted_at', 'is', null)
      .where('u.user_superadmin', '=', false)
      .where(userVisibleTo(requester))
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('user_user_groups as om').select('om.id_user').whereRef('om.id_user', '=', 'u.id_user').where('om.id_user_group', '=', groupId).where('om.deleted_at', 'is', null)),
        ),
      )
      .execute()) as MembershipRow[];
    rows = [...members, ...others];
  }
  const key = (r: MembershipRow) => r.user_firstname ?? '';
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : (a.id_user ?? 0) - (b.id_user ?? 0)));
  return rows.map((r) => membershipJson(r, options.minimal ?? false));
}

/**
 * The memberships of a user visible to the requester, in the groups it sees, by group name. `withEmpty`
 * adds one entry per other visible group, with null membership and user ids.
 */
export async function membershipsOfUser(db: AnyDb, requester: Requester, userId: number, options: { withEmpty?: boolean; minimal?: boolean } = {}): Promise<MembershipJson[]> {
  if (!(await isUserVisible(db, requester, userId))) return [];
  const member = (await memberships(db).where('m.id_user', '=', userId).where(groupVisibleTo(requester)).execute()) as MembershipRow[];
  let rows = member;
  if (options.withEmpty) {
    const others = (await db
      .selectFrom('user_groups as g')
      .select([sql<null>`null`.as('id_user_user_group'), sql<null>`null`.as('id_user'), 'g.id_user_group', sql<null>`null`.as('user_firstname'), sql<null>`null`.as('user_lastname'), 'g.user_group_name'])
      .where('g.deleted_at', 'is', null)
      .where(groupVisibleTo(requester))
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('user_user_groups as om').select('om.id_user').whereRef('om.id_user_group', '=', 'g.id_user_group').where('om.id_user', '=', userId).where('om.deleted_at', 'is', null)),
        ),
      )
      .execute()) as MembershipRow[];
    rows = [...member, ...others];
  }
  const key = (r: MembershipRow) => r.user_group_name ?? '';
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : (a.id_user_group ?? 0) - (b.id_user_group ?? 0)));
  return rows.map((r) => membershipJson(r, options.minimal ?? false));
}

export interface Membership {
  id: number;
  userId: number;
  userUuid: string;
  userSuperadmin: boolean;
  groupId: number;
}

/** A current membership, by its id. */
export async function membershipById(db: AnyDb, id: number): Promise<Membership | undefined> {
  if (!isRowId(id)) return undefined;
  const row = await memberships(db).select(['u.user_uuid', 'u.user_superadmin']).where('m.id_user_user_group', '=', id).executeTakeFirst();
  return row
    ? { id: row.id_user_user_group as number, userId: row.id_user as number, userUuid: row.user_uuid as string, userSuperadmin: row.user_superadmin as boolean, groupId: row.id_user_group as number }
    : undefined;
}

/** The current membership id of each (user, group) pair that is one. */
export async function membershipIds(db: AnyDb, pairs: readonly { userId: number; groupId: number }[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  pairs = pairs.filter((p) => isRowId(p.userId) && isRowId(p.groupId));
  if (pairs.length === 0) return ids;
  const rows = await db
    .selectFrom('user_user_groups')
    .select(['id_user_user_group', 'id_user', 'id_user_group'])
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or(pairs.map((p) => eb.and([eb('id_user', '=', p.userId), eb('id_user_group', '=', p.groupId)]))))
    .execute();
  for (const row of rows) ids.set(`${row.id_user as number}:${row.id_user_group as number}`, row.id_user_user_group as number);
  return ids;
}

// ------------------------------------------------------------------------------------- preferences

export interface PreferenceJson {
  id_user_preference: number;
  id_user: number;
  user_preference_app_tag: string;
  /** A JSON text, as OpenTera stores it. */
  user_preference_preference: string;
}

/** A user's preferences (one app's when `appTag` is given), by id. The caller checks that the user is visible. */
export async function preferencesOf(db: AnyDb, userId: number, appTag?: string): Promise<PreferenceJson[]> {
  if (!isRowId(userId)) return [];
  let query = db
    .selectFrom('user_preferences')
    .select(['id_user_preference', 'id_user', 'user_preference_app_tag', 'user_preference_preference'])
    .where('id_user', '=', userId)
    .orderBy('id_user_preference');
  if (appTag !== undefined) query = query.where('user_preference_app_tag', '=', appTag);
  return (await query.execute());
}

// ------------------------------------------------------------------------------------------- facts

/** The requester's admin sites and projects (effective roles). Empty for a superadmin, whom the policy lets through anyway. */
export async function adminScopeOf(db: AnyDb, requester: Requester): Promise<AdminScope> {
  if (requester.superadmin) return { sites: new Set(), projects: new Set() };
  const sites = await db.selectFrom('user_site_access').select('id_site').where('id_user', '=', requester.id).where('role', '=', 'admin').execute();
  const projects = await db.selectFrom('user_project_access').select('id_project').where('id_user', '=', requester.id).where('role', '=', 'admin').execute();
  return { sites: new Set(sites.map((s) => s.id_site as number)), projects: new Set(projects.map((p) => p.id_project as number)) };
}

/** The site and project grants of each existing group among `groupIds` (unknown or deleted groups are absent). */
export async function groupGrantsOf(db: AnyDb, groupIds: readonly number[]): Promise<Map<number, GroupGrantFacts>> {
  const facts = new Map<number, { siteIds: number[]; projectIds: number[] }>();
  groupIds = groupIds.filter(isRowId);
  if (groupIds.length === 0) return facts;
  const groups = await db.selectFrom('user_groups').select('id_user_group').where('id_user_group', 'in', groupIds).where('deleted_at', 'is', null).execute();
  for (const g of groups) facts.set(g.id_user_group as number, { siteIds: [], projectIds: [] });
  if (facts.size === 0) return facts;
  const grants = await db
    .selectFrom('service_access as a')
    .innerJoin('service_roles as r', 'r.id_service_role', 'a.id_service_role')
    .select(['a.id_user_group', 'r.id_site', 'r.id_project'])
    .where('a.id_user_group', 'in', [...facts.keys()])
    .where('a.deleted_at', 'is', null)
    .where('r.deleted_at', 'is', null)
    .execute();
  for (const grant of grants) {
    const group = facts.get(grant.id_user_group as number)!;
    if (grant.id_site !== null) group.siteIds.push(grant.id_site as number);
    if (grant.id_project !== null) group.projectIds.push(grant.id_project as number);
  }
  return facts;
}

/** An existing user with the facts the user policy decides on. */
export async function userFactsById(db: AnyDb, id: number): Promise<(UserFacts & { uuid: string }) | undefined> {
  if (!isRowId(id)) return undefined;
  const user = await db.selectFrom('users').select(['id_user', 'user_uuid', 'user_superadmin']).where('id_user', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!user) return undefined;
  const sites = await db.selectFrom('user_site_access').select('id_site').where('id_user', '=', id).execute();
  const groups = await db
    .selectFrom('user_user_groups as m')
    .innerJoin('user_groups as g', 'g.id_user_group', 'm.id_user_group')
    .select('m.id_user_group')
    .where('m.id_user', '=', id)
    .where('m.deleted_at', 'is', null)
    .where('g.deleted_at', 'is', null)
    .execute();
  return {
    id: user.id_user as number,
    uuid: user.user_uuid as string,
    superadmin: user.user_superadmin as boolean,
    siteIds: sites.map((s) => s.id_site as number),
    groupIds: groups.map((g) => g.id_user_group as number),
  };
}

/** Whether a username is taken, case-insensitively, by a user deleted or not (as the reservations are). */
export async function usernameTaken(db: AnyDb, username: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id_user')
    .where((eb) => eb(eb.fn('lower', ['user_username']), '=', username.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}
