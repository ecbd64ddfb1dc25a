// A test type (OpenTera's TeraTestType): a questionnaire or evaluation that a service (its owner) presents,
// edits and stores answers for, and where it may be used: linked to sites, then to projects of those sites,
// as session types are. OpenTera links the type's service to a site or project when the type is linked there;
// that is the service's own fact, which the caller records on the service's stream. The key is unique among
// test types: the caller checks it. Refusals that need the tests (unlinking a project, deleting while tests of
// the type exist) are the caller's checks.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';

export interface TestTypeFields {
  name: string;
  description: string | null;
  /** A short unique key clients look the type up by (OpenTera's `test_type_key`), or null. */
  key: string | null;
  serviceId: number;
  hasJsonFormat: boolean;
  hasWebFormat: boolean;
  hasWebEditor: boolean;
}

export interface TestTypeCreation extends TestTypeFields {
  id: number;
  uuid: string;
}

export type TestTypeEvent =
  | { type: 'TestTypeCreated'; data: TestTypeCreation & Record<string, unknown> }
  | { type: 'TestTypeChanged'; data: Partial<TestTypeFields> & Record<string, unknown> }
  | { type: 'TestTypeLinkedToSite'; data: { siteId: number; linkId: number } }
  | { type: 'TestTypeUnlinkedFromSite'; data: { siteId: number } }
  | { type: 'TestTypeLinkedToProject'; data: { projectId: number; siteId: number; linkId: number } }
  | { type: 'TestTypeUnlinkedFromProject'; data: { projectId: number } }
  | { type: 'TestTypeDeleted'; data: Record<string, never> };

export interface KnownTestType extends TestTypeFields {
  status: 'active' | 'deleted';
  id: number;
  sites: number[];
  projects: { projectId: number; siteId: number }[];
}

export type TestTypeState = { status: 'absent' } | KnownTestType;

const FIELDS: readonly (keyof TestTypeFields)[] = ['name', 'description', 'key', 'serviceId', 'hasJsonFormat', 'hasWebFormat', 'hasWebEditor'];

export const testType: Aggregate<TestTypeState, TestTypeEvent> = {
  category: 'testType',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'TestTypeCreated') {
      const { id, name, description, key, serviceId, hasJsonFormat, hasWebFormat, hasWebEditor } = event.data;
      return { status: 'active', id, name, description, key, serviceId, hasJsonFormat, hasWebFormat, hasWebEditor, sites: [], projects: [] };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'TestTypeChanged':
        return { ...state, ...Object.fromEntries(Object.entries(event.data).filter(([key]) => FIELDS.includes(key as keyof TestTypeFields))) };
      case 'TestTypeLinkedToSite':
        return { ...state, sites: [...state.sites, event.data.siteId] };
      case 'TestTypeUnlinkedFromSite':
        return { ...state, sites: state.sites.filter((s) => s !== event.data.siteId) };
      case 'TestTypeLinkedToProject':
        return { ...state, projects: [...state.projects, { projectId: event.data.projectId, siteId: event.data.siteId }] };
      case 'TestTypeUnlinkedFromProject':
        return { ...state, projects: state.projects.filter((p) => p.projectId !== event.data.projectId) };
      case 'TestTypeDeleted':
        return { ...state, status: 'deleted', sites: [], projects: [] };
    }
  },
};

function active(state: TestTypeState): KnownTestType {
  if (state.status !== 'active') throw new DomainError('not-found', 'Test type not found');
  return state;
}

/** Trims; a blank key or description is none. */
function checked(fields: Partial<TestTypeFields>): Partial<TestTypeFields> {
  const result: Partial<TestTypeFields> = {};
  if (fields.name !== undefined) {
    if (fields.name.trim() === '') throw new DomainError('invalid', 'Missing test_type_name');
    result.name = fields.name.trim();
  }
  if (fields.description !== undefined) result.description = fields.description === null || fields.description.trim() === '' ? null : fields.description;
  if (fields.key !== undefined) result.key = fields.key === null || fields.key.trim() === '' ? null : fields.key.trim();
  if (fields.serviceId !== undefined) {
    if (!Number.isInteger(fields.serviceId) || fields.serviceId <= 0) throw new DomainError('invalid', 'Invalid id_service');
    result.serviceId = fields.serviceId;
  }
  for (const flag of ['hasJsonFormat', 'hasWebFormat', 'hasWebEditor'] as const) if (fields[flag] !== undefined) result[flag] = fields[flag];
  return result;
}

export function createTestType(state: TestTypeState, command: TestTypeCreation): TestTypeEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Test type already exists');
  const fields = checked(command);
  const creation: TestTypeCreation = {
    id: command.id,
    uuid: command.uuid,
    name: fields.name!,
    description: fields.description ?? null,
    key: fields.key ?? null,
    serviceId: fields.serviceId!,
    hasJsonFormat: command.hasJsonFormat,
    hasWebFormat: command.hasWebFormat,
    hasWebEditor: command.hasWebEditor,
  };
  return [{ type: 'TestTypeCreated', data: { ...creation } }];
}

/** Only the fields that change. */
export function changeTestType(state: TestTypeState, command: Partial<TestTypeFields>): TestTypeEvent[] {
  const current = active(state);
  const changes = Object.fromEntries(Object.entries(checked(command)).filter(([key, value]) => value !== undefined && current[key as keyof TestTypeFields] !== value));
  return Object.keys(changes).length === 0 ? [] : [{ type: 'TestTypeChanged', data: changes }];
}

export function linkTestTypeToSite(state: TestTypeState, command: { siteId: number; linkId: number }): TestTypeEvent[] {
  const current = active(state);
  return current.sites.includes(command.siteId) ? [] : [{ type: 'TestTypeLinkedToSite', data: { ...command } }];
}

/** As OpenTera: a project link needs the type to be linked to the project's site. */
export function linkTestTypeToProject(state: TestTypeState, command: { projectId: number; linkId: number }, facts: { siteOfProject: number }): TestTypeEvent[] {
  const current = active(state);
  if (current.projects.some((p) => p.projectId === command.projectId)) return [];
  if (!current.sites.includes(facts.siteOfProject)) throw new DomainError('invalid', 'Test type not associated to project site');
  return [{ type: 'TestTypeLinkedToProject', data: { projectId: command.projectId, siteId: facts.siteOfProject, linkId: command.linkId } }];
}

/** The caller refuses while the project has tests of this type. */
export function unlinkTestTypeFromProject(state: TestTypeState, projectId: number): TestTypeEvent[] {
  const current = active(state);
  return current.projects.some((p) => p.projectId === projectId) ? [{ type: 'TestTypeUnlinkedFromProject', data: { projectId } }] : [];
}

/** Unlinks the site's projects first, as OpenTera's cascade; the caller checks their tests. */
export function unlinkTestTypeFromSite(state: TestTypeState, siteId: number): TestTypeEvent[] {
  const current = active(state);
  if (!current.sites.includes(siteId)) return [];
  return [
    ...current.projects.filter((p) => p.siteId === siteId).map((p): TestTypeEvent => ({ type: 'TestTypeUnlinkedFromProject', data: { projectId: p.projectId } })),
    { type: 'TestTypeUnlinkedFromSite', data: { siteId } },
  ];
}

/** The caller refuses while tests of the type exist. */
export function deleteTestType(state: TestTypeState): TestTypeEvent[] {
  active(state);
  return [{ type: 'TestTypeDeleted', data: {} }];
}
