// Devices and their site, project and participant links as OpenTera's /api/user/devices endpoints serve them
// (api-user-1.md sections 4, 6-8), filtered in SQL by the requester's effective access, and the facts the
// device use cases (commands/deviceAdministration.ts) decide on. Soft-deleted rows, and links to deleted
// sites, projects or participants, are never returned.
//
// Access, for a non-superadmin requester R (a superadmin reaches every live device):
// - R sees a device linked to a site R holds any role in, or to a project R holds any role in (OpenTera
//   counts the site links only; a project link implies the link to the project's site, whose `user` role
//   every project role gives, so the answers agree);
// - R manages a device (edits it, sees its static token) when it is linked to a site R administers
//   (OpenTera's `admin_only` devices).
// Linked sites, projects and participants are listed only when R may see them too.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Requester } from '../../domain/access.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';
import type { DeviceSubtypeJson } from './deviceTypes.js';
import { selectDevices, type DeviceRow } from './partyRows.js';
import { projectJson, type ProjectJson } from './projects.js';
import { accessibleProjectIds, accessibleSiteIds } from './roleAccess.js';
import { LINK_TABLES } from '../linkTables.js';
import { projectsWithLink, sitesWithLink } from './links.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
type Eb = ExpressionBuilder<any, any>;

const TRUE = sql<SqlBool>`true`;

/** `where` clause: the device whose id is in `column` is one the requester may see. */
export function deviceVisibleTo(requester: Requester, column = 'd.id_device') {
  return (eb: Eb): Expression<SqlBool> => {
    if (requester.superadmin) return TRUE;
    const viaSite = eb.exists(
      eb
        .selectFrom('devices_sites as vis_ds')
        .innerJoin('user_site_access as vis_sa', 'vis_sa.id_site', 'vis_ds.id_site')
        .select('vis_ds.id_device')
        .whereRef('vis_ds.id_device', '=', column)
        .where('vis_ds.deleted_at', 'is', null)
        .where('vis_sa.id_user', '=', requester.id),
    );
    const viaProject = eb.exists(
      eb
        .selectFrom('devices_projects as vis_dp')
        .innerJoin('user_project_access as vis_pa', 'vis_pa.id_project', 'vis_dp.id_project')
        .select('vis_dp.id_device')
        .whereRef('vis_dp.id_device', '=', column)
        .where('vis_dp.deleted_at', 'is', null)
        .where('vis_pa.id_user', '=', requester.id),
    );
    return eb.or([viaSite, viaProject]);
  };
}

/** `where` clause: the device whose id is in `column` is one the requester manages (a site admin of one of its sites). */
export function deviceManagedBy(requester: Requester, column = 'd.id_device') {
  return (eb: Eb): Expression<SqlBool> => {
    if (requester.superadmin) return TRUE;
    return eb.exists(
      eb
        .selectFrom('devices_sites as man_ds')
        .innerJoin('user_site_access as man_sa', 'man_sa.id_site', 'man_ds.id_site')
        .select('man_ds.id_device')
        .whereRef('man_ds.id_device', '=', column)
        .where('man_ds.deleted_at', 'is', null)
        .where('man_sa.id_user', '=', requester.id)
        .where('man_sa.role', '=', 'admin'),
    );
  };
}

/** Selected column: whether the device (in `column`) has no live participant the requester may see (OpenTera's `device_available`). */
function deviceAvailable(db: AnyDb, requester: Requester, column: string) {
  return (eb: Eb) =>
    eb
      .not(
        eb.exists(
          eb
            .selectFrom('devices_participants as av_l')
            .innerJoin('participants as av_p', 'av_p.id_participant', 'av_l.id_participant')
            .select('av_l.id_participant')
            .whereRef('av_l.id_device', '=', column)
            .where('av_l.deleted_at', 'is', null)
            .where('av_p.deleted_at', 'is', null)
            .where('av_p.id_project', 'in', accessibleProjectIds(db, requester)),
        ),
      )
      .as('device_available');
}

/** A device row with whether the requester manages it (and so may see its token). */
export interface DeviceListRow extends DeviceRow {
  may_manage: boolean;
}

function selectDevicesFor(db: AnyDb, requester: Requester) {
  return selectDevices(db)
    .select((eb) => sql<boolean>`${deviceManagedBy(requester)(eb)}`.as('may_manage'))
    .where(deviceVisibleTo(requester));
}

/** Which devices a GET asks for: OpenTera's selectors, one at a time. */
export type DeviceSelection =
  | { by: 'all'; typeId?: number }
  | { by: 'id'; id: number }
  | { by: 'uuid'; uuid: string }
  /** OpenTera filters a site's devices on `enabled` only when it is true. */
  | { by: 'site'; id: number; typeId?: number }
  /** OpenTera filters a project's devices on `enabled` whenever it is given: false keeps the disabled ones. */
  | { by: 'project'; id: number; typeId?: number; enabled?: boolean }
  | { by: 'subtype'; id: number }
  | { by: 'name'; name: string };

/** The visible devices a selection names: lists by name (then id), every device by id; `enabledOnly` drops disabled devices. */
export async function selectAccessibleDevices(db: AnyDb, requester: Requester, selection: DeviceSelection, enabledOnly = false): Promise<DeviceListRow[]> {
  let query = selectDevicesFor(db, requester);
  const byName = () => query.orderBy('d.device_name').orderBy('d.id_device');
  switch (selection.by) {
    case 'all':
      if (selection.typeId !== undefined) query = byName().where('d.id_device_type', '=', selection.typeId);
      else query = query.orderBy('d.id_device');
      break;
    case 'id':
      query = query.where('d.id_device', '=', selection.id);
      break;
    case 'uuid':
      if (!isUuid(selection.uuid)) return [];
      query = query.where('d.device_uuid', '=', selection.uuid);
      break;
    case 'site':
      query = byName().where(({ exists, selectFrom }) =>
        exists(
          selectFrom('devices_sites as sel_ds')
            .select('sel_ds.id_device')
            .whereRef('sel_ds.id_device', '=', 'd.id_device')
            .where('sel_ds.deleted_at', 'is', null)
            .where('sel_ds.id_site', '=', selection.id)
            .where('sel_ds.id_site', 'in', accessibleSiteIds(db, requester)),
        ),
      );
      if (selection.typeId) query = query.where('d.id_device_type', '=', selection.typeId);
      break;
    case 'project':
      query = byName().where(({ exists, selectFrom }) =>
        exists(
          selectFrom('devices_projects as sel_dp')
            .select('sel_dp.id_device')
            .whereRef('sel_dp.id_device', '=', 'd.id_device')
            .where('sel_dp.deleted_at', 'is', null)
            .where('sel_dp.id_project', '=', selection.id)
            .where('sel_dp.id_project', 'in', accessibleProjectIds(db, requester)),
        ),
      );
      if (selection.typeId) query = query.where('d.id_device_type', '=', selection.typeId);
      if (selection.enabled !== undefined) query = query.where('d.device_enabled', '=', selection.enabled);
      break;
    case 'subtype':
      query = byName().where('d.id_device_subtype', '=', selection.id);
      break;
    case 'name':
      query = query.where('d.device_name', '=', selection.name).orderBy('d.id_device');
      break;
  }
  if (enabledOnly) query = query.where('d.device_enabled', '=', true);
  return query.execute();
}

/** One live device, whoever may see it, with whether the requester manages it: what a write answers. */
export async function deviceRowFor(db: AnyDb, requester: Requester, id: number): Promise<DeviceListRow | undefined> {
  return selectDevices(db)
    .select((eb) => sql<boolean>`${deviceManagedBy(requester)(eb)}`.as('may_manage'))
    .where('d.id_device', '=', id)
    .executeTakeFirst();
}

// ------------------------------------------------------------------------------- extras of GET /devices

/** The subtypes, by id, as `/devicesubtypes` serves them (GET /devices adds the device's own). */
export async function subtypesByIds(db: AnyDb, ids: readonly number[]): Promise<Map<number, DeviceSubtypeJson>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('devices_subtypes as s')
    .innerJoin('devices_types as t', 't.id_device_type', 's.id_device_type')
    .select(['s.id_device_subtype', 's.id_device_type', 's.device_subtype_name', 't.device_type_name as device_subtype_parent'])
    .where('s.id_device_subtype', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id_device_subtype as number, r]));
}

function groupBy<T extends { id_device: number }>(rows: T[]): Map<number, Omit<T, 'id_device'>[]> {
  const grouped = new Map<number, Omit<T, 'id_device'>[]>();
  for (const { id_device, ...rest } of rows) {
    const list = grouped.get(id_device);
    if (list) list.push(rest);
    else grouped.set(id_device, [rest]);
  }
  return grouped;
}

export interface LinkedParticipant {
  id_participant: number;
  participant_name: string | null;
  id_project: number;
  project_name: string;
}

/** The live participants linked to each device that the requester may see, by participant id. */
export async function visibleParticipantsOfDevices(db: AnyDb, requester: Requester, deviceIds: readonly number[]): Promise<Map<number, LinkedParticipant[]>> {
  if (deviceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('devices_participants as l')
    .innerJoin('participants as p', 'p.id_participant', 'l.id_participant')
    .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
    .select(['l.id_device', 'p.id_participant', 'p.participant_name', 'p.id_project', 'pr.project_name'])
    .where('l.id_device', 'in', [...new Set(deviceIds)])
    .where('l.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null)
    .where('p.id_project', 'in', accessibleProjectIds(db, requester))
    .orderBy('p.id_participant')
    .execute();
  return groupBy(rows as (LinkedParticipant & { id_device: number })[]);
}

export interface LinkedSite {
  id_site: number;
  site_name: string;
  site_2fa_required: boolean;
}

/** The live sites each device is linked to that the requester may see, by name. */
export async function visibleSitesOfDevices(db: AnyDb, requester: Requester, deviceIds: readonly number[]): Promise<Map<number, LinkedSite[]>> {
  if (deviceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('devices_sites as l')
    .innerJoin('sites as s', 's.id_site', 'l.id_site')
    .select(['l.id_device', 's.id_site', 's.site_name', 's.site_2fa_required'])
    .where('l.id_device', 'in', [...new Set(deviceIds)])
    .where('l.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where('s.id_site', 'in', accessibleSiteIds(db, requester))
    .orderBy('s.site_name')
    .orderBy('s.id_site')
    .execute();
  return groupBy(rows as (LinkedSite & { id_device: number })[]);
}

export interface LinkedProject {
  id_device_project: number;
  id_project: number;
  project: ProjectJson;
}

/** The live project links of each device to projects the requester may see, by project id. */
export async function visibleProjectLinksOfDevices(db: AnyDb, requester: Requester, deviceIds: readonly number[]): Promise<Map<number, LinkedProject[]>> {
  if (deviceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('devices_projects as l')
    .innerJoin('projects as p', 'p.id_project', 'l.id_project')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .select(['l.id_device', 'l.id_device_project', 'p.id_project', 'p.id_site', 'p.project_name', 'p.project_enabled', 'p.project_description', 's.site_name'])
    .where('l.id_device', 'in', [...new Set(deviceIds)])
    .where('l.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where('p.id_project', 'in', accessibleProjectIds(db, requester))
    .orderBy('p.id_project')
    .execute();
  const links = rows.map((r) => ({ id_device: r.id_device as number, id_device_project: r.id_device_project as number, id_project: r.id_project as number, project: projectJson(r as ProjectJson) }));
  return groupBy(links);
}

// ----------------------------------------------------------------------------------------- link listings

/** One entry of `/devices/sites`: a link, or a placeholder for a site or a device without one (null ids). */
export interface DeviceSiteEntry {
  id_device_site: number | null;
  id_device: number | null;
  id_site: number | null;
  device_name: string | null;
  site_name: string | null;
  device_available: boolean;
}

/** By code point, as OpenTera's Python `sorted` orders these lists. */
const byText = (a: string | null, b: string | null) => {
  const [x, y] = [a ?? '', b ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The device's links to the sites the requester may see; `withOtherSites` adds those sites it is not in. By site name. */
export async function siteLinksOfDevice(db: AnyDb, requester: Requester, deviceId: number, withOtherSites: boolean): Promise<DeviceSiteEntry[]> {
  const device = await db
    .selectFrom('devices as d')
    .select(['d.id_device', 'd.device_name'])
    .select(deviceAvailable(db, requester, 'd.id_device'))
    .where('d.id_device', '=', deviceId)
    .where('d.deleted_at', 'is', null)
    .where(deviceVisibleTo(requester))
    .executeTakeFirst();
  if (!device) return [];
  return (await sitesWithLink(db, requester, LINK_TABLES.deviceSites, deviceId, withOtherSites)).map((s) => ({
    id_device_site: s.linkId,
    id_device: s.linkId !== null ? deviceId : null,
    id_site: s.id_site,
    device_name: s.linkId !== null ? (device.device_name as string | null) : null,
    site_name: s.site_name,
    device_available: s.linkId !== null ? (device.device_available as boolean) : false,
  }));
}

/** The site's device links (when the requester may see the site); `withOtherDevices` adds the visible devices it lacks. By device name. */
export async function deviceLinksOfSite(db: AnyDb, requester: Requester, siteId: number, withOtherDevices: boolean): Promise<DeviceSiteEntry[]> {
  const site = await db
    .selectFrom('sites')
    .select(['id_site', 'site_name'])
    .where('id_site', '=', siteId)
    .where('deleted_at', 'is', null)
    .where('id_site', 'in', accessibleSiteIds(db, requester))
    .executeTakeFirst();
  if (!site) return [];
  const rows = await db
    .selectFrom('devices as d')
    .leftJoin('devices_sites as l', (join) => join.onRef('l.id_device', '=', 'd.id_device').on('l.id_site', '=', siteId).on('l.deleted_at', 'is', null))
    .select(['d.id_device', 'd.device_name', 'l.id_device_site'])
    .select(deviceAvailable(db, requester, 'd.id_device'))
    .where('d.deleted_at', 'is', null)
    .where((eb) => (withOtherDevices ? deviceVisibleTo(requester)(eb) : eb('l.id_device_site', 'is not', null)))
    .execute();
  return rows
    .map((r) => {
      const linked = r.id_device_site !== null;
      return {
        id_device_site: r.id_device_site as number | null,
        id_device: r.id_device as number,
        id_site: linked ? siteId : null,
        device_name: r.device_name as string | null,
        site_name: linked ? (site.site_name as string) : null,
        device_available: r.device_available as boolean,
      };
    })
    .sort((a, b) => byText(a.device_name, b.device_name) || a.id_device - b.id_device);
}

/** One entry of `/devices/projects`: a link, or a placeholder for a project or a device without one (null ids). */
export interface DeviceProjectEntry {
  id_device_project: number | null;
  id_device: number | null;
  id_project: number | null;
  device_name: string | null;
  project_name: string | null;
  device_available: boolean;
  /** The project's site; null on a placeholder without a project. */
  id_site: number | null;
  site_name: string | null;
}

/** The device's links to projects the requester may see; `withOtherProjects` adds those projects it is not in. By project name. */
export async function projectLinksOfDevice(db: AnyDb, requester: Requester, deviceId: number, withOtherProjects: boolean): Promise<DeviceProjectEntry[]> {
  const device = await db
    .selectFrom('devices as d')
    .select(['d.id_device', 'd.device_name'])
    .select(deviceAvailable(db, requester, 'd.id_device'))
    .where('d.id_device', '=', deviceId)
    .where('d.deleted_at', 'is', null)
    .where(deviceVisibleTo(requester))
    .executeTakeFirst();
  if (!device) return [];
  return (await projectsWithLink(db, requester, LINK_TABLES.deviceProjects, deviceId, withOtherProjects)).map((p) => ({
    id_device_project: p.linkId,
    id_device: p.linkId !== null ? deviceId : null,
    id_project: p.id_project,
    device_name: p.linkId !== null ? (device.device_name as string | null) : null,
    project_name: p.project_name,
    device_available: p.linkId !== null ? (device.device_available as boolean) : false,
    id_site: p.id_site,
    site_name: p.site_name,
  }));
}

/**
 * The project's links to devices the requester may see (when it may see the project); `withOtherDevices`
 * adds the visible devices of the project's site that the project lacks. By device name.
 */
export async function deviceLinksOfProject(db: AnyDb, requester: Requester, projectId: number, withOtherDevices: boolean): Promise<DeviceProjectEntry[]> {
  const project = await db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .select(['p.id_project', 'p.project_name', 's.id_site', 's.site_name'])
    .where('p.id_project', '=', projectId)
    .where('p.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where('p.id_project', 'in', accessibleProjectIds(db, requester))
    .executeTakeFirst();
  if (!project) return [];
  const siteId = project.id_site as number;
  const rows = await db
    .selectFrom('devices as d')
    .leftJoin('devices_projects as l', (join) => join.onRef('l.id_device', '=', 'd.id_device').on('l.id_project', '=', projectId).on('l.deleted_at', 'is', null))
    .select(['d.id_device', 'd.device_name', 'l.id_device_project'])
    .select(deviceAvailable(db, requester, 'd.id_device'))
    .where('d.deleted_at', 'is', null)
    .where(deviceVisibleTo(requester))
    .where((eb) => {
      const linked = eb('l.id_device_project', 'is not', null);
      if (!withOtherDevices) return linked;
      const inSite = eb.exists(
        eb
          .selectFrom('devices_sites as os')
          .select('os.id_device')
          .whereRef('os.id_device', '=', 'd.id_device')
          .where('os.id_site', '=', siteId)
          .where('os.deleted_at', 'is', null),
      );
      return eb.or([linked, inSite]);
    })
    .execute();
  return rows
    .map((r) => {
      const linked = r.id_device_project !== null;
      return {
        id_device_project: r.id_device_project as number | null,
        id_device: r.id_device as number,
        id_project: linked ? projectId : null,
        device_name: r.device_name as string | null,
        project_name: linked ? (project.project_name as string) : null,
        device_available: r.device_available as boolean,
        id_site: linked ? siteId : null,
        site_name: linked ? (project.site_name as string) : null,
      };
    })
    .sort((a, b) => byText(a.device_name, b.device_name) || a.id_device - b.id_device);
}

/** Which device-participant links a GET asks for. */
export type DeviceParticipantSelection =
  | { by: 'device'; id: number }
  /** With `typeId`, only devices of that type. */
  | { by: 'participant'; id: number; typeId?: number }
  /** Links whose device is in the site and whose participant's project is in it. */
  | { by: 'site'; id: number };

export interface DeviceParticipantRow {
  id_device_participant: number;
  id_participant: number;
  participant_name: string | null;
  device: DeviceListRow;
}

/** Live device-participant links where the requester may see both the device and the participant, by link id. */
export async function deviceParticipantLinks(db: AnyDb, requester: Requester, selection: DeviceParticipantSelection): Promise<DeviceParticipantRow[]> {
  let query = selectDevicesFor(db, requester)
    .innerJoin('devices_participants as l', 'l.id_device', 'd.id_device')
    .innerJoin('participants as p', 'p.id_participant', 'l.id_participant')
    .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
    .select(['l.id_device_participant', 'p.id_participant', 'p.participant_name'])
    .where('l.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null)
    .where('p.id_project', 'in', accessibleProjectIds(db, requester))
    .orderBy('l.id_device_participant');
  switch (selection.by) {
    case 'device':
      query = query.where('d.id_device', '=', selection.id);
      break;
    case 'participant':
      query = query.where('p.id_participant', '=', selection.id);
      if (selection.typeId !== undefined) query = query.where('d.id_device_type', '=', selection.typeId);
      break;
    case 'site':
      query = query
        .where('pr.id_site', '=', selection.id)
        .where('pr.id_site', 'in', accessibleSiteIds(db, requester))
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('devices_sites as ps')
              .select('ps.id_device')
              .whereRef('ps.id_device', '=', 'd.id_device')
              .where('ps.id_site', '=', selection.id)
              .where('ps.deleted_at', 'is', null),
          ),
        );
      break;
  }
  const rows = (await query.execute()) as (DeviceListRow & { id_device_participant: number; id_participant: number; participant_name: string | null })[];
  return rows.map(({ id_device_participant, id_participant, participant_name, ...device }) => ({ id_device_participant, id_participant, participant_name, device }));
}

// ------------------------------------------------------------------------------ facts for the use cases

/** A live device with its live links: what the use cases decide on. */
export interface DeviceFacts {
  id: number;
  uuid: string;
  siteIds: number[];
  projects: { id: number; siteId: number }[];
  participantIds: number[];
}

export async function deviceFacts(db: AnyDb, which: { id: number } | { uuid: string }): Promise<DeviceFacts | undefined> {
  if ('uuid' in which && !isUuid(which.uuid)) return undefined;
  let query = db.selectFrom('devices').select(['id_device', 'device_uuid']).where('deleted_at', 'is', null);
  query = 'id' in which ? query.where('id_device', '=', which.id) : query.where('device_uuid', '=', which.uuid);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const id = row.id_device as number;
  const [sites, projects, participants] = await Promise.all([
    db.selectFrom('devices_sites').select('id_site').where('id_device', '=', id).where('deleted_at', 'is', null).orderBy('id_site').execute(),
    db
      .selectFrom('devices_projects as l')
      .innerJoin('projects as p', 'p.id_project', 'l.id_project')
      .select(['l.id_project', 'p.id_site'])
      .where('l.id_device', '=', id)
      .where('l.deleted_at', 'is', null)
      .orderBy('l.id_project')
      .execute(),
    db.selectFrom('devices_participants').select('id_participant').where('id_device', '=', id).where('deleted_at', 'is', null).orderBy('id_participant').execute(),
  ]);
  return {
    id,
    uuid: row.device_uuid as string,
    siteIds: sites.map((s) => s.id_site as number),
    projects: projects.map((p) => ({ id: p.id_project as number, siteId: p.id_site as number })),
    participantIds: participants.map((p) => p.id_participant as number),
  };
}

export async function isDeviceVisible(db: AnyDb, requester: Requester, deviceId: number): Promise<boolean> {
  const row = await db.selectFrom('devices as d').select('d.id_device').where('d.id_device', '=', deviceId).where('d.deleted_at', 'is', null).where(deviceVisibleTo(requester)).executeTakeFirst();
  return row !== undefined;
}

export async function isDeviceManaged(db: AnyDb, requester: Requester, deviceId: number): Promise<boolean> {
  const row = await db.selectFrom('devices as d').select('d.id_device').where('d.id_device', '=', deviceId).where('d.deleted_at', 'is', null).where(deviceManagedBy(requester)).executeTakeFirst();
  return row !== undefined;
}

/** The live sites among `ids`. */
export async function liveSiteIds(db: AnyDb, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('sites').select('id_site').where('id_site', 'in', [...new Set(ids)]).where('deleted_at', 'is', null).execute();
  return new Set(rows.map((r) => r.id_site as number));
}

/** The site of each live project among `ids`. */
export async function sitesOfProjects(db: AnyDb, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('projects').select(['id_project', 'id_site']).where('id_project', 'in', [...new Set(ids)]).where('deleted_at', 'is', null).execute();
  return new Map(rows.map((r) => [r.id_project as number, r.id_site as number]));
}

/** The sites and the projects the requester administers (every live one for a superadmin). */
export async function administeredScope(db: AnyDb, requester: Requester): Promise<{ sites: Set<number>; projects: Set<number> }> {
  const [sites, projects] = await Promise.all([accessibleSiteIds(db, requester, true).execute(), accessibleProjectIds(db, requester, true).execute()]);
  return { sites: new Set(sites.map((r) => r.id_site as number)), projects: new Set(projects.map((r) => r.id_project as number)) };
}

/** The live devices among `ids`, with their uuids. */
export async function liveDevices(db: AnyDb, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('devices').select(['id_device', 'device_uuid']).where('id_device', 'in', [...new Set(ids)]).where('deleted_at', 'is', null).execute();
  return new Map(rows.map((r) => [r.id_device as number, r.device_uuid as string]));
}

/** A live link (by its OpenTera association id) of a live device. */
export interface DeviceLinkRecord {
  id: number;
  deviceId: number;
  deviceUuid: string;
  /** The site, project or participant. */
  otherId: number;
}

const LINKS = {
  site: { table: 'devices_sites', id: 'id_device_site', other: 'id_site' },
  project: { table: 'devices_projects', id: 'id_device_project', other: 'id_project' },
  participant: { table: 'devices_participants', id: 'id_device_participant', other: 'id_participant' },
} as const;

export async function deviceLinkById(db: AnyDb, link: keyof typeof LINKS, linkId: number): Promise<DeviceLinkRecord | undefined> {
  const { table, id, other } = LINKS[link];
  const row = await db
    .selectFrom(`${table} as l`)
    .innerJoin('devices as d', 'd.id_device', 'l.id_device')
    .select([`l.${id} as link_id`, 'l.id_device', 'd.device_uuid', `l.${other} as other_id`])
    .where(`l.${id}`, '=', linkId)
    .where('l.deleted_at', 'is', null)
    .where('d.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.link_id as number, deviceId: row.id_device as number, deviceUuid: row.device_uuid as string, otherId: row.other_id as number } : undefined;
}

/** Names for the answers of link writes. */
export async function deviceAndParticipantNames(db: AnyDb, deviceId: number, participantId: number): Promise<{ device_name: string | null; participant_name: string | null }> {
  const [device, participant] = await Promise.all([
    db.selectFrom('devices').select('device_name').where('id_device', '=', deviceId).executeTakeFirst(),
    db.selectFrom('participants').select('participant_name').where('id_participant', '=', participantId).executeTakeFirst(),
  ]);
  return { device_name: (device?.device_name as string | null) ?? null, participant_name: (participant?.participant_name as string | null) ?? null };
}

/** Whether a live device is of the type, or of one of its subtypes. */
export async function deviceTypeInUse(db: AnyDb, typeId: number): Promise<boolean> {
  const row = await db
    .selectFrom('devices as d')
    .select('d.id_device')
    .where('d.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('d.id_device_type', '=', typeId),
        eb('d.id_device_subtype', 'in', eb.selectFrom('devices_subtypes').select('id_device_subtype').where('id_device_type', '=', typeId)),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a live device is of the subtype. */
export async function deviceSubtypeInUse(db: AnyDb, subtypeId: number): Promise<boolean> {
  const row = await db.selectFrom('devices').select('id_device').where('deleted_at', 'is', null).where('id_device_subtype', '=', subtypeId).executeTakeFirst();
  return row !== undefined;
}
