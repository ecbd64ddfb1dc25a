import t from 'tap';
import { pino } from 'pino';
import { openDatabase } from '../../../adapters/db/database.js';
import { createPostgresEventStore } from '../../../adapters/eventstore/postgres.js';
import { ProjectionRunner } from '../../../adapters/projection/runner.js';
import { rebuildReadModels } from '../../../adapters/projection/rebuild.js';
import { projectors } from '../../../projections/index.js';
import { LIVE_SCHEMA } from '../../../projections/schema.js';
import { NO_POSTGRES, postgresAdminUrl, realPostgres } from '../../helpers/database.js';
import { event } from '../eventstore/contract.js';

const logger = pino({ level: 'silent' });

const siteCreated = (id: number) =>
  event('SiteCreated', { id, uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, name: `Site ${id}`, twoFactorRequired: false, adminRoleId: id * 2, userRoleId: id * 2 + 1 });

t.test('given two nodes, then one runner projects, the other waits through the checkpoint and takes over when the first stops', { skip: postgresAdminUrl ? false : NO_POSTGRES }, async (t) => {
  const first = (await realPostgres(t))!;
  const storeA = await createPostgresEventStore(first, { pollIntervalMs: 20 });
  await rebuildReadModels({ store: storeA, database: first, projectors });
  // A second node: its own connections to the same database.
  const second = await openDatabase({ url: await databaseUrlOf(first) });
  t.teardown(() => second.close());
  const storeB = await createPostgresEventStore(second, { pollIntervalMs: 20 });
  const a = new ProjectionRunner({ store: storeA, database: first, projectors, schema: LIVE_SCHEMA, logger, takeoverIntervalMs: 50 });
  const b = new ProjectionRunner({ store: storeB, database: second, projectors, schema: LIVE_SCHEMA, logger, takeoverIntervalMs: 50 });
  await a.start();
  await b.start();
  t.ok(a.lockHolder, 'the first node runs the projections');
  t.notOk(b.lockHolder, 'the second does not');

  const written = await storeB.append(`site-${siteCreated(1).data.uuid as string}`, [siteCreated(1)], 'no_stream');
  t.ok(await b.waitFor(written.position, 5000), 'the second node sees its write through the checkpoint');
  const rows = await second.db.withSchema(LIVE_SCHEMA).selectFrom('sites').select('id_site').execute();
  t.same(rows, [{ id_site: 1 }]);

  await a.stop();
  const deadline = Date.now() + 5000;
  while (!b.lockHolder && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  t.ok(b.lockHolder, 'the second node takes over');
  const next = await storeB.append(`site-${siteCreated(2).data.uuid as string}`, [siteCreated(2)], 'no_stream');
  t.ok(await b.waitFor(next.position, 5000));
  const after = await second.db.withSchema(LIVE_SCHEMA).selectFrom('sites').select('id_site').orderBy('id_site').execute();
  t.same(after, [{ id_site: 1 }, { id_site: 2 }], 'each event applied once, none lost in the handover');
  await b.stop();
  await storeA.close();
  await storeB.close();
});

async function databaseUrlOf(database: Awaited<ReturnType<typeof realPostgres>>): Promise<string> {
  const row = await database!.db.selectNoFrom((eb) => eb.fn<string>('current_database').as('name')).executeTakeFirstOrThrow();
  const url = new URL(postgresAdminUrl!);
  url.pathname = `/${row.name}`;
  return url.toString();
}
