// Keeps user_site_access / user_project_access equal to domain/roles.ts's effective roles for every user
// an event can affect. Runs after the projectors of the tables it reads.
import type { RecordedEvent } from '../../commands/eventStore.js';
import { effectiveRoles, isRole, type Role } from '../../domain/roles.js';
import type { AnyDb, Projector } from '../types.js';

async function idOf(db: AnyDb, table: string, idColumn: string, uuidColumn: string, uuid: string): Promise<number | undefined> {
  const row = await db.selectFrom(table).select(idColumn).where(uuidColumn, '=', uuid).executeTakeFirst();
  return row?.[idColumn] as number | undefined;
}

async function membersOfGroups(db: AnyDb, groupIds: number[]): Promise<number[]> {
  if (groupIds.length === 0) return [];
  const rows = await db.selectFrom('user_user_groups').select('id_user').distinct().where('deleted_at', 'is', null).where('id_user_group', 'in', groupIds).execute();
  return rows.map((r) => r.id_user as number);
}

async function affectedUsers(db: AnyDb, event: RecordedEvent): Promise<number[]> {
  const uuid = event.streamId.slice(event.streamId.indexOf('-') + 1);
  switch (event.type) {
    case 'UserAddedToGroup':
    case 'UserRemovedFromGroup':
    case 'UserSuperadminSet':
    case 'UserDeleted': {
      const id = await idOf(db, 'users', 'id_user', 'user_uuid', uuid);
      return id === undefined ? [] : [id];
    }
    case 'UserGroupGrantedSiteRole':
    case 'UserGroupGrantedProjectRole':
    case 'UserGroupRevokedSiteRole':
    case 'UserGroupRevokedProjectRole':
    case 'UserGroupDeleted': {
      const id = await idOf(db, 'user_groups', 'id_user_group', 'user_group_uuid', uuid);
      return id === undefined ? [] : membersOfGroups(db, [id]);
    }
    case 'ProjectCreated':
    case 'ProjectDeleted':
    case 'SiteDeleted': {
      const siteId =
        event.type === 'SiteDeleted'
          ? await idOf(db, 'sites', 'id_site', 'site_uuid', uuid)
          : ((await db.selectFrom('projects').select('id_site').where('project_uuid', '=', uuid).executeTakeFirst())?.id_site as number | undefined);
      if (siteId === undefined) return [];
      // Every group holding a role on the site or one of its projects (deleted ones included: their rows must go).
      const groups = await db
        .selectFrom('service_access as a')
        .innerJoin('service_roles as r', 'r.id_service_role', 'a.id_service_role')
        .leftJoin('projects as p', 'p.id_project', 'r.id_project')
        .select('a.id_user_group')
        .where((eb) => eb.or([eb('r.id_site', '=', siteId), eb('p.id_site', '=', siteId)]))
        .execute();
      return membersOfGroups(db, groups.map((g) => g.id_user_group as number));
    }
    default:
      return [];
  }
}

export async function recomputeAccess(db: AnyDb, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.deleteFrom('user_site_access').where('id_user', 'in', userIds).execute();
  await db.deleteFrom('user_project_access').where('id_user', 'in', userIds).execute();
  const grants = await db
    .selectFrom('user_user_groups as m')
    .innerJoin('users as u', 'u.id_user', 'm.id_user')
    .innerJoin('user_groups as g', 'g.id_user_group', 'm.id_user_group')
    .innerJoin('service_access as a', 'a.id_user_group', 'g.id_user_group')
    .innerJoin('service_roles as r', 'r.id_service_role', 'a.id_service_role')
    .select(['m.id_user', 'g.id_user_group', 'r.id_site', 'r.id_project', 'r.service_role_name'])
    .where('m.id_user', 'in', userIds)
    .where('u.user_superadmin', '=', false)
    .where('u.deleted_at', 'is', null)
    .where('m.deleted_at', 'is', null)
    .where('g.deleted_at', 'is', null)
    .where('a.deleted_at', 'is', null)
    .where('r.deleted_at', 'is', null)
    .execute();
  if (grants.length === 0) return;
  const projects = await db.selectFrom('projects').select(['id_project', 'id_site']).where('deleted_at', 'is', null).execute();
  const siteOfProject = new Map<number, number>(projects.map((p) => [p.id_project as number, p.id_site as number]));
  const projectsOfSite = new Map<number, number[]>();
  for (const [project, site] of siteOfProject) projectsOfSite.set(site, [...(projectsOfSite.get(site) ?? []), project]);

  type Grants = { siteRoles: Map<number, Role>; projectRoles: Map<number, Role> };
  const byUser = new Map<number, Map<number, Grants>>();
  for (const g of grants) {
    const role = g.service_role_name as unknown;
    if (!isRole(role)) continue;
    const groups = byUser.get(g.id_user as number) ?? new Map<number, Grants>();
    byUser.set(g.id_user as number, groups);
    const group: Grants = groups.get(g.id_user_group as number) ?? { siteRoles: new Map(), projectRoles: new Map() };
    groups.set(g.id_user_group as number, group);
    if (g.id_site !== null) group.siteRoles.set(g.id_site as number, role);
    if (g.id_project !== null && siteOfProject.has(g.id_project as number)) group.projectRoles.set(g.id_project as number, role);
  }
  const siteRows = [];
  const projectRows = [];
  for (const [userId, groups] of byUser) {
    const { sites, projects: projectRoles } = effectiveRoles([...groups.values()], siteOfProject, projectsOfSite);
    for (const [id_site, g] of sites) siteRows.push({ id_user: userId, id_site, role: g.role, inherited: g.inherited });
    for (const [id_project, g] of projectRoles) projectRows.push({ id_user: userId, id_project, role: g.role, inherited: g.inherited });
  }
  if (siteRows.length) await db.insertInto('user_site_access').values(siteRows).execute();
  if (projectRows.length) await db.insertInto('user_project_access').values(projectRows).execute();
}

export const accessProjector: Projector = {
  name: 'access',
  async apply(db, event) {
    await recomputeAccess(db, await affectedUsers(db, event));
  },
};
