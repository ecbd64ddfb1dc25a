// Request rate limits per client, counted in the database so that a limit holds across every node behind the
// proxy (OpenTera counts in each process's memory: N nodes would allow N times the limit). Fixed windows, as
// Flask-Limiter's default strategy: a window is `windowSeconds` long, aligned on the epoch, and a request is
// refused when it is over `max` in its window. Time is passed in, as for the login attempts.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

export interface RateLimit {
  /** What is limited, e.g. `device-register`; each scope counts on its own. */
  scope: string;
  max: number;
  windowSeconds: number;
}

export interface RateLimits {
  /** Counts one request of `subject` (a client IP) at `now`; false when it is over the limit. Atomic across nodes. */
  allow(limit: RateLimit, subject: string, now: Date): Promise<boolean>;
}

/** Past windows are deleted at most this often per scope and node: the table keeps one row per recent client. */
const CLEANUP_INTERVAL_MS = 60_000;

export async function createRateLimits(database: Database): Promise<RateLimits> {
  const { db } = database;
  // Nodes starting together would race on `create table if not exists` (a duplicate pg_type row fails one).
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('tera:create:rate_limits'))`.execute(trx);
    await sql`create table if not exists rate_limits (
      scope text not null, subject text not null, window_index bigint not null, hits integer not null,
      primary key (scope, subject))`.execute(trx);
  });
  const lastCleanup = new Map<string, number>();

  return {
    async allow(limit, subject, now) {
      const windowIndex = Math.floor(now.getTime() / (limit.windowSeconds * 1000));
      // One statement: concurrent requests on several nodes each count once. A node whose clock lags counts
      // into the newer window another node has opened rather than restarting it.
      const result = await sql<{ hits: number }>`
        insert into rate_limits (scope, subject, window_index, hits) values (${limit.scope}, ${subject}, ${windowIndex}, 1)
        on conflict (scope, subject) do update set
          hits = case when excluded.window_index > rate_limits.window_index then 1 else rate_limits.hits + 1 end,
          window_index = greatest(rate_limits.window_index, excluded.window_index)
        returning hits`.execute(db);
      const hits = Number(result.rows[0]!.hits);
      const last = lastCleanup.get(limit.scope) ?? 0;
      if (now.getTime() - last >= CLEANUP_INTERVAL_MS) {
        lastCleanup.set(limit.scope, now.getTime());
        await db.deleteFrom('rate_limits').where('scope', '=', limit.scope).where('window_index', '<', windowIndex).execute();
      }
      return hits <= limit.max;
    },
  };
}
