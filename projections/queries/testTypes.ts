// Test types and their site and project links as OpenTera's /api/user/testtypes endpoints serve them
// (api-user-2.md sections 19-21), filtered in SQL by the requester's effective access, and the facts the test
// type use cases (commands/testTypeAdministration.ts) decide on. Soft-deleted rows, and links to deleted sites
// or projects, are never returned.
//
// Access, for a non-superadmin requester R (a superadmin reaches every live type):
// - R sees a test type linked to a site R holds any role in, whose service R reaches (services: the rule of
//   sessionTypes.ts accessibleServiceIds); it manages the type's links where it is linked to a site R
//   administers (OpenTera's `admin_only` test types);
// - R may edit a type in the service's sense (`can_edit` of its access token) when it administers one of the
//   projects the type is linked to.
import type { Requester } from '../../domain/access.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';
import { accessibleProjectIds, accessibleSiteIds } from './roleAccess.js';
import { accessibleServiceIds } from './sessionTypes.js';
import { LINK_TABLES } from '../linkTables.js';
import { projectsWithLink, sitesWithLink } from './links.js';

// ---------------------------------------------------------------------------------------------------------
// Access (subqueries)

/** Ids of the live test types the requester may see (manage the links of, with `adminOnly`). */
export function accessibleTestTypeIds(db: AnyDb, requester: Requester, adminOnly = false) {
  if (requester.superadmin) return db.selectFrom('test_types').select('id_test_type').where('deleted_at', 'is', null);
  return db
    .selectFrom('test_types_sites as acc_l')
    .innerJoin('test_types as acc_t', 'acc_t.id_test_type', 'acc_l.id_test_type')
    .select('acc_l.id_test_type')
    .where('acc_l.deleted_at', 'is', null)
    .where('acc_t.deleted_at', 'is', null)
    .where('acc_l.id_site', 'in', accessibleSiteIds(db, requester, adminOnly))
    .where('acc_t.id_service', 'in', accessibleServiceIds(db, requester));
}

export async function isTestTypeAccessible(db: AnyDb, requester: Requester, typeId: number, adminOnly = false): Promise<boolean> {
  const row = await db.selectFrom(accessibleTestTypeIds(db, requester, adminOnly).as('x')).select('x.id_test_type').where('x.id_test_type', '=', typeId).executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Test type JSON (TeraTestType.to_json)

export interface TestTypeRow {
  id_test_type: number;
  id_service: number;
  test_type_uuid: string;
  test_type_name: string;
  test_type_description: string | null;
  test_type_key: string | null;
  test_type_has_json_format: boolean;
  test_type_has_web_format: boolean;
  test_type_has_web_editor: boolean;
  service_key: string;
  service_uuid: string;
  service_enabled: boolean;
  service_clientendpoint: string;
}

export interface TestTypeMinimalJson {
  id_test_type: number;
  id_service: number;
  test_type_uuid: string;
  test_type_name: string;
  test_type_description: string | null;
  test_type_key: string | null;
  test_type_has_json_format: boolean;
  test_type_has_web_format: boolean;
  test_type_has_web_editor: boolean;
}

export interface TestTypeFullJson extends TestTypeMinimalJson {
  test_type_service_key: string;
  test_type_service_uuid: string;
}

export function testTypeMinimalJson(row: TestTypeRow): TestTypeMinimalJson {
  return {
    id_test_type: row.id_test_type,
    id_service: row.id_service,
    test_type_uuid: row.test_type_uuid,
    test_type_name: row.test_type_name,
    test_type_description: row.test_type_description,
    test_type_key: row.test_type_key,
    test_type_has_json_format: row.test_type_has_json_format,
    test_type_has_web_format: row.test_type_has_web_format,
    test_type_has_web_editor: row.test_type_has_web_editor,
  };
}

export function testTypeFullJson(row: TestTypeRow): TestTypeFullJson {
  return { ...testTypeMinimalJson(row), test_type_service_key: row.service_key, test_type_service_uuid: row.service_uuid };
}

/** Live test types with their (live) service, as `t` and `sv`. */
function selectTestTypes(db: AnyDb) {
  return db
    .selectFrom('test_types as t')
    .innerJoin('services as sv', 'sv.id_service', 't.id_service')
    .select([
      't.id_test_type',
      't.id_service',
      't.test_type_uuid',
      't.test_type_name',
      't.test_type_description',
      't.test_type_key',
      't.test_type_has_json_format',
      't.test_type_has_web_format',
      't.test_type_has_web_editor',
      'sv.service_key',
      'sv.service_uuid',
      'sv.service_enabled',
      'sv.service_clientendpoint',
    ])
    .where('t.deleted_at', 'is', null)
    .where('sv.deleted_at', 'is', null);
}

export type TestTypeSelection = { all: true } | { id: number } | { uuid: string } | { key: string } | { projectId: number } | { siteId: number };

/** The types of a selection the requester may see, by id. A project's or a site's are those linked to it. */
export async function testTypesFor(db: AnyDb, requester: Requester, selection: TestTypeSelection): Promise<TestTypeRow[]> {
  let query = selectTestTypes(db).where('t.id_test_type', 'in', accessibleTestTypeIds(db, requester)).orderBy('t.id_test_type');
  if ('id' in selection) query = query.where('t.id_test_type', '=', selection.id);
  else if ('uuid' in selection) {
    if (!isUuid(selection.uuid)) return [];
    query = query.where('t.test_type_uuid', '=', selection.uuid);
  } else if ('key' in selection) query = query.where('t.test_type_key', '=', selection.key);
  else if ('projectId' in selection) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('test_types_projects as sel_l').select('sel_l.id_test_type').whereRef('sel_l.id_test_type', '=', 't.id_test_type').where('sel_l.id_project', '=', selection.projectId).where('sel_l.deleted_at', 'is', null)),
    );
  } else if ('siteId' in selection) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('test_types_sites as sel_l').select('sel_l.id_test_type').whereRef('sel_l.id_test_type', '=', 't.id_test_type').where('sel_l.id_site', '=', selection.siteId).where('sel_l.deleted_at', 'is', null)),
    );
  }
  return (await query.execute());
}

/** Whether a live type has this id, uuid or key, whoever may see it (OpenTera tells "not found" from the rest). */
export async function testTypeExists(db: AnyDb, which: { uuid: string } | { key: string }): Promise<boolean> {
  if ('uuid' in which && !isUuid(which.uuid)) return false;
  let query = db.selectFrom('test_types').select('id_test_type').where('deleted_at', 'is', null);
  query = 'uuid' in which ? query.where('test_type_uuid', '=', which.uuid) : query.where('test_type_key', '=', which.key);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Among `typeIds`, those linked to a project the requester administers (`can_edit` of their access tokens). */
export async function editableTestTypeIds(db: AnyDb, requester: Requester, typeIds: readonly number[]): Promise<Set<number>> {
  if (typeIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('test_types_projects')
    .select('id_test_type')
    .distinct()
    .where('id_test_type', 'in', [...new Set(typeIds)])
    .where('deleted_at', 'is', null)
    .where('id_project', 'in', accessibleProjectIds(db, requester, true))
    .execute();
  return new Set(rows.map((r) => r.id_test_type as number));
}

// ---------------------------------------------------------------------------------------------------------
// Links (/testtypes/projects, /testtypes/sites)

export interface TestTypeProjectEntry {
  id_test_type_project: number | null;
  id_test_type: number | null;
  id_project: number | null;
  test_type_name: string | null;
  project_name: string | null;
  /** The project's site, null without a project. */
  id_site: number | null;
  site_name: string | null;
}

export interface TestTypeSiteEntry {
  id_test_type_site: number | null;
  id_test_type: number | null;
  id_site: number | null;
  test_type_name: string | null;
  site_name: string | null;
}

function byName<T>(name: (e: T) => string | null, id: (e: T) => number | null) {
  return (a: T, b: T) => (name(a) ?? '').localeCompare(name(b) ?? '') || (id(a) ?? 0) - (id(b) ?? 0);
}

async function visibleTypeName(db: AnyDb, requester: Requester, typeId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('test_types')
    .select('test_type_name')
    .where('id_test_type', '=', typeId)
    .where('id_test_type', 'in', accessibleTestTypeIds(db, requester))
    .executeTakeFirst();
  return row?.test_type_name as string | undefined;
}

/** A type's links to the projects the requester may access, by project name; with `withOthers`, its other accessible projects too. */
export async function projectLinksOfTestType(db: AnyDb, requester: Requester, typeId: number, withOthers: boolean): Promise<TestTypeProjectEntry[]> {
  const typeName = await visibleTypeName(db, requester, typeId);
  if (typeName === undefined) return [];
  return (await projectsWithLink(db, requester, LINK_TABLES.testTypeProjects, typeId, withOthers)).map((p) => ({
    id_test_type_project: p.linkId,
    id_test_type: p.linkId !== null ? typeId : null,
    id_project: p.id_project,
    test_type_name: p.linkId !== null ? typeName : null,
    project_name: p.project_name,
    id_site: p.id_site,
    site_name: p.site_name,
  }));
}

/**
 * A project's links to the types the requester may see, by type name; with `withOthers`, the other types of
 * the project's site whose service it reaches. Nothing when the requester has no role in the project.
 */
export async function testTypeLinksOfProject(db: AnyDb, requester: Requester, projectId: number, withOthers: boolean): Promise<TestTypeProjectEntry[]> {
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
    .selectFrom('test_types_projects as l')
    .innerJoin('test_types as t', 't.id_test_type', 'l.id_test_type')
    .select(['l.id_test_type_project', 't.id_test_type', 't.test_type_name'])
    .where('l.id_project', '=', projectId)
    .where('l.deleted_at', 'is', null)
    .where('t.id_test_type', 'in', accessibleTestTypeIds(db, requester))
    .execute();
  const entries: TestTypeProjectEntry[] = linked.map((r) => ({
    id_test_type_project: r.id_test_type_project as number,
    id_test_type: r.id_test_type as number,
    id_project: projectId,
    test_type_name: r.test_type_name as string,
    project_name: project.project_name as string,
    id_site: project.id_site as number,
    site_name: project.site_name as string,
  }));
  if (withOthers) {
    const others = await db
      .selectFrom('test_types_sites as l')
      .innerJoin('test_types as t', 't.id_test_type', 'l.id_test_type')
      .select(['t.id_test_type', 't.test_type_name'])
      .where('l.id_site', '=', project.id_site as number)
      .where('l.deleted_at', 'is', null)
      .where('t.deleted_at', 'is', null)
      .where('t.id_service', 'in', accessibleServiceIds(db, requester))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('test_types_projects as lp').select('lp.id_test_type_project').whereRef('lp.id_test_type', '=', 't.id_test_type').where('lp.id_project', '=', projectId).where('lp.deleted_at', 'is', null))),
      )
      .execute();
    for (const r of others) {
      entries.push({ id_test_type_project: null, id_test_type: r.id_test_type as number, id_project: null, test_type_name: r.test_type_name as string, project_name: null, id_site: null, site_name: null });
    }
  }
  return entries.sort(byName((e) => e.test_type_name, (e) => e.id_test_type));
}

/** A type's links to the sites the requester may access, by site name; with `withOthers`, its other accessible sites too. */
export async function siteLinksOfTestType(db: AnyDb, requester: Requester, typeId: number, withOthers: boolean): Promise<TestTypeSiteEntry[]> {
  const typeName = await visibleTypeName(db, requester, typeId);
  if (typeName === undefined) return [];
  return (await sitesWithLink(db, requester, LINK_TABLES.testTypeSites, typeId, withOthers)).map((s) => ({
    id_test_type_site: s.linkId,
    id_test_type: s.linkId !== null ? typeId : null,
    id_site: s.id_site,
    test_type_name: s.linkId !== null ? typeName : null,
    site_name: s.site_name,
  }));
}

/**
 * A site's links to types whose service the requester reaches, by type name; with `withOthers`, the other
 * types the requester may see (a superadmin: every other type). Nothing when the requester has no role there.
 */
export async function testTypeLinksOfSite(db: AnyDb, requester: Requester, siteId: number, withOthers: boolean): Promise<TestTypeSiteEntry[]> {
  const site = await db
    .selectFrom('sites')
    .select(['id_site', 'site_name'])
    .where('id_site', '=', siteId)
    .where('deleted_at', 'is', null)
    .where('id_site', 'in', accessibleSiteIds(db, requester))
    .executeTakeFirst();
  if (!site) return [];
  const linked = await db
    .selectFrom('test_types_sites as l')
    .innerJoin('test_types as t', 't.id_test_type', 'l.id_test_type')
    .select(['l.id_test_type_site', 't.id_test_type', 't.test_type_name'])
    .where('l.id_site', '=', siteId)
    .where('l.deleted_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .where('t.id_service', 'in', accessibleServiceIds(db, requester))
    .execute();
  const entries: TestTypeSiteEntry[] = linked.map((r) => ({
    id_test_type_site: r.id_test_type_site as number,
    id_test_type: r.id_test_type as number,
    id_site: siteId,
    test_type_name: r.test_type_name as string,
    site_name: site.site_name as string,
  }));
  if (withOthers) {
    const shown = new Set(entries.map((e) => e.id_test_type));
    const others = await db
      .selectFrom('test_types as t')
      .select(['t.id_test_type', 't.test_type_name'])
      .where('t.id_test_type', 'in', accessibleTestTypeIds(db, requester))
      .execute();
    for (const r of others) {
      if (shown.has(r.id_test_type as number)) continue;
      entries.push({ id_test_type_site: null, id_test_type: r.id_test_type as number, id_site: null, test_type_name: r.test_type_name as string, site_name: null });
    }
  }
  return entries.sort(byName((e) => e.test_type_name, (e) => e.id_test_type));
}

// ---------------------------------------------------------------------------------------------------------
// Facts for the use cases

/** A live test type: its stream, service and live links (project links with their site). */
export interface TestTypeFacts {
  id: number;
  uuid: string;
  serviceId: number;
  key: string | null;
  siteIds: number[];
  projects: { projectId: number; siteId: number }[];
}

export async function testTypeFacts(db: AnyDb, id: number): Promise<TestTypeFacts | undefined> {
  const type = await db.selectFrom('test_types').select(['id_test_type', 'test_type_uuid', 'id_service', 'test_type_key']).where('id_test_type', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!type) return undefined;
  const [sites, projects] = await Promise.all([
    db
      .selectFrom('test_types_sites as l')
      .innerJoin('sites as s', 's.id_site', 'l.id_site')
      .select('l.id_site')
      .where('l.id_test_type', '=', id)
      .where('l.deleted_at', 'is', null)
      .where('s.deleted_at', 'is', null)
      .orderBy('l.id_site')
      .execute(),
    db
      .selectFrom('test_types_projects as l')
      .innerJoin('projects as p', 'p.id_project', 'l.id_project')
      .select(['l.id_project', 'p.id_site'])
      .where('l.id_test_type', '=', id)
      .where('l.deleted_at', 'is', null)
      .where('p.deleted_at', 'is', null)
      .orderBy('l.id_project')
      .execute(),
  ]);
  return {
    id,
    uuid: type.test_type_uuid as string,
    serviceId: type.id_service as number,
    key: type.test_type_key as string | null,
    siteIds: sites.map((r) => r.id_site as number),
    projects: projects.map((r) => ({ projectId: r.id_project as number, siteId: r.id_site as number })),
  };
}

/** The live type holding this key, if any. */
export async function testTypeIdWithKey(db: AnyDb, key: string): Promise<number | undefined> {
  const row = await db.selectFrom('test_types').select('id_test_type').where('test_type_key', '=', key).where('deleted_at', 'is', null).executeTakeFirst();
  return row?.id_test_type as number | undefined;
}

/** True while a (live) test of the type exists. */
export async function testsOfTypeExist(db: AnyDb, typeId: number): Promise<boolean> {
  const row = await db.selectFrom('tests').select('id_test').where('id_test_type', '=', typeId).where('deleted_at', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Among `projectIds`, those with (live) tests of the type in their (live) sessions: sessions created by a
 * participant of the project or with a participant of the project (OpenTera's `get_sessions_for_project`).
 */
export async function projectsWithTestsOfType(db: AnyDb, typeId: number, projectIds: readonly number[]): Promise<Set<number>> {
  if (projectIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('tests as te')
    .innerJoin('sessions as se', 'se.id_session', 'te.id_session')
    .innerJoin('participants as pa', (join) =>
      join.on((eb) =>
        eb.or([
          eb('pa.id_participant', '=', eb.ref('se.id_creator_participant')),
          eb.exists(eb.selectFrom('sessions_participants as sp').select('sp.id_participant').whereRef('sp.id_session', '=', 'se.id_session').whereRef('sp.id_participant', '=', 'pa.id_participant')),
        ]),
      ),
    )
    .select('pa.id_project')
    .distinct()
    .where('te.id_test_type', '=', typeId)
    .where('te.deleted_at', 'is', null)
    .where('se.deleted_at', 'is', null)
    .where('pa.id_project', 'in', [...new Set(projectIds)])
    .execute();
  return new Set(rows.map((r) => r.id_project as number));
}

export type TestTypeLink = 'site' | 'project';

const LINKS = {
  site: { table: 'test_types_sites', id: 'id_test_type_site', other: 'id_site' },
  project: { table: 'test_types_projects', id: 'id_test_type_project', other: 'id_project' },
} as const;

/** The id of the type's link to the site or project, current or former (reused when linking again). */
export async function formerTestTypeLinkId(db: AnyDb, link: TestTypeLink, typeId: number, otherId: number): Promise<number | undefined> {
  const { table, id, other } = LINKS[link];
  const row = await db.selectFrom(table).select(id).where('id_test_type', '=', typeId).where(other, '=', otherId).orderBy(id, 'desc').executeTakeFirst();
  return row ? (row[id] as number) : undefined;
}

/** A live link by its own id, with the type's uuid. */
export async function testTypeLinkById(db: AnyDb, link: TestTypeLink, linkId: number): Promise<{ typeId: number; typeUuid: string; otherId: number } | undefined> {
  const { table, id, other } = LINKS[link];
  const row = await db
    .selectFrom(`${table} as l`)
    .innerJoin('test_types as t', 't.id_test_type', 'l.id_test_type')
    .select(['t.id_test_type', 't.test_type_uuid', `l.${other} as other`])
    .where(`l.${id}`, '=', linkId)
    .where('l.deleted_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { typeId: row.id_test_type as number, typeUuid: row.test_type_uuid as string, otherId: row.other as number } : undefined;
}

/** The live types linked to the site or project. */
export async function testTypesLinkedTo(db: AnyDb, link: TestTypeLink, otherId: number): Promise<number[]> {
  const { table, other } = LINKS[link];
  const rows = await db
    .selectFrom(`${table} as l`)
    .innerJoin('test_types as t', 't.id_test_type', 'l.id_test_type')
    .select('t.id_test_type')
    .where(`l.${other}`, '=', otherId)
    .where('l.deleted_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .orderBy('t.id_test_type')
    .execute();
  return rows.map((r) => r.id_test_type as number);
}

/** The live test types among `ids`. */
export async function liveTestTypeIds(db: AnyDb, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('test_types').select('id_test_type').where('id_test_type', 'in', [...new Set(ids)]).where('deleted_at', 'is', null).execute();
  return new Set(rows.map((r) => r.id_test_type as number));
}

/** A live type by id, whoever may see it: what a write answers. */
export async function testTypeRowById(db: AnyDb, id: number): Promise<TestTypeRow | undefined> {
  return (await selectTestTypes(db).where('t.id_test_type', '=', id).executeTakeFirst());
}
