// A session type (OpenTera's TeraSessionType): what kind of session a session is, which service runs it
// (category SERVICE), and where it may be used: linked to sites, then to projects of those sites, with
// secondary services. OpenTera links the type's service to a site or project when the type is linked there
// (category SERVICE); that is the service's own fact, which the caller records on the service's stream.
// Refusals that need the sessions (unlinking a project or deleting while sessions of the type exist) are the
// caller's checks.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';

/** OpenTera's categories. */
export const SESSION_TYPE_CATEGORIES = { service: 1, datacollect: 2, filetransfer: 3, protocol: 4 } as const;

export interface SessionTypeFields {
  name: string;
  online: boolean;
  config: string | null;
  color: string;
  category: number;
  /** The service of a SERVICE type; null for none. */
  serviceId: number | null;
}

export interface SessionTypeCreation extends SessionTypeFields {
  id: number;
  uuid: string;
}

export type SessionTypeEvent =
  | { type: 'SessionTypeCreated'; data: SessionTypeCreation & Record<string, unknown> }
  | { type: 'SessionTypeChanged'; data: Partial<SessionTypeFields> & Record<string, unknown> }
  | { type: 'SessionTypeLinkedToSite'; data: { siteId: number; linkId: number } }
  | { type: 'SessionTypeUnlinkedFromSite'; data: { siteId: number } }
  | { type: 'SessionTypeLinkedToProject'; data: { projectId: number; siteId: number; linkId: number } }
  | { type: 'SessionTypeUnlinkedFromProject'; data: { projectId: number } }
  | { type: 'SessionTypeServiceAdded'; data: { serviceId: number; linkId: number } }
  | { type: 'SessionTypeServiceRemoved'; data: { serviceId: number } }
  | { type: 'SessionTypeDeleted'; data: Record<string, never> };

export interface KnownSessionType extends SessionTypeFields {
  status: 'active' | 'deleted';
  id: number;
  sites: number[];
  projects: { projectId: number; siteId: number }[];
  services: number[];
}

export type SessionTypeState = { status: 'absent' } | KnownSessionType;

export const sessionType: Aggregate<SessionTypeState, SessionTypeEvent> = {
  category: 'sessionType',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'SessionTypeCreated') {
      const { id, name, online, config, color, category, serviceId } = event.data;
      return { status: 'active', id, name, online, config, color, category, serviceId, sites: [], projects: [], services: [] };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'SessionTypeChanged': {
        const changed = Object.fromEntries(Object.entries(event.data).filter(([key]) => FIELDS.includes(key as keyof SessionTypeFields)));
        return { ...state, ...changed };
      }
      case 'SessionTypeLinkedToSite':
        return { ...state, sites: [...state.sites, event.data.siteId] };
      case 'SessionTypeUnlinkedFromSite':
        return { ...state, sites: state.sites.filter((s) => s !== event.data.siteId) };
      case 'SessionTypeLinkedToProject':
        return { ...state, projects: [...state.projects, { projectId: event.data.projectId, siteId: event.data.siteId }] };
      case 'SessionTypeUnlinkedFromProject':
        return { ...state, projects: state.projects.filter((p) => p.projectId !== event.data.projectId) };
      case 'SessionTypeServiceAdded':
        return { ...state, services: [...state.services, event.data.serviceId] };
      case 'SessionTypeServiceRemoved':
        return { ...state, services: state.services.filter((s) => s !== event.data.serviceId) };
      case 'SessionTypeDeleted':
        return { ...state, status: 'deleted', sites: [], projects: [], services: [] };
    }
  },
};

const FIELDS: readonly (keyof SessionTypeFields)[] = ['name', 'online', 'config', 'color', 'category', 'serviceId'];

function active(state: SessionTypeState): KnownSessionType {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid session type');
  return state;
}

function checked(fields: Partial<SessionTypeFields>): Partial<SessionTypeFields> {
  const result: Partial<SessionTypeFields> = {};
  if (fields.name !== undefined) {
    if (fields.name.trim() === '') throw new DomainError('invalid', 'Missing session_type_name');
    result.name = fields.name.trim();
  }
  if (fields.color !== undefined) {
    // OpenTera's column is a String(7): `#RRGGBB` is meant, but its own tests post names such as 'red', and
    // clients may read back what they wrote.
    if (fields.color.trim() === '' || fields.color.length > 7) throw new DomainError('invalid', 'Invalid session_type_color');
    result.color = fields.color;
  }
  if (fields.category !== undefined) {
    if (!Object.values(SESSION_TYPE_CATEGORIES).includes(fields.category as 1)) throw new DomainError('invalid', 'Invalid session_type_category');
    result.category = fields.category;
  }
  if (fields.online !== undefined) result.online = fields.online;
  if (fields.config !== undefined) result.config = fields.config;
  if (fields.serviceId !== undefined) result.serviceId = fields.serviceId;
  return result;
}

/** OpenTera's service 0 means none. */
export function createSessionType(state: SessionTypeState, command: SessionTypeCreation): SessionTypeEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Session type already exists');
  const fields = checked(command) as SessionTypeFields;
  const serviceId = command.serviceId === 0 ? null : command.serviceId;
  const creation: SessionTypeCreation = { id: command.id, uuid: command.uuid, name: fields.name, online: command.online, config: command.config, color: fields.color, category: fields.category, serviceId };
  return [{ type: 'SessionTypeCreated', data: { ...creation } }];
}

/** Only the fields that change; OpenTera ignores a service 0 on update (it does not clear the service). */
export function changeSessionType(state: SessionTypeState, command: Partial<SessionTypeFields>): SessionTypeEvent[] {
  const current = active(state);
  const fields = checked({ ...command, ...(command.serviceId === 0 ? { serviceId: undefined } : {}) });
  const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== undefined && current[key as keyof SessionTypeFields] !== value));
  return Object.keys(changes).length === 0 ? [] : [{ type: 'SessionTypeChanged', data: changes }];
}

export function linkSessionTypeToSite(state: SessionTypeState, command: { siteId: number; linkId: number }): SessionTypeEvent[] {
  const current = active(state);
  return current.sites.includes(command.siteId) ? [] : [{ type: 'SessionTypeLinkedToSite', data: { ...command } }];
}

/** As OpenTera: a project link needs the type to be linked to the project's site. */
export function linkSessionTypeToProject(state: SessionTypeState, command: { projectId: number; linkId: number }, facts: { siteOfProject: number }): SessionTypeEvent[] {
  const current = active(state);
  if (current.projects.some((p) => p.projectId === command.projectId)) return [];
  if (!current.sites.includes(facts.siteOfProject)) throw new DomainError('invalid', 'Session type not associated to project site');
  return [{ type: 'SessionTypeLinkedToProject', data: { projectId: command.projectId, siteId: facts.siteOfProject, linkId: command.linkId } }];
}

/** The caller refuses while the project has sessions of this type. */
export function unlinkSessionTypeFromProject(state: SessionTypeState, projectId: number): SessionTypeEvent[] {
  const current = active(state);
  return current.projects.some((p) => p.projectId === projectId) ? [{ type: 'SessionTypeUnlinkedFromProject', data: { projectId } }] : [];
}

/** Unlinks the site's projects first, as OpenTera's cascade; the caller checks their sessions. */
export function unlinkSessionTypeFromSite(state: SessionTypeState, siteId: number): SessionTypeEvent[] {
  const current = active(state);
  if (!current.sites.includes(siteId)) return [];
  return [
    ...current.projects.filter((p) => p.siteId === siteId).map((p): SessionTypeEvent => ({ type: 'SessionTypeUnlinkedFromProject', data: { projectId: p.projectId } })),
    { type: 'SessionTypeUnlinkedFromSite', data: { siteId } },
  ];
}

export function addSessionTypeService(state: SessionTypeState, command: { serviceId: number; linkId: number }): SessionTypeEvent[] {
  const current = active(state);
  return current.services.includes(command.serviceId) ? [] : [{ type: 'SessionTypeServiceAdded', data: { ...command } }];
}

/** The caller refuses while sessions of the type exist. */
export function removeSessionTypeService(state: SessionTypeState, serviceId: number): SessionTypeEvent[] {
  const current = active(state);
  return current.services.includes(serviceId) ? [{ type: 'SessionTypeServiceRemoved', data: { serviceId } }] : [];
}

/** The caller refuses while sessions of the type exist. */
export function deleteSessionType(state: SessionTypeState): SessionTypeEvent[] {
  active(state);
  return [{ type: 'SessionTypeDeleted', data: {} }];
}
