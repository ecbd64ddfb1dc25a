// What a session's deletion takes with it in the read models of its contents (assets, tests), as OpenTera's
// soft-delete cascade: the contents' rows get the session's deletion time, their streams stay as they are.
import type { RecordedEvent } from '../../commands/eventStore.js';
import type { AnyDb } from '../types.js';

const SESSION_PREFIX = 'session-';

/** Soft-deletes the rows of `table` in the session a `SessionDeleted` event deletes; other events are not for it. */
export async function deleteWithSession(db: AnyDb, recorded: RecordedEvent, table: 'assets' | 'tests'): Promise<void> {
  if (recorded.type !== 'SessionDeleted' || !recorded.streamId.startsWith(SESSION_PREFIX)) return;
  const session = await db.selectFrom('sessions').select('id_session').where('session_uuid', '=', recorded.streamId.slice(SESSION_PREFIX.length)).executeTakeFirst();
  if (!session) return;
  await db.updateTable(table).set({ deleted_at: recorded.metadata.time }).where('id_session', '=', session.id_session).where('deleted_at', 'is', null).execute();
}
