// Rebuilds the read models from the events: replays `$all` into a fresh schema, then swaps it in under an
// exclusive lock on the live checkpoint. The live runner keeps going on the swapped-in tables (its
// checkpoint is in them). Positions are dense on PostgreSQL, so the head gives the total for progress.
import { sql } from 'kysely';
import { comparePositions, type EventStore, type Position } from '../../commands/eventStore.js';
import type { Database } from '../db/database.js';
import { LIVE_SCHEMA, createReadModelTables, readModelVersion } from '../../projections/schema.js';
import type { Projector } from '../../projections/types.js';
import { applyBatch, checkpoint } from './apply.js';

export interface RebuildOptions {
  store: EventStore;
  database: Database;
  projectors: readonly Projector[];
  schema?: string;
  batchSize?: number;
  onProgress?(applied: number, total: number | undefined): void;
}

const REBUILD_SUFFIX = '_rebuild';

export async function rebuildReadModels(options: RebuildOptions): Promise<{ events: number }> {
  const { store, database, projectors } = options;
  const live = options.schema ?? LIVE_SCHEMA;
  const target = live + REBUILD_SUFFIX;
  const batchSize = options.batchSize ?? 1000;
  const { db } = database;
  await sql`drop schema if exists ${sql.id(target)} cascade`.execute(db);
  await createReadModelTables(db, target);

  const head = await store.headPosition();
  const total = head !== undefined && /^\d{1,19}$/.test(head) ? Number(head) : undefined;
  let applied = 0;
  let position: Position | undefined;
  const catchUp = async () => {
    for (;;) {
      const batch = await store.readAll({ ...(position !== undefined ? { from: position } : {}), maxCount: batchSize });
      if (batch.length === 0) return;
      position = await applyBatch(db, target, projectors, batch);
      applied += batch.length;
      options.onProgress?.(applied, total !== undefined ? Math.max(total, applied) : undefined);
    }
  };
  // The swap needs the rebuilt tables to be at least where the live ones are, or the live runner would skip
  // what it applied to the old tables. Events are read outside the swap transaction (PGlite has one
  // connection), so catch up, then check under the lock, and go round again if the live runner got ahead.
  for (;;) {
    await catchUp();
    const swapped = await db.transaction().execute(async (trx) => {
      if ((await readModelVersion(trx, live)) === undefined) {
        await sql`alter schema ${sql.id(target)} rename to ${sql.id(live)}`.execute(trx);
        return true;
      }
      await sql`lock table ${sql.table(`${live}.meta`)} in access exclusive mode`.execute(trx);
      const livePosition = await checkpoint(trx, live);
      if (livePosition !== undefined && (position === undefined || comparePositions(livePosition, position) > 0)) return false;
      const old = `${live}_old`;
      await sql`drop schema if exists ${sql.id(old)} cascade`.execute(trx);
      await sql`alter schema ${sql.id(live)} rename to ${sql.id(old)}`.execute(trx);
      await sql`alter schema ${sql.id(target)} rename to ${sql.id(live)}`.execute(trx);
      await sql`drop schema ${sql.id(old)} cascade`.execute(trx);
      return true;
    });
    if (swapped) break;
  }
  return { events: applied };
}

/** Creates the live read models, or rebuilds them when their version is not the code's. */
export async function ensureReadModels(options: RebuildOptions, expectedVersion: number): Promise<'ready' | 'rebuilt'> {
  const version = await readModelVersion(options.database.db, options.schema ?? LIVE_SCHEMA);
  if (version === expectedVersion) return 'ready';
  await rebuildReadModels(options);
  return 'rebuilt';
}
