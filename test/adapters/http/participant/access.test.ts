// What stops a participant's credentials at once (disabling the participant, its token or its project), and the
// participant's devices (OpenTera api-participant-device-service.md 4.6), without the devices' tokens.
import t from 'tap';
import { createStaticTokens } from '../../../../adapters/auth/staticTokens.js';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { updateParticipantCommand } from '../../../../commands/participants.js';
import { updateProjectCommand } from '../../../../commands/projects.js';
import type { Position } from '../../../../commands/eventStore.js';
import { startTestServer } from '../../../helpers/server.js';

t.test('participant credentials and devices', async (t) => {
  const server = await startTestServer(t);
  const rm = server.core.database.db.withSchema('rm');
  const staticTokens = createStaticTokens(server.core.signingKeys, createTokens(server.core.signingKeys));
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const settle = async (position: Position | undefined) => {
    if (position !== undefined && !(await server.core.runner.waitFor(position))) throw new Error('the read models did not catch up');
  };
  const participant = async (id: number) => rm.selectFrom('participants').select(['participant_uuid', 'participant_token_id']).where('id_participant', '=', id).executeTakeFirstOrThrow();
  const uuid = (await participant(1)).participant_uuid as string;
  const staticTokenOf = async (id: number) => {
    const row = await participant(id);
    return staticTokens.participant({ id, uuid: row.participant_uuid as string, tokenId: row.participant_token_id as string });
  };
  const credentials = async () => {
    const login = await server.request('/api/participant/login', { basic: 'participant1:opentera' });
    const body = (await login.json()) as { participant_token: string; base_token: string };
    return { basic: 'participant1:opentera', dynamic: body.participant_token, static: body.base_token };
  };
  const statuses = async (c: { basic: string; dynamic: string; static: string }) => ({
    basic: (await server.request('/api/participant/participants', { basic: c.basic })).status,
    dynamic: (await server.request('/api/participant/participants', { token: c.dynamic })).status,
    static: (await server.request('/api/participant/participants', { token: c.static })).status,
  });

  t.test('given the seeded participants, then only enabled ones with enabled tokens get in', async (t) => {
    t.equal((await server.request('/api/participant/login', { token: await staticTokenOf(3) })).status, 200, 'participant 3: enabled, token enabled');
    t.equal((await server.request('/api/participant/login', { token: await staticTokenOf(4) })).status, 200, 'participant 4, in project 3');
    const participant2 = await participant(2);
    t.equal(participant2.participant_token_id, null, 'participant 2 (disabled, token disabled) has no token');
  });

  t.test('given the participant disabled, then every credential stops at once, and the static token comes back with it', async (t) => {
    const c = await credentials();
    t.same(await statuses(c), { basic: 200, dynamic: 200, static: 200 });
    await settle(await updateParticipantCommand(context, uuid, { enabled: false, projectEnabled: true }));
    t.same(await statuses(c), { basic: 401, dynamic: 401, static: 401 });
    const events = await server.core.store.readStream(`participantLogin-${uuid}`);
    t.match(events.at(-1), { type: 'ParticipantLoginFailed', data: { reason: 'disabled_account' } });
    await settle(await updateParticipantCommand(context, uuid, { enabled: true, projectEnabled: true }));
    t.same(await statuses(c), { basic: 200, dynamic: 200, static: 200 }, 'the link the participant was given works again');
  });

  t.test('given login disabled, then Basic stops, tokens go on (as OpenTera)', async (t) => {
    const c = await credentials();
    await settle(await updateParticipantCommand(context, uuid, { loginEnabled: false, projectEnabled: true }));
    t.same(await statuses(c), { basic: 401, dynamic: 200, static: 200 });
    await settle(await updateParticipantCommand(context, uuid, { loginEnabled: true, projectEnabled: true }));
  });

  t.test('given the token disabled, then the static token stops; enabled again, a new one replaces it', async (t) => {
    const c = await credentials();
    await settle(await updateParticipantCommand(context, uuid, { tokenEnabled: false, projectEnabled: true }));
    t.same(await statuses(c), { basic: 200, dynamic: 200, static: 401 });
    t.equal(((await (await server.request('/api/participant/login', { basic: c.basic })).json()) as { base_token: unknown }).base_token, null, 'no base_token');
    await settle(await updateParticipantCommand(context, uuid, { tokenEnabled: true, projectEnabled: true }));
    const renewed = await staticTokenOf(1);
    t.not(renewed, c.static);
    t.equal((await server.request('/api/participant/participants', { token: c.static })).status, 401, 'the old static token stays refused');
    t.equal((await server.request('/api/participant/participants', { token: renewed })).status, 200, 'the new one works');
  });

  t.test('given the devices of participant 1, then device 1 without its token', async (t) => {
    const response = await server.request('/api/participant/devices', { basic: 'participant1:opentera' });
    t.equal(response.status, 200);
    const devices = (await response.json()) as Record<string, unknown>[];
    t.same(
      devices.map((d) => Object.keys(d).sort()),
      [['device_config', 'device_enabled', 'device_infos', 'device_lastonline', 'device_name', 'device_notes', 'device_onlineable', 'device_uuid', 'id_device', 'id_device_subtype', 'id_device_type']],
    );
    t.match(devices[0], { id_device: 1, device_uuid: 'b707e0b2-e649-47e7-a938-2b949c423f73', device_name: 'Apple Watch #W05P1', id_device_type: 2, device_enabled: true, device_onlineable: true });
    t.notMatch(JSON.stringify(devices), /eyJ/, 'no token at all');
    t.same(await (await server.request('/api/participant/devices?id_device=2', { basic: 'participant1:opentera' })).json(), [], 'not linked');
    t.same(await (await server.request('/api/participant/devices?id_device=1&list=true', { basic: 'participant1:opentera' })).json(), [
      { id_device: 1, device_uuid: 'b707e0b2-e649-47e7-a938-2b949c423f73', device_name: 'Apple Watch #W05P1', id_device_type: 2, id_device_subtype: null, device_enabled: true },
    ]);
    t.equal((await server.request('/api/participant/devices?id_device=0', { basic: 'participant1:opentera' })).status, 200, '0 is no filter');
    t.equal((await server.request('/api/participant/devices?token=x', { basic: 'participant1:opentera' })).status, 400, 'strict');
    t.equal((await server.request('/api/participant/devices?id_device=a', { basic: 'participant1:opentera' })).status, 400);
    t.same(await (await server.request('/api/participant/devices', { token: await staticTokenOf(3) })).text(), 'Unauthorized', 'a static token: 403');
  });

  t.test('given the project disabled, then its participants stop at once', async (t) => {
    const c = await credentials();
    const participant4 = await staticTokenOf(4);
    const project = await rm.selectFrom('projects').select('project_uuid').where('id_project', '=', 1).executeTakeFirstOrThrow();
    await settle(await updateProjectCommand(context, project.project_uuid as string, { enabled: false }));
    t.same(await statuses(c), { basic: 401, dynamic: 401, static: 401 });
    t.equal((await server.request('/api/participant/login', { token: await staticTokenOf(3) })).status, 401, 'participant 3 too');
    t.equal((await server.request('/api/participant/login', { token: participant4 })).status, 200, 'not participant 4 of project 3');
  });
});
