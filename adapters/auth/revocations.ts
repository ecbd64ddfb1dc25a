// Revoked token ids, shared by every node through the database (OpenTera keeps them in Redis sets).
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

export interface Revocations {
  isRevoked(jti: string): Promise<boolean>;
  revoke(jti: string, expiresAt: Date): Promise<void>;
}

export async function createRevocations(database: Database): Promise<Revocations> {
  const { db } = database;
  await sql`create table if not exists revoked_tokens (jti text primary key, expires_at timestamptz not null)`.execute(db);
  return {
    async isRevoked(jti) {
      return (await db.selectFrom('revoked_tokens').select('jti').where('jti', '=', jti).executeTakeFirst()) !== undefined;
    },
    async revoke(jti, expiresAt) {
      await db.insertInto('revoked_tokens').values({ jti, expires_at: expiresAt }).onConflict((oc) => oc.column('jti').doNothing()).execute();
    },
  };
}
