import t from 'tap';
import { createPostgresEventStore } from '../../adapters/eventstore/postgres.js';
import { handle } from '../../commands/handle.js';
import type { Aggregate } from '../../domain/aggregate.js';
import { DomainError } from '../../domain/errors.js';
import { freshDatabase } from '../helpers/database.js';

type CounterEvent = { type: 'Incremented'; data: { by: number } };
const counter: Aggregate<number, CounterEvent> = { category: 'counter', initial: 0, evolve: (n, e) => n + e.data.by };
const context = { actor: { kind: 'system' as const, uuid: 'test' }, correlationId: 'req-1', clientIp: '10.1.2.3', userAgent: 'tap' };
const clock = { now: () => new Date('2026-11-28T12:00:00.000Z') };

t.test('given concurrent decisions on one stream, then each is retried on conflict and none is lost', async (t) => {
  const store = await createPostgresEventStore(await freshDatabase(t));
  t.teardown(() => store.close());
  let decisions = 0;
  const results = await Promise.all(
    Array.from({ length: 5 }, () =>
      handle({ store, clock }, context, counter, 'counter-1', (n) => {
        decisions++;
        return n < 100 ? [{ type: 'Incremented', data: { by: 1 } }] : [];
      }),
    ),
  );
  const events = await store.readStream('counter-1');
  t.equal(events.length, 5, 'every decision appended once');
  t.same(events.map((e) => e.revision), [0, 1, 2, 3, 4]);
  t.same(results.map((r) => r.state).sort(), [1, 2, 3, 4, 5], 'each decision saw the state before it');
  t.ok(decisions >= 5, `${decisions} decisions for 5 commands`);
  t.same(events[0]!.metadata, { actor: context.actor, correlationId: 'req-1', time: '2026-11-28T12:00:00.000Z', schemaVersion: 1, clientIp: '10.1.2.3', userAgent: 'tap' });
});

t.test('given a decision that changes nothing, then nothing is appended and no position is returned', async (t) => {
  const store = await createPostgresEventStore(await freshDatabase(t));
  t.teardown(() => store.close());
  const result = await handle({ store, clock }, context, counter, 'counter-2', () => []);
  t.equal(result.position, undefined);
  t.equal(await store.headPosition(), undefined);
});

t.test('given a refusal, then the domain error reaches the caller and nothing is appended', async (t) => {
  const store = await createPostgresEventStore(await freshDatabase(t));
  t.teardown(() => store.close());
  await t.rejects(
    handle({ store, clock }, context, counter, 'counter-3', () => {
      throw new DomainError('invalid', 'no');
    }),
    new DomainError('invalid', 'no'),
  );
  t.equal(await store.headPosition(), undefined);
});
