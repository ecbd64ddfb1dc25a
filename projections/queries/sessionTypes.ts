// Session types and their site, project and secondary-service links as OpenTera's /api/user/sessiontypes
// endpoints serve them (api-user-2.md sections 11-14), filtered in SQL by the requester's effective access,
// the minimal session types of the participant and device logins, and the facts the session type use cases
// (commands/sessionTypeAdministration.ts) decide on. Soft-deleted rows, and links to deleted sites,
// projects or services, are never returned.
//
// Access, for a non-superadmin requester R (a superadmin reaches everything live):
// - R sees a session type linked to a site R holds any role in; it manages the links of a type linked to a
//   site R administers (OpenTera's `admin_only` session types);
// - R reaches a service linked to a project R holds any role in, or to a site R administers; it administers
//   a service linked to a project or a site it administers (OpenTera counts any service that has a role
//   named `admin`, whoever holds it).
import type { Requester } from '../../domain/access.js';
import { SESSION_TYPE_CATEGORIES } from '../../domain/sessionType.js';
import type { AnyDb } from '../types.js';
import { accessibleProjectIds, accessibleSiteIds } from './roleAccess.js';
import { LINK_TABLES } from '../linkTables.js';
import { projectsWithLink, sitesWithLink } from './links.js';

// ---------------------------------------------------------------------------------------------------------
// Access (subqueries)

/** Ids of the live session types the requester may see (manage the links of, with `adminOnly`). */
export function accessibleSessionTypeIds(db: AnyDb, requester: Requester, adminOnly = false) {
  if (requester.superadmin) return db.selectFrom('session_types').select('id_session_type').where('deleted_at', 'is', null);
  return db
    .selectFrom('session_types_sites as acc_l')
    .innerJoin('session_types as acc_t', 'acc_t.id_session_type', 'acc_l.id_session_type')
    .select('acc_l.id_session_type')
    .where('acc_l.deleted_at', 'is', null)
    .where('acc_t.deleted_at', 'is', null)
    .where('acc_l.id_site', 'in', accessibleSiteIds(db, requester, adminOnly));
}

/** Ids of the live services the requester may reach (administers, with `adminOnly`). */
export function accessibleServiceIds(db: AnyDb, requester: Requester, adminOnly = false) {
  if (requester.superadmin) return db.selectFrom('services').select('id_service').where('deleted_at', 'is', null);
  const viaProjects = db
    .selectFrom('services_projects as svp')
    .innerJoin('services as svp_s', 'svp_s.id_service', 'svp.id_service')
    .select('svp.id_service')
    .where('svp.deleted_at', 'is', null)
    .where('svp_s.deleted_at', 'is', null)
    .where('svp.id_project', 'in', accessibleProjectIds(db, requester, adminOnly));
  const viaAdminSites = db
    .selectFrom('services_sites as svs')
    .innerJoin('services as svs_s', 'svs_s.id_service', 'svs.id_service')
    .select('svs.id_service')
    .where('svs.deleted_at', 'is', null)
    .where('svs_s.deleted_at', 'is', null)
    .where('svs.id_site', 'in', accessibleSiteIds(db, requester, true));
  return viaProjects.union(viaAdminSites);
}

async function idSet(query: { execute(): Promise<Record<string, unknown>[]> }, column: string): Promise<Set<number>> {
  return new Set((await query.execute()).map((r) => r[column] as number));
}

export async function accessibleSessionTypeIdSet(db: AnyDb, requester: Requester, adminOnly = false): Promise<Set<number>> {
  return idSet(accessibleSessionTypeIds(db, requester, adminOnly), 'id_session_type');
}

export async function accessibleServiceIdSet(db: AnyDb, requester: Requester, adminOnly = false): Promise<Set<number>> {
  return idSet(accessibleServiceIds(db, requester, adminOnly), 'id_service');
}

// ---------------------------------------------------------------------------------------------------------
// Session type JSON (TeraSessionType.to_json)

export interface SessionTypeRow {
  id_session_type: number;
  id_service: number | null;
  session_type_name: string;
  session_type_online: boolean;
  session_type_config: string | null;
  session_type_color: string;
  session_type_category: number;
  service_key: string | null;
  service_uuid: string | null;
}

export interface SessionTypeMinimalJson {
  id_session_type: number;
  id_service: number | null;
  session_type_name: string;
  session_type_color: string;
  session_type_category: number;
}

export interface SessionTypeFullJson extends SessionTypeMinimalJson {
  session_type_online: boolean;
  session_type_config: string | null;
  session_type_service_key?: string;
  session_type_service_uuid?: string;
}

export function sessionTypeMinimalJson(row: SessionTypeRow): SessionTypeMinimalJson {
  return {
    id_session_type: row.id_session_type,
    id_service: row.id_service,
    session_type_name: row.session_type_name,
    session_type_color: row.session_type_color,
    session_type_category: row.session_type_category,
  };
}

/** The service's key and uuid only when the type has a (live) service, as OpenTera. */
export function sessionTypeFullJson(row: SessionTypeRow): SessionTypeFullJson {
  return {
    ...sessionTypeMinimalJson(row),
    session_type_online: row.session_type_online,
    session_type_config: row.session_type_config,
    ...(row.service_key !== null && row.service_uuid !== null ? { session_type_service_key: row.service_key, session_type_service_uuid: row.service_uuid } : {}),
  };
}

/** Live session types as `t`, with their service as `sv`. */
function selectSessionTypes(db: AnyDb) {
  return db
    .selectFrom('session_types as t')
    .leftJoin('services as sv', (join) => join.onRef('sv.id_service', '=', 't.id_service').on('sv.deleted_at', 'is', null))
    .select([
      't.id_session_type',
      't.id_service',
      't.session_type_name',
      't.session_type_online',
      't.session_type_config',
      't.session_type_color',
      't.session_type_category',
      'sv.service_key',
      'sv.service_uuid',
    ])
    .where('t.deleted_at', 'is', null);
}

export type SessionTypeSelection = { all: true } | { id: number } | { projectId: number } | { siteId: number };

/**
 * GET /api/user/sessiontypes. Everything: the types the requester may see (superadmins by id, others by name,
 * as OpenTera). One id: that type when the requester may see it (OpenTera returns any type to whoever has a
 * project). A project: its types, when the requester has a role in the project (OpenTera does not check),
 * SERVICE types only when their service is reachable. A site (the caller checks the requester's role): its
 * types.
 */
export async function sessionTypesFor(db: AnyDb, requester: Requester, selection: SessionTypeSelection): Promise<SessionTypeRow[]> {
  let query = selectSessionTypes(db).where('t.id_session_type', 'in', accessibleSessionTypeIds(db, requester));
  if ('all' in selection) {
    query = requester.superadmin ? query.orderBy('t.id_session_type') : query.orderBy('t.session_type_name').orderBy('t.id_session_type');
  } else if ('id' in selection) {
    query = query.where('t.id_session_type', '=', selection.id);
  } else if ('projectId' in selection) {
    query = query
      .innerJoin('session_types_projects as l', 'l.id_session_type', 't.id_session_type')
      .where('l.id_project', '=', selection.projectId)
      .where('l.deleted_at', 'is', null)
      .where('l.id_project', 'in', accessibleProjectIds(db, requester))
      .where((eb) =>
        eb.or([eb('t.session_type_category', '!=', SESSION_TYPE_CATEGORIES.service), eb('t.id_service', 'in', accessibleServiceIds(db, requester))]),
      )
      .orderBy('l.id_session_type_project');
  } else {
    query = query
      .innerJoin('session_types_sites as l', 'l.id_session_type', 't.id_session_type')
      .where('l.id_site', '=', selection.siteId)
      .where('l.deleted_at', 'is', null)
      .orderBy('l.id_session_type_site');
  }
  return query.execute();
}

/** One live type, whoever asks: the answer of a write the requester was allowed to make. */
export async function sessionTypeById(db: AnyDb, id: number): Promise<SessionTypeRow | undefined> {
  return selectSessionTypes(db).where('t.id_session_type', '=', id).executeTakeFirst();
}

/** The session types of these projects (a participant's, a device's), once each, by id. */
export async function sessionTypesOfProjects(db: AnyDb, projectIds: readonly number[]): Promise<SessionTypeRow[]> {
  if (projectIds.length === 0) return [];
  const linked = db
    .selectFrom('session_types_projects as l')
    .innerJoin('projects as p', 'p.id_project', 'l.id_project')
    .select('l.id_session_type')
    .where('l.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .where('l.id_project', 'in', [...new Set(projectIds)]);
  return selectSessionTypes(db).where('t.id_session_type', 'in', linked).orderBy('t.id_session_type').execute();
}

/** The live projects of a device. */
export async function projectsOfDevice(db: AnyDb, deviceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('devices_projects as l')
    .innerJoin('projects as p', 'p.id_project', 'l.id_project')
    .select('l.id_project')
    .where('l.id_device', '=', deviceId)
    .where('l.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id_project as number);
}

// ---------------------------------------------------------------------------------------------------------
// Links (GET /sessiontypes/projects, /sites, /services). Placeholders (with_*) have null ids for what is
// missing, as OpenTera's unsaved association objects.

export interface SessionTypeProjectEntry {
  id_session_type_project: number | null;
  id_session_type: number | null;
  id_project: number | null;
  session_type_name: string | null;
  project_name: string | null;
  /** The project's site, null without a project. */
  id_site: number | null;
  site_name: string | null;
}

async function visibleTypeName(db: AnyDb, requester: Requester, typeId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('session_types')
    .select('session_type_name')
    .where('id_session_type', '=', typeId)
    .where('deleted_at', 'is', null)
    .where('id_session_type', 'in', accessibleSessionTypeIds(db, requester))
    .executeTakeFirst();
  return row?.session_type_name as string | undefined;
}

/** A type's links to the projects the requester may access, by project name; with `withOthers`, its other accessible projects too. */
export async function projectLinksOfSessionType(db: AnyDb, requester: Requester, typeId: number, withOthers: boolean): Promise<SessionTypeProjectEntry[]> {
  const typeName = await visibleTypeName(db, requester, typeId);
  if (typeName === undefined) return [];
  return (await projectsWithLink(db, requester, LINK_TABLES.sessionTypeProjects, typeId, withOthers)).map((p) => ({
    id_session_type_project: p.linkId,
    id_session_type: p.linkId !== null ? typeId : null,
    id_project: p.id_project,
    session_type_name: p.linkId !== null ? typeName : null,
    project_name: p.project_name,
    id_site: p.id_site,
    site_name: p.site_name,
  }));
}

/**
 * A project's links to the types the requester may see (SERVICE types only when their service is reachable),
 * by type name; with `withOthers`, the other types of the project's site too. Nothing when the requester has
 * no role in the project.
 */
export async function sessionTypeLinksOfProject(db: AnyDb, requester: Requester, projectId: number, withOthers: boolean): Promise<SessionTypeProjectEntry[]> {
  const project = await db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .select(['p.id_project', 'p.project_name', 's.id_site', 's.site_name'])
    .where('p.id_project', '=', projectId)
    .where('p.deleted_at', 'is', null)
    .where('p.id_project', 'in', accessibleProjectIds(db, requester))
    .executeTakeFirst();
  if (!project) return [];
  const linked = await db
    .selectFrom('session_types_projects as l')
    .innerJoin('session_types as t', 't.id_session_type', 'l.id_session_type')
    .select(['l.id_session_type_project', 't.id_session_type', 't.session_type_name'])
    .where('l.id_project', '=', projectId)
    .where('l.deleted_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .where('t.id_session_type', 'in', accessibleSessionTypeIds(db, requester))
    .where((eb) => eb.or([eb('t.session_type_category', '!=', SESSION_TYPE_CATEGORIES.service), eb('t.id_service', 'in', accessibleServiceIds(db, requester))]))
    .execute();
  const entries: SessionTypeProjectEntry[] = linked.map((r) => ({
    id_session_type_project: r.id_session_type_project as number,
    id_session_type: r.id_session_type as number,
    id_project: projectId,
    session_type_name: r.session_type_name as string,
    project_name: project.project_name as string,
    id_site: project.id_site as number,
    site_name: project.site_name as string,
  }));
  if (withOthers) {
    const others = await db
      .selectFrom('session_types_sites as l')
      .innerJoin('session_types as t', 't.id_session_type', 'l.id_session_type')
      .select(['t.id_session_type', 't.session_type_name'])
      .where('l.id_site', '=', project.id_site as number)
      .where('l.deleted_at', 'is', null)
      .where('t.deleted_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('session_types_projects as lp')
              .select('lp.id_session_type_project')
              .whereRef('lp.id_session_type', '=', 't.id_session_type')
              .where('lp.id_project', '=', projectId)
              .where('lp.deleted_at', 'is', null),
          ),
        ),
      )
      .execute();
    for (const r of others) {
      entries.push({
        id_session_type_project: null,
        id_session_type: r.id_session_type as number,
        id_project: null,
        session_type_name: r.session_type_name as string,
        project_name: null,
        id_site: null,
        site_name: null,
      });
    }
  }
  return entries.sort(byName((e) => e.session_type_name, (e) => e.id_session_type));
}

function byName<T>(name: (e: T) => string | null, id: (e: T) => number | null) {
  return (a: T, b: T) => (name(a) ?? '').localeCompare(name(b) ?? '') || (id(a) ?? 0) - (id(b) ?? 0);
}

export interface SessionTypeSiteEntry {
  id_session_type_site: number | null;
  id_session_type: number | null;
  id_site: number | null;
  session_type_name: string | null;
  site_name: string | null;
}

/** A type's links to the sites the requester may access, by site name; with `withOthers`, its other accessible sites too. */
export async function siteLinksOfSessionType(db: AnyDb, requester: Requester, typeId: number, withOthers: boolean): Promise<SessionTypeSiteEntry[]> {
  const typeName = await visibleTypeName(db, requester, typeId);
  if (typeName === undefined) return [];
  return (await sitesWithLink(db, requester, LINK_TABLES.sessionTypeSites, typeId, withOthers)).map((s) => ({
    id_session_type_site: s.linkId,
    id_session_type: s.linkId !== null ? typeId : null,
    id_site: s.id_site,
    session_type_name: s.linkId !== null ? typeName : null,
    site_name: s.site_name,
  }));
}

/** A site's links (the requester has a role in the site), by type name; with `withOthers`, the types of its other sites too. */
export async function sessionTypeLinksOfSite(db: AnyDb, requester: Requester, siteId: number, withOthers: boolean): Promise<SessionTypeSiteEntry[]> {
  const site = await db
    .selectFrom('sites')
    .select(['id_site', 'site_name'])
    .where('id_site', '=', siteId)
    .where('deleted_at', 'is', null)
    .where('id_site', 'in', accessibleSiteIds(db, requester))
    .executeTakeFirst();
  if (!site) return [];
  const rows = await db
    .selectFrom('session_types as t')
    .leftJoin('session_types_sites as l', (join) => join.onRef('l.id_session_type', '=', 't.id_session_type').on('l.id_site', '=', siteId).on('l.deleted_at', 'is', null))
    .select(['t.id_session_type', 't.session_type_name', 'l.id_session_type_site'])
    .where('t.deleted_at', 'is', null)
    .where('t.id_session_type', 'in', accessibleSessionTypeIds(db, requester))
    .$if(!withOthers, (q) => q.where('l.id_session_type_site', 'is not', null))
    .orderBy('t.session_type_name')
    .orderBy('t.id_session_type')
    .execute();
  return rows.map((r) => {
    const linked = r.id_session_type_site !== null;
    return {
      id_session_type_site: r.id_session_type_site as number | null,
      id_session_type: r.id_session_type as number,
      id_site: linked ? siteId : null,
      session_type_name: r.session_type_name as string,
      site_name: linked ? (site.site_name as string) : null,
    };
  });
}

export interface SessionTypeServiceEntry {
  id_session_type_service: number | null;
  id_session_type: number | null;
  id_service: number;
  session_type_name: string | null;
  service_name: string;
}

/**
 * A type's secondary services (a type the requester may see), by link; with `withOthers`, the other
 * services the requester may reach too, everything by service name.
 */
export async function serviceLinksOfSessionType(db: AnyDb, requester: Requester, typeId: number, withOthers: boolean): Promise<SessionTypeServiceEntry[]> {
  const typeName = await visibleTypeName(db, requester, typeId);
  if (typeName === undefined) return [];
  const linked = await db
    .selectFrom('session_types_services as l')
    .innerJoin('services as sv', 'sv.id_service', 'l.id_service')
    .select(['l.id_session_type_service', 'sv.id_service', 'sv.service_name'])
    .where('l.id_session_type', '=', typeId)
    .where('l.deleted_at', 'is', null)
    .where('sv.deleted_at', 'is', null)
    .orderBy('l.id_session_type_service')
    .execute();
  const entries: SessionTypeServiceEntry[] = linked.map((r) => ({
    id_session_type_service: r.id_session_type_service as number,
    id_session_type: typeId,
    id_service: r.id_service as number,
    session_type_name: typeName,
    service_name: r.service_name as string,
  }));
  if (!withOthers) return entries;
  const others = await db
    .selectFrom('services as sv')
    .select(['sv.id_service', 'sv.service_name'])
    .where('sv.deleted_at', 'is', null)
    .where('sv.id_service', 'in', accessibleServiceIds(db, requester))
    .execute();
  for (const r of others) {
    if (entries.some((e) => e.id_service === r.id_service)) continue;
    entries.push({ id_session_type_service: null, id_session_type: null, id_service: r.id_service as number, session_type_name: null, service_name: r.service_name as string });
  }
  return entries.sort(byName((e) => e.service_name, (e) => e.id_service));
}

// ---------------------------------------------------------------------------------------------------------
// Facts for the use cases

export interface SessionTypeFacts {
  id: number;
  uuid: string;
  category: number;
  serviceId: number | null;
  /** Live sites. */
  siteIds: number[];
  /** Live projects, with their sites. */
  projects: { id: number; siteId: number }[];
  /** Live secondary services. */
  serviceIds: number[];
}

export async function sessionTypeFacts(db: AnyDb, id: number): Promise<SessionTypeFacts | undefined> {
  const type = await db
    .selectFrom('session_types')
    .select(['id_session_type', 'session_type_uuid', 'session_type_category', 'id_service'])
    .where('id_session_type', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!type) return undefined;
  const [sites, projects, services] = await Promise.all([
    db
      .selectFrom('session_types_sites as l')
      .innerJoin('sites as s', 's.id_site', 'l.id_site')
      .select('l.id_site')
      .where('l.id_session_type', '=', id)
      .where('l.deleted_at', 'is', null)
      .where('s.deleted_at', 'is', null)
      .orderBy('l.id_site')
      .execute(),
    db
      .selectFrom('session_types_projects as l')
      .innerJoin('projects as p', 'p.id_project', 'l.id_project')
      .select(['l.id_project', 'p.id_site'])
      .where('l.id_session_type', '=', id)
      .where('l.deleted_at', 'is', null)
      .where('p.deleted_at', 'is', null)
      .orderBy('l.id_project')
      .execute(),
    db
      .selectFrom('session_types_services as l')
      .innerJoin('services as sv', 'sv.id_service', 'l.id_service')
      .select('l.id_service')
      .where('l.id_session_type', '=', id)
      .where('l.deleted_at', 'is', null)
      .where('sv.deleted_at', 'is', null)
      .orderBy('l.id_service')
      .execute(),
  ]);
  return {
    id,
    uuid: type.session_type_uuid as string,
    category: type.session_type_category as number,
    serviceId: type.id_service as number | null,
    siteIds: sites.map((r) => r.id_site as number),
    projects: projects.map((r) => ({ id: r.id_project as number, siteId: r.id_site as number })),
    serviceIds: services.map((r) => r.id_service as number),
  };
}

export type SessionTypeLink = 'site' | 'project' | 'service';

const LINKS = {
  site: { table: 'session_types_sites', id: 'id_session_type_site', other: 'id_site', otherTable: 'sites' },
  project: { table: 'session_types_projects', id: 'id_session_type_project', other: 'id_project', otherTable: 'projects' },
  service: { table: 'session_types_services', id: 'id_session_type_service', other: 'id_service', otherTable: 'services' },
} as const;

/** A live link (by its OpenTera association id) of a live type to a live site, project or service. */
export interface SessionTypeLinkRecord {
  id: number;
  typeId: number;
  otherId: number;
}

export async function sessionTypeLinkById(db: AnyDb, link: SessionTypeLink, linkId: number): Promise<SessionTypeLinkRecord | undefined> {
  const { table, id, other, otherTable } = LINKS[link];
  const row = await db
    .selectFrom(`${table} as l`)
    .innerJoin('session_types as t', 't.id_session_type', 'l.id_session_type')
    .innerJoin(`${otherTable} as o`, `o.${other}`, `l.${other}`)
    .select([`l.${id} as link_id`, 'l.id_session_type', `l.${other} as other_id`])
    .where(`l.${id}`, '=', linkId)
    .where('l.deleted_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .where('o.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.link_id as number, typeId: row.id_session_type as number, otherId: row.other_id as number } : undefined;
}

/** The id of the link between the two, current or former: OpenTera restores a former association row when linking again. */
export async function formerSessionTypeLinkId(db: AnyDb, link: SessionTypeLink, typeId: number, otherId: number): Promise<number | undefined> {
  const { table, id, other } = LINKS[link];
  const row = await db.selectFrom(table).select(id).where('id_session_type', '=', typeId).where(other, '=', otherId).orderBy(id, 'desc').executeTakeFirst();
  return row ? (row[id] as number) : undefined;
}

/** The live types currently linked to a site, a project or (as secondary service) a service, by id. */
export async function sessionTypesLinkedTo(db: AnyDb, link: SessionTypeLink, otherId: number): Promise<number[]> {
  const { table, other } = LINKS[link];
  const rows = await db
    .selectFrom(`${table} as l`)
    .innerJoin('session_types as t', 't.id_session_type', 'l.id_session_type')
    .select('l.id_session_type')
    .where(`l.${other}`, '=', otherId)
    .where('l.deleted_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .orderBy('l.id_session_type')
    .execute();
  return rows.map((r) => r.id_session_type as number);
}

/** A live service and its live site and project links. */
export interface ServiceFacts {
  id: number;
  uuid: string;
  siteIds: number[];
  projectIds: number[];
}

export async function serviceFacts(db: AnyDb, id: number): Promise<ServiceFacts | undefined> {
  const service = await db.selectFrom('services').select(['id_service', 'service_uuid']).where('id_service', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!service) return undefined;
  const [sites, projects] = await Promise.all([
    db.selectFrom('services_sites').select('id_site').where('id_service', '=', id).where('deleted_at', 'is', null).execute(),
    db.selectFrom('services_projects').select('id_project').where('id_service', '=', id).where('deleted_at', 'is', null).execute(),
  ]);
  return { id, uuid: service.service_uuid as string, siteIds: sites.map((r) => r.id_site as number), projectIds: projects.map((r) => r.id_project as number) };
}

/** The live services among `ids`. */
export async function liveServiceIds(db: AnyDb, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  return idSet(db.selectFrom('services').select('id_service').where('id_service', 'in', [...new Set(ids)]).where('deleted_at', 'is', null), 'id_service');
}

/** The id of the service's link to the site or project, current or former (reused when linking again). */
export async function formerServiceLinkId(db: AnyDb, link: 'site' | 'project', serviceId: number, otherId: number): Promise<number | undefined> {
  const [table, id, other] = link === 'site' ? ['services_sites', 'id_service_site', 'id_site'] : ['services_projects', 'id_service_project', 'id_project'];
  const row = await db.selectFrom(table).select(id).where('id_service', '=', serviceId).where(other, '=', otherId).orderBy(id, 'desc').executeTakeFirst();
  return row ? (row[id] as number) : undefined;
}

/** True while a (live) session of the type exists. */
export async function sessionsOfTypeExist(db: AnyDb, typeId: number): Promise<boolean> {
  const row = await db.selectFrom('sessions').select('id_session').where('id_session_type', '=', typeId).where('deleted_at', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Among `projectIds`, those that have (live) sessions of the type: sessions created by a participant of the
 * project or with a participant of the project (OpenTera's `TeraSession.get_sessions_for_project`).
 */
export async function projectsWithSessionsOfType(db: AnyDb, typeId: number, projectIds: readonly number[]): Promise<Set<number>> {
  if (projectIds.length === 0) return new Set();
  const ids = [...new Set(projectIds)];
  const byCreator = db
    .selectFrom('sessions as s')
    .innerJoin('participants as cp', 'cp.id_participant', 's.id_creator_participant')
    .select('cp.id_project')
    .where('s.id_session_type', '=', typeId)
    .where('s.deleted_at', 'is', null)
    .where('cp.id_project', 'in', ids);
  const byInvitee = db
    .selectFrom('sessions as s')
    .innerJoin('sessions_participants as sp', 'sp.id_session', 's.id_session')
    .innerJoin('participants as ip', 'ip.id_participant', 'sp.id_participant')
    .select('ip.id_project')
    .where('s.id_session_type', '=', typeId)
    .where('s.deleted_at', 'is', null)
    .where('ip.id_project', 'in', ids);
  return idSet(byCreator.union(byInvitee), 'id_project');
}
