// The read models of assets, test types, tests and test invitations: an erasure drops the personal data
// (an invitation loses its key, and with it its use), and a rebuild from the events gives the same tables.
import t from 'tap';
import { sql } from 'kysely';
import { rebuildReadModels } from '../../../adapters/projection/rebuild.js';
import { eventMetadata } from '../../../commands/handle.js';
import { changeTestCommand } from '../../../commands/tests.js';
import { PERSONAL_DATA_ERASED } from '../../../domain/personalData.js';
import { projectors } from '../../../projections/index.js';
import type { AnyDb } from '../../../projections/types.js';
import { startTestServer } from '../../helpers/server.js';

const TABLES = ['assets', 'test_types', 'test_types_sites', 'test_types_projects', 'tests', 'test_invitations', 'services_sites', 'services_projects'];

async function dump(db: AnyDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) out[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(`rm.${table}`)}`.execute(db)).rows.map((r) => JSON.stringify(r)).sort();
  return out;
}

t.test('given assets, tests and invitations, when their subjects are erased, then the read models drop their personal data', async (t) => {
  const server = await startTestServer(t);
  const rm = server.core.database.db.withSchema('rm');
  const posted = await server.request('/api/user/tests/invitations', {
    method: 'POST',
    basic: 'admin:admin',
    body: { tests_invitations: [{ id_test_invitation: 0, id_test_type: 2, id_project: 1, id_participant: 1, test_invitation_expiration_date: '2030-01-01T00:00:00Z', test_invitation_message: 'Bonjour' }] },
  });
  t.equal(posted.status, 200);
  // Some history beyond the seed: a type with links and its service following it, then a site left.
  const created = await server.request('/api/user/testtypes', {
    method: 'POST',
    basic: 'admin:admin',
    body: { test_type: { id_test_type: 0, test_type_name: 'Desk', id_service: 5, test_type_sites: [{ id_site: 1 }, { id_site: 2 }], test_type_projects: [{ id_project: 1 }, { id_project: 3 }] } },
  });
  const typeId = ((await created.json()) as { id_test_type: number }[])[0]!.id_test_type;
  t.equal((await server.request('/api/user/testtypes/sites', { method: 'POST', basic: 'admin:admin', body: { test_type: { id_test_type: typeId, sites: [{ id_site: 1 }] } } })).status, 200);

  const uuidOf = async (table: string, uuid: string, id: string, value: number) => (await rm.selectFrom(table).select(uuid).where(id, '=', value).executeTakeFirstOrThrow())[uuid] as string;
  const subjects = [`asset-${await uuidOf('assets', 'asset_uuid', 'id_asset', 1)}`, `test-${await uuidOf('tests', 'test_uuid', 'id_test', 1)}`, `testInvitation-${await uuidOf('test_invitations', 'test_invitation_uuid', 'id_test_invitation', 1)}`];
  // The summary of test 1 first, so that its erasure has something to drop.
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  await changeTestCommand(context, subjects[1]!.slice('test-'.length), { summary: '{"score": 3}', status: 2 });
  let position = await server.core.store.headPosition();
  for (const subject of subjects) {
    await server.core.keyring.erase(subject);
    position = (await server.core.store.append(subject, [{ type: PERSONAL_DATA_ERASED, data: { subject }, metadata: eventMetadata(context.request, { now: () => new Date() }) }], 'any')).position;
  }
  if (position !== undefined) await server.core.runner.waitFor(position);

  const asset = await rm.selectFrom('assets').select(['asset_name', 'deleted_at']).where('id_asset', '=', 1).executeTakeFirstOrThrow();
  t.same(asset, { asset_name: null, deleted_at: null }, "the asset's name is gone, the asset stays");
  const test = await rm.selectFrom('tests').select(['test_summary', 'test_status', 'deleted_at']).where('id_test', '=', 1).executeTakeFirstOrThrow();
  t.same(test, { test_summary: null, test_status: 2, deleted_at: null }, "the test's summary is gone");
  const invitation = await rm.selectFrom('test_invitations').select(['test_invitation_key', 'test_invitation_message', 'deleted_at']).where('id_test_invitation', '=', 1).executeTakeFirstOrThrow();
  t.match(invitation, { test_invitation_key: null, test_invitation_message: null }, "the invitation's key and message are gone");
  t.not(invitation.deleted_at, null, 'and the invitation with them');
  const listed = (await (await server.request('/api/user/assets?id_asset=1', { basic: 'admin:admin' })).json()) as { asset_name: unknown }[];
  t.equal(listed[0]!.asset_name, null, 'the API answers null');
  t.same(await (await server.request('/api/user/tests/invitations', { basic: 'admin:admin' })).json(), [], 'the erased invitation is no more');

  const before = await dump(server.core.database.db);
  await rebuildReadModels({ store: server.core.store, database: server.core.database, projectors });
  t.same(await dump(server.core.database.db), before, 'a rebuild gives the same tables');
});
