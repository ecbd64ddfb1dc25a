import t from 'tap';
import { deleteParticipantGroupCommand, updateParticipantGroupCommand } from '../../commands/participantGroups.js';
import { deleteParticipantCommand, registerParticipantCommand, updateParticipantCommand, type NewParticipant } from '../../commands/participants.js';
import type { Position } from '../../commands/eventStore.js';
import { DomainError } from '../../domain/errors.js';
import { LIVE_SCHEMA } from '../../projections/schema.js';
import { startTestServer } from '../helpers/server.js';

const base: NewParticipant = {
  projectId: 1,
  groupId: null,
  name: 'New participant',
  email: null,
  username: null,
  password: null,
  enabled: true,
  loginEnabled: false,
  tokenEnabled: false,
  projectEnabled: true,
};

t.test('participant commands', async (t) => {
  const server = await startTestServer(t);
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'participants-test' });
  const db = server.core.database.db.withSchema(LIVE_SCHEMA);
  const settle = async (position: Position | undefined) => {
    if (position) t.ok(await server.core.runner.waitFor(position, 10_000), 'projected');
  };
  const row = (id: number) => db.selectFrom('participants').selectAll().where('id_participant', '=', id).executeTakeFirstOrThrow();

  t.test('given participant1 holds its username, when another registers it (any case), then refused and nothing is written', async (t) => {
    const before = await server.core.store.headPosition();
    await t.rejects(registerParticipantCommand(context, { ...base, username: 'Participant1' }), new DomainError('conflict', 'Participant username already in use.'));
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('given a refused registration (blank name), then its username stays free', async (t) => {
    await t.rejects(registerParticipantCommand(context, { ...base, name: ' ', username: 'free-name' }), new DomainError('invalid', 'Missing participant_name'));
    const created = await registerParticipantCommand(context, { ...base, username: 'free-name', password: 'secret' });
    await settle(created.position);
    const stored = await row(created.id);
    t.equal(stored.participant_username, 'free-name');
    t.not(stored.participant_password, 'secret', 'the password is stored hashed');
    t.ok(await context.deps.passwords.verify(stored.participant_password as string, 'secret'));
  });

  t.test('given a participant changes its username, then the old one is free for others and the new one is taken', async (t) => {
    const first = await registerParticipantCommand(context, { ...base, username: 'first-name' });
    await settle(await updateParticipantCommand(context, first.uuid, { username: 'second-name', projectEnabled: true }));
    t.equal((await row(first.id)).participant_username, 'second-name');
    await t.rejects(registerParticipantCommand(context, { ...base, username: 'second-name' }), new DomainError('conflict', 'Participant username already in use.'));
    const other = await registerParticipantCommand(context, { ...base, username: 'first-name' });
    t.ok(other.id > first.id, 'the released name was registered again');
    t.equal(await updateParticipantCommand(context, first.uuid, { username: 'second-name', projectEnabled: true }), undefined, 'its own unchanged username is accepted and changes nothing');
  });

  t.test('given an update refused by the decision, then the new username is not kept', async (t) => {
    const p = await registerParticipantCommand(context, { ...base, username: 'keeper', projectId: 1 });
    await t.rejects(updateParticipantCommand(context, p.uuid, { username: 'wanted', enabled: true, projectEnabled: false }),
      new DomainError('invalid', "Can't update participant: participant's project is disabled."),
    );
    const other = await registerParticipantCommand(context, { ...base, username: 'wanted' });
    t.ok(other.id);
  });

  t.test('given an empty password on update, then the password is unchanged; a new one is hashed', async (t) => {
    const p = await registerParticipantCommand(context, { ...base, password: 'one' });
    await settle(p.position);
    const hash = (await row(p.id)).participant_password;
    t.equal(await updateParticipantCommand(context, p.uuid, { password: '', projectEnabled: true }), undefined);
    await settle(await updateParticipantCommand(context, p.uuid, { password: 'two', projectEnabled: true }));
    const after = (await row(p.id)).participant_password as string;
    t.not(after, hash);
    t.ok(await context.deps.passwords.verify(after, 'two'));
  });

  t.test('given participant 1 linked to device 1, when deleted, then the link ends, the row is soft-deleted and the username is free', async (t) => {
    const p1 = await row(1);
    await settle(await deleteParticipantCommand(context, p1.participant_uuid as string));
    t.ok((await row(1)).deleted_at, 'soft-deleted');
    const links = await db.selectFrom('devices_participants').selectAll().where('id_participant', '=', 1).execute();
    t.equal(links.length, 1);
    t.ok(links[0]!.deleted_at, 'the device link is ended');
    const again = await registerParticipantCommand(context, { ...base, username: 'participant1' });
    t.ok(again.id > 4, 'participant1 is free again');
    await t.rejects(deleteParticipantCommand(context, p1.participant_uuid as string), new DomainError('not-found', 'Invalid participant'), 'a second delete finds nothing');
  });

  t.test('given group 2 with a participant, when moved to project 1, then the participant moves with it; when deleted, then so is it', async (t) => {
    const member = await registerParticipantCommand(context, { ...base, projectId: 2, groupId: 2 });
    await settle(member.position);
    const group = await db.selectFrom('participant_groups').selectAll().where('id_participant_group', '=', 2).executeTakeFirstOrThrow();
    const ref = { id: 2, uuid: group.participant_group_uuid as string };
    await settle(await updateParticipantGroupCommand(context, ref, { name: 'Renamed', projectId: 1 }));
    t.match(await db.selectFrom('participant_groups').selectAll().where('id_participant_group', '=', 2).executeTakeFirstOrThrow(), { id_project: 1, participant_group_name: 'Renamed' });
    t.match(await row(member.id), { id_project: 1, id_participant_group: 2 });
    await settle(await deleteParticipantGroupCommand(context, ref));
    t.ok((await row(member.id)).deleted_at, 'the member is deleted');
    t.ok((await db.selectFrom('participant_groups').selectAll().where('id_participant_group', '=', 2).executeTakeFirstOrThrow()).deleted_at, 'the group is deleted');
  });
});
