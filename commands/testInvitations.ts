// Test invitation commands at the aggregate level: ids, the key, the creation time, then the decision. Who may
// run them and the checks of the type, project, session and target belong to the use cases that call them
// (commands/testInvitationAdministration.ts).
import { streamName } from '../domain/aggregate.js';
import { DomainError } from '../domain/errors.js';
import { changeTestInvitation, createTestInvitation, deleteTestInvitation, testInvitation, type InvitationCounts, type TestInvitationCreation } from '../domain/testInvitation.js';
import { invitationKeyTaken } from '../projections/queries/testInvitations.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export const testInvitationStream = (uuid: string) => streamName(testInvitation.category, uuid);

/**
 * 16 hex characters, 64 random bits: a fresh uuid's hex digits without its fixed version digit and its variant
 * digit (OpenTera hashes the time with a 6-digit random number, which is far easier to guess).
 */
function newKey(newUuid: () => string): string {
  const hex = newUuid().replaceAll('-', '');
  return (hex.slice(0, 12) + hex.slice(13, 16) + hex.slice(17)).slice(0, 16);
}

const KEY_ATTEMPTS = 5;

export type NewTestInvitation = Omit<TestInvitationCreation, 'id' | 'uuid' | 'key' | 'creationDate'>;

/** The key is drawn here, unique among the invitations (read model); the creation time is now. */
export async function createTestInvitationCommand(context: CommandContext, fields: NewTestInvitation): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const { deps } = context;
  let key: string | undefined;
  for (let attempt = 0; attempt < KEY_ATTEMPTS && key === undefined; attempt++) {
    const candidate = newKey(deps.newUuid);
    if (!(await invitationKeyTaken(deps.readDb, candidate))) key = candidate;
  }
  if (key === undefined) throw new DomainError('conflict', 'Cannot draw a free test invitation key');
  const id = await deps.ids.next('test_invitation');
  const uuid = deps.newUuid();
  const creationDate = deps.clock.now().toISOString();
  const result = await handle(deps, context.request, testInvitation, testInvitationStream(uuid), (state) => createTestInvitation(state, { ...fields, id, uuid, key, creationDate }));
  return { id, uuid, position: result.position };
}

export async function changeTestInvitationCommand(context: CommandContext, uuid: string, changes: Partial<InvitationCounts>): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, testInvitation, testInvitationStream(uuid), (state) => changeTestInvitation(state, changes))).position;
}

export async function deleteTestInvitationCommand(context: CommandContext, uuid: string): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, testInvitation, testInvitationStream(uuid), deleteTestInvitation)).position;
}
