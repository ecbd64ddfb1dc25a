// The shared contract against a real EventStoreDB, e.g.
// EVENTSTORE_URL='esdb://admin:changeit@localhost:2113?tls=false' (reading $all needs an admin user;
// onCaughtUp needs a server from 23.10). The server may be shared: the contract's streams are unique per run.
import t from 'tap';
import { createEsdbEventStore } from '../../../adapters/eventstore/esdb.js';
import { eventStoreContract } from './contract.js';

const url = process.env.EVENTSTORE_URL;

if (!url) {
  t.plan(0, 'EVENTSTORE_URL not set: EventStoreDB contract suite skipped');
} else {
  t.test('EventStoreDB adapter', async (t) => {
    eventStoreContract(t, async () => {
      const store = createEsdbEventStore(url);
      return { store, cleanup: () => store.close() };
    });
  });
}
