// Service commands at the aggregate level (the registry's own rules and the service API come with the
// services capability): registration with explicit ids (seeds), and the site and project links that session
// and test types need.
import { streamName } from '../domain/aggregate.js';
import { linkServiceToProject, linkServiceToSite, registerService, service, type ServiceRegistration } from '../domain/service.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export const serviceStream = (uuid: string) => streamName(service.category, uuid);

export async function registerServiceCommand(context: CommandContext, registration: Omit<ServiceRegistration, 'uuid'> & { uuid?: string }): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const uuid = registration.uuid ?? context.deps.newUuid();
  const result = await handle(context.deps, context.request, service, serviceStream(uuid), (state) => registerService(state, { ...registration, uuid }));
  return { id: registration.id, uuid, position: result.position };
}

export async function linkServiceToSiteCommand(context: CommandContext, serviceUuid: string, siteId: number, linkId?: number): Promise<Position | undefined> {
  const id = linkId ?? (await context.deps.ids.next('service_site'));
  return (await handle(context.deps, context.request, service, serviceStream(serviceUuid), (state) => linkServiceToSite(state, { siteId, linkId: id }))).position;
}

export async function linkServiceToProjectCommand(context: CommandContext, serviceUuid: string, project: { id: number; siteId: number }, linkId?: number): Promise<Position | undefined> {
  const id = linkId ?? (await context.deps.ids.next('service_project'));
  return (
    await handle(context.deps, context.request, service, serviceStream(serviceUuid), (state) => linkServiceToProject(state, { projectId: project.id, linkId: id }, { siteOfProject: project.siteId }))
  ).position;
}
