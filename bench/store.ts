// Where the bench keeps its data: a fresh PostgreSQL database per use on the server of DATABASE_URL
// (`tera_bench_<run>_<label>`, dropped afterwards), or else a fresh PGlite data folder under one temporary
// folder (removed afterwards). Each suite takes its own, so no suite sees another's events.
// Initialising a PGlite data folder takes seconds; the bench initialises one empty cluster once and copies
// it for each fresh folder (opening a copy takes a fraction of that), so start-up does not eat the budget.
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPostgresDatabase, dropPostgresDatabase, openDatabase, type Database } from '../adapters/db/database.js';

export interface StoreLocation {
  /** Set for PostgreSQL. */
  databaseUrl?: string;
  /** Set for PGlite: the server's data folder (it keeps PGlite in `<dataDir>/pglite`). */
  dataDir?: string;
  /** Opens the database as the server would. */
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

export interface BenchStores {
  kind: 'PGlite' | 'PostgreSQL';
  description: string;
  /** A temporary folder for bench files (configuration files). */
  tmpDir: string;
  fresh(label: string): Promise<StoreLocation>;
  disposeAll(): Promise<void>;
}

export async function benchStores(adminUrl: string | undefined): Promise<BenchStores> {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'tera-bench-'));
  const run = randomBytes(4).toString('hex');
  const live = new Set<StoreLocation>();
  const disposeAll = async () => {
    for (const location of [...live]) await location.dispose().catch(() => undefined);
    await rm(tmpDir, { recursive: true, force: true });
  };

  if (!adminUrl) {
    let template: Promise<string> | undefined;
    const emptyCluster = () =>
      (template ??= (async () => {
        const folder = path.join(tmpDir, 'template', 'pglite');
        await mkdir(path.dirname(folder));
        const database = await openDatabase({ dataDir: folder });
        await database.close();
        return folder;
      })());
    return {
      kind: 'PGlite',
      description: `PGlite (embedded, data folders in ${tmpDir})`,
      tmpDir,
      async fresh(label) {
        const dataDir = path.join(tmpDir, label);
        await mkdir(dataDir);
        await cp(await emptyCluster(), path.join(dataDir, 'pglite'), { recursive: true });
        const location: StoreLocation = {
          dataDir,
          open: () => openDatabase({ dataDir: path.join(dataDir, 'pglite') }),
          async dispose() {
            live.delete(location);
            await rm(dataDir, { recursive: true, force: true });
          },
        };
        live.add(location);
        return location;
      },
      disposeAll,
    };
  }

  const version = await serverVersion(adminUrl);
  const host = new URL(adminUrl).host;
  return {
    kind: 'PostgreSQL',
    description: `PostgreSQL ${version} at ${host} (databases tera_bench_${run}_*)`,
    tmpDir,
    async fresh(label) {
      const name = `tera_bench_${run}_${label}`;
      const databaseUrl = await createPostgresDatabase(adminUrl, name);
      const location: StoreLocation = {
        databaseUrl,
        open: () => openDatabase({ url: databaseUrl }),
        async dispose() {
          live.delete(location);
          await dropPostgresDatabase(adminUrl, name);
        },
      };
      live.add(location);
      return location;
    },
    disposeAll,
  };
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>('show server_version');
    return result.rows[0]?.server_version.split(' ')[0] ?? '?';
  } finally {
    await client.end();
  }
}

/** Writes a JSON configuration file for `loadConfig --config`, so no `config.json` of the working folder leaks in. */
export async function configFile(stores: BenchStores, name: string, content: Record<string, unknown>): Promise<string> {
  const file = path.join(stores.tmpDir, `${name}.json`);
  await writeFile(file, JSON.stringify(content));
  return file;
}
