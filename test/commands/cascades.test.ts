import t from 'tap';
import { deleteProjectByUser } from '../../commands/projectAdministration.js';
import { deleteSiteCommand } from '../../commands/sites.js';
import { LIVE_SCHEMA } from '../../projections/schema.js';
import { startTestServer } from '../helpers/server.js';
import { clearSessionsOf } from '../helpers/sessions.js';

const admin = { id: 1, uuid: 'admin', superadmin: true };

t.test('given the test data, when a project or a site is deleted, then its participants, groups and device links go with it', async (t) => {
  const server = await startTestServer(t);
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'cascades-test' });
  const db = server.core.database.db.withSchema(LIVE_SCHEMA);
  const settle = async () => t.ok(await server.core.runner.waitFor((await server.core.store.headPosition())!, 10_000), 'projected');
  const live = async (table: string, column: string, value: number) =>
    (await db.selectFrom(table).selectAll().where(column, '=', value).where('deleted_at', 'is', null).execute()).length;

  t.test('when project 1 is deleted while its participants are in sessions, then it is refused and nothing goes', async (t) => {
    const before = await server.core.store.headPosition();
    await t.rejects(deleteProjectByUser(context, admin, 1), { kind: 'conflict', message: "Can't delete project: please delete all participants with sessions before deleting." });
    t.equal(await server.core.store.headPosition(), before);
    t.equal(await live('participants', 'id_project', 1), 3);
  });

  t.test('when project 1 is deleted', async (t) => {
    await clearSessionsOf(server, { participant: 1 });
    await clearSessionsOf(server, { participant: 2 });
    await deleteProjectByUser(context, admin, 1);
    await settle();
    t.equal(await live('participants', 'id_project', 1), 0, 'then its participants 1 to 3 are deleted');
    t.equal(await live('participant_groups', 'id_project', 1), 0, 'and its group 1');
    t.equal(await live('devices_projects', 'id_project', 1), 0, 'and the links of devices 1 and 2 to it');
    t.equal(await live('devices_participants', 'id_device', 2), 0, 'and the links of its participants to devices');
    t.equal(await live('devices_participants', 'id_device', 1), 0);
    t.equal(await live('devices_projects', 'id_device', 1), 1, 'device 1 keeps project 3');
    t.equal(await live('devices_sites', 'id_device', 2), 1, 'device 2 keeps its site');
    t.equal(await live('participants', 'id_project', 3), 1, 'another project keeps its participant');
  });

  t.test('when site 2 is deleted', async (t) => {
    await deleteSiteCommand(context, admin, 2);
    await settle();
    t.equal(await live('participants', 'id_project', 3), 0, 'then the participant of its project 3 is deleted');
    t.equal(await live('devices_projects', 'id_project', 3), 0, 'device 1 leaves project 3');
    t.equal(await live('devices_sites', 'id_site', 2), 0, 'and site 2');
    t.equal(await live('devices_sites', 'id_site', 1), 2, 'site 1 keeps its devices');
  });
});
