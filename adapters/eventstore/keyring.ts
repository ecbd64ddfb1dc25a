// Per-subject AES-256 keys for personal data, in their own table (never in events). Deleting a key is the
// erasure: what was encrypted with it can no longer be read, on any node and after any rebuild.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

export interface Keyring {
  /** Keys for the subjects, created when missing. */
  keysFor(subjects: string[]): Promise<Map<string, Buffer>>;
  /** Existing keys only: erased subjects are absent from the result. */
  existingKeys(subjects: string[]): Promise<Map<string, Buffer>>;
  erase(subject: string): Promise<void>;
  /** Drops a cached key after another node erased it. */
  forget(subject: string): void;
}

export async function createKeyring(database: Database): Promise<Keyring> {
  const { db } = database;
  await sql`create table if not exists pii_keys (subject text primary key, key bytea not null)`.execute(db);
  await sql`create table if not exists pii_erased (subject text primary key)`.execute(db);
  const cache = new Map<string, Buffer>();

  async function load(subjects: string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const s of new Set(subjects)) {
      const key = cache.get(s);
      if (key) found.set(s, key);
      else missing.push(s);
    }
    if (missing.length > 0) {
      const rows = await db.selectFrom('pii_keys').select(['subject', 'key']).where('subject', 'in', missing).execute();
      for (const row of rows as { subject: string; key: Uint8Array }[]) {
        const key = Buffer.from(row.key);
        cache.set(row.subject, key);
        found.set(row.subject, key);
      }
    }
    return found;
  }

  return {
    existingKeys: load,
    async keysFor(subjects) {
      const found = await load(subjects);
      const missing = [...new Set(subjects)].filter((s) => !found.has(s));
      if (missing.length > 0) {
        const erased = await db.selectFrom('pii_erased').select('subject').where('subject', 'in', missing).execute();
        if (erased.length > 0) throw new Error(`Personal data of an erased subject cannot be stored again: ${erased.map((r) => r.subject as string).join(', ')}`);
        await db
          .insertInto('pii_keys')
          .values(missing.map((subject) => ({ subject, key: randomBytes(32) })))
          .onConflict((oc) => oc.column('subject').doNothing())
          .execute();
        for (const [s, k] of await load(missing)) found.set(s, k);
      }
      return found;
    },
    async erase(subject) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('pii_keys').where('subject', '=', subject).execute();
        await trx.insertInto('pii_erased').values({ subject }).onConflict((oc) => oc.column('subject').doNothing()).execute();
      });
      cache.delete(subject);
    },
    forget(subject) {
      cache.delete(subject);
    },
  };
}
