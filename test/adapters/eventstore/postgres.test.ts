import t from 'tap';
import { createPostgresEventStore } from '../../../adapters/eventstore/postgres.js';
import { freshDatabase, NO_POSTGRES, postgresAdminUrl, realPostgres } from '../../helpers/database.js';
import { eventStoreContract, event } from './contract.js';
import type { RecordedEvent } from '../../../commands/eventStore.js';

t.test('PostgreSQL adapter on the suite store', async (t) => {
  eventStoreContract(t, async () => {
    const store = await createPostgresEventStore(await freshDatabase(t), { pollIntervalMs: 50 });
    return { store, cleanup: () => store.close() };
  });
});

t.test('given 8 concurrent writers on real PostgreSQL, then one subscriber sees all 800 events once, in position order', { skip: postgresAdminUrl ? false : NO_POSTGRES }, async (t) => {
  const database = (await realPostgres(t))!;
  const writers = await createPostgresEventStore(database, { pollIntervalMs: 20 });
  const seen: RecordedEvent[] = [];
  const sub = writers.subscribeToAll({ onEvent: (e) => void seen.push(e) });
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 50; i++) await writers.append(`writer-${w}`, [event('E', { w, i }), event('E', { w, i: i + 0.5 })], 'any');
    }),
  );
  const deadline = Date.now() + 20_000;
  while (seen.length < 800 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await sub.stop();
  await writers.close();
  t.equal(seen.length, 800, 'every event seen');
  t.equal(new Set(seen.map((e) => e.id)).size, 800, 'no event seen twice');
  t.ok(seen.every((e, i) => BigInt(e.position) === BigInt(i + 1)), 'positions are dense and delivered in order');
  for (let w = 0; w < 8; w++) {
    const mine = seen.filter((e) => e.data.w === w).map((e) => e.data.i as number);
    t.same(mine, [...mine].sort((a, b) => a - b), `writer ${w}'s events in its own order`);
  }
});
