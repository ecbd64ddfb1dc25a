import t from 'tap';
import { createKeyring } from '../../../adapters/eventstore/keyring.js';
import { withPersonalDataEncryption } from '../../../adapters/eventstore/personalDataCodec.js';
import { createPostgresEventStore } from '../../../adapters/eventstore/postgres.js';
import { freshDatabase } from '../../helpers/database.js';
import { event } from './contract.js';

const declarations = {
  PatientNamed: [{ field: 'name' }, { field: 'email' }],
  NoteWritten: [{ field: 'author', subject: (data: Record<string, unknown>) => `user-${String(data.authorUuid)}` }],
};

t.test('given declared personal data, then it is encrypted at rest and readable through the codec', async (t) => {
  const database = await freshDatabase(t);
  const raw = await createPostgresEventStore(database);
  const keyring = await createKeyring(database);
  const store = withPersonalDataEncryption(raw, keyring, declarations);
  t.teardown(() => store.close());

  await store.append('patient-1', [event('PatientNamed', { name: 'Alice Martin', email: 'alice@example.org', age: 41 })], 'no_stream');
  await store.append('patient-1', [event('NoteWritten', { author: 'Dr Bob', authorUuid: 'b', text: 'fine' })], 0);
  await store.append('patient-2', [event('PatientNamed', { name: 'Carol', email: null })], 'no_stream');

  const stored = await raw.readStream('patient-1');
  t.notMatch(JSON.stringify(stored), /Alice|alice@|Dr Bob/, 'no plain personal value in the log');
  t.equal(stored[0]!.data.age, 41, 'other fields stay plain');
  t.match(stored[1]!.data.author, { subject: 'user-b' }, 'a field names its own subject');

  const decoded = await store.readStream('patient-1');
  t.same(decoded.map((e) => e.data), [
    { name: 'Alice Martin', email: 'alice@example.org', age: 41 },
    { author: 'Dr Bob', authorUuid: 'b', text: 'fine' },
  ]);
  t.equal((await store.readStream('patient-2'))[0]!.data.email, null, 'null stays null');

  t.test('when the subject is erased, then its events still replay and its data reads as erased', async (t) => {
    await keyring.erase('patient-1');
    const after = await store.readStream('patient-1');
    t.same(after[0]!.data, { name: null, email: null, age: 41 });
    t.same(after[0]!.erased, ['name', 'email']);
    t.same(after[1]!.data.author, 'Dr Bob', 'data of another subject in the same stream stays readable');
    const all = await store.readAll({ maxCount: 10 });
    t.equal(all.length, 3, 'every event still replays');
    const fresh = withPersonalDataEncryption(raw, await createKeyring(database), declarations);
    t.equal((await fresh.readStream('patient-1'))[0]!.data.name, null, 'erased for a node that starts afterwards too');
    await t.rejects(store.append('patient-1', [event('PatientNamed', { name: 'Alice again' })], 'any'), /erased subject/, 'an erased subject gets no new key');
  });
});

t.test('given a tampered ciphertext, then reading fails rather than returning wrong data', async (t) => {
  const database = await freshDatabase(t);
  const raw = await createPostgresEventStore(database);
  const store = withPersonalDataEncryption(raw, await createKeyring(database), declarations);
  t.teardown(() => store.close());
  await store.append('patient-9', [event('PatientNamed', { name: 'Dan' })], 'no_stream');
  await database.db.updateTable('es_events').set({ data: JSON.stringify({ name: { $pii: Buffer.alloc(40).toString('base64'), subject: 'patient-9' } }) }).execute();
  await t.rejects(store.readStream('patient-9'));
});
