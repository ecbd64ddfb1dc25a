// Applies a batch of events to the read models of one schema, with the checkpoint in the same transaction:
// an event is applied exactly once even when a batch is delivered twice (after a crash or a swap).
import { sql } from 'kysely';
import { comparePositions, type Position, type RecordedEvent } from '../../commands/eventStore.js';
import type { AnyDb, Projector } from '../../projections/types.js';

export async function applyBatch(db: AnyDb, schema: string, projectors: readonly Projector[], batch: readonly RecordedEvent[]): Promise<Position | undefined> {
  return db.transaction().execute(async (trx) => {
    const meta = sql.table(`${schema}.meta`);
    const row = await sql<{ position: string | null }>`select position from ${meta} where id = 1 for update`.execute(trx);
    let position = row.rows[0]?.position ?? undefined;
    const scoped = trx.withSchema(schema);
    for (const event of batch) {
      if (position !== undefined && comparePositions(event.position, position) <= 0) continue;
      for (const projector of projectors) await projector.apply(scoped, event);
      position = event.position;
    }
    await sql`update ${meta} set position = ${position ?? null} where id = 1`.execute(trx);
    return position;
  });
}

export async function checkpoint(db: AnyDb, schema: string): Promise<Position | undefined> {
  const row = await sql<{ position: string | null }>`select position from ${sql.table(`${schema}.meta`)} where id = 1`.execute(db);
  return row.rows[0]?.position ?? undefined;
}
