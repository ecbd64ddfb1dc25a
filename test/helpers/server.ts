// A real server on an ephemeral port over a fresh copy of a seeded store, closed when the test ends.
import type { Test } from 'tap';
import { openDatabase, type Database } from '../../adapters/db/database.js';
import { startServer, type RunningServer } from '../../services/teraserver/server.js';
import type { Config } from '../../services/teraserver/config.js';
import { testConfig } from './config.js';
import { postgresDatabase } from './database.js';
import { pgliteTemplate, templateDatabase, type SeedName } from './templates.js';

export async function seededDatabase(t: Test, seed: SeedName): Promise<Database> {
  if (process.env.DATABASE_URL) return postgresDatabase(t, process.env.DATABASE_URL, templateDatabase(seed));
  const database = await openDatabase({ loadDataDir: await pgliteTemplate(seed) });
  t.teardown(() => database.close().catch(() => undefined));
  return database;
}

export interface TestServer extends RunningServer {
  /** fetch against the server, with Basic credentials (`user:password`) or an OpenTera token. */
  request(path: string, options?: { method?: string; basic?: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  login(username: string, password?: string): Promise<string>;
}

export async function startTestServer(t: Test, options: { seed?: SeedName; config?: Partial<Config> } = {}): Promise<TestServer> {
  const database = await seededDatabase(t, options.seed ?? 'opentera-test');
  const running = await startServer(testConfig(options.config), { database });
  t.teardown(() => running.close());
  const request: TestServer['request'] = (path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.basic) headers.authorization = `Basic ${Buffer.from(o.basic).toString('base64')}`;
    if (o.token) headers.authorization = `OpenTera ${o.token}`;
    if (o.body !== undefined) headers['content-type'] ??= 'application/json';
    return fetch(running.url + path, { method: o.method ?? 'GET', headers, ...(o.body !== undefined ? { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}) });
  };
  return {
    ...running,
    request,
    async login(username, password = username) {
      const response = await request('/api/user/login', { basic: `${username}:${password}` });
      const body = (await response.json()) as { user_token?: string };
      if (!body.user_token) throw new Error(`login of ${username} failed: ${response.status} ${JSON.stringify(body)}`);
      return body.user_token;
    },
  };
}
