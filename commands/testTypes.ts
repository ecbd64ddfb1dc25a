// Test type commands at the aggregate level: ids, then the decision. Who may run them, the uniqueness of the
// key, the service links OpenTera makes along and the refusals that need the tests belong to the use cases
// that call them (commands/testTypeAdministration.ts, the seeds).
import { streamName } from '../domain/aggregate.js';
import {
  changeTestType,
  createTestType,
  deleteTestType,
  linkTestTypeToProject,
  linkTestTypeToSite,
  testType,
  unlinkTestTypeFromProject,
  unlinkTestTypeFromSite,
  type TestTypeFields,
} from '../domain/testType.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export const testTypeStream = (uuid: string) => streamName(testType.category, uuid);

export async function createTestTypeCommand(context: CommandContext, fields: TestTypeFields, id?: number): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const typeId = id ?? (await context.deps.ids.next('test_type'));
  const uuid = context.deps.newUuid();
  const result = await handle(context.deps, context.request, testType, testTypeStream(uuid), (state) => createTestType(state, { ...fields, id: typeId, uuid }));
  return { id: typeId, uuid, position: result.position };
}

export async function changeTestTypeCommand(context: CommandContext, uuid: string, changes: Partial<TestTypeFields>): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, testType, testTypeStream(uuid), (state) => changeTestType(state, changes))).position;
}

/** `linkId`: the former link's, restored as OpenTera's soft insert does; else a new one. */
export async function linkTestTypeToSiteCommand(context: CommandContext, typeUuid: string, siteId: number, linkId?: number): Promise<Position | undefined> {
  const id = linkId ?? (await context.deps.ids.next('test_type_site'));
  return (await handle(context.deps, context.request, testType, testTypeStream(typeUuid), (state) => linkTestTypeToSite(state, { siteId, linkId: id }))).position;
}

export async function linkTestTypeToProjectCommand(context: CommandContext, typeUuid: string, project: { id: number; siteId: number }, linkId?: number): Promise<Position | undefined> {
  const id = linkId ?? (await context.deps.ids.next('test_type_project'));
  return (
    await handle(context.deps, context.request, testType, testTypeStream(typeUuid), (state) => linkTestTypeToProject(state, { projectId: project.id, linkId: id }, { siteOfProject: project.siteId }))
  ).position;
}

export async function unlinkTestTypeFromProjectCommand(context: CommandContext, typeUuid: string, projectId: number): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, testType, testTypeStream(typeUuid), (state) => unlinkTestTypeFromProject(state, projectId))).position;
}

export async function unlinkTestTypeFromSiteCommand(context: CommandContext, typeUuid: string, siteId: number): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, testType, testTypeStream(typeUuid), (state) => unlinkTestTypeFromSite(state, siteId))).position;
}

export async function deleteTestTypeCommand(context: CommandContext, typeUuid: string): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, testType, testTypeStream(typeUuid), deleteTestType)).position;
}
