// A fresh database per test: a new PostgreSQL database when DATABASE_URL is set (the suite's store),
// else an in-memory PGlite. `realPostgres` gives a fresh database on a real server for the tests that
// need true concurrency, whatever store the suite runs on.
import { randomBytes } from 'node:crypto';
import type { Test } from 'tap';
import { createPostgresDatabase, dropPostgresDatabase, openDatabase, type Database } from '../../adapters/db/database.js';

export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? process.env.DATABASE_URL;

function uniqueName(): string {
  return `tera_t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function postgresDatabase(t: Test, adminUrl: string, template?: string): Promise<Database> {
  const name = uniqueName();
  const url = await createPostgresDatabase(adminUrl, name, template ? { template } : {});
  const database = await openDatabase({ url });
  t.teardown(async () => {
    await database.close();
    await dropPostgresDatabase(adminUrl, name);
  });
  return database;
}

export async function freshDatabase(t: Test): Promise<Database> {
  if (process.env.DATABASE_URL) return postgresDatabase(t, process.env.DATABASE_URL);
  const database = await openDatabase({});
  t.teardown(() => database.close());
  return database;
}

/** A fresh database on a real PostgreSQL server, or undefined (the caller skips, saying why). */
export async function realPostgres(t: Test): Promise<Database | undefined> {
  if (!postgresAdminUrl) return undefined;
  return postgresDatabase(t, postgresAdminUrl);
}

export const NO_POSTGRES = 'needs a real PostgreSQL server: set TEST_POSTGRES_URL or DATABASE_URL (.ci/run does)';
