// Starts the real server for a suite: `loadConfig` with flags (ephemeral port, the OpenTera test seed,
// silent logs) and a configuration file for the argon2 cost; no environment variable leaks in.
import { performance } from 'node:perf_hooks';
import { OWASP_MINIMUM, type Argon2Cost } from '../adapters/auth/passwords.js';
import { loadConfig } from '../services/teraserver/config.js';
import { startServer, type RunningServer } from '../services/teraserver/server.js';
import { configFile, type BenchStores, type StoreLocation } from './store.js';

/** The cost the tests use: cheap, so that seeding and logins are not dominated by hashing. */
export const TEST_COST: Argon2Cost = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
export const PRODUCTION_COST: Argon2Cost = OWASP_MINIMUM;

export interface BenchServer extends RunningServer {
  location: StoreLocation;
  /** Time `startServer` took: open the store, migrate, build read models, seed, listen. */
  startMs: number;
  /** Close the server, then drop its database or data folder. */
  dispose(): Promise<void>;
}

export async function startBenchServer(stores: BenchStores, label: string, cost: Argon2Cost): Promise<BenchServer> {
  const location = await stores.fresh(label);
  try {
    const file = await configFile(stores, label, { argon2MemoryKiB: cost.memoryKiB, argon2Iterations: cost.iterations, argon2Parallelism: cost.parallelism });
    const where = location.databaseUrl ? ['--database-url', location.databaseUrl] : ['--data-dir', location.dataDir!];
    const { config } = loadConfig(['--config', file, '--host', '127.0.0.1', '--port', '0', '--seed', 'opentera-test', '--log-level', 'silent', ...where], {});
    const started = performance.now();
    const running = await startServer(config);
    return {
      ...running,
      location,
      startMs: performance.now() - started,
      async dispose() {
        try {
          await running.close();
        } finally {
          await location.dispose();
        }
      },
    };
  } catch (error) {
    await location.dispose().catch(() => undefined);
    throw error;
  }
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Logs in as OpenTera's seeded superadmin and returns the `Authorization` header for the user API. */
export async function userToken(url: string, username = 'admin', password = 'admin'): Promise<string> {
  const response = await fetch(`${url}/api/user/login`, { headers: { authorization: basicAuth(username, password) } });
  if (response.status !== 200) throw new Error(`login as ${username} answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { user_token?: string };
  if (!body.user_token) throw new Error(`login as ${username} returned no token: ${JSON.stringify(body)}`);
  return `OpenTera ${body.user_token}`;
}
