// Session type administration by users (OpenTera api-user-2.md sections 11-14): who may create, change and
// delete session types and their site, project and secondary-service links, checked against the read
// models with domain/sessionTypePolicy.ts, then decided by domain/sessionType.ts. Every check of a request,
// the sessions that forbid an unlink included, runs before its first append, so a refused request changes
// nothing (OpenTera commits what came before a refusal). The changes to one type are one decision; a
// request touching several types rehearses every decision before appending any.
//
// OpenTera's side effects on services (domain.md 1.2): a SERVICE type's service is linked to the sites and
// projects the type is linked to, and a secondary service added through /sessiontypes/services to every
// site and project of its type. Those links are the service's facts, appended to its stream before the
// type's links that need them.
import type { Requester } from '../domain/access.js';
import { scopedReplacement, type AdministeredScope } from '../domain/devicePolicy.js';
import { DomainError } from '../domain/errors.js';
import {
  addSessionTypeService,
  changeSessionType,
  createSessionType,
  deleteSessionType,
  linkSessionTypeToProject,
  linkSessionTypeToSite,
  removeSessionTypeService,
  SESSION_TYPE_CATEGORIES,
  sessionType,
  unlinkSessionTypeFromProject,
  unlinkSessionTypeFromSite,
  type SessionTypeEvent,
  type SessionTypeFields,
  type SessionTypeState,
} from '../domain/sessionType.js';
import { mayChangeSessionTypeFields, sessionTypeRemoval } from '../domain/sessionTypePolicy.js';
import { administeredScope, liveSiteIds, sitesOfProjects } from '../projections/queries/devices.js';
import {
  accessibleServiceIdSet,
  accessibleSessionTypeIdSet,
  formerServiceLinkId,
  formerSessionTypeLinkId,
  liveServiceIds,
  projectsWithSessionsOfType,
  serviceFacts,
  sessionsOfTypeExist,
  sessionTypeFacts,
  sessionTypeLinkById,
  sessionTypesLinkedTo,
  type SessionTypeFacts,
  type SessionTypeLink,
} from '../projections/queries/sessionTypes.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import type { IdSequence } from './ports.js';
import { linkServiceToProjectCommand, linkServiceToSiteCommand } from './services.js';
import { changeSessionTypeCommand, readSessionType } from './sessionTypes.js';

const forbidden = (message = 'Forbidden') => new DomainError('forbidden', message);
const notFound = (message: string) => new DomainError('not-found', message);
const invalid = (message: string) => new DomainError('invalid', message);
const conflict = (message: string) => new DomainError('conflict', message);

// OpenTera's refusals, each where its endpoint gives it.
const SITE_UNLINK_REFUSED = "Can't delete session type from site: please delete all sessions of that type in the site before deleting.";
const PROJECT_UNLINK_REFUSED_BY_LIST = "Can't delete session type from project: please delete all sessions using that type in that project before deleting.";
const PROJECT_UNLINK_REFUSED = "Can't delete session type from project: please delete all sessions of that type in the project before deleting.";
const SERVICE_REMOVAL_REFUSED_BY_LIST = "Can't remove associated service from session type: please delete all sessions using that type before deleting.";
const SERVICE_REMOVAL_REFUSED_BY_SERVICE = "Can't remove session type association from service: please delete all sessions using that type before deleting.";
const SERVICE_REMOVAL_REFUSED = "Can't remove associated service from session type: please delete all sessions of that type before deleting.";
const TYPE_DELETE_REFUSED = "Can't delete session type: please delete all sessions with that type before deleting.";
const TYPE_NOT_IN_PROJECT_SITE = 'At least one session type is not associated to the site of its project';

type Step = (state: SessionTypeState) => SessionTypeEvent[];

/** The steps as one decision: each sees the state the previous ones left. */
function allOf(steps: readonly Step[]): Step {
  return (state) => {
    const events: SessionTypeEvent[] = [];
    let current = state;
    for (const step of steps) {
      const produced = step(current);
      events.push(...produced);
      current = produced.reduce(sessionType.evolve, current);
    }
    return events;
  };
}

/** What a request changes: the steps of each type, by stream uuid, in order. */
class Plan {
  readonly types = new Map<string, Step[]>();

  add(typeUuid: string, ...steps: Step[]): void {
    const list = this.types.get(typeUuid) ?? [];
    list.push(...steps);
    this.types.set(typeUuid, list);
  }
}

const TYPE_SEQUENCES: Record<SessionTypeLink, IdSequence> = { site: 'session_type_site', project: 'session_type_project', service: 'session_type_service' };

/**
 * OpenTera's association ids: a link's own while linked, its former one when linked again (OpenTera restores
 * the row), else a new one; the same pair asked twice in a request gets the same id.
 */
function linkIds(context: CommandContext) {
  const given = new Map<string, number>();
  return async (link: SessionTypeLink, typeId: number, otherId: number): Promise<number> => {
    const key = `${link}:${typeId}:${otherId}`;
    const known = given.get(key) ?? (await formerSessionTypeLinkId(context.deps.readDb, link, typeId, otherId)) ?? (await context.deps.ids.next(TYPE_SEQUENCES[link]));
    given.set(key, known);
    return known;
  };
}

// ------------------------------------------------------------------------------------------ execution

interface ServiceNeeds {
  sites: Set<number>;
  /** Project to its site. */
  projects: Map<number, number>;
}

/** The service links a decided change calls for (see the header). */
function serviceNeedsOf(before: SessionTypeState, events: readonly SessionTypeEvent[], after: SessionTypeState, linkSecondaryServices: boolean, needs: Map<number, ServiceNeeds>): void {
  if (after.status !== 'active') return;
  const need = (serviceId: number, sites: Iterable<number>, projects: Iterable<{ projectId: number; siteId: number }>) => {
    const entry = needs.get(serviceId) ?? { sites: new Set<number>(), projects: new Map<number, number>() };
    for (const site of sites) entry.sites.add(site);
    for (const p of projects) entry.projects.set(p.projectId, p.siteId);
    needs.set(serviceId, entry);
  };
  if (after.category === SESSION_TYPE_CATEGORIES.service && after.serviceId) {
    const serviceChanged =
      before.status !== 'active' || events.some((e) => e.type === 'SessionTypeChanged' && ('serviceId' in e.data || 'category' in e.data));
    if (serviceChanged) need(after.serviceId, after.sites, after.projects);
    else {
      need(
        after.serviceId,
        events.flatMap((e) => (e.type === 'SessionTypeLinkedToSite' ? [e.data.siteId] : [])),
        events.flatMap((e) => (e.type === 'SessionTypeLinkedToProject' ? [{ projectId: e.data.projectId, siteId: e.data.siteId }] : [])),
      );
    }
  }
  if (linkSecondaryServices) {
    for (const e of events) if (e.type === 'SessionTypeServiceAdded') need(e.data.serviceId, after.sites, after.projects);
  }
}

type ServiceLinkStep = () => Promise<Position | undefined>;

/** The missing service links among `needs`, to live sites and projects; a project link brings its site link first. */
async function serviceLinkSteps(context: CommandContext, needs: Map<number, ServiceNeeds>): Promise<ServiceLinkStep[]> {
  const db = context.deps.readDb;
  const steps: ServiceLinkStep[] = [];
  for (const [serviceId, need] of needs) {
    const service = await serviceFacts(db, serviceId);
    if (!service) continue;
    const liveProjects = await sitesOfProjects(db, [...need.projects.keys()]);
    const sites = new Set([...need.sites, ...liveProjects.values()]);
    const liveSites = await liveSiteIds(db, [...sites]);
    for (const siteId of sites) {
      if (!liveSites.has(siteId) || service.siteIds.includes(siteId)) continue;
      const linkId = await formerServiceLinkId(db, 'site', serviceId, siteId);
      steps.push(() => linkServiceToSiteCommand(context, service.uuid, siteId, linkId));
    }
    for (const [projectId, siteId] of liveProjects) {
      if (service.projectIds.includes(projectId)) continue;
      const linkId = await formerServiceLinkId(db, 'project', serviceId, projectId);
      steps.push(() => linkServiceToProjectCommand(context, service.uuid, { id: projectId, siteId }, linkId));
    }
  }
  return steps;
}

/**
 * Decides every type's change on its current stream (a refusal throws before anything is written), appends
 * the service links they call for, then the types' events. Answers the last position written.
 */
async function execute(context: CommandContext, plan: Plan, options: { linkSecondaryServices: boolean } = { linkSecondaryServices: false }): Promise<Position | undefined> {
  const needs = new Map<number, ServiceNeeds>();
  for (const [uuid, steps] of plan.types) {
    const before = await readSessionType(context, uuid);
    const events = allOf(steps)(before);
    serviceNeedsOf(before, events, events.reduce(sessionType.evolve, before), options.linkSecondaryServices, needs);
  }
  let last: Position | undefined;
  const track = (position: Position | undefined) => {
    if (position !== undefined) last = position;
  };
  for (const step of await serviceLinkSteps(context, needs)) track(await step());
  for (const [uuid, steps] of plan.types) track(await changeSessionTypeCommand(context, uuid, allOf(steps)));
  return last;
}

// ------------------------------------------------------------------------------------ shared checks

/** The refusals of unlinks that sessions of the type forbid (OpenTera's integrity checks). */
async function refuseSiteUnlinks(context: CommandContext, facts: SessionTypeFacts, siteIds: readonly number[], message = SITE_UNLINK_REFUSED): Promise<void> {
  if (siteIds.length === 0) return;
  const projects = facts.projects.filter((p) => siteIds.includes(p.siteId)).map((p) => p.id);
  if ((await projectsWithSessionsOfType(context.deps.readDb, facts.id, projects)).size > 0) throw conflict(message);
}

async function refuseProjectUnlinks(context: CommandContext, typeId: number, projectIds: readonly number[], message: string): Promise<void> {
  if ((await projectsWithSessionsOfType(context.deps.readDb, typeId, projectIds)).size > 0) throw conflict(message);
}

async function refuseServiceRemovals(context: CommandContext, typeId: number, serviceIds: readonly number[], message: string): Promise<void> {
  if (serviceIds.length > 0 && (await sessionsOfTypeExist(context.deps.readDb, typeId))) throw conflict(message);
}

/** A live type the requester manages the links of (one linked to a site it administers), or OpenTera's refusal. */
async function managedType(context: CommandContext, requester: Requester, typeId: number, refusal: string): Promise<SessionTypeFacts> {
  const facts = await sessionTypeFacts(context.deps.readDb, typeId);
  if (!facts) throw requester.superadmin ? notFound('Invalid session type') : forbidden(refusal);
  if (!(await accessibleSessionTypeIdSet(context.deps.readDb, requester, true)).has(typeId)) throw forbidden(refusal);
  return facts;
}

/** The facts of each type, read once per request. */
function typeFactsCache(context: CommandContext) {
  const known = new Map<number, SessionTypeFacts | undefined>();
  return async (typeId: number): Promise<SessionTypeFacts | undefined> => {
    if (!known.has(typeId)) known.set(typeId, await sessionTypeFacts(context.deps.readDb, typeId));
    return known.get(typeId);
  };
}

const linkSite = (siteId: number, linkId: number): Step => (state) => linkSessionTypeToSite(state, { siteId, linkId });
const linkProject = (projectId: number, siteOfProject: number, linkId: number): Step => (state) => linkSessionTypeToProject(state, { projectId, linkId }, { siteOfProject });
const addService = (serviceId: number, linkId: number): Step => (state) => addSessionTypeService(state, { serviceId, linkId });
const unlinkSite = (siteId: number): Step => (state) => unlinkSessionTypeFromSite(state, siteId);
const unlinkProject = (projectId: number): Step => (state) => unlinkSessionTypeFromProject(state, projectId);
const removeService = (serviceId: number): Step => (state) => removeSessionTypeService(state, serviceId);

// ---------------------------------------------------------------------------- POST /api/user/sessiontypes

export interface SaveSessionTypeRequest {
  /** 0 creates. */
  id: number;
  /** The posted fields; absent ones are left alone (update) or required (create). `serviceId` 0 means none. */
  fields: Partial<SessionTypeFields>;
  /** OpenTera's `session_type_sites`, `session_type_projects`, `session_type_services` (secondary services). */
  sites?: number[];
  projects?: number[];
  services?: number[];
}

export interface SessionTypeWriteResult {
  id: number;
  position: Position | undefined;
}

/**
 * POST /api/user/sessiontypes: create (a superadmin, or anyone listing sites it administers) or update (a
 * type linked to a site the requester administers; its own fields only by an admin of all its sites) a
 * session type, with its site, project and secondary-service lists. OpenTera's checks, in its order.
 */
export async function saveSessionType(context: CommandContext, requester: Requester, request: SaveSessionTypeRequest): Promise<SessionTypeWriteResult> {
  const db = context.deps.readDb;
  let facts: SessionTypeFacts | undefined;
  if (request.id > 0) facts = await managedType(context, requester, request.id, 'Forbidden');
  else if (!requester.superadmin && (request.sites === undefined || request.sites.length === 0)) throw invalid('Missing site(s) to associate that session type to');

  const { fields } = request;
  const category = fields.category ?? facts?.category;
  const serviceOfType = category === SESSION_TYPE_CATEGORIES.service ? (fields.serviceId !== undefined ? fields.serviceId : facts?.serviceId) : fields.serviceId;
  if (category === SESSION_TYPE_CATEGORIES.service && !serviceOfType) throw invalid('Missing id_service for session type of type service');
  if (serviceOfType && !(await accessibleServiceIdSet(db, requester)).has(serviceOfType)) throw requester.superadmin ? notFound('Invalid service') : forbidden();

  const scope = await administeredScope(db, requester);
  await checkListedLinks(context, requester, scope, request);
  const adminServices = request.services ? await accessibleServiceIdSet(db, requester, true) : new Set<number>();
  if (request.services) {
    for (const serviceId of request.services) {
      if (!adminServices.has(serviceId)) throw requester.superadmin ? notFound('Invalid service') : forbidden('No service admin access for at a least one service in the list');
    }
  }

  const siteOfProject = await sitesOfProjects(db, request.projects ?? []);
  if (!facts) return createType(context, request, siteOfProject);

  const ids = linkIds(context);
  const current = facts;
  const mayChangeFields = mayChangeSessionTypeFields(requester, { siteIds: current.siteIds, projectIds: current.projects.map((p) => p.id) }, scope);
  const steps: Step[] = [
    (state) => {
      const changes = changeSessionType(state, fields);
      if (changes.length > 0 && !mayChangeFields) throw forbidden();
      return changes;
    },
  ];
  const sites = request.sites ? scopedReplacement(current.siteIds, request.sites, (id) => scope.sites.has(id)) : { add: [], remove: [] };
  const projects = request.projects
    ? scopedReplacement(
        current.projects.map((p) => p.id),
        request.projects,
        (id) => scope.projects.has(id),
      )
    : { add: [], remove: [] };
  const services = request.services ? scopedReplacement(current.serviceIds, request.services, (id) => adminServices.has(id)) : { add: [], remove: [] };
  await refuseSiteUnlinks(context, current, sites.remove);
  await refuseProjectUnlinks(context, current.id, projects.remove, PROJECT_UNLINK_REFUSED_BY_LIST);
  await refuseServiceRemovals(context, current.id, services.remove, SERVICE_REMOVAL_REFUSED_BY_LIST);
  for (const siteId of sites.add) steps.push(linkSite(siteId, await ids('site', current.id, siteId)));
  steps.push(...sites.remove.map(unlinkSite));
  for (const projectId of projects.add) steps.push(linkProject(projectId, siteOfProject.get(projectId)!, await ids('project', current.id, projectId)));
  steps.push(...projects.remove.map(unlinkProject));
  for (const serviceId of services.add) steps.push(addService(serviceId, await ids('service', current.id, serviceId)));
  steps.push(...services.remove.map(removeService));
  const plan = new Plan();
  plan.add(current.uuid, ...steps);
  return { id: current.id, position: await execute(context, plan) };
}

/** The listed sites and projects, each administered by the requester (OpenTera's checks and messages). */
async function checkListedLinks(context: CommandContext, requester: Requester, scope: AdministeredScope, request: SaveSessionTypeRequest): Promise<void> {
  for (const siteId of request.sites ?? []) {
    if (!scope.sites.has(siteId)) throw requester.superadmin ? notFound('Invalid site') : forbidden('No site admin access for at least one site in the list');
  }
  const { category, serviceId } = request.fields;
  // OpenTera's own condition: both posted, and only for non-superadmins (who may not bring a service to a site).
  if (request.sites && !requester.superadmin && category === SESSION_TYPE_CATEGORIES.service && serviceId) {
    const service = await serviceFacts(context.deps.readDb, serviceId);
    if (!service || request.sites.some((siteId) => !service.siteIds.includes(siteId))) throw forbidden("At least one site isn't associated with the service of that session type");
  }
  for (const projectId of request.projects ?? []) {
    if (!scope.projects.has(projectId)) throw requester.superadmin ? notFound('Invalid project') : forbidden('No project admin access for at a least one project in the list');
  }
}

const REQUIRED_ON_CREATE: readonly [keyof SessionTypeFields, string][] = [
  ['name', 'session_type_name'],
  ['online', 'session_type_online'],
  ['color', 'session_type_color'],
  ['category', 'session_type_category'],
];

async function createType(context: CommandContext, request: SaveSessionTypeRequest, siteOfProject: Map<number, number>): Promise<SessionTypeWriteResult> {
  const { fields } = request;
  for (const [field, column] of REQUIRED_ON_CREATE) if (fields[field] === undefined) throw invalid(`Missing ${column}`);
  const values: SessionTypeFields = {
    name: fields.name!,
    online: fields.online!,
    config: fields.config ?? null,
    color: fields.color!,
    category: fields.category!,
    serviceId: fields.serviceId ?? null,
  };
  // Decided once before the id is allocated, so that a refused creation spends none.
  createSessionType(sessionType.initial, { ...values, id: 0, uuid: '' });
  const { deps } = context;
  const id = await deps.ids.next('session_type');
  const uuid = deps.newUuid();
  const ids = linkIds(context);
  const steps: Step[] = [(state) => createSessionType(state, { ...values, id, uuid })];
  for (const siteId of new Set(request.sites ?? [])) steps.push(linkSite(siteId, await ids('site', id, siteId)));
  for (const projectId of new Set(request.projects ?? [])) steps.push(linkProject(projectId, siteOfProject.get(projectId)!, await ids('project', id, projectId)));
  for (const serviceId of new Set(request.services ?? [])) steps.push(addService(serviceId, await ids('service', id, serviceId)));
  const plan = new Plan();
  plan.add(uuid, ...steps);
  return { id, position: await execute(context, plan) };
}

// -------------------------------------------------------------------------- DELETE /api/user/sessiontypes

/**
 * DELETE /api/user/sessiontypes: a type the requester may see, deleted under domain/sessionTypePolicy.ts's
 * rule; refused while sessions of the type exist (OpenTera: 500).
 */
export async function deleteSessionTypeByUser(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const facts = await sessionTypeFacts(db, id);
  // Only a superadmin learns that the id is unknown (OpenTera: 500 for anyone).
  if (!facts) throw requester.superadmin ? notFound('Invalid session type') : forbidden();
  if (!(await accessibleSessionTypeIdSet(db, requester)).has(id)) throw forbidden();
  const removal = sessionTypeRemoval(requester, { siteIds: facts.siteIds, projectIds: facts.projects.map((p) => p.id) }, await administeredScope(db, requester));
  if (!removal.allowed) throw forbidden(removal.reason);
  if (await sessionsOfTypeExist(db, id)) throw conflict(TYPE_DELETE_REFUSED);
  const plan = new Plan();
  plan.add(facts.uuid, (state) => deleteSessionType(state));
  return execute(context, plan);
}

// ------------------------------------------------------------------------------------ link endpoints

/** One association as OpenTera's link POSTs answer it. */
export interface SessionTypeLinkWritten {
  typeId: number;
  otherId: number;
  linkId: number;
}

export interface LinksWritten {
  links: SessionTypeLinkWritten[];
  position: Position | undefined;
}

/** One posted association item: the type and the site, project or service, either possibly missing. */
export interface PostedLink {
  typeId?: number;
  otherId?: number;
}

function requireComplete(items: readonly PostedLink[]): { typeId: number; otherId: number }[] {
  if (items.some((i) => i.typeId === undefined || i.otherId === undefined)) throw invalid('Badly formatted request');
  return items as { typeId: number; otherId: number }[];
}

/** Adds each item's link to the plan (a link already there keeps its id), answering them in order. */
async function addLinks(
  context: CommandContext,
  plan: Plan,
  link: SessionTypeLink,
  items: readonly { facts: SessionTypeFacts; otherId: number; siteId?: number }[],
): Promise<SessionTypeLinkWritten[]> {
  const ids = linkIds(context);
  const written: SessionTypeLinkWritten[] = [];
  for (const { facts, otherId, siteId } of items) {
    const linkId = await ids(link, facts.id, otherId);
    written.push({ typeId: facts.id, otherId, linkId });
    plan.add(facts.uuid, link === 'site' ? linkSite(otherId, linkId) : link === 'project' ? linkProject(otherId, siteId!, linkId) : addService(otherId, linkId));
  }
  return written;
}

// ---------------------------------------------------------------------- /api/user/sessiontypes/projects

/**
 * The items to link to projects: each project administered by the requester (OpenTera's "Forbidden"), each
 * type linked to its project's site (which also hides the types of other sites).
 */
async function resolveProjectItems(context: CommandContext, requester: Requester, scope: AdministeredScope, items: readonly { typeId: number; otherId: number }[]) {
  const siteOfProject = await sitesOfProjects(
    context.deps.readDb,
    items.map((i) => i.otherId),
  );
  const factsOf = typeFactsCache(context);
  const resolved: { facts: SessionTypeFacts; otherId: number; siteId: number }[] = [];
  for (const item of items) {
    const siteId = siteOfProject.get(item.otherId);
    if (siteId === undefined && requester.superadmin) throw notFound('Invalid project');
    if (siteId === undefined || !scope.projects.has(item.otherId)) throw forbidden();
    const facts = await factsOf(item.typeId);
    if (!facts?.siteIds.includes(siteId)) throw forbidden(TYPE_NOT_IN_PROJECT_SITE);
    resolved.push({ facts, otherId: item.otherId, siteId });
  }
  return resolved;
}

/** POST /sessiontypes/projects `{"session_type": ...}`: the type's projects become these, within the projects the requester administers. */
export async function replaceProjectsOfSessionType(context: CommandContext, requester: Requester, typeId: number, projectIds: number[]): Promise<LinksWritten> {
  const facts = await managedType(context, requester, typeId, 'Access denied');
  const scope = await administeredScope(context.deps.readDb, requester);
  const { add, remove } = scopedReplacement(
    facts.projects.map((p) => p.id),
    projectIds,
    (id) => scope.projects.has(id),
  );
  await refuseProjectUnlinks(context, facts.id, remove, PROJECT_UNLINK_REFUSED_BY_LIST);
  const resolved = await resolveProjectItems(
    context,
    requester,
    scope,
    add.map((otherId) => ({ typeId, otherId })),
  );
  const plan = new Plan();
  plan.add(facts.uuid, ...remove.map(unlinkProject));
  const links = await addLinks(context, plan, 'project', resolved);
  return { links, position: await execute(context, plan) };
}

/** POST /sessiontypes/projects `{"project": ...}` (an admin of the project): the project's types become these. */
export async function replaceSessionTypesOfProject(context: CommandContext, requester: Requester, projectId: number, typeIds: number[]): Promise<LinksWritten> {
  const db = context.deps.readDb;
  const scope = await administeredScope(db, requester);
  if (!scope.projects.has(projectId)) throw requester.superadmin ? notFound('Invalid project') : forbidden('Access denied');
  const { add, remove } = scopedReplacement(await sessionTypesLinkedTo(db, 'project', projectId), typeIds, () => true);
  const plan = new Plan();
  const factsOf = typeFactsCache(context);
  for (const typeId of remove) {
    await refuseProjectUnlinks(context, typeId, [projectId], PROJECT_UNLINK_REFUSED_BY_LIST);
    plan.add((await factsOf(typeId))!.uuid, unlinkProject(projectId));
  }
  const resolved = await resolveProjectItems(
    context,
    requester,
    scope,
    add.map((typeId) => ({ typeId, otherId: projectId })),
  );
  const links = await addLinks(context, plan, 'project', resolved);
  return { links, position: await execute(context, plan) };
}

/** POST /sessiontypes/projects `{"session_type_project": ...}`: links each type to its project. */
export async function addSessionTypeProjectLinks(context: CommandContext, requester: Requester, items: PostedLink[]): Promise<LinksWritten> {
  const complete = requireComplete(items);
  const resolved = await resolveProjectItems(context, requester, await administeredScope(context.deps.readDb, requester), complete);
  const plan = new Plan();
  const links = await addLinks(context, plan, 'project', resolved);
  return { links, position: await execute(context, plan) };
}

/**
 * DELETE /sessiontypes/projects: an admin of the link's project, who manages the type's links, unlinks it
 * (OpenTera checks the type only, so a site admin could unlink the type from another site's project).
 */
export async function removeSessionTypeProjectLink(context: CommandContext, requester: Requester, linkId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const link = await sessionTypeLinkById(db, 'project', linkId);
  if (!link) throw requester.superadmin ? notFound('Not found') : forbidden('Access denied');
  const facts = await managedType(context, requester, link.typeId, 'Access denied');
  if (!(await administeredScope(db, requester)).projects.has(link.otherId)) throw forbidden('Access denied');
  await refuseProjectUnlinks(context, link.typeId, [link.otherId], PROJECT_UNLINK_REFUSED);
  const plan = new Plan();
  plan.add(facts.uuid, unlinkProject(link.otherId));
  return execute(context, plan);
}

// ------------------------------------------------------------------------- /api/user/sessiontypes/sites

/**
 * The items to link to sites: each site administered by the requester (OpenTera's "Forbidden"), each type
 * one the requester may see (OpenTera takes any type, which reveals other sites' types).
 */
async function resolveSiteItems(context: CommandContext, requester: Requester, scope: AdministeredScope, items: readonly { typeId: number; otherId: number }[]) {
  const db = context.deps.readDb;
  const live = await liveSiteIds(
    db,
    items.map((i) => i.otherId),
  );
  const visible = await accessibleSessionTypeIdSet(db, requester);
  const factsOf = typeFactsCache(context);
  const resolved: { facts: SessionTypeFacts; otherId: number }[] = [];
  for (const item of items) {
    if (!live.has(item.otherId) && requester.superadmin) throw notFound('Invalid site');
    if (!scope.sites.has(item.otherId)) throw forbidden();
    const facts = await factsOf(item.typeId);
    if (!facts) throw requester.superadmin ? notFound('Invalid session type') : forbidden();
    if (!visible.has(item.typeId)) throw forbidden();
    resolved.push({ facts, otherId: item.otherId });
  }
  return resolved;
}

/** POST /sessiontypes/sites `{"session_type": ...}`: the type's sites become these, within the sites the requester administers. */
export async function replaceSitesOfSessionType(context: CommandContext, requester: Requester, typeId: number, siteIds: number[]): Promise<LinksWritten> {
  const facts = await managedType(context, requester, typeId, 'Access denied');
  const scope = await administeredScope(context.deps.readDb, requester);
  const { add, remove } = scopedReplacement(facts.siteIds, siteIds, (id) => scope.sites.has(id));
  await refuseSiteUnlinks(context, facts, remove);
  const resolved = await resolveSiteItems(
    context,
    requester,
    scope,
    add.map((otherId) => ({ typeId, otherId })),
  );
  const plan = new Plan();
  plan.add(facts.uuid, ...remove.map(unlinkSite));
  const links = await addLinks(context, plan, 'site', resolved);
  return { links, position: await execute(context, plan) };
}

/** POST /sessiontypes/sites `{"site": ...}` (an admin of the site): the site's types become these. */
export async function replaceSessionTypesOfSite(context: CommandContext, requester: Requester, siteId: number, typeIds: number[]): Promise<LinksWritten> {
  const db = context.deps.readDb;
  const scope = await administeredScope(db, requester);
  if (!scope.sites.has(siteId)) throw requester.superadmin ? notFound('Invalid site') : forbidden('Access denied');
  const { add, remove } = scopedReplacement(await sessionTypesLinkedTo(db, 'site', siteId), typeIds, () => true);
  const plan = new Plan();
  const factsOf = typeFactsCache(context);
  for (const typeId of remove) {
    const facts = (await factsOf(typeId))!;
    await refuseSiteUnlinks(context, facts, [siteId]);
    plan.add(facts.uuid, unlinkSite(siteId));
  }
  const resolved = await resolveSiteItems(
    context,
    requester,
    scope,
    add.map((typeId) => ({ typeId, otherId: siteId })),
  );
  const links = await addLinks(context, plan, 'site', resolved);
  return { links, position: await execute(context, plan) };
}

/** POST /sessiontypes/sites `{"session_type_site": ...}`: links each type to its site. */
export async function addSessionTypeSiteLinks(context: CommandContext, requester: Requester, items: PostedLink[]): Promise<LinksWritten> {
  const complete = requireComplete(items);
  const resolved = await resolveSiteItems(context, requester, await administeredScope(context.deps.readDb, requester), complete);
  const plan = new Plan();
  const links = await addLinks(context, plan, 'site', resolved);
  return { links, position: await execute(context, plan) };
}

/** DELETE /sessiontypes/sites: an admin of the link's site unlinks it, with the type's projects there. */
export async function removeSessionTypeSiteLink(context: CommandContext, requester: Requester, linkId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const link = await sessionTypeLinkById(db, 'site', linkId);
  if (!link) throw requester.superadmin ? notFound('Bad parameter') : forbidden();
  if (!(await administeredScope(db, requester)).sites.has(link.otherId)) throw forbidden();
  const facts = (await sessionTypeFacts(db, link.typeId))!;
  await refuseSiteUnlinks(context, facts, [link.otherId]);
  const plan = new Plan();
  plan.add(facts.uuid, unlinkSite(link.otherId));
  return execute(context, plan);
}

// ---------------------------------------------------------------------- /api/user/sessiontypes/services

/**
 * The items to add as secondary services: each service administered by the requester (OpenTera's
 * "Forbidden"), each type one whose links it manages (OpenTera takes any type).
 */
async function resolveServiceItems(context: CommandContext, requester: Requester, items: readonly { typeId: number; otherId: number }[]) {
  const db = context.deps.readDb;
  const adminServices = await accessibleServiceIdSet(db, requester, true);
  const adminTypes = await accessibleSessionTypeIdSet(db, requester, true);
  const live = await liveServiceIds(
    db,
    items.map((i) => i.otherId),
  );
  const factsOf = typeFactsCache(context);
  const resolved: { facts: SessionTypeFacts; otherId: number }[] = [];
  for (const item of items) {
    if (!adminServices.has(item.otherId)) throw requester.superadmin && !live.has(item.otherId) ? notFound('Invalid service') : forbidden();
    const facts = await factsOf(item.typeId);
    if (!facts) throw requester.superadmin ? notFound('Invalid session type') : forbidden();
    if (!adminTypes.has(item.typeId)) throw forbidden();
    resolved.push({ facts, otherId: item.otherId });
  }
  return resolved;
}

/**
 * POST /sessiontypes/services `{"session_type": ...}`: the type's secondary services become these, within the
 * services the requester administers. As OpenTera, every listed service is answered, linked before or not.
 */
export async function replaceServicesOfSessionType(context: CommandContext, requester: Requester, typeId: number, serviceIds: number[]): Promise<LinksWritten> {
  const facts = await managedType(context, requester, typeId, 'Access denied');
  const adminServices = await accessibleServiceIdSet(context.deps.readDb, requester, true);
  const { remove } = scopedReplacement(facts.serviceIds, serviceIds, (id) => adminServices.has(id));
  await refuseServiceRemovals(context, facts.id, remove, SERVICE_REMOVAL_REFUSED_BY_LIST);
  const resolved = await resolveServiceItems(
    context,
    requester,
    serviceIds.map((otherId) => ({ typeId, otherId })),
  );
  const plan = new Plan();
  plan.add(facts.uuid, ...remove.map(removeService));
  const links = await addLinks(context, plan, 'service', resolved);
  return { links, position: await execute(context, plan, { linkSecondaryServices: true }) };
}

/**
 * POST /sessiontypes/services `{"service": ...}` (an admin of the service): the service's types become these,
 * among the types whose links the requester manages (OpenTera replaces them all, other sites' types too).
 */
export async function replaceSessionTypesOfService(context: CommandContext, requester: Requester, serviceId: number, typeIds: number[]): Promise<LinksWritten> {
  const db = context.deps.readDb;
  if (!(await accessibleServiceIdSet(db, requester, true)).has(serviceId)) throw requester.superadmin ? notFound('Invalid service') : forbidden('Access denied');
  const adminTypes = await accessibleSessionTypeIdSet(db, requester, true);
  const { add, remove } = scopedReplacement(await sessionTypesLinkedTo(db, 'service', serviceId), typeIds, (id) => adminTypes.has(id));
  const plan = new Plan();
  const factsOf = typeFactsCache(context);
  for (const typeId of remove) {
    await refuseServiceRemovals(context, typeId, [serviceId], SERVICE_REMOVAL_REFUSED_BY_SERVICE);
    plan.add((await factsOf(typeId))!.uuid, removeService(serviceId));
  }
  const resolved = await resolveServiceItems(
    context,
    requester,
    add.map((typeId) => ({ typeId, otherId: serviceId })),
  );
  const links = await addLinks(context, plan, 'service', resolved);
  return { links, position: await execute(context, plan, { linkSecondaryServices: true }) };
}

/** POST /sessiontypes/services `{"session_type_service": ...}`: adds each secondary service to its type. */
export async function addSessionTypeServiceLinks(context: CommandContext, requester: Requester, items: PostedLink[]): Promise<LinksWritten> {
  const resolved = await resolveServiceItems(context, requester, requireComplete(items));
  const plan = new Plan();
  const links = await addLinks(context, plan, 'service', resolved);
  return { links, position: await execute(context, plan, { linkSecondaryServices: true }) };
}

/** DELETE /sessiontypes/services: removes a secondary service (a type whose links and a service the requester administers). */
export async function removeSessionTypeServiceLink(context: CommandContext, requester: Requester, linkId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const link = await sessionTypeLinkById(db, 'service', linkId);
  if (!link) throw requester.superadmin ? notFound('Not found') : forbidden('Access denied');
  const facts = await managedType(context, requester, link.typeId, 'Access denied');
  if (!(await accessibleServiceIdSet(db, requester, true)).has(link.otherId)) throw forbidden('Access denied');
  await refuseServiceRemovals(context, link.typeId, [link.otherId], SERVICE_REMOVAL_REFUSED);
  const plan = new Plan();
  plan.add(facts.uuid, removeService(link.otherId));
  return execute(context, plan);
}
