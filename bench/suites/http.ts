// HTTP suites against the running server with autocannon (10 connections):
//  - sites, projects: `GET /api/user/sites` (superadmin) and `/api/user/projects` (site admin) with
//    `Authorization: OpenTera <token>` on the opentera-test seed;
//  - logins: `GET /api/user/login` with Basic admin:admin, once with the tests' cheap argon2 cost and once
//    on a server whose seed hashed the passwords at the production cost (OWASP minimum): a hash carries
//    its own parameters, so only a store seeded at that cost measures it.
import type { Argon2Cost } from '../../adapters/auth/passwords.js';
import { runLoad, type LoadResult } from '../load.js';
import { basicAuth, PRODUCTION_COST, startBenchServer, TEST_COST, userToken } from '../server.js';
import type { Row } from '../stats.js';
import type { BenchStores } from '../store.js';

export interface HttpOptions {
  seconds: number;
  connections: number;
}

function loadRows(suite: string, what: string, result: LoadResult): Row[] {
  return [
    { suite, metric: `${what}: requests/s (${result.total} in ${result.seconds.toFixed(1)} s)`, value: result.requestsPerSecond, unit: 'req/s' },
    { suite, metric: `${what}: latency p50`, value: result.p50, unit: 'ms' },
    { suite, metric: `${what}: latency p99`, value: result.p99, unit: 'ms' },
    { suite, metric: `${what}: non-2xx / errors / timeouts (must be 0)`, value: `${result.non2xx} / ${result.errors} / ${result.timeouts}`, unit: 'count' },
  ];
}

/** A role-filtered list under load, read with the token of `user` (password = username in the seed). */
async function listSuite(stores: BenchStores, options: HttpOptions, suite: string, path: string, user: string): Promise<Row[]> {
  const server = await startBenchServer(stores, suite, TEST_COST);
  try {
    const authorization = await userToken(server.url, user, user);
    const check = await fetch(`${server.url}${path}`, { headers: { authorization } });
    const items = (await check.json()) as unknown[];
    if (check.status !== 200 || !Array.isArray(items)) throw new Error(`GET ${path} answered ${check.status}`);
    const result = await runLoad({ url: `${server.url}${path}`, headers: { authorization }, connections: options.connections, seconds: options.seconds });
    return loadRows(suite, `GET ${path} as ${user} (${items.length} items, ${options.connections} conn)`, result);
  } finally {
    await server.dispose();
  }
}

export const sitesSuite = (stores: BenchStores, options: HttpOptions) => listSuite(stores, options, 'sites', '/api/user/sites', 'admin');
export const projectsSuite = (stores: BenchStores, options: HttpOptions) => listSuite(stores, options, 'projects', '/api/user/projects', 'siteadmin');

async function logins(stores: BenchStores, label: string, cost: Argon2Cost, options: HttpOptions): Promise<LoadResult> {
  const server = await startBenchServer(stores, label, cost);
  try {
    await userToken(server.url); // the seeded admin logs in
    return await runLoad({ url: `${server.url}/api/user/login`, headers: { authorization: basicAuth('admin', 'admin') }, connections: options.connections, seconds: options.seconds });
  } finally {
    await server.dispose();
  }
}

export async function loginsSuite(stores: BenchStores, options: HttpOptions): Promise<Row[]> {
  const describe = (c: Argon2Cost) => `m=${c.memoryKiB} KiB t=${c.iterations} p=${c.parallelism}, ${options.connections} conn`;
  const cheap = await logins(stores, 'logins_test', TEST_COST, options);
  const production = await logins(stores, 'logins_production', PRODUCTION_COST, options);
  return [
    ...loadRows('logins', `test argon2id (${describe(TEST_COST)})`, cheap),
    ...loadRows('logins', `production argon2id (${describe(PRODUCTION_COST)})`, production),
  ];
}
