import t from 'tap';
import { sql } from 'kysely';
import { rebuildReadModels } from '../../../adapters/projection/rebuild.js';
import type { AnyDb } from '../../../projections/types.js';
import { startTestServer } from '../../helpers/server.js';

const TABLES = ['sites', 'projects', 'service_roles', 'users', 'user_groups', 'user_user_groups', 'service_access', 'user_site_access', 'user_project_access', 'devices_types', 'devices_subtypes', 'meta'];

async function dump(db: AnyDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(`rm.${table}`)}`.execute(db);
    out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

t.test('given a store with history, when the read models are rebuilt, then the tables are identical', async (t) => {
  const server = await startTestServer(t);
  // Some history beyond the seed: a create, a rename, a delete with its cascade.
  for (const body of [{ site: { id_site: 0, site_name: 'Extra' } }, { site: { id_site: 1, site_name: 'Renamed' } }]) {
    t.equal((await server.request('/api/user/sites', { method: 'POST', basic: 'admin:admin', body })).status, 200);
  }
  t.equal((await server.request('/api/user/sites?id=2', { method: 'DELETE', basic: 'admin:admin' })).status, 200);
  const before = await dump(server.core.database.db);
  const progress: [number, number | undefined][] = [];
  const result = await rebuildReadModels({ store: server.core.store, database: server.core.database, projectors: (await import('../../../projections/index.js')).projectors, onProgress: (a, total) => progress.push([a, total]) });
  const after = await dump(server.core.database.db);
  t.same(after, before);
  t.ok(result.events > 30, `replayed ${result.events} events`);
  t.same(progress.at(-1), [result.events, result.events], 'progress ends at the total');

  t.test('and the live server keeps working on the swapped-in tables', async (t) => {
    const response = await server.request('/api/user/sites', { method: 'POST', basic: 'admin:admin', body: { site: { id_site: 0, site_name: 'After rebuild' } } });
    t.equal(response.status, 200);
    const names = ((await (await server.request('/api/user/sites', { basic: 'admin:admin' })).json()) as { site_name: string }[]).map((s) => s.site_name);
    t.same(names, ['After rebuild', 'Extra', 'Renamed']);
  });
});
