// Test administration by a user (OpenTera's DELETE /api/user/tests): a test the requester may read (its
// session reachable, the service of its type too) may be deleted, as OpenTera. Tests are created and changed
// by services, not through the user API.
import type { Requester } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { testsForUser } from '../projections/queries/tests.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { deleteTestCommand } from './tests.js';

/** An unknown test is 403, as OpenTera: a requester cannot tell it from one it may not reach. */
export async function deleteTestByUser(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const [row] = await testsForUser(context.deps.readDb, requester, { by: 'id', id });
  if (!row) throw new DomainError('forbidden', 'Forbidden');
  return deleteTestCommand(context, row.test_uuid);
}
