// Failed-login counters (OpenTera's Redis keys `UserLoginAttempts.<uuid>` and `User2FALoginAttempts.<uuid>`),
// kept in the database so that every node sees the same count. A counter lives `windowSeconds` after its
// last failure: a failure past that starts again at 1, and a read past it sees 0. Time is passed in, so the
// window follows the server's clock (and a test's).
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * What is counted: password failures of a user (120 s window), 2FA code failures of a user (900 s), password
 * failures of a participant (120 s, OpenTera's `ParticipantLoginAttempts.<uuid>`).
 */
export type AttemptKind = 'user-password' | 'user-2fa' | 'participant-password';

export const ATTEMPT_WINDOW_SECONDS: Record<AttemptKind, number> = { 'user-password': 120, 'user-2fa': 900, 'participant-password': 120 };
/** OpenTera refuses every attempt once a counter reaches 5. */
export const MAX_ATTEMPTS = 5;

export interface LoginAttempts {
  /** Failures still inside their window at `now` (0 when none or expired). */
  count(kind: AttemptKind, subject: string, now: Date): Promise<number>;
  /** Counts one more failure at `now` and restarts the window; returns the new count. Atomic across nodes. */
  fail(kind: AttemptKind, subject: string, now: Date): Promise<number>;
  /** Forgets the failures (a success). */
  clear(kind: AttemptKind, subject: string): Promise<void>;
}

/** `overrides`: shorter windows for tests; the kinds it leaves out keep OpenTera's. */
export async function createLoginAttempts(database: Database, overrides: Partial<Record<AttemptKind, number>> = {}): Promise<LoginAttempts> {
  const windows: Record<AttemptKind, number> = { ...ATTEMPT_WINDOW_SECONDS, ...overrides };
  const { db } = database;
  await sql`create table if not exists login_attempts (
    kind text not null, subject text not null, failures integer not null, expires_at timestamptz not null,
    primary key (kind, subject))`.execute(db);
  return {
    async count(kind, subject, now) {
      const row = await db
        .selectFrom('login_attempts')
        .select('failures')
        .where('kind', '=', kind)
        .where('subject', '=', subject)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return (row?.failures as number | undefined) ?? 0;
    },
    async fail(kind, subject, now) {
      const expiresAt = new Date(now.getTime() + windows[kind] * 1000);
      // One statement: concurrent failures on several nodes each add one.
      const result = await sql<{ failures: number }>`
        insert into login_attempts (kind, subject, failures, expires_at) values (${kind}, ${subject}, 1, ${expiresAt})
        on conflict (kind, subject) do update set
          failures = case when login_attempts.expires_at <= ${now} then 1 else login_attempts.failures + 1 end,
          expires_at = excluded.expires_at
        returning failures`.execute(db);
      return Number(result.rows[0]!.failures);
    },
    async clear(kind, subject) {
      await db.deleteFrom('login_attempts').where('kind', '=', kind).where('subject', '=', subject).execute();
    },
  };
}
