// `GET /api/user/sessions?id_participant=1` (a participant's session list, as OpenTeraPlus loads it) and
// `GET /api/user/stats?id_site=1` (the site dashboard) as the superadmin, once on the test data (28 sessions)
// and once after BENCH_SESSIONS (default 100,000) more sessions spread over BENCH_SESSION_PARTICIPANTS
// (default 1,000) participants of project 1, participant 1 among them. Sessions are created through the real
// commands (events, then projections), BENCH_WRITERS at a time.
import { sql } from 'kysely';
import { registerParticipantCommand } from '../../commands/participants.js';
import { createSessionCommand } from '../../commands/sessions.js';
import type { Position } from '../../commands/eventStore.js';
import { runLoad, type LoadResult } from '../load.js';
import { startBenchServer, TEST_COST, userToken, type BenchServer } from '../server.js';
import type { Row } from '../stats.js';
import type { BenchStores } from '../store.js';
import type { HttpOptions } from './http.js';

export interface SessionsOptions extends HttpOptions {
  sessions: number;
  participants: number;
  writers: number;
}

const PATHS = ['/api/user/sessions?id_participant=1', '/api/user/stats?id_site=1'];

async function fill(server: BenchServer, options: SessionsOptions): Promise<{ position: Position | undefined; perSecond: number }> {
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'bench' }, correlationId: 'bench-sessions' });
  const started = Date.now();
  const participantIds = [1];
  let last: Position | undefined;
  for (let i = 1; i < options.participants; i++) {
    const p = await registerParticipantCommand(context, {
      projectId: 1,
      groupId: null,
      name: `Bench participant ${i}`,
      email: null,
      username: null,
      password: null,
      enabled: true,
      loginEnabled: false,
      tokenEnabled: false,
      projectEnabled: true,
    });
    participantIds.push(p.id);
    last = p.position ?? last;
  }
  const now = Date.now();
  let next = 0;
  const writer = async () => {
    for (let i = next++; i < options.sessions; i = next++) {
      const created = await createSessionCommand(context, {
        typeId: (i % 3) + 1,
        name: `Bench session ${i}`,
        startDatetime: new Date(now - (i % 365) * 86_400_000).toISOString(),
        duration: 60 + (i % 4741),
        status: i % 5,
        comments: null,
        parameters: null,
        creators: { userId: 1, deviceId: null, participantId: null, serviceId: null },
        participants: [participantIds[i % participantIds.length]!],
        users: [1],
        devices: [],
      });
      last = created.position ?? last;
    }
  };
  await Promise.all(Array.from({ length: options.writers }, writer));
  return { position: last, perSecond: options.sessions / ((Date.now() - started) / 1000) };
}

async function measure(server: BenchServer, options: SessionsOptions, label: string): Promise<Row[]> {
  const authorization = await userToken(server.url);
  const rows: Row[] = [];
  for (const path of PATHS) {
    const url = `${server.url}${path}`;
    const check = await fetch(url, { headers: { authorization } });
    const body = await check.text();
    if (check.status !== 200) throw new Error(`GET ${path} answered ${check.status}: ${body.slice(0, 200)}`);
    const parsed = JSON.parse(body) as unknown;
    const size = Array.isArray(parsed) ? `${parsed.length} items` : `${Object.keys(parsed as object).length} keys`;
    const result: LoadResult = await runLoad({ url, headers: { authorization }, connections: options.connections, seconds: options.seconds });
    const what = `${label}: GET ${path} (${size}, ${options.connections} conn)`;
    rows.push(
      { suite: 'sessions', metric: `${what}: requests/s`, value: result.requestsPerSecond, unit: 'req/s' },
      { suite: 'sessions', metric: `${what}: latency p50 / p99`, value: `${result.p50} / ${result.p99}`, unit: 'ms' },
      { suite: 'sessions', metric: `${what}: non-2xx / errors / timeouts (must be 0)`, value: `${result.non2xx} / ${result.errors} / ${result.timeouts}`, unit: 'count' },
    );
  }
  return rows;
}

export async function sessionsSuite(stores: BenchStores, options: SessionsOptions): Promise<Row[]> {
  const server = await startBenchServer(stores, 'sessions', TEST_COST);
  try {
    const rows = await measure(server, options, '28 sessions');
    const filled = await fill(server, options);
    if (filled.position && !(await server.core.runner.waitFor(filled.position, 1_800_000))) throw new Error('read models did not catch up');
    // A store grows over months and autovacuum keeps the planner's statistics current; right after a bulk
    // load they still describe the small store, so refresh them as autovacuum would.
    await sql`analyze`.execute(server.core.database.db);
    rows.push({ suite: 'sessions', metric: `create ${options.sessions} sessions (${options.writers} writers, projected)`, value: filled.perSecond, unit: 'sessions/s' });
    rows.push(...(await measure(server, options, `${options.sessions + 28} sessions`)));
    return rows;
  } finally {
    await server.dispose();
  }
}
