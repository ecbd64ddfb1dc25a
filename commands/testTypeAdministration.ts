// Test type administration by a user (OpenTera's POST and DELETE /api/user/testtypes, /testtypes/projects and
// /testtypes/sites): who may, checked against the read models, then the aggregate commands of
// commands/testTypes.ts. Everything is checked before the first write, so a refused request changes nothing
// (OpenTera commits some removals before it validates the additions). Differences from OpenTera, each in
// docs/compat.md:
// - changing or deleting a type needs the requester to administer a site the type is linked to (every one of
//   them to delete it); OpenTera lets anyone who reaches a service with a role named `admin` change or delete
//   its types;
// - linking a type to a site or a project needs the requester to see the type (OpenTera lets a site admin
//   link any type, which then grants it the type and, through the service OpenTera links along, the service);
// - a refused unlink or delete (tests of the type there) is 409, not 500;
// - the type's service follows the type to the project's site too, where OpenTera fails with 500.
import type { Requester } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import type { TestTypeFields } from '../domain/testType.js';
import { administeredScope, sitesOfProjects } from '../projections/queries/devices.js';
import { formerServiceLinkId, serviceFacts, accessibleServiceIdSet } from '../projections/queries/sessionTypes.js';
import {
  formerTestTypeLinkId,
  isTestTypeAccessible,
  projectsWithTestsOfType,
  testsOfTypeExist,
  testTypeFacts,
  testTypeIdWithKey,
  testTypeLinkById,
  testTypesLinkedTo,
  type TestTypeFacts,
} from '../projections/queries/testTypes.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { linkServiceToProjectCommand, linkServiceToSiteCommand } from './services.js';
import {
  changeTestTypeCommand,
  createTestTypeCommand,
  deleteTestTypeCommand,
  linkTestTypeToProjectCommand,
  linkTestTypeToSiteCommand,
  unlinkTestTypeFromProjectCommand,
  unlinkTestTypeFromSiteCommand,
} from './testTypes.js';

const invalid = (message: string) => new DomainError('invalid', message);
const forbidden = (message = 'Forbidden') => new DomainError('forbidden', message);
const notFound = (message: string) => new DomainError('not-found', message);
const conflict = (message: string) => new DomainError('conflict', message);

const PROJECT_HAS_TESTS = "Can't delete test type from project: please delete all tests of that type in the project before deleting.";
const SITE_HAS_TESTS = "Can't delete test type from site: please delete all tests of that type in the site before deleting.";

export interface WriteResult {
  id: number;
  position: Position | undefined;
}

class Positions {
  last: Position | undefined;
  keep(position: Position | undefined): void {
    this.last = position ?? this.last;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shared steps

/** Each link once: a link posted twice is made once. */
function uniquePairs<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

/** Refuses (409) when one of the projects has tests of the type. */
async function checkProjectsFreeOfTests(context: CommandContext, typeId: number, projectIds: readonly number[], message: string): Promise<void> {
  if ((await projectsWithTestsOfType(context.deps.readDb, typeId, projectIds)).size > 0) throw conflict(message);
}

/** The projects of the type in these sites: what unlinking the sites takes with it. */
function projectsInSites(facts: TestTypeFacts, siteIds: readonly number[]): number[] {
  return facts.projects.filter((p) => siteIds.includes(p.siteId)).map((p) => p.projectId);
}

/** OpenTera links a type's service where the type is linked (its `check_integrity`); a project needs its site first. */
async function linkServiceAlong(context: CommandContext, serviceId: number, where: { siteId: number } | { projectId: number; siteId: number }, positions: Positions): Promise<void> {
  const db = context.deps.readDb;
  const service = await serviceFacts(db, serviceId);
  if (!service) return;
  if (!service.siteIds.includes(where.siteId)) {
    positions.keep(await linkServiceToSiteCommand(context, service.uuid, where.siteId, await formerServiceLinkId(db, 'site', serviceId, where.siteId)));
  }
  if ('projectId' in where && !service.projectIds.includes(where.projectId)) {
    positions.keep(await linkServiceToProjectCommand(context, service.uuid, { id: where.projectId, siteId: where.siteId }, await formerServiceLinkId(db, 'project', serviceId, where.projectId)));
  }
}

async function addSiteLink(context: CommandContext, type: { id: number; uuid: string; serviceId: number }, siteId: number, positions: Positions): Promise<number> {
  const db = context.deps.readDb;
  const linkId = (await formerTestTypeLinkId(db, 'site', type.id, siteId)) ?? (await context.deps.ids.next('test_type_site'));
  positions.keep(await linkTestTypeToSiteCommand(context, type.uuid, siteId, linkId));
  await linkServiceAlong(context, type.serviceId, { siteId }, positions);
  return linkId;
}

async function addProjectLink(context: CommandContext, type: { id: number; uuid: string; serviceId: number }, project: { id: number; siteId: number }, positions: Positions): Promise<number> {
  const db = context.deps.readDb;
  const linkId = (await formerTestTypeLinkId(db, 'project', type.id, project.id)) ?? (await context.deps.ids.next('test_type_project'));
  positions.keep(await linkTestTypeToProjectCommand(context, type.uuid, project, linkId));
  await linkServiceAlong(context, type.serviceId, { projectId: project.id, siteId: project.siteId }, positions);
  return linkId;
}

/** The site of each posted project; an unknown project is refused like one the requester does not administer. */
async function projectSites(context: CommandContext, projectIds: readonly number[], refusal: () => DomainError): Promise<Map<number, number>> {
  const sites = await sitesOfProjects(context.deps.readDb, projectIds);
  if (projectIds.some((id) => !sites.has(id))) throw refusal();
  return sites;
}

// ---------------------------------------------------------------------------------------------------------
// POST /testtypes

export interface TestTypeInput {
  /** 0 creates a type. */
  id: number;
  fields: Partial<TestTypeFields>;
  /** `test_type_sites`, when posted. */
  sites?: number[];
  /** `test_type_projects`, when posted. */
  projects?: number[];
}

export async function saveTestType(context: CommandContext, requester: Requester, input: TestTypeInput): Promise<WriteResult> {
  const db = context.deps.readDb;
  const creating = input.id === 0;
  if (creating && !requester.superadmin && input.projects === undefined) throw invalid('Missing project(s) to associate that test type to');
  let current: TestTypeFacts | undefined;
  if (!creating) {
    current = await testTypeFacts(db, input.id);
    if (!current) throw requester.superadmin ? notFound('Test type not found') : forbidden();
    if (!(await isTestTypeAccessible(db, requester, current.id, true))) throw forbidden();
  }
  const serviceId = input.fields.serviceId ?? current?.serviceId;
  if (serviceId === undefined || !(await accessibleServiceIdSet(db, requester, true)).has(serviceId)) throw forbidden();
  if (creating && (input.fields.name === undefined || input.fields.name.trim() === '')) throw invalid('Missing test_type_name');
  const key = input.fields.key?.trim();
  if (key) {
    const holder = await testTypeIdWithKey(db, key);
    if (holder !== undefined && holder !== current?.id) throw conflict('Test type key already exists');
  }

  const scope = await administeredScope(db, requester);
  const sites = input.sites === undefined ? undefined : [...new Set(input.sites)];
  if (sites) {
    if (sites.some((s) => !scope.sites.has(s))) throw forbidden('No site admin access for at least one site in the list');
    if (!requester.superadmin && input.fields.serviceId !== undefined) {
      const service = await serviceFacts(db, input.fields.serviceId);
      if (sites.some((s) => !service?.siteIds.includes(s))) throw forbidden("At least one site isn't associated with the service of that test type");
    }
  }
  const projects = input.projects === undefined ? undefined : [...new Set(input.projects)];
  if (projects && projects.some((p) => !scope.projects.has(p))) throw forbidden('No project admin access for at a least one project in the list');
  const projectSite = projects ? await projectSites(context, projects, () => forbidden('No project admin access for at a least one project in the list')) : new Map<number, number>();

  // The links after this request: listed ones added; on update, the administered ones not listed removed.
  const currentSites = current?.siteIds ?? [];
  const currentProjects = current?.projects.map((p) => p.projectId) ?? [];
  const sitesToAdd = sites ? sites.filter((s) => !currentSites.includes(s)) : [];
  const sitesToRemove = sites ? currentSites.filter((s) => scope.sites.has(s) && !sites.includes(s)) : [];
  const sitesAfter = [...currentSites.filter((s) => !sitesToRemove.includes(s)), ...sitesToAdd];
  const projectsToAdd = projects ? projects.filter((p) => !currentProjects.includes(p)) : [];
  // Unlinking a site takes the type's projects there with it.
  const projectsGoneWithSites = current ? projectsInSites(current, sitesToRemove) : [];
  const projectsToRemove = projects ? currentProjects.filter((p) => scope.projects.has(p) && !projects.includes(p) && !projectsGoneWithSites.includes(p)) : [];
  if (projectsToAdd.some((p) => !sitesAfter.includes(projectSite.get(p)!))) {
    throw invalid(creating || sites ? 'Test type not associated to project site' : 'Session type not associated to project site');
  }
  if (current) {
    await checkProjectsFreeOfTests(context, current.id, projectsGoneWithSites, SITE_HAS_TESTS);
    await checkProjectsFreeOfTests(context, current.id, projectsToRemove, PROJECT_HAS_TESTS);
  }

  const positions = new Positions();
  let type: { id: number; uuid: string; serviceId: number };
  if (creating) {
    const f = input.fields;
    const created = await createTestTypeCommand(context, {
      name: f.name!,
      description: f.description ?? null,
      key: f.key ?? null,
      serviceId,
      hasJsonFormat: f.hasJsonFormat ?? false,
      hasWebFormat: f.hasWebFormat ?? false,
      hasWebEditor: f.hasWebEditor ?? false,
    });
    positions.keep(created.position);
    type = { id: created.id, uuid: created.uuid, serviceId };
  } else {
    positions.keep(await changeTestTypeCommand(context, current!.uuid, input.fields));
    type = { id: current!.id, uuid: current!.uuid, serviceId };
  }
  for (const siteId of sitesToRemove) positions.keep(await unlinkTestTypeFromSiteCommand(context, type.uuid, siteId));
  for (const siteId of sitesToAdd) await addSiteLink(context, type, siteId, positions);
  for (const projectId of projectsToRemove) positions.keep(await unlinkTestTypeFromProjectCommand(context, type.uuid, projectId));
  for (const projectId of projectsToAdd) await addProjectLink(context, type, { id: projectId, siteId: projectSite.get(projectId)! }, positions);
  return { id: type.id, position: positions.last };
}

// ---------------------------------------------------------------------------------------------------------
// DELETE /testtypes

export async function deleteTestTypeByUser(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const refused = forbidden('Unable to delete - not admin in the related test type service');
  const current = await testTypeFacts(db, id);
  if (!current) throw requester.superadmin ? notFound('Test type not found') : refused;
  if (!requester.superadmin) {
    const scope = await administeredScope(db, requester);
    const administersAll = current.siteIds.length > 0 && current.siteIds.every((s) => scope.sites.has(s));
    if (!administersAll || !(await accessibleServiceIdSet(db, requester, true)).has(current.serviceId)) throw refused;
  }
  if (await testsOfTypeExist(db, id)) throw conflict("Can't delete test type: please delete all tests of that type before deleting.");
  return deleteTestTypeCommand(context, current.uuid);
}

// ---------------------------------------------------------------------------------------------------------
// /testtypes/projects

/** The three body forms of POST /testtypes/projects. */
export type TestTypeProjectsInput = { typeId: number; projectIds: number[] } | { projectId: number; typeIds: number[] } | { items: { typeId: number; projectId: number }[] };

export interface LinkWritten {
  typeId: number;
  otherId: number;
  linkId: number;
}

/** Per item: an administered project, a type the requester sees, linked to the project's site. */
async function checkProjectItems(context: CommandContext, requester: Requester, items: readonly { typeId: number; projectId: number }[], administered: Set<number>): Promise<Map<number, TestTypeFacts>> {
  const db = context.deps.readDb;
  const types = new Map<number, TestTypeFacts>();
  const projectSite = await sitesOfProjects(db, items.map((i) => i.projectId));
  for (const item of items) {
    if (!administered.has(item.projectId) || !projectSite.has(item.projectId)) throw forbidden();
    let facts = types.get(item.typeId);
    if (!facts) {
      facts = await testTypeFacts(db, item.typeId);
      if (!facts || !(await isTestTypeAccessible(db, requester, item.typeId))) throw forbidden();
      types.set(item.typeId, facts);
    }
    if (!facts.siteIds.includes(projectSite.get(item.projectId)!)) throw forbidden('At least one test type is not associated to the site of its project');
  }
  return types;
}

export async function saveTestTypeProjects(context: CommandContext, requester: Requester, input: TestTypeProjectsInput): Promise<{ links: LinkWritten[]; position: Position | undefined }> {
  const db = context.deps.readDb;
  const scope = await administeredScope(db, requester);
  let removals: { typeUuid: string; typeId: number; projectId: number }[] = [];
  let items: { typeId: number; projectId: number }[];
  if ('projectIds' in input) {
    if (!(await isTestTypeAccessible(db, requester, input.typeId))) throw forbidden('Access denied');
    const current = (await testTypeFacts(db, input.typeId))!;
    const linked = current.projects.map((p) => p.projectId);
    if (linked.some((p) => !scope.projects.has(p))) throw forbidden('Access denied to at least one project');
    removals = linked.filter((p) => !input.projectIds.includes(p)).map((projectId) => ({ typeUuid: current.uuid, typeId: current.id, projectId }));
    items = [...new Set(input.projectIds)].filter((p) => !linked.includes(p)).map((projectId) => ({ typeId: input.typeId, projectId }));
  } else if ('typeIds' in input) {
    if (!scope.projects.has(input.projectId)) throw forbidden('Access denied');
    const linked = await testTypesLinkedTo(db, 'project', input.projectId);
    for (const typeId of linked.filter((t) => !input.typeIds.includes(t))) removals.push({ typeUuid: (await testTypeFacts(db, typeId))!.uuid, typeId, projectId: input.projectId });
    items = [...new Set(input.typeIds)].filter((t) => !linked.includes(t)).map((typeId) => ({ typeId, projectId: input.projectId }));
  } else {
    items = uniquePairs(input.items, (i) => `${i.typeId}:${i.projectId}`);
  }
  const types = await checkProjectItems(context, requester, items, scope.projects);
  for (const removal of removals) await checkProjectsFreeOfTests(context, removal.typeId, [removal.projectId], PROJECT_HAS_TESTS);

  const positions = new Positions();
  for (const removal of removals) positions.keep(await unlinkTestTypeFromProjectCommand(context, removal.typeUuid, removal.projectId));
  const projectSite = await sitesOfProjects(db, items.map((i) => i.projectId));
  const links: LinkWritten[] = [];
  for (const item of items) {
    const facts = types.get(item.typeId)!;
    const existing = facts.projects.some((p) => p.projectId === item.projectId) ? await formerTestTypeLinkId(db, 'project', item.typeId, item.projectId) : undefined;
    const linkId = existing ?? (await addProjectLink(context, { id: facts.id, uuid: facts.uuid, serviceId: facts.serviceId }, { id: item.projectId, siteId: projectSite.get(item.projectId)! }, positions));
    links.push({ typeId: item.typeId, otherId: item.projectId, linkId });
  }
  return { links, position: positions.last };
}

export async function deleteTestTypeProjectLink(context: CommandContext, requester: Requester, linkId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const link = await testTypeLinkById(db, 'project', linkId);
  if (!link) throw invalid('Not found');
  const scope = await administeredScope(db, requester);
  if (!scope.projects.has(link.otherId) || !(await isTestTypeAccessible(db, requester, link.typeId))) throw forbidden('Access denied');
  await checkProjectsFreeOfTests(context, link.typeId, [link.otherId], PROJECT_HAS_TESTS);
  return unlinkTestTypeFromProjectCommand(context, link.typeUuid, link.otherId);
}

// ---------------------------------------------------------------------------------------------------------
// /testtypes/sites

/** The three body forms of POST /testtypes/sites. */
export type TestTypeSitesInput = { typeId: number; siteIds: number[] } | { siteId: number; typeIds: number[] } | { items: { typeId: number; siteId: number }[] };

export async function saveTestTypeSites(context: CommandContext, requester: Requester, input: TestTypeSitesInput): Promise<{ links: LinkWritten[]; position: Position | undefined }> {
  const db = context.deps.readDb;
  const scope = await administeredScope(db, requester);
  const removals: { facts: TestTypeFacts; siteId: number }[] = [];
  let items: { typeId: number; siteId: number }[];
  if ('siteIds' in input) {
    if (!(await isTestTypeAccessible(db, requester, input.typeId, true))) throw forbidden('Access denied');
    const current = (await testTypeFacts(db, input.typeId))!;
    // Only the administered sites not listed are left; other sites stay as they are.
    for (const siteId of current.siteIds.filter((s) => scope.sites.has(s) && !input.siteIds.includes(s))) removals.push({ facts: current, siteId });
    items = [...new Set(input.siteIds)].filter((s) => !current.siteIds.includes(s)).map((siteId) => ({ typeId: input.typeId, siteId }));
  } else if ('typeIds' in input) {
    if (!scope.sites.has(input.siteId)) throw forbidden('Access denied');
    const linked = await testTypesLinkedTo(db, 'site', input.siteId);
    for (const typeId of linked.filter((t) => !input.typeIds.includes(t))) removals.push({ facts: (await testTypeFacts(db, typeId))!, siteId: input.siteId });
    items = [...new Set(input.typeIds)].filter((t) => !linked.includes(t)).map((typeId) => ({ typeId, siteId: input.siteId }));
  } else {
    items = uniquePairs(input.items, (i) => `${i.typeId}:${i.siteId}`);
  }
  const types = new Map<number, TestTypeFacts>();
  for (const item of items) {
    if (!scope.sites.has(item.siteId)) throw forbidden();
    if (!types.has(item.typeId)) {
      const facts = await testTypeFacts(db, item.typeId);
      if (!facts || !(await isTestTypeAccessible(db, requester, item.typeId))) throw forbidden();
      types.set(item.typeId, facts);
    }
  }
  for (const { facts, siteId } of removals) await checkProjectsFreeOfTests(context, facts.id, projectsInSites(facts, [siteId]), SITE_HAS_TESTS);

  const positions = new Positions();
  for (const { facts, siteId } of removals) positions.keep(await unlinkTestTypeFromSiteCommand(context, facts.uuid, siteId));
  const links: LinkWritten[] = [];
  for (const item of items) {
    const facts = types.get(item.typeId)!;
    const existing = facts.siteIds.includes(item.siteId) ? await formerTestTypeLinkId(db, 'site', item.typeId, item.siteId) : undefined;
    const linkId = existing ?? (await addSiteLink(context, { id: facts.id, uuid: facts.uuid, serviceId: facts.serviceId }, item.siteId, positions));
    links.push({ typeId: item.typeId, otherId: item.siteId, linkId });
  }
  return { links, position: positions.last };
}

export async function deleteTestTypeSiteLink(context: CommandContext, requester: Requester, linkId: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const link = await testTypeLinkById(db, 'site', linkId);
  if (!link) throw invalid('Bad parameter');
  const scope = await administeredScope(db, requester);
  if (!scope.sites.has(link.otherId)) throw forbidden();
  const facts = (await testTypeFacts(db, link.typeId))!;
  await checkProjectsFreeOfTests(context, facts.id, projectsInSites(facts, [link.otherId]), SITE_HAS_TESTS);
  return unlinkTestTypeFromSiteCommand(context, link.typeUuid, link.otherId);
}
