// Test commands at the aggregate level: ids, then the decision. Who may run them and the checks of the session,
// type and subjects belong to the use cases that call them (the service API, the user's delete, the seeds).
import { streamName } from '../domain/aggregate.js';
import { changeTest, createTest, deleteTest, test, type TestCreation, type TestDetails } from '../domain/test.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export const testStream = (uuid: string) => streamName(test.category, uuid);

export async function createTestCommand(context: CommandContext, fields: Omit<TestCreation, 'id' | 'uuid'> & { id?: number }): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const id = fields.id ?? (await context.deps.ids.next('test'));
  const uuid = context.deps.newUuid();
  const result = await handle(context.deps, context.request, test, testStream(uuid), (state) => createTest(state, { ...fields, id, uuid }));
  return { id, uuid, position: result.position };
}

export async function changeTestCommand(context: CommandContext, uuid: string, changes: Partial<TestDetails>): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, test, testStream(uuid), (state) => changeTest(state, changes))).position;
}

export async function deleteTestCommand(context: CommandContext, uuid: string): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, test, testStream(uuid), deleteTest)).position;
}
