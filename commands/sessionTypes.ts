// Session type commands at the aggregate level: ids, then the decision. Who may run them, the service links
// OpenTera makes along (a SERVICE type's service is linked where the type is), and the refusals that need the
// sessions belong to the use cases that call them.
import { fold, streamName } from '../domain/aggregate.js';
import {
  addSessionTypeService,
  createSessionType,
  linkSessionTypeToProject,
  linkSessionTypeToSite,
  sessionType,
  type SessionTypeEvent,
  type SessionTypeFields,
  type SessionTypeState,
} from '../domain/sessionType.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle, readEvents } from './handle.js';

export const sessionTypeStream = (uuid: string) => streamName(sessionType.category, uuid);

export async function createSessionTypeCommand(context: CommandContext, fields: SessionTypeFields, id?: number): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const typeId = id ?? (await context.deps.ids.next('session_type'));
  const uuid = context.deps.newUuid();
  const result = await handle(context.deps, context.request, sessionType, sessionTypeStream(uuid), (state) => createSessionType(state, { ...fields, id: typeId, uuid }));
  return { id: typeId, uuid, position: result.position };
}

export async function linkSessionTypeToSiteCommand(context: CommandContext, typeUuid: string, siteId: number, linkId?: number): Promise<Position | undefined> {
  const id = linkId ?? (await context.deps.ids.next('session_type_site'));
  return (await handle(context.deps, context.request, sessionType, sessionTypeStream(typeUuid), (state) => linkSessionTypeToSite(state, { siteId, linkId: id }))).position;
}

export async function linkSessionTypeToProjectCommand(context: CommandContext, typeUuid: string, project: { id: number; siteId: number }, linkId?: number): Promise<Position | undefined> {
  const id = linkId ?? (await context.deps.ids.next('session_type_project'));
  return (
    await handle(context.deps, context.request, sessionType, sessionTypeStream(typeUuid), (state) =>
      linkSessionTypeToProject(state, { projectId: project.id, linkId: id }, { siteOfProject: project.siteId }),
    )
  ).position;
}

export async function addSessionTypeServiceCommand(context: CommandContext, typeUuid: string, serviceId: number, linkId?: number): Promise<Position | undefined> {
  const id = linkId ?? (await context.deps.ids.next('session_type_service'));
  return (await handle(context.deps, context.request, sessionType, sessionTypeStream(typeUuid), (state) => addSessionTypeService(state, { serviceId, linkId: id }))).position;
}

/** The type's state as its stream tells it (absent for a stream not written yet). */
export async function readSessionType(context: CommandContext, typeUuid: string): Promise<SessionTypeState> {
  return fold(sessionType, (await readEvents(context.deps.store, sessionTypeStream(typeUuid))) as unknown as SessionTypeEvent[]);
}

/** Any decision on one type's stream (a use case composes the domain's decisions into one). */
export async function changeSessionTypeCommand(context: CommandContext, typeUuid: string, decide: (state: SessionTypeState) => SessionTypeEvent[]): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, sessionType, sessionTypeStream(typeUuid), decide)).position;
}
