// The contract every EventStore adapter passes. Stream names are unique per run so that the suite can
// run against a shared server (EventStoreDB).
import { randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import {
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
  comparePositions,
} from '../../../commands/eventStore.js';

export interface StoreFixture {
  store: EventStore;
  cleanup(): Promise<void>;
}

export function event(type: string, data: Record<string, unknown> = {}): NewEvent {
  return { type, data, metadata: { actor: { kind: 'system', uuid: 'test' }, correlationId: 'c', time: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } };
}

const stream = () => `contract-${randomUUID()}`;

export function eventStoreContract(t: Test, makeStore: () => Promise<StoreFixture>): void {
  let store: EventStore;
  let cleanup: () => Promise<void>;
  t.before(async () => {
    ({ store, cleanup } = await makeStore());
  });
  t.teardown(() => cleanup?.());

  t.test('given a new stream, when appending with no_stream, then it is created; a second no_stream append conflicts', async (t) => {
    const s = stream();
    const first = await store.append(s, [event('A'), event('B')], 'no_stream');
    t.equal(first.revision, 1);
    await t.rejects(store.append(s, [event('C')], 'no_stream'), WrongExpectedVersionError);
  });

  t.test('given a stream, when appending with each expected-revision kind, then only the right ones succeed', async (t) => {
    const s = stream();
    await t.rejects(store.append(s, [event('A')], 'stream_exists'), WrongExpectedVersionError);
    await t.rejects(store.append(s, [event('A')], 0), WrongExpectedVersionError);
    await store.append(s, [event('A')], 'any');
    await store.append(s, [event('B')], 'stream_exists');
    const conflict = await store.append(s, [event('X')], 0).catch((e: unknown) => e);
    t.type(conflict, WrongExpectedVersionError);
    t.equal((conflict as WrongExpectedVersionError).actual, 1, 'the error tells the actual revision');
    const r = await store.append(s, [event('C')], 1);
    t.equal(r.revision, 2);
    await store.append(s, [event('D')], 'any');
    const all = await store.readStream(s);
    t.same(all.map((e) => [e.type, e.revision]), [['A', 0], ['B', 1], ['C', 2], ['D', 3]]);
  });

  t.test('given a stream, when reading forwards and backwards with bounds, then events come in order', async (t) => {
    const s = stream();
    await store.append(s, [0, 1, 2, 3, 4].map((i) => event('E', { i })), 'no_stream');
    const fwd = await store.readStream(s, { fromRevision: 1, maxCount: 2 });
    t.same(fwd.map((e) => e.data.i), [1, 2]);
    const back = await store.readStream(s, { direction: 'backwards', maxCount: 2 });
    t.same(back.map((e) => e.data.i), [4, 3]);
    const backFrom = await store.readStream(s, { direction: 'backwards', fromRevision: 2 });
    t.same(backFrom.map((e) => e.data.i), [2, 1, 0]);
    t.equal(fwd[0]!.streamId, s);
    t.same(fwd[0]!.metadata.actor, { kind: 'system', uuid: 'test' });
  });

  t.test('given no stream, when reading it, then StreamNotFound', async (t) => {
    await t.rejects(store.readStream(stream()), StreamNotFoundError);
  });

  t.test('given events, when reading $all from a position, then the read is exclusive and ordered', async (t) => {
    const s = stream();
    const a = await store.append(s, [event('A')], 'no_stream');
    await store.append(s, [event('B'), event('C')], 0);
    const after = (await store.readAll({ from: a.position, maxCount: 1000 })).filter((e) => e.streamId === s);
    t.same(after.map((e) => e.type), ['B', 'C']);
    const positions = after.map((e) => e.position);
    t.ok(comparePositions(positions[0]!, positions[1]!) < 0, 'positions increase');
    const head = await store.headPosition();
    t.ok(head !== undefined && comparePositions(head, positions[1]!) >= 0, 'head is at or after the last append');
    const back = (await store.readAll({ direction: 'backwards', from: positions[1], maxCount: 1000 })).filter((e) => e.streamId === s);
    t.same(back.map((e) => e.type), ['B', 'A']);
  });

  t.test('given a subscription from a position, then it catches up, goes live, and resumes after a drop', async (t) => {
    const s = stream();
    const start = await store.append(s, [event('Before')], 'no_stream');
    await store.append(s, [event('One'), event('Two')], 0);
    const seen: RecordedEvent[] = [];
    let caughtUp!: () => void;
    const caughtUpOnce = new Promise<void>((r) => (caughtUp = r));
    const waitFor = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const check = () => (seen.length >= n ? resolve() : Date.now() > deadline ? reject(new Error(`saw ${seen.length} of ${n}`)) : setTimeout(check, 10));
        check();
      });
    let sub = store.subscribeToAll({
      after: start.position,
      onEvent: (e) => {
        if (e.streamId === s) seen.push(e);
      },
      onCaughtUp: () => caughtUp(),
    });
    await waitFor(2);
    await caughtUpOnce;
    await store.append(s, [event('Live')], 2);
    await waitFor(3);
    t.same(seen.map((e) => e.type), ['One', 'Two', 'Live'], 'catch-up then live');
    await sub.stop();

    await store.append(s, [event('WhileAway')], 3);
    sub = store.subscribeToAll({ after: seen.at(-1)!.position, onEvent: (e) => void (e.streamId === s && seen.push(e)) });
    await waitFor(4);
    await sub.stop();
    t.same(seen.map((e) => e.type), ['One', 'Two', 'Live', 'WhileAway'], 'resubscribing from the checkpoint misses nothing and repeats nothing');
  });

  t.test('given a handler that throws, then the subscription is dropped once with the error', async (t) => {
    const s = stream();
    const start = await store.append(s, [event('A')], 'no_stream');
    await store.append(s, [event('B')], 0);
    const dropped = await new Promise<unknown>((resolve) => {
      store.subscribeToAll({
        after: start.position,
        onEvent: (e) => {
          if (e.streamId === s) throw new Error('handler failed');
        },
        onDropped: resolve,
      });
    });
    t.match(dropped, { message: 'handler failed' });
  });
}
