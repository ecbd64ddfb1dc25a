// OpenTera's integer ids come from PostgreSQL sequences, allocated at command time and carried in the
// creating event, so a replay gives every row the same id.
import { sql } from 'kysely';
import type { IdAllocator, IdSequence } from '../../commands/ports.js';
import type { Database } from './database.js';

export const ID_SEQUENCES: readonly IdSequence[] = [
  'site',
  'project',
  'user',
  'user_group',
  'user_user_group',
  'user_preference',
  'service_role',
  'service_access',
  'device_type',
  'device_subtype',
  'participant_group',
  'participant',
  'device',
  'device_site',
  'device_project',
  'device_participant',
  'service',
  'service_site',
  'service_project',
  'session_type',
  'session_type_site',
  'session_type_project',
  'session_type_service',
  'session',
  'session_event',
  'asset',
  'test_type',
  'test_type_site',
  'test_type_project',
  'test',
  'test_invitation',
];

const sequenceName = (s: IdSequence) => sql.id(`id_${s}_seq`);

export async function createIdAllocator(database: Database): Promise<IdAllocator> {
  const { db } = database;
  for (const s of ID_SEQUENCES) await sql`create sequence if not exists ${sequenceName(s)}`.execute(db);
  return {
    async next(sequence) {
      const row = await sql<{ id: string }>`select nextval(${`id_${sequence}_seq`}::regclass)::text as id`.execute(db);
      return Number(row.rows[0]!.id);
    },
    async ensureAbove(sequence, id) {
      await sql`select setval(${`id_${sequence}_seq`}::regclass, greatest(${id}::bigint, (select last_value from ${sequenceName(sequence)})))`.execute(db);
    },
  };
}
