// Device administration by users (OpenTera api-user-1.md sections 4, 6-8): who may create, update and
// delete devices and change their site, project and participant links, checked against the read models
// with domain/devicePolicy.ts, then decided by domain/device.ts. Every check of a request runs before its
// first append, so a refused request changes nothing (OpenTera commits what came before a refusal). The
// changes to one device are one decision, appended at once; a request touching several devices rehearses
// every decision before appending any.
import type { Requester } from '../domain/access.js';
import { fold } from '../domain/aggregate.js';
import {
  deleteDevice,
  device,
  linkDeviceToProject,
  linkDeviceToSite,
  registerDevice,
  unlinkDeviceFromProject,
  unlinkDeviceFromSite,
  updateDevice,
  type DeviceEvent,
  type DeviceState,
  type SubtypeFacts,
  type UpdateDevice,
} from '../domain/device.js';
import { deviceRemoval, mayCreateDevice, scopedReplacement, type AdministeredScope } from '../domain/devicePolicy.js';
import { DomainError } from '../domain/errors.js';
import { DEVICE_PROJECT_HAS_SESSIONS, deviceDeleteRefusal } from '../domain/sessionPolicy.js';
import { projectRoleOf } from '../projections/queries/access.js';
import { devicesLinkedTo, formerDeviceLinkId, projectsOfLinkedParticipants, type DeviceLink } from '../projections/queries/deviceRefs.js';
import {
  administeredScope,
  deviceFacts,
  deviceLinkById,
  isDeviceManaged,
  isDeviceVisible,
  liveDevices,
  liveSiteIds,
  sitesOfProjects,
  type DeviceFacts,
} from '../projections/queries/devices.js';
import { deviceSubtypeRef, deviceTypeRef } from '../projections/queries/deviceTypes.js';
import { participantRef } from '../projections/queries/participantRefs.js';
import { projectIdsOfDevice, projectsWithDeviceSessions, sessionTiesOf } from '../projections/queries/sessions.js';
import type { CommandContext } from './context.js';
import { deviceStream, linkDeviceToParticipantCommand, unlinkDeviceFromParticipantCommand } from './devices.js';
import type { Position } from './eventStore.js';
import { handle, readEvents } from './handle.js';
import type { IdSequence } from './ports.js';

const forbidden = (message = 'Forbidden') => new DomainError('forbidden', message);
const notFound = (message: string) => new DomainError('not-found', message);
const invalid = (message: string) => new DomainError('invalid', message);

// OpenTera's refusals, chosen by what is refused (its endpoints pick them from the failing table's name).
const DEVICE_HAS_PARTICIPANTS = "Can't delete device: please delete all participants association before deleting.";
const SITE_UNLINK_REFUSED =
  "Can't delete device from site. Please remove all participants associated with the device or all sessions in the site referring to the device before deleting.";
const PROJECT_UNLINK_REFUSED =
  "Can't delete device from project. Please remove all participants associated with the device or all sessions in the project referring to the device before deleting.";
const PROJECT_UNLINK_REFUSED_BY_PARTICIPANTS = "Can't delete device from project: please remove all participants with device before deleting.";
const NOT_IN_PROJECT_SITE = 'At least one device is not part of the allowed device for that project site';
const NOT_PARTICIPANT_ADMIN = "User is not admin of the participant's project";

type Step = (state: DeviceState) => DeviceEvent[];

/** The steps as one decision: each sees the state the previous ones left. */
function allOf(steps: readonly Step[]): Step {
  return (state) => {
    const events: DeviceEvent[] = [];
    let current = state;
    for (const step of steps) {
      const produced = step(current);
      events.push(...produced);
      current = produced.reduce(device.evolve, current);
    }
    return events;
  };
}

/** The step, answering a refusal (a conflict) with `message`. */
function refusedWith(message: string, step: Step): Step {
  return (state) => {
    try {
      return step(state);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'conflict') throw new DomainError('conflict', message);
      throw error;
    }
  };
}

async function changeDevice(context: CommandContext, uuid: string, steps: readonly Step[]): Promise<Position | undefined> {
  if (steps.length === 0) return undefined;
  return (await handle(context.deps, context.request, device, deviceStream(uuid), allOf(steps))).position;
}

/** Decides without appending: throws what the real decision would. */
async function rehearse(context: CommandContext, uuid: string, steps: readonly Step[]): Promise<void> {
  const state = fold(device, (await readEvents(context.deps.store, deviceStream(uuid))) as unknown as DeviceEvent[]);
  allOf(steps)(state);
}

function tracker() {
  let last: Position | undefined;
  return {
    track(position: Position | undefined) {
      if (position !== undefined) last = position;
    },
    get last() {
      return last;
    },
  };
}

const SEQUENCES: Record<DeviceLink, IdSequence> = { site: 'device_site', project: 'device_project', participant: 'device_participant' };

/** OpenTera's association id: the link's own while linked, its former one when linked again (OpenTera restores the row), else a new one. */
async function linkIdFor(context: CommandContext, link: DeviceLink, deviceId: number, otherId: number): Promise<number> {
  return (await formerDeviceLinkId(context.deps.readDb, link, deviceId, otherId)) ?? (await context.deps.ids.next(SEQUENCES[link]));
}

const linkSite = (siteId: number, linkId: number): Step => (state) => linkDeviceToSite(state, { siteId, linkId });
const linkProject = (projectId: number, siteOfProject: number, linkId: number): Step => (state) => linkDeviceToProject(state, { projectId, linkId }, { siteOfProject });

/** What may keep a device in its projects: the projects of its participants, and those of its sessions. */
interface UnlinkFacts {
  projectOfParticipant: Record<number, number>;
  /** The device's projects where a live session of the device (invited, or its creator) belongs. */
  projectsWithSessions: ReadonlySet<number>;
}

const NOTHING_KEEPS: UnlinkFacts = { projectOfParticipant: {}, projectsWithSessions: new Set() };

async function unlinkFacts(context: CommandContext, deviceId: number): Promise<UnlinkFacts> {
  const db = context.deps.readDb;
  return {
    projectOfParticipant: await projectsOfLinkedParticipants(db, deviceId),
    projectsWithSessions: new Set(await projectsWithDeviceSessions(db, deviceId, await projectIdsOfDevice(db, deviceId))),
  };
}

/** Unlinking a site also unlinks its projects (domain/device.ts); refused while participants or sessions there use the device. */
function unlinkSite(siteId: number, facts: UnlinkFacts): Step {
  return refusedWith(SITE_UNLINK_REFUSED, (state) => {
    const events = unlinkDeviceFromSite(state, siteId, facts);
    const leaving = events.flatMap((e) => (e.type === 'DeviceUnlinkedFromProject' ? [e.data.projectId] : []));
    if (leaving.some((projectId) => facts.projectsWithSessions.has(projectId))) throw new DomainError('conflict', SITE_UNLINK_REFUSED);
    return events;
  });
}

/** Refused while participants of the project use the device (the domain's refusal), then while sessions there do (`sessionRefusal`). */
function unlinkProject(projectId: number, facts: UnlinkFacts, sessionRefusal = PROJECT_UNLINK_REFUSED): Step {
  return (state) => {
    const events = unlinkDeviceFromProject(state, projectId, facts);
    if (events.length > 0 && facts.projectsWithSessions.has(projectId)) throw new DomainError('conflict', sessionRefusal);
    return events;
  };
}

export interface DeviceLinkWritten {
  deviceId: number;
  otherId: number;
  linkId: number;
}

export interface LinksWritten {
  links: DeviceLinkWritten[];
  position: Position | undefined;
}

// ----------------------------------------------------------------------------------- POST /api/user/devices

/** The device fields a POST may carry, in domain terms; absent ones are left alone (update) or defaulted (create). */
export interface DeviceFields {
  name?: string;
  typeId?: number;
  /** 0 or null: none. */
  subtypeId?: number | null;
  enabled?: boolean;
  onlineable?: boolean;
  config?: string | null;
  infos?: string | null;
  notes?: string | null;
}

export interface SaveDeviceRequest {
  /** 0 creates. */
  id: number;
  fields: DeviceFields;
  /** OpenTera's `device_sites`: the sites the device must be in, among those the requester administers. */
  sites?: number[];
  /** OpenTera's `device_projects`: the projects the device must be in, among those the requester administers. */
  projects?: number[];
}

export interface DeviceWriteResult {
  id: number;
  position: Position | undefined;
}

/** The listed projects' sites, each administered by the requester (OpenTera's order: projects, then sites). */
async function checkListedLinks(context: CommandContext, requester: Requester, scope: AdministeredScope, request: SaveDeviceRequest): Promise<Map<number, number>> {
  const siteOfProject = await sitesOfProjects(context.deps.readDb, request.projects ?? []);
  for (const projectId of request.projects ?? []) {
    const siteId = siteOfProject.get(projectId);
    if (siteId === undefined && requester.superadmin) throw notFound('Invalid project');
    if (siteId === undefined || !scope.sites.has(siteId)) throw forbidden('No site admin access for at a least one project in the list');
  }
  for (const siteId of request.sites ?? []) {
    if (!scope.sites.has(siteId)) throw requester.superadmin ? notFound('Invalid site') : forbidden('No site admin access for at a least one site in the list');
  }
  return siteOfProject;
}

async function subtypeFacts(context: CommandContext, fields: DeviceFields): Promise<SubtypeFacts> {
  if (fields.typeId !== undefined && !(await deviceTypeRef(context.deps.readDb, { id: fields.typeId }))) throw notFound('Invalid device type');
  if (!fields.subtypeId) return { subtypeTypeId: null };
  const subtype = await deviceSubtypeRef(context.deps.readDb, fields.subtypeId);
  if (!subtype) throw notFound('Invalid device subtype');
  return { subtypeTypeId: subtype.typeId };
}

/**
 * POST /api/user/devices: create (id 0: a superadmin, or anyone linking the new device to sites or projects
 * it administers) or update (a device the requester manages: a site admin of one of its sites, or a
 * superadmin) a device, and set its sites and projects within what the requester administers. A listed
 * project brings its site with it: OpenTera links the project alone, leaving the device outside the
 * project's site.
 */
export async function saveDevice(context: CommandContext, requester: Requester, request: SaveDeviceRequest): Promise<DeviceWriteResult> {
  const db = context.deps.readDb;
  const scope = await administeredScope(db, requester);
  const siteOfProject = await checkListedLinks(context, requester, scope, request);
  const impliedSites = [...new Set(siteOfProject.values())];

  if (request.id === 0) {
    if (!mayCreateDevice(requester, (request.sites?.length ?? 0) + (request.projects?.length ?? 0))) throw forbidden();
    return createDevice(context, request, siteOfProject, [...new Set([...(request.sites ?? []), ...impliedSites])]);
  }

  const facts = await deviceFacts(db, { id: request.id });
  if (!facts) throw requester.superadmin ? notFound('Invalid device') : forbidden();
  if (!(await isDeviceManaged(db, requester, facts.id))) throw forbidden();
  const { name, typeId, subtypeId, enabled, onlineable, config, infos, notes } = request.fields;
  const changes: UpdateDevice = {
    ...(name !== undefined ? { name } : {}),
    ...(typeId !== undefined ? { typeId } : {}),
    ...(subtypeId !== undefined ? { subtypeId } : {}),
    ...(enabled !== undefined ? { enabled } : {}),
    ...(onlineable !== undefined ? { onlineable } : {}),
    ...(config !== undefined ? { config } : {}),
    ...(infos !== undefined ? { infos } : {}),
    ...(notes !== undefined ? { notes } : {}),
  };
  const typeFacts = await subtypeFacts(context, request.fields);
  const steps: Step[] = [(state) => updateDevice(state, changes, typeFacts)];

  const sites = request.sites
    ? scopedReplacement(facts.siteIds, [...request.sites, ...impliedSites], (id) => scope.sites.has(id))
    : { add: impliedSites.filter((id) => !facts.siteIds.includes(id)), remove: [] };
  const projects = request.projects ? scopedReplacement(facts.projects.map((p) => p.id), request.projects, (id) => scope.projects.has(id)) : { add: [], remove: [] };
  const participants = sites.remove.length + projects.remove.length > 0 ? await unlinkFacts(context, facts.id) : NOTHING_KEEPS;
  for (const siteId of sites.add) steps.push(linkSite(siteId, await linkIdFor(context, 'site', facts.id, siteId)));
  for (const siteId of sites.remove) steps.push(unlinkSite(siteId, participants));
  for (const projectId of projects.add) steps.push(linkProject(projectId, siteOfProject.get(projectId)!, await linkIdFor(context, 'project', facts.id, projectId)));
  for (const projectId of projects.remove) steps.push(unlinkProject(projectId, participants));
  return { id: facts.id, position: await changeDevice(context, facts.uuid, steps) };
}

async function createDevice(context: CommandContext, request: SaveDeviceRequest, siteOfProject: Map<number, number>, sites: number[]): Promise<DeviceWriteResult> {
  const fields = request.fields;
  if (fields.name === undefined) throw invalid('Missing device_name');
  if (fields.typeId === undefined) throw invalid('Missing id_device_type');
  const typeFacts = await subtypeFacts(context, fields);
  const { deps } = context;
  const details = {
    name: fields.name,
    typeId: fields.typeId,
    subtypeId: fields.subtypeId ?? null,
    // OpenTera's column defaults.
    enabled: fields.enabled ?? false,
    onlineable: fields.onlineable ?? false,
    config: fields.config ?? null,
    infos: fields.infos ?? null,
    notes: fields.notes ?? null,
  };
  // Decided once before the id is allocated, so that a refused creation spends none.
  registerDevice(device.initial, { ...details, id: 0, uuid: '', tokenId: 'rehearsal' }, typeFacts);
  const id = await deps.ids.next('device');
  const uuid = deps.newUuid();
  // A new static token, whatever the client sent.
  const registration = { ...details, id, uuid, tokenId: deps.newUuid() };
  const steps: Step[] = [(state) => registerDevice(state, registration, typeFacts)];
  for (const siteId of sites) steps.push(linkSite(siteId, await deps.ids.next('device_site')));
  for (const projectId of new Set(request.projects ?? [])) steps.push(linkProject(projectId, siteOfProject.get(projectId)!, await deps.ids.next('device_project')));
  return { id, position: await changeDevice(context, uuid, steps) };
}

// --------------------------------------------------------------------------------- DELETE /api/user/devices

/**
 * DELETE /api/user/devices: a device the requester may see is deleted, or only leaves the projects the
 * requester administers (domain/devicePolicy.ts deviceRemoval). Refused while participants use it.
 */
export async function deleteDeviceByUser(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const facts = await deviceFacts(db, { id });
  // Only a superadmin learns that the id is unknown (OpenTera: 400 "Invalid id" for anyone).
  if (!facts) throw requester.superadmin ? notFound('Invalid id') : forbidden();
  if (!(await isDeviceVisible(db, requester, id))) throw forbidden();
  const removal = deviceRemoval(requester, facts, await administeredScope(db, requester));
  switch (removal.kind) {
    case 'forbidden':
      throw forbidden();
    case 'delete': {
      // OpenTera's order: participants (the decision's own refusal), then sessions, created sessions, assets, tests.
      const refusal = deviceDeleteRefusal((await sessionTiesOf(db, 'device', [facts.id])).get(facts.id)!);
      const step: Step = (state) => {
        const events = refusedWith(DEVICE_HAS_PARTICIPANTS, deleteDevice)(state);
        if (refusal) throw new DomainError('conflict', refusal);
        return events;
      };
      return changeDevice(context, facts.uuid, [step]);
    }
    case 'unlink-projects': {
      const participants = await unlinkFacts(context, facts.id);
      return changeDevice(context, facts.uuid, removal.projectIds.map((projectId) => unlinkProject(projectId, participants)));
    }
  }
}

// ------------------------------------------------------------------------------ /api/user/devices/sites

function requireSuperadmin(requester: Requester): void {
  if (!requester.superadmin) throw forbidden();
}

async function knownDevice(context: CommandContext, requester: Requester, which: { id: number } | { uuid: string }, refusal: string): Promise<DeviceFacts> {
  const facts = await deviceFacts(context.deps.readDb, which);
  if (!facts) throw requester.superadmin ? notFound('Invalid device') : forbidden(refusal);
  return facts;
}

/** POST /devices/sites `{"device": ...}` (superadmins): the device's sites become these. Answers the added links. */
export async function replaceSitesOfDevice(context: CommandContext, requester: Requester, deviceId: number, siteIds: number[]): Promise<LinksWritten> {
  requireSuperadmin(requester);
  const facts = await knownDevice(context, requester, { id: deviceId }, 'Forbidden');
  const live = await liveSiteIds(context.deps.readDb, siteIds);
  if (siteIds.some((id) => !live.has(id))) throw notFound('Invalid site');
  const { add, remove } = scopedReplacement(facts.siteIds, siteIds, () => true);
  const participants = remove.length > 0 ? await unlinkFacts(context, facts.id) : NOTHING_KEEPS;
  const steps: Step[] = remove.map((siteId) => unlinkSite(siteId, participants));
  const links: DeviceLinkWritten[] = [];
  for (const siteId of add) {
    const linkId = await linkIdFor(context, 'site', facts.id, siteId);
    links.push({ deviceId: facts.id, otherId: siteId, linkId });
    steps.push(linkSite(siteId, linkId));
  }
  return { links, position: await changeDevice(context, facts.uuid, steps) };
}

/** A plan over several devices: every device's decision is rehearsed before the first is appended. */
async function applyToDevices(context: CommandContext, plans: { uuid: string; steps: Step[] }[]): Promise<Position | undefined> {
  for (const plan of plans) await rehearse(context, plan.uuid, plan.steps);
  const positions = tracker();
  for (const plan of plans) positions.track(await changeDevice(context, plan.uuid, plan.steps));
  return positions.last;
}

/** POST /devices/sites `{"site": ...}` (superadmins): the site's devices become these. Answers the added links. */
export async function replaceDevicesOfSite(context: CommandContext, requester: Requester, siteId: number, deviceIds: number[]): Promise<LinksWritten> {
  requireSuperadmin(requester);
  const db = context.deps.readDb;
  if (!(await liveSiteIds(db, [siteId])).has(siteId)) throw notFound('Invalid site');
  const wanted = await liveDevices(db, deviceIds);
  if (deviceIds.some((id) => !wanted.has(id))) throw notFound('Invalid device');
  const current = await devicesLinkedTo(db, 'site', siteId);
  const { add, remove } = scopedReplacement(
    current.map((d) => d.id),
    deviceIds,
    () => true,
  );
  const plans: { uuid: string; steps: Step[] }[] = [];
  for (const deviceId of remove) {
    const participants = await unlinkFacts(context, deviceId);
    plans.push({ uuid: current.find((d) => d.id === deviceId)!.uuid, steps: [unlinkSite(siteId, participants)] });
  }
  const links: DeviceLinkWritten[] = [];
  for (const deviceId of add) {
    const linkId = await linkIdFor(context, 'site', deviceId, siteId);
    links.push({ deviceId, otherId: siteId, linkId });
    plans.push({ uuid: wanted.get(deviceId)!, steps: [linkSite(siteId, linkId)] });
  }
  return { links, position: await applyToDevices(context, plans) };
}

/** One posted association: the device by id or uuid, and the site, project or participant. */
export interface PostedLink {
  deviceId?: number;
  deviceUuid?: string;
  otherId?: number;
}

/** POST /devices/sites `{"device_site": ...}` (superadmins): links each device to its site. */
export async function addDeviceSiteLinks(context: CommandContext, requester: Requester, items: PostedLink[]): Promise<LinksWritten> {
  requireSuperadmin(requester);
  if (items.some((i) => (i.deviceId === undefined && i.deviceUuid === undefined) || i.otherId === undefined)) throw invalid('Badly formatted request');
  const resolved: { facts: DeviceFacts; siteId: number }[] = [];
  for (const item of items) {
    const facts = await knownDevice(context, requester, item.deviceId !== undefined ? { id: item.deviceId } : { uuid: item.deviceUuid! }, 'Forbidden');
    if (!(await liveSiteIds(context.deps.readDb, [item.otherId!])).has(item.otherId!)) throw notFound('Invalid site');
    resolved.push({ facts, siteId: item.otherId! });
  }
  const links: DeviceLinkWritten[] = [];
  const plans: { uuid: string; steps: Step[] }[] = [];
  for (const { facts, siteId } of resolved) {
    const linkId = await linkIdFor(context, 'site', facts.id, siteId);
    links.push({ deviceId: facts.id, otherId: siteId, linkId });
    plans.push({ uuid: facts.uuid, steps: [linkSite(siteId, linkId)] });
  }
  return { links, position: await applyToDevices(context, plans) };
}

/** DELETE /devices/sites: a site admin of the link's site (so a manager of the device) unlinks it, with the device's projects there. */
export async function removeDeviceSiteLink(context: CommandContext, requester: Requester, linkId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const link = await deviceLinkById(db, 'site', linkId);
  if (!link) throw requester.superadmin ? notFound('Bad parameter') : forbidden();
  const scope = await administeredScope(db, requester);
  if (!scope.sites.has(link.otherId) || !(await isDeviceManaged(db, requester, link.deviceId))) throw forbidden();
  const participants = await unlinkFacts(context, link.deviceId);
  return changeDevice(context, link.deviceUuid, [unlinkSite(link.otherId, participants)]);
}

// ---------------------------------------------------------------------------- /api/user/devices/projects

const accessDenied = () => forbidden('Access denied');

/** The site of a live project the requester administers as site admin (OpenTera's check on every project link change). */
async function administeredProjectSite(requester: Requester, scope: AdministeredScope, siteOfProject: Map<number, number>, projectId: number): Promise<number> {
  const siteId = siteOfProject.get(projectId);
  if (siteId === undefined) throw requester.superadmin ? notFound('Invalid project') : accessDenied();
  if (!scope.sites.has(siteId)) throw accessDenied();
  return siteId;
}

/** POST /devices/projects `{"device": ...}`: the device's projects become these; every project added or removed must be on a site the requester administers. */
export async function replaceProjectsOfDevice(context: CommandContext, requester: Requester, deviceId: number, projectIds: number[]): Promise<LinksWritten> {
  const db = context.deps.readDb;
  const facts = await knownDevice(context, requester, { id: deviceId }, 'Access denied');
  if (!(await isDeviceVisible(db, requester, facts.id))) throw accessDenied();
  const scope = await administeredScope(db, requester);
  const current = facts.projects.map((p) => p.id);
  const { add, remove } = scopedReplacement(current, projectIds, () => true);
  const siteOfProject = await sitesOfProjects(db, [...add, ...remove]);
  for (const p of facts.projects) if (!siteOfProject.has(p.id)) siteOfProject.set(p.id, p.siteId);
  for (const projectId of remove) await administeredProjectSite(requester, scope, siteOfProject, projectId);
  const participants = remove.length > 0 ? await unlinkFacts(context, facts.id) : NOTHING_KEEPS;
  const steps: Step[] = remove.map((projectId) => unlinkProject(projectId, participants));
  const links: DeviceLinkWritten[] = [];
  for (const projectId of add) {
    const siteId = await administeredProjectSite(requester, scope, siteOfProject, projectId);
    if (!facts.siteIds.includes(siteId)) throw forbidden(NOT_IN_PROJECT_SITE);
    const linkId = await linkIdFor(context, 'project', facts.id, projectId);
    links.push({ deviceId: facts.id, otherId: projectId, linkId });
    steps.push(linkProject(projectId, siteId, linkId));
  }
  return { links, position: await changeDevice(context, facts.uuid, steps) };
}

/** The devices to link to a project of `siteId`: live, and already in that site. */
async function devicesInSite(context: CommandContext, requester: Requester, deviceIds: readonly number[], siteId: number): Promise<Map<number, DeviceFacts>> {
  const found = new Map<number, DeviceFacts>();
  for (const deviceId of new Set(deviceIds)) {
    const facts = await knownDevice(context, requester, { id: deviceId }, NOT_IN_PROJECT_SITE);
    if (!facts.siteIds.includes(siteId)) throw forbidden(NOT_IN_PROJECT_SITE);
    found.set(deviceId, facts);
  }
  return found;
}

/** POST /devices/projects `{"project": ...}` (a site admin of the project's site): the project's devices become these. */
export async function replaceDevicesOfProject(context: CommandContext, requester: Requester, projectId: number, deviceIds: number[]): Promise<LinksWritten> {
  const db = context.deps.readDb;
  const scope = await administeredScope(db, requester);
  const siteId = await administeredProjectSite(requester, scope, await sitesOfProjects(db, [projectId]), projectId);
  const current = await devicesLinkedTo(db, 'project', projectId);
  const { add, remove } = scopedReplacement(
    current.map((d) => d.id),
    deviceIds,
    () => true,
  );
  const plans: { uuid: string; steps: Step[] }[] = [];
  for (const deviceId of remove) {
    const participants = await unlinkFacts(context, deviceId);
    plans.push({ uuid: current.find((d) => d.id === deviceId)!.uuid, steps: [unlinkProject(projectId, participants)] });
  }
  const adding = await devicesInSite(context, requester, add, siteId);
  const links: DeviceLinkWritten[] = [];
  for (const [deviceId, facts] of adding) {
    const linkId = await linkIdFor(context, 'project', deviceId, projectId);
    links.push({ deviceId, otherId: projectId, linkId });
    plans.push({ uuid: facts.uuid, steps: [linkProject(projectId, siteId, linkId)] });
  }
  return { links, position: await applyToDevices(context, plans) };
}

/** POST /devices/projects `{"device_project": ...}`: links each device to its project (a site admin of the project's site; the device in that site). */
export async function addDeviceProjectLinks(context: CommandContext, requester: Requester, items: PostedLink[]): Promise<LinksWritten> {
  const db = context.deps.readDb;
  if (items.some((i) => (i.deviceId === undefined && i.deviceUuid === undefined) || i.otherId === undefined)) throw invalid('');
  const scope = await administeredScope(db, requester);
  const siteOfProject = await sitesOfProjects(
    db,
    items.map((i) => i.otherId!),
  );
  const resolved: { facts: DeviceFacts; projectId: number; siteId: number }[] = [];
  for (const item of items) {
    const siteId = await administeredProjectSite(requester, scope, siteOfProject, item.otherId!);
    const facts = await knownDevice(context, requester, item.deviceId !== undefined ? { id: item.deviceId } : { uuid: item.deviceUuid! }, NOT_IN_PROJECT_SITE);
    if (!facts.siteIds.includes(siteId)) throw forbidden(NOT_IN_PROJECT_SITE);
    resolved.push({ facts, projectId: item.otherId!, siteId });
  }
  const links: DeviceLinkWritten[] = [];
  const plans: { uuid: string; steps: Step[] }[] = [];
  for (const { facts, projectId, siteId } of resolved) {
    const linkId = await linkIdFor(context, 'project', facts.id, projectId);
    links.push({ deviceId: facts.id, otherId: projectId, linkId });
    plans.push({ uuid: facts.uuid, steps: [linkProject(projectId, siteId, linkId)] });
  }
  return { links, position: await applyToDevices(context, plans) };
}

/** DELETE /devices/projects: an admin of the project who manages the device (in practice a site admin) unlinks it. */
export async function removeDeviceProjectLink(context: CommandContext, requester: Requester, linkId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const link = await deviceLinkById(db, 'project', linkId);
  if (!link) throw requester.superadmin ? notFound('Not found') : forbidden();
  const scope = await administeredScope(db, requester);
  if (!scope.projects.has(link.otherId) || !(await isDeviceManaged(db, requester, link.deviceId))) throw forbidden();
  const facts = await unlinkFacts(context, link.deviceId);
  // OpenTera's messages of this endpoint: one for participants, one for sessions.
  const step: Step = (state) => {
    const events = refusedWith(PROJECT_UNLINK_REFUSED_BY_PARTICIPANTS, unlinkProject(link.otherId, { ...facts, projectsWithSessions: new Set() }))(state);
    if (events.length > 0 && facts.projectsWithSessions.has(link.otherId)) throw new DomainError('conflict', DEVICE_PROJECT_HAS_SESSIONS);
    return events;
  };
  return changeDevice(context, link.deviceUuid, [step]);
}

// ------------------------------------------------------------------------ /api/user/devices/participants

export interface ParticipantLinkWritten extends DeviceLinkWritten {
  /** False when the device and the participant were already linked. */
  created: boolean;
}

/** The participant's project, when the requester administers it. */
async function administeredParticipant(context: CommandContext, requester: Requester, participantId: number): Promise<{ id: number; projectId: number }> {
  const participant = await participantRef(context.deps.readDb, { id: participantId });
  if (!participant || (await projectRoleOf(context.deps.readDb, requester, participant.projectId)) !== 'admin') throw forbidden(NOT_PARTICIPANT_ADMIN);
  return { id: participant.id, projectId: participant.projectId };
}

/**
 * POST /devices/participants: links each device (one the requester may see) to its participant (one the
 * requester administers); the device must be in the participant's project. Every item is checked first.
 */
export async function addDeviceParticipantLinks(context: CommandContext, requester: Requester, items: PostedLink[]): Promise<{ links: ParticipantLinkWritten[]; position: Position | undefined }> {
  const db = context.deps.readDb;
  if (items.some((i) => i.deviceId === undefined || i.otherId === undefined)) throw invalid('');
  const resolved: { facts: DeviceFacts; participant: { id: number; projectId: number } }[] = [];
  for (const item of items) {
    const participant = await administeredParticipant(context, requester, item.otherId!);
    const facts = await deviceFacts(db, { id: item.deviceId! });
    if (!facts || !(await isDeviceVisible(db, requester, facts.id))) throw forbidden('Access denied to device');
    resolved.push({ facts, participant });
  }
  for (const { facts, participant } of resolved) {
    if (!facts.projects.some((p) => p.id === participant.projectId)) throw forbidden('Device not assigned to project or participant');
  }
  const positions = tracker();
  const links: ParticipantLinkWritten[] = [];
  for (const { facts, participant } of resolved) {
    const linkId = await linkIdFor(context, 'participant', facts.id, participant.id);
    const created = !facts.participantIds.includes(participant.id) && !links.some((l) => l.deviceId === facts.id && l.otherId === participant.id);
    if (created) positions.track(await linkDeviceToParticipantCommand(context, facts, participant, linkId));
    links.push({ deviceId: facts.id, otherId: participant.id, linkId, created });
  }
  return { links, position: positions.last };
}

/** DELETE /devices/participants: an admin of the participant's project who may see the device unlinks them. */
export async function removeDeviceParticipantLink(context: CommandContext, requester: Requester, linkId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const link = await deviceLinkById(db, 'participant', linkId);
  if (!link) throw requester.superadmin ? notFound('Not found') : forbidden(NOT_PARTICIPANT_ADMIN);
  await administeredParticipant(context, requester, link.otherId);
  if (!(await isDeviceVisible(db, requester, link.deviceId))) throw forbidden('Access denied to device');
  return unlinkDeviceFromParticipantCommand(context, { id: link.deviceId, uuid: link.deviceUuid }, link.otherId);
}
