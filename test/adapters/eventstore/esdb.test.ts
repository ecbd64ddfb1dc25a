// The shared contract against a real EventStoreDB, e.g.
// EVENTSTORE_URL='esdb://admin:changeit@localhost:2113?tls=false' (reading $all needs an admin user;
// onCaughtUp needs a server from 23.10). The server may be shared: the contract's streams are unique per run.
import t from 'tap';
import { createEsdbEventStore } from '../../../adapters/eventstore/esdb.js';
import { EventStoreUnavailableError } from '../../../commands/eventStore.js';
import { event, eventStoreContract } from './contract.js';

const url = process.env.EVENTSTORE_URL;

t.test('EventStoreDB adapter', { skip: url ? false : 'EVENTSTORE_URL not set: EventStoreDB contract suite skipped' }, async (t) => {
  eventStoreContract(t, async () => {
    const store = createEsdbEventStore(url!);
    return { store, cleanup: () => store.close() };
  });
});

t.test('given no EventStoreDB server, then every operation fails as unavailable, and a subscription drops once', async (t) => {
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  const store = createEsdbEventStore('esdb://127.0.0.1:1?tls=false&discoveryInterval=0&maxDiscoverAttempts=1');
  t.teardown(() => store.close());
  await t.rejects(store.append('dead-1', [event('A')], 'any'), EventStoreUnavailableError);
  await t.rejects(store.readStream('dead-1'), EventStoreUnavailableError);
  await t.rejects(store.readAll({ maxCount: 1 }), EventStoreUnavailableError);
  await t.rejects(store.headPosition(), EventStoreUnavailableError);
  let drops = 0;
  const dropped = await new Promise<unknown>((resolve) => {
    store.subscribeToAll({
      onEvent: () => undefined,
      onDropped: (error) => {
        drops++;
        resolve(error);
      },
    });
  });
  t.type(dropped, EventStoreUnavailableError);
  await new Promise((r) => setTimeout(r, 100));
  t.equal(drops, 1);
});
