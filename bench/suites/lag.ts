// Projection lag: the full server (opentera-test seed) creates sites through the command side, as a
// request would, and we time from the append's return until the read model has it. Two measures, in
// separate rounds so that they do not disturb each other:
//  - `runner.waitFor(position)` resolves (what the API waits for before it answers a write);
//  - the new row is visible in `rm.sites` (polled with back-to-back queries).
// After each waitFor the row must be visible at once; a miss is counted (and must be 0).
import { performance } from 'node:perf_hooks';
import { createSiteCommand } from '../../commands/sites.js';
import { LIVE_SCHEMA } from '../../projections/schema.js';
import { startBenchServer, TEST_COST } from '../server.js';
import { percentile, type Row } from '../stats.js';
import type { BenchStores } from '../store.js';

const TIMEOUT_MS = 5000;

export async function lagSuite(stores: BenchStores, options: { samples: number }): Promise<Row[]> {
  const server = await startBenchServer(stores, 'lag', TEST_COST);
  try {
    const { core } = server;
    const readDb = core.database.db.withSchema(LIVE_SCHEMA);
    const visible = async (id: number) => (await readDb.selectFrom('sites').select('id_site').where('id_site', '=', id).executeTakeFirst()) !== undefined;
    let n = 0;
    const createSite = async () => {
      n++;
      const context = core.commandContext({ actor: { kind: 'system', uuid: 'bench' }, correlationId: `bench-lag-${n}` });
      const start = performance.now();
      const result = await createSiteCommand(context, 'system', { name: `Bench site ${n}` });
      const appended = performance.now();
      if (result.position === undefined) throw new Error('createSiteCommand appended nothing');
      return { id: result.id, position: result.position, commandMs: appended - start, appended };
    };

    for (let i = 0; i < 20; i++) await core.runner.waitFor((await createSite()).position, TIMEOUT_MS); // warm-up

    const commandMs: number[] = [];
    const waitLag: number[] = [];
    let notVisibleAfterWait = 0;
    let timeouts = 0;
    for (let i = 0; i < options.samples; i++) {
      const site = await createSite();
      const reached = await core.runner.waitFor(site.position, TIMEOUT_MS);
      waitLag.push(performance.now() - site.appended);
      commandMs.push(site.commandMs);
      if (!reached) timeouts++;
      else if (!(await visible(site.id))) notVisibleAfterWait++;
    }

    const rowLag: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      const site = await createSite();
      while (!(await visible(site.id))) {
        if (performance.now() - site.appended > TIMEOUT_MS) {
          timeouts++;
          break;
        }
      }
      rowLag.push(performance.now() - site.appended);
    }

    return [
      { suite: 'lag', metric: 'server start (open, migrate, seed opentera-test)', value: server.startMs, unit: 'ms' },
      { suite: 'lag', metric: 'createSite command (allocate ids, read, append) p50', value: percentile(commandMs, 50), unit: 'ms' },
      { suite: 'lag', metric: `append -> runner.waitFor p50 (${waitLag.length} sites)`, value: percentile(waitLag, 50), unit: 'ms' },
      { suite: 'lag', metric: 'append -> runner.waitFor p99', value: percentile(waitLag, 99), unit: 'ms' },
      { suite: 'lag', metric: `append -> row visible in rm.sites p50 (${rowLag.length} sites)`, value: percentile(rowLag, 50), unit: 'ms' },
      { suite: 'lag', metric: 'append -> row visible in rm.sites p99', value: percentile(rowLag, 99), unit: 'ms' },
      { suite: 'lag', metric: 'rows missing after waitFor / timeouts (must be 0)', value: `${notVisibleAfterWait} / ${timeouts}`, unit: 'count' },
    ];
  } finally {
    await server.dispose();
  }
}
