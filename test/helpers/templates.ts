// Seeding hashes passwords and replays a few hundred events: done once per run into a template (a
// PostgreSQL template database, or a PGlite data-folder image), then cloned cheaply for each test.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createPostgresDatabase, openDatabase } from '../../adapters/db/database.js';
import { startServer } from '../../services/teraserver/server.js';
import { testConfig } from './config.js';

export type SeedName = 'opentera-test' | 'production';

const TEMPLATE_DIR = path.resolve('.tap', 'templates');
const templateFile = (seed: SeedName) => path.join(TEMPLATE_DIR, `${seed}.tar.gz`);
export const templateDatabase = (seed: SeedName) => `tera_template_${seed.replace('-', '_')}`;

const seedConfig = (seed: SeedName) => testConfig(seed === 'opentera-test' ? { seed } : {});

export async function buildPgliteTemplate(seed: SeedName): Promise<void> {
  const database = await openDatabase({});
  // The server closes its database when it stops; keep this one open to dump it.
  const running = await startServer(seedConfig(seed), { database: { ...database, close: async () => undefined } });
  await running.close();
  const image = Buffer.from(await (await database.dumpDataDir!()).arrayBuffer());
  await database.close();
  await mkdir(TEMPLATE_DIR, { recursive: true });
  const temporary = `${templateFile(seed)}.${process.pid}`;
  await writeFile(temporary, image);
  await rename(temporary, templateFile(seed));
}

export async function buildPostgresTemplate(adminUrl: string, seed: SeedName): Promise<void> {
  const url = await createPostgresDatabase(adminUrl, templateDatabase(seed), { dropFirst: true });
  const running = await startServer(seedConfig(seed), { database: await openDatabase({ url }) });
  await running.close();
}

export async function pgliteTemplate(seed: SeedName): Promise<Blob> {
  if (!existsSync(templateFile(seed))) await buildPgliteTemplate(seed);
  return new Blob([await readFile(templateFile(seed))]);
}
