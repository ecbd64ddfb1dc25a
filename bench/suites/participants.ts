// `GET /api/user/participants?id_project=<p>&list=true` (the list form OpenTeraPlus loads for a project) as
// the superadmin, on a project of 100 participants and on one of PARTICIPANTS_LARGE (default 10,000), in
// the same store: the ratio tells how the list scales with the project's size. Participants are registered
// through the real commands (events, then projections), BENCH_WRITERS at a time.
import { createProjectCommand } from '../../commands/projects.js';
import { registerParticipantCommand } from '../../commands/participants.js';
import type { Position } from '../../commands/eventStore.js';
import { runLoad, type LoadResult } from '../load.js';
import { startBenchServer, TEST_COST, userToken, type BenchServer } from '../server.js';
import type { Row } from '../stats.js';
import type { BenchStores } from '../store.js';
import type { HttpOptions } from './http.js';

export interface ParticipantsOptions extends HttpOptions {
  large: number;
  writers: number;
}

async function projectWith(server: BenchServer, name: string, count: number, writers: number): Promise<{ id: number; position: Position | undefined }> {
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'bench' }, correlationId: 'bench-participants' });
  const project = await createProjectCommand(context, { siteId: 1, name });
  let next = 0;
  let last = project.position;
  const writer = async () => {
    for (let i = next++; i < count; i = next++) {
      const written = await registerParticipantCommand(context, {
        projectId: project.id,
        groupId: null,
        name: `Participant ${String(i).padStart(6, '0')}`,
        email: null,
        username: null,
        password: null,
        enabled: true,
        loginEnabled: false,
        tokenEnabled: i % 2 === 0,
        projectEnabled: true,
      });
      last = written.position ?? last;
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  return { id: project.id, position: last };
}

function rows(what: string, result: LoadResult): Row[] {
  return [
    { suite: 'participants', metric: `${what}: requests/s (${result.total} in ${result.seconds.toFixed(1)} s)`, value: result.requestsPerSecond, unit: 'req/s' },
    { suite: 'participants', metric: `${what}: latency p50`, value: result.p50, unit: 'ms' },
    { suite: 'participants', metric: `${what}: latency p99`, value: result.p99, unit: 'ms' },
    { suite: 'participants', metric: `${what}: non-2xx / errors / timeouts (must be 0)`, value: `${result.non2xx} / ${result.errors} / ${result.timeouts}`, unit: 'count' },
  ];
}

export async function participantsSuite(stores: BenchStores, options: ParticipantsOptions): Promise<Row[]> {
  const server = await startBenchServer(stores, 'participants', TEST_COST);
  try {
    const started = Date.now();
    const small = await projectWith(server, 'Bench 100', 100, options.writers);
    const large = await projectWith(server, `Bench ${options.large}`, options.large, options.writers);
    if (large.position && !(await server.core.runner.waitFor(large.position, 600_000))) throw new Error('read models did not catch up');
    const authorization = await userToken(server.url);
    const measured: Row[] = [
      { suite: 'participants', metric: `register ${100 + options.large} participants (${options.writers} writers, projected)`, value: (100 + options.large) / ((Date.now() - started) / 1000), unit: 'participants/s' },
    ];
    const results: LoadResult[] = [];
    for (const [project, count] of [
      [small.id, 100],
      [large.id, options.large],
    ] as const) {
      const url = `${server.url}/api/user/participants?id_project=${project}&list=true`;
      const check = await fetch(url, { headers: { authorization } });
      const items = (await check.json()) as unknown[];
      if (check.status !== 200 || !Array.isArray(items) || items.length !== count) throw new Error(`GET ${url} answered ${check.status} with ${Array.isArray(items) ? items.length : 'no'} items, expected ${count}`);
      const result = await runLoad({ url, headers: { authorization }, connections: options.connections, seconds: options.seconds });
      results.push(result);
      measured.push(...rows(`list of ${count} (${(Buffer.byteLength(JSON.stringify(items)) / 1024).toFixed(0)} KiB, ${options.connections} conn)`, result));
    }
    const [smallResult, largeResult] = results as [LoadResult, LoadResult];
    measured.push({
      suite: 'participants',
      metric: `requests/s ratio, ${options.large} vs 100 participants`,
      value: largeResult.requestsPerSecond / smallResult.requestsPerSecond,
      unit: 'x',
    });
    return measured;
  } finally {
    await server.dispose();
  }
}
