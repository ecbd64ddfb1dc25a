// Appends per second through the raw PostgreSQL/PGlite event store adapter (no personal-data codec):
// one writer appending sequentially, then 8 concurrent writers on their own streams, same total. Each
// append is one event to one of the writer's streams, with the expected revision. Afterwards the log is
// checked: every append is there, positions 1..N without a gap.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createPostgresEventStore } from '../../adapters/eventstore/postgres.js';
import type { EventStore, NewEvent } from '../../commands/eventStore.js';
import { percentile, type Row } from '../stats.js';
import type { BenchStores } from '../store.js';

const STREAMS_PER_WRITER = 10;

function event(writer: number, index: number): NewEvent {
  return {
    type: 'BenchItemRecorded',
    data: { writer, index, name: `Item ${index}`, enabled: true },
    metadata: { actor: { kind: 'system', uuid: 'bench' }, correlationId: `bench-${writer}-${index}`, time: new Date().toISOString(), schemaVersion: 1 },
  };
}

/** Appends `count` events one by one, round-robin over the writer's own streams; returns each append's latency. */
async function writer(store: EventStore, id: number, count: number): Promise<number[]> {
  const streams = Array.from({ length: STREAMS_PER_WRITER }, () => ({ name: `benchItem-${randomUUID()}`, revision: undefined as number | undefined }));
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const stream = streams[i % streams.length]!;
    const start = performance.now();
    const result = await store.append(stream.name, [event(id, i)], stream.revision ?? 'no_stream');
    latencies.push(performance.now() - start);
    stream.revision = result.revision;
  }
  return latencies;
}

async function checkLog(store: EventStore, expected: number): Promise<void> {
  let next = 1;
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after !== undefined ? { from: after } : {}), maxCount: 1000 });
    for (const e of page) {
      if (e.position !== String(next)) throw new Error(`event log has position ${e.position} where ${next} was expected`);
      next++;
    }
    if (page.length < 1000) break;
    after = page[page.length - 1]!.position;
  }
  if (next - 1 !== expected) throw new Error(`event log holds ${next - 1} events, ${expected} were appended`);
}

export async function appendsSuite(stores: BenchStores, options: { appends: number; writers: number }): Promise<Row[]> {
  const location = await stores.fresh('appends');
  try {
    const database = await location.open();
    try {
      const store = await createPostgresEventStore(database);
      try {
        const warmup = 100;
        await writer(store, -1, warmup);

        let start = performance.now();
        const single = await writer(store, 0, options.appends);
        const singleSeconds = (performance.now() - start) / 1000;

        const perWriter = Math.ceil(options.appends / options.writers);
        start = performance.now();
        const concurrent = (await Promise.all(Array.from({ length: options.writers }, (_, w) => writer(store, w + 1, perWriter)))).flat();
        const concurrentSeconds = (performance.now() - start) / 1000;

        await checkLog(store, warmup + single.length + concurrent.length);
        const w = options.writers;
        return [
          { suite: 'appends', metric: `1 writer, ${single.length} appends of 1 event`, value: single.length / singleSeconds, unit: 'appends/s' },
          { suite: 'appends', metric: '1 writer, append latency p50', value: percentile(single, 50), unit: 'ms' },
          { suite: 'appends', metric: '1 writer, append latency p99', value: percentile(single, 99), unit: 'ms' },
          { suite: 'appends', metric: `${w} writers, ${concurrent.length} appends of 1 event`, value: concurrent.length / concurrentSeconds, unit: 'appends/s' },
          { suite: 'appends', metric: `${w} writers, append latency p50`, value: percentile(concurrent, 50), unit: 'ms' },
          { suite: 'appends', metric: `${w} writers, append latency p99`, value: percentile(concurrent, 99), unit: 'ms' },
        ];
      } finally {
        await store.close();
      }
    } finally {
      await database.close();
    }
  } finally {
    await location.dispose();
  }
}
