// `npm run bench [-- <suite>...]`: measures the event store, the projection lag and the HTTP API, then
// prints one table. Store: PostgreSQL when DATABASE_URL is set (fresh databases on that server, dropped at
// the end), else PGlite in fresh temporary data folders (removed at the end). Each suite gets its own
// store. Sizes can be tuned with BENCH_SECONDS (HTTP load per run, default 10), BENCH_APPENDS (default
// 2000), BENCH_WRITERS (default 8), BENCH_SAMPLES (lag samples per measure, default 300) and
// BENCH_PARTICIPANTS (participants in the large project of the participants suite, default 10,000),
// BENCH_SESSIONS and BENCH_SESSION_PARTICIPANTS (the sessions suite's store: 100,000 sessions over 1,000
// participants by default).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchStores, type BenchStores } from './store.js';
import { formatTable, type Row } from './stats.js';
import { appendsSuite } from './suites/appends.js';
import { lagSuite } from './suites/lag.js';
import { loginsSuite, projectsSuite, sitesSuite } from './suites/http.js';
import { participantsSuite } from './suites/participants.js';
import { sessionsSuite } from './suites/sessions.js';

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

const http = { seconds: positiveInt('BENCH_SECONDS', 10), connections: 10 };
const SUITES: Record<string, (stores: BenchStores) => Promise<Row[]>> = {
  appends: (stores) => appendsSuite(stores, { appends: positiveInt('BENCH_APPENDS', 2000), writers: positiveInt('BENCH_WRITERS', 8) }),
  lag: (stores) => lagSuite(stores, { samples: positiveInt('BENCH_SAMPLES', 300) }),
  sites: (stores) => sitesSuite(stores, http),
  projects: (stores) => projectsSuite(stores, http),
  logins: (stores) => loginsSuite(stores, http),
  participants: (stores) => participantsSuite(stores, { ...http, large: positiveInt('BENCH_PARTICIPANTS', 10_000), writers: positiveInt('BENCH_WRITERS', 8) }),
  sessions: (stores) =>
    sessionsSuite(stores, { ...http, sessions: positiveInt('BENCH_SESSIONS', 100_000), participants: positiveInt('BENCH_SESSION_PARTICIPANTS', 1000), writers: positiveInt('BENCH_WRITERS', 8) }),
};

async function main(): Promise<BenchStores['kind'] | undefined> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in SUITES));
  if (unknown.length > 0) {
    console.error(`Unknown suite ${unknown.join(', ')}; suites: ${Object.keys(SUITES).join(', ')} (none: all)`);
    process.exitCode = 2;
    return undefined;
  }
  const selected = asked.length > 0 ? Object.keys(SUITES).filter((name) => asked.includes(name)) : Object.keys(SUITES);

  const stores = await benchStores(process.env.DATABASE_URL || undefined);
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error('interrupted: cleaning up');
    void stores.disposeAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const rows: Row[] = [];
  const started = performance.now();
  try {
    for (const name of selected) {
      const t = performance.now();
      process.stderr.write(`${name}...`);
      try {
        rows.push(...(await SUITES[name]!(stores)));
        process.stderr.write(` ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      } catch (error) {
        process.stderr.write(' failed\n');
        console.error(error);
        rows.push({ suite: name, metric: 'FAILED', value: error instanceof Error ? error.message : String(error), unit: '' });
        process.exitCode = 1;
      }
    }
  } finally {
    await stores.disposeAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const cpus = os.cpus();
  console.log('');
  console.log(`Store: ${stores.description}`);
  console.log(`Node ${process.version} on ${os.platform()}/${os.arch()}, ${cpus.length} CPU${cpus.length === 1 ? '' : 's'} (${cpus[0]?.model.trim() ?? '?'})`);
  console.log(`Suites: ${selected.join(', ')}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log('');
  console.log(formatTable(rows));
  return stores.kind;
}

/**
 * Everything is closed by now and the process ends by itself. With PGlite, though, its WASM Postgres
 * leaves a timer armed after `close()` that would keep the process up to 10 s more: then the bench exits
 * as soon as only timers and stdio remain. Anything else still open is a leak: it is reported, not cut.
 */
function finish(kind: BenchStores['kind'] | undefined): void {
  const open = process.getActiveResourcesInfo().filter((r) => !['Timeout', 'TTYWrap', 'PipeWrap', 'FSReqCallback'].includes(r));
  if (open.length > 0) console.error(`still open after the bench: ${open.join(', ')}`);
  else if (kind === 'PGlite') process.stdout.write('', () => process.exit());
}

main().then(finish, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  finish(undefined);
});
