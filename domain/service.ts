// A service (OpenTera's TeraService): a program behind the core, reached through nginx under its
// `clientendpoint`, that sessions, assets and tests may belong to. This aggregate holds the registration and
// the service's links to sites and projects (OpenTera's t_services_sites / t_services_projects), which decide
// where its session and test types may be used. Registration rules, roles and configs come with the services
// capability; seeds register OpenTera's services here.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';

export interface ServiceRegistration {
  id: number;
  uuid: string;
  key: string;
  name: string;
  hostname: string;
  port: number;
  endpoint: string;
  clientEndpoint: string;
  endpointUser: string | null;
  endpointParticipant: string | null;
  endpointDevice: string | null;
  enabled: boolean;
  system: boolean;
  editableConfig: boolean;
  defaultConfig: string | null;
  hasAssets: boolean;
  hasTests: boolean;
}

export type ServiceEvent =
  | { type: 'ServiceRegistered'; data: ServiceRegistration & Record<string, unknown> }
  | { type: 'ServiceLinkedToSite'; data: { siteId: number; linkId: number } }
  | { type: 'ServiceUnlinkedFromSite'; data: { siteId: number } }
  | { type: 'ServiceLinkedToProject'; data: { projectId: number; siteId: number; linkId: number } }
  | { type: 'ServiceUnlinkedFromProject'; data: { projectId: number } };

export interface KnownService {
  status: 'active';
  id: number;
  key: string;
  sites: number[];
  projects: { projectId: number; siteId: number }[];
}

export type ServiceState = { status: 'absent' } | KnownService;

export const service: Aggregate<ServiceState, ServiceEvent> = {
  category: 'service',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'ServiceRegistered') return { status: 'active', id: event.data.id, key: event.data.key, sites: [], projects: [] };
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'ServiceLinkedToSite':
        return { ...state, sites: [...state.sites, event.data.siteId] };
      case 'ServiceUnlinkedFromSite':
        return { ...state, sites: state.sites.filter((s) => s !== event.data.siteId) };
      case 'ServiceLinkedToProject':
        return { ...state, projects: [...state.projects, { projectId: event.data.projectId, siteId: event.data.siteId }] };
      case 'ServiceUnlinkedFromProject':
        return { ...state, projects: state.projects.filter((p) => p.projectId !== event.data.projectId) };
    }
  },
};

function active(state: ServiceState): KnownService {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid service');
  return state;
}

export function registerService(state: ServiceState, command: ServiceRegistration): ServiceEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Service already exists');
  if (command.key.trim() === '') throw new DomainError('invalid', 'Missing service_key');
  if (command.name.trim() === '') throw new DomainError('invalid', 'Missing service_name');
  const { id, uuid, key, name, hostname, port, endpoint, clientEndpoint, endpointUser, endpointParticipant, endpointDevice } = command;
  const { enabled, system, editableConfig, defaultConfig, hasAssets, hasTests } = command;
  const registration: ServiceRegistration = {
    id,
    uuid,
    key: key.trim(),
    name: name.trim(),
    hostname,
    port,
    endpoint,
    clientEndpoint,
    endpointUser,
    endpointParticipant,
    endpointDevice,
    enabled,
    system,
    editableConfig,
    defaultConfig,
    hasAssets,
    hasTests,
  };
  return [{ type: 'ServiceRegistered', data: { ...registration } }];
}

/** Linking again what is linked emits nothing. */
export function linkServiceToSite(state: ServiceState, command: { siteId: number; linkId: number }): ServiceEvent[] {
  const current = active(state);
  return current.sites.includes(command.siteId) ? [] : [{ type: 'ServiceLinkedToSite', data: { ...command } }];
}

/** As OpenTera: a project link needs the service to be linked to the project's site. */
export function linkServiceToProject(state: ServiceState, command: { projectId: number; linkId: number }, facts: { siteOfProject: number }): ServiceEvent[] {
  const current = active(state);
  if (current.projects.some((p) => p.projectId === command.projectId)) return [];
  if (!current.sites.includes(facts.siteOfProject)) throw new DomainError('invalid', 'Service not associated to the project site');
  return [{ type: 'ServiceLinkedToProject', data: { projectId: command.projectId, siteId: facts.siteOfProject, linkId: command.linkId } }];
}

export function unlinkServiceFromProject(state: ServiceState, projectId: number): ServiceEvent[] {
  const current = active(state);
  return current.projects.some((p) => p.projectId === projectId) ? [{ type: 'ServiceUnlinkedFromProject', data: { projectId } }] : [];
}

/** Unlinking a site unlinks the service from that site's projects first, as OpenTera's cascade. */
export function unlinkServiceFromSite(state: ServiceState, siteId: number): ServiceEvent[] {
  const current = active(state);
  if (!current.sites.includes(siteId)) return [];
  return [
    ...current.projects.filter((p) => p.siteId === siteId).map((p): ServiceEvent => ({ type: 'ServiceUnlinkedFromProject', data: { projectId: p.projectId } })),
    { type: 'ServiceUnlinkedFromSite', data: { siteId } },
  ];
}
