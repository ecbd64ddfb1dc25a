// Projects as OpenTera serves them (api-user-2.md section 2), filtered in SQL by the effective-access
// table `user_project_access` (superadmins see every project, as admin). Lists are ordered by id, as
// OpenTera's own lists come out.
import { sql } from 'kysely';
import type { Requester } from '../../domain/access.js';
import type { Role } from '../../domain/roles.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';

/** `TeraProject.to_json()`: what POST answers, and GET adds `project_role`. */
export interface ProjectJson {
  id_project: number;
  id_site: number;
  project_name: string;
  project_enabled: boolean;
  project_description: string | null;
  site_name: string;
}

export interface ProjectFullJson extends ProjectJson {
  project_role: Role | null;
}

/** `TeraProject.to_json(minimal=True)` with the two counts GET adds for `list`. */
export interface ProjectMinimalJson {
  id_project: number;
  id_site: number;
  project_name: string;
  project_enabled: boolean;
  project_description: string | null;
  project_participant_group_count: number;
  project_participant_count: number;
}

export type ProjectShape = 'full' | 'minimal';

interface ProjectRow extends ProjectJson {
  role: Role | null;
  project_participant_group_count?: number | string;
  project_participant_count?: number | string;
}

export function projectJson(row: ProjectJson): ProjectJson {
  return {
    id_project: row.id_project,
    id_site: row.id_site,
    project_name: row.project_name,
    project_enabled: row.project_enabled,
    project_description: row.project_description,
    site_name: row.site_name,
  };
}

function fullJson(row: ProjectRow): ProjectFullJson {
  return { ...projectJson(row), project_role: row.role };
}

function minimalJson(row: ProjectRow): ProjectMinimalJson {
  return {
    id_project: row.id_project,
    id_site: row.id_site,
    project_name: row.project_name,
    project_enabled: row.project_enabled,
    project_description: row.project_description,
    // count(*) comes back as a string from pg; Number() also reads the constant 0 below.
    project_participant_group_count: Number(row.project_participant_group_count ?? 0),
    project_participant_count: Number(row.project_participant_count ?? 0),
  };
}

/** A live project's stream uuid and site, for the commands. */
export async function projectRecord(db: AnyDb, id: number): Promise<{ uuid: string; siteId: number } | undefined> {
  const row = await db.selectFrom('projects').select(['project_uuid', 'id_site']).where('id_project', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? { uuid: row.project_uuid as string, siteId: row.id_site as number } : undefined;
}

/** One live project in `TeraProject.to_json()` form (POST's answer), whoever may see it. */
export async function projectById(db: AnyDb, id: number): Promise<ProjectJson | undefined> {
  const row = await db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .select(['p.id_project', 'p.id_site', 'p.project_name', 'p.project_enabled', 'p.project_description', 's.site_name'])
    .where('p.id_project', '=', id)
    .where('p.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? projectJson(row) : undefined;
}

export interface ProjectFilter {
  id?: number;
  siteId?: number;
  name?: string;
  enabled?: boolean;
}

/**
 * Projects `subject` may access, with `subject`'s role on each. When `requester` is given (another user
 * asks about `subject`), only the projects the requester may access too.
 */
async function projectsOf(db: AnyDb, subject: { id: number; superadmin: boolean }, filter: ProjectFilter, shape: ProjectShape, requester?: Requester): Promise<ProjectRow[]> {
  let query = db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .select(['p.id_project', 'p.id_site', 'p.project_name', 'p.project_enabled', 'p.project_description', 's.site_name'])
    .where('p.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .orderBy('p.id_project');
  if (filter.id !== undefined) query = query.where('p.id_project', '=', filter.id);
  if (filter.siteId !== undefined) query = query.where('p.id_site', '=', filter.siteId);
  if (filter.name !== undefined) query = query.where('p.project_name', '=', filter.name);
  if (filter.enabled !== undefined) query = query.where('p.project_enabled', '=', filter.enabled);
  if (requester && !requester.superadmin) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('user_project_access as r').select('r.id_project').whereRef('r.id_project', '=', 'p.id_project').where('r.id_user', '=', requester.id)),
    );
  }
  if (shape === 'minimal') {
    // Every participant of an accessible project is accessible: both counts are the project's own.
    query = query.select((eb) => [
      eb.selectFrom('participant_groups as g').select(eb.fn.countAll().as('n')).whereRef('g.id_project', '=', 'p.id_project').where('g.deleted_at', 'is', null).as('project_participant_group_count'),
      eb.selectFrom('participants as pa').select(eb.fn.countAll().as('n')).whereRef('pa.id_project', '=', 'p.id_project').where('pa.deleted_at', 'is', null).as('project_participant_count'),
    ]);
  }
  const withRole = subject.superadmin
    ? query.select(sql<Role>`'admin'`.as('role'))
    : query.innerJoin('user_project_access as a', (join) => join.onRef('a.id_project', '=', 'p.id_project').on('a.id_user', '=', subject.id)).select('a.role');
  return withRole.execute();
}

function shaped(rows: ProjectRow[], shape: ProjectShape): ProjectFullJson[] | ProjectMinimalJson[] {
  return shape === 'minimal' ? rows.map(minimalJson) : rows.map(fullJson);
}

/** The requester's accessible projects matching `filter`, with the requester's role (full shape). */
export async function accessibleProjects(db: AnyDb, requester: Requester, filter: ProjectFilter = {}, shape: ProjectShape = 'full'): Promise<ProjectFullJson[] | ProjectMinimalJson[]> {
  return shaped(await projectsOf(db, requester, filter, shape), shape);
}

/**
 * The projects of another user that the requester may access too (OpenTera lists them all: a leak). As
 * OpenTera, `project_role` is that user's role, not the requester's: clients show it when editing the user.
 */
export async function projectsOfUser(
  db: AnyDb,
  requester: Requester,
  userUuid: string,
  filter: Pick<ProjectFilter, 'enabled'> = {},
  shape: ProjectShape = 'full',
): Promise<ProjectFullJson[] | ProjectMinimalJson[]> {
  if (!isUuid(userUuid)) return [];
  const user = await db.selectFrom('users').select(['id_user', 'user_superadmin']).where('user_uuid', '=', userUuid).where('deleted_at', 'is', null).executeTakeFirst();
  if (!user) return [];
  return shaped(await projectsOf(db, { id: user.id_user as number, superadmin: user.user_superadmin as boolean }, filter, shape, requester), shape);
}

/** The ids of a site's (non-deleted) projects. */
export async function projectIdsOfSite(db: AnyDb, siteId: number): Promise<number[]> {
  const rows = await db.selectFrom('projects').select('id_project').where('id_site', '=', siteId).where('deleted_at', 'is', null).orderBy('id_project').execute();
  return rows.map((r) => r.id_project as number);
}
