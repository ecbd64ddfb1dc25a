// One handle on the SQL database that holds the read models, the key tables and (unless EventStoreDB is
// configured) the event log: PostgreSQL through `pg`, or embedded PGlite in a data folder.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each room declares its own table types
export type AnyDb = Kysely<any>;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly db: AnyDb;
  /** Calls `onNotify` for each NOTIFY on `channel` sent by any process (PostgreSQL) or this one (PGlite). */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Takes a session-level advisory lock on its own connection, held until `release` (or until this process
   * dies: the server then frees it, so another node can take over). Undefined when another session holds it.
   */
  tryLock(key: string): Promise<(() => Promise<void>) | undefined>;
  /** PGlite only: an image of the data folder, loadable with `loadDataDir` (test templates, backups). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data folder; absent means in memory. */
  dataDir?: string;
  /** PGlite data-folder image (from `dumpDataDir`) to start from. */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection emits 'error'; without a listener that would crash the process.
  pool.on('error', () => undefined);
  const db: AnyDb = new Kysely({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  const listeners: pg.Client[] = [];
  return {
    kind: 'postgres',
    db,
    async listen(channel, onNotify) {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel === channel) onNotify(n.payload ?? '');
      });
      await client.query(`LISTEN ${pgIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => undefined);
      };
    },
    async tryLock(key) {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      const result = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [key]);
      if (!result.rows[0]?.ok) {
        await client.end();
        return undefined;
      }
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      await db.destroy();
    },
  };
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const client = await PGlite.create(options.dataDir ?? 'memory://', options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  const db: AnyDb = new Kysely({ dialect: new PGliteDialect(client) });
  const locks = new Set<string>();
  return {
    kind: 'pglite',
    db,
    async listen(channel, onNotify) {
      return client.listen(channel, onNotify);
    },
    dumpDataDir: () => client.dumpDataDir('gzip'),
    // PGlite lives in one process, which holds its data folder alone: locks are only between this process's parts.
    async tryLock(key) {
      if (locks.has(key)) return undefined;
      locks.add(key);
      return async () => void locks.delete(key);
    },
    async close() {
      await db.destroy();
    },
  };
}

function pgIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid channel name ${name}`);
  return name;
}

/** Creates `name` (dropping it first when asked) on the server of `adminUrl`, optionally from a template. */
export async function createPostgresDatabase(adminUrl: string, name: string, options: { template?: string; dropFirst?: boolean } = {}): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (options.dropFirst) await client.query(`DROP DATABASE IF EXISTS ${pgIdentifier(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${pgIdentifier(name)}${options.template ? ` TEMPLATE ${pgIdentifier(options.template)}` : ''}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pgIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
