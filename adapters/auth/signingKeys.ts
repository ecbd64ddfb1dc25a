// HMAC keys for tokens, one set per token kind, persisted outside the event log (a key is a secret, and
// events are forever). Several keys per kind may be valid; the newest signs, every unexpired one verifies,
// and the `kid` header names the key. Rotation adds a key; old tokens stay valid until they expire.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

export type KeyKind = 'user' | 'participant' | 'participant-static' | 'device' | 'service' | 'reservation' | 'session';

export interface SigningKey {
  kind: KeyKind;
  kid: string;
  secret: Uint8Array;
  createdAt: Date;
}

export interface SigningKeys {
  current(kind: KeyKind): Promise<SigningKey>;
  byKid(kind: KeyKind, kid: string): Promise<SigningKey | undefined>;
  rotate(kind: KeyKind): Promise<SigningKey>;
}

export async function createSigningKeys(database: Database): Promise<SigningKeys> {
  const { db } = database;
  await sql`create table if not exists signing_keys (
    kid text primary key, kind text not null, secret bytea not null, created_at timestamptz not null default now())`.execute(db);
  const cache = new Map<string, SigningKey>();
  const toKey = (row: { kid: string; kind: string; secret: Uint8Array; created_at: Date }): SigningKey => ({
    kind: row.kind as KeyKind,
    kid: row.kid,
    secret: new Uint8Array(row.secret),
    createdAt: new Date(row.created_at),
  });

  async function rotate(kind: KeyKind): Promise<SigningKey> {
    const row = await db
      .insertInto('signing_keys')
      .values({ kid: randomUUID(), kind, secret: randomBytes(32) })
      .returningAll()
      .executeTakeFirstOrThrow();
    const key = toKey(row as never);
    cache.set(key.kid, key);
    return key;
  }

  return {
    async current(kind) {
      const row = await db.selectFrom('signing_keys').selectAll().where('kind', '=', kind).orderBy('created_at', 'desc').orderBy('kid').limit(1).executeTakeFirst();
      if (row) return toKey(row as never);
      // Two nodes starting at once may both create a first key; both stay valid, the newer signs.
      return rotate(kind);
    },
    async byKid(kind, kid) {
      const cached = cache.get(kid);
      if (cached) return cached.kind === kind ? cached : undefined;
      const row = await db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).where('kind', '=', kind).executeTakeFirst();
      if (!row) return undefined;
      const key = toKey(row as never);
      cache.set(kid, key);
      return key;
    },
    rotate,
  };
}
