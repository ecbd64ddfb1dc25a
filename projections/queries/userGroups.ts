// User groups as OpenTera's /api/user/usergroups serves them (api-user-2.md section 24), filtered in SQL by
// what the requester may see (projections/queries/roleAccess.ts), with their site and project roles.
import type { Requester } from '../../domain/access.js';
import type { AnyDb } from '../types.js';
import { accessibleGroupIds, groupIdsOnSite, groupProjectRows, groupSiteRows, isAccessibleUser, projectAccessJson, siteAccessJson } from './roleAccess.js';

export interface UserGroupJson {
  id_user_group: number;
  user_group_name: string;
  user_group_sites_access?: Record<string, unknown>[];
  user_group_projects_access?: Record<string, unknown>[];
}

/** Which groups GET asks for; the first present filter wins, as in OpenTera. */
export type UserGroupSelection = { idUserGroup: number } | { idUser: number } | { idSite: number } | Record<string, never>;

async function groupRows(db: AnyDb, requester: Requester, selection: UserGroupSelection): Promise<{ id_user_group: number; user_group_name: string }[]> {
  let query = db
    .selectFrom('user_groups as g')
    .select(['g.id_user_group', 'g.user_group_name'])
    .where('g.deleted_at', 'is', null)
    .orderBy('g.user_group_name')
    .orderBy('g.id_user_group');
  // By site, the groups are those the requester sees by site (OpenTera's `by_sites`); otherwise by project.
  if (!('idSite' in selection)) query = query.where('g.id_user_group', 'in', accessibleGroupIds(db, requester));
  if ('idUserGroup' in selection) query = query.where('g.id_user_group', '=', selection.idUserGroup);
  else if ('idUser' in selection) {
    if (!(await isAccessibleUser(db, requester, selection.idUser))) return [];
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('user_user_groups as m')
          .select('m.id_user_user_group')
          .whereRef('m.id_user_group', '=', 'g.id_user_group')
          .where('m.id_user', '=', selection.idUser)
          .where('m.deleted_at', 'is', null),
      ),
    );
  } else if ('idSite' in selection) {
    const ids = await groupIdsOnSite(db, requester, selection.idSite);
    if (ids.length === 0) return [];
    query = query.where('g.id_user_group', 'in', ids);
  }
  return (await query.execute());
}

/**
 * The groups' site roles and project roles, limited to the sites and projects the requester may access;
 * projects without their site keys, as OpenTera lists them here.
 */
export async function rolesOfGroups(
  db: AnyDb,
  requester: Requester,
  groupIds: readonly number[],
): Promise<{ sites: Map<number, Record<string, unknown>[]>; projects: Map<number, Record<string, unknown>[]> }> {
  const sites = new Map<number, Record<string, unknown>[]>(groupIds.map((id) => [id, []]));
  const projects = new Map<number, Record<string, unknown>[]>(groupIds.map((id) => [id, []]));
  for (const row of await groupSiteRows(db, requester, groupIds)) sites.get(row.id_user_group)?.push(siteAccessJson(row));
  for (const row of await groupProjectRows(db, requester, groupIds)) projects.get(row.id_user_group)?.push(projectAccessJson(row));
  return { sites, projects };
}

/** GET: the selected groups the requester may see, by name; `full` adds their site and project roles. */
export async function userGroupsFor(db: AnyDb, requester: Requester, selection: UserGroupSelection, full: boolean): Promise<UserGroupJson[]> {
  const rows = await groupRows(db, requester, selection);
  if (!full || rows.length === 0) return rows.map((r) => ({ id_user_group: r.id_user_group, user_group_name: r.user_group_name }));
  const roles = await rolesOfGroups(
    db,
    requester,
    rows.map((r) => r.id_user_group),
  );
  return rows.map((r) => ({
    id_user_group: r.id_user_group,
    user_group_name: r.user_group_name,
    user_group_sites_access: roles.sites.get(r.id_user_group) ?? [],
    user_group_projects_access: roles.projects.get(r.id_user_group) ?? [],
  }));
}

/** POST's answer: the saved group, with the role lists the request changed (OpenTera adds only those). */
export async function savedUserGroup(db: AnyDb, requester: Requester, groupId: number, include: { sites: boolean; projects: boolean }): Promise<UserGroupJson | undefined> {
  const row = await db.selectFrom('user_groups').select(['id_user_group', 'user_group_name']).where('id_user_group', '=', groupId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) return undefined;
  const group: UserGroupJson = { id_user_group: row.id_user_group as number, user_group_name: row.user_group_name as string };
  if (!include.sites && !include.projects) return group;
  const roles = await rolesOfGroups(db, requester, [groupId]);
  return {
    ...group,
    ...(include.projects ? { user_group_projects_access: roles.projects.get(groupId) ?? [] } : {}),
    ...(include.sites ? { user_group_sites_access: roles.sites.get(groupId) ?? [] } : {}),
  };
}
