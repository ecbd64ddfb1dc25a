// What a device reads and writes about itself (OpenTera api-participant-device-service.md 5.5-5.7): its own
// information, its configuration (the only field it may change), and its participants without their credentials.
import t, { type Test } from 'tap';
import { createStaticTokens } from '../../../../adapters/auth/staticTokens.js';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { updateDeviceCommand } from '../../../../commands/devices.js';
import { startTestServer } from '../../../helpers/server.js';

const DEVICE_1 = 'b707e0b2-e649-47e7-a938-2b949c423f73';
/** The session types of project 1 (OpenTera's test data), minimal JSON, by id. */
const PROJECT_1_TYPES = [
  { id_session_type: 1, id_service: 6, session_type_name: 'Suivi vidéo', session_type_color: '#00FF00', session_type_category: 1 },
  { id_session_type: 2, id_service: null, session_type_name: 'Données Capteur', session_type_color: '#0000FF', session_type_category: 3 },
  { id_session_type: 3, id_service: null, session_type_name: 'Collecte données', session_type_color: '#00FFFF', session_type_category: 2 },
  { id_session_type: 4, id_service: null, session_type_name: 'Exercices individuels', session_type_color: '#FF00FF', session_type_category: 4 },
];

t.test('/api/device/devices and /api/device/participants', async (t) => {
  const server = await startTestServer(t);
  const rm = server.core.database.db.withSchema('rm');
  const staticTokens = createStaticTokens(server.core.signingKeys, createTokens(server.core.signingKeys));
  const tokenOf = async (id: number) => {
    const row = await rm.selectFrom('devices').select(['device_uuid', 'device_token_id']).where('id_device', '=', id).executeTakeFirstOrThrow();
    return staticTokens.device({ id, uuid: row.device_uuid as string, tokenId: row.device_token_id as string });
  };
  const participantUuid = async (id: number) => (await rm.selectFrom('participants').select('participant_uuid').where('id_participant', '=', id).executeTakeFirstOrThrow()).participant_uuid as string;
  const token1 = await tokenOf(1);
  const expecting = (t: Test) => async (response: Response, status: number, body?: unknown) => {
    t.equal(response.status, status);
    const parsed = JSON.parse(await response.text()) as unknown;
    if (body !== undefined) t.same(parsed, body);
    return parsed;
  };

  t.test('given GET /devices, then the minimal device, its participants and the session types of its projects', async (t) => {
    const expect = expecting(t);
    await expect(await server.request('/api/device/devices', { token: token1 }), 200, {
      device_info: { id_device: 1, device_uuid: DEVICE_1, device_name: 'Apple Watch #W05P1', id_device_type: 2, id_device_subtype: null, device_enabled: true },
      participants_info: [
        { participant_name: 'Participant #1', participant_uuid: await participantUuid(1) },
        { participant_name: 'Participant #2', participant_uuid: await participantUuid(2) },
      ],
      session_types_info: PROJECT_1_TYPES,
    });
    const secret = await server.request('/api/user/sessiontypes', {
      method: 'POST',
      basic: 'admin:admin',
      body: {
        session_type: {
          id_session_type: 0, session_type_name: 'Secret', session_type_online: false, session_type_color: '#123456', session_type_category: 4,
          session_type_sites: [{ id_site: 2 }], session_type_projects: [{ id_project: 3 }],
        },
      },
    });
    t.equal(secret.status, 200);
    const id = ((await secret.json()) as { id_session_type: number }[])[0]!.id_session_type;
    await server.request('/api/user/sessiontypes/projects', { method: 'POST', basic: 'admin:admin', body: { session_type_project: { id_session_type: 4, id_project: 3 } } });
    const withProject3 = (await (await server.request('/api/device/devices', { token: token1 })).json()) as { session_types_info: unknown[] };
    t.same(
      withProject3.session_types_info,
      [...PROJECT_1_TYPES, { id_session_type: id, id_service: null, session_type_name: 'Secret', session_type_color: '#123456', session_type_category: 4 }],
      'the types of any of its projects (1 and 3), each once',
    );
    await expect(await server.request('/api/device/devices'), 401, 'Unauthorized');
    await expect(await server.request('/api/device/devices', { token: await tokenOf(3) }), 401, 'Disabled device');
  });

  t.test('given a config, then only device_config changes, by the device, and the full device comes back in a list', async (t) => {
    const expect = expecting(t);
    const posted = await expect(
      await server.request('/api/device/devices', { method: 'POST', token: token1, body: { device: { device_config: '{"rate": 50}', device_name: 'Renamed', device_enabled: false, device_notes: 'x' } } }),
      200,
    );
    t.match(posted, [{ id_device: 1, device_config: '{"rate": 50}', device_name: 'Apple Watch #W05P1', device_enabled: true, device_notes: null, device_token: token1 }]);
    t.equal((posted as unknown[]).length, 1);
    const events = await server.core.store.readStream(`device-${DEVICE_1}`);
    t.match(events.at(-1), { type: 'DeviceDetailsChanged', data: { config: '{"rate": 50}' }, metadata: { actor: { kind: 'device', uuid: DEVICE_1 } } });
    t.notOk('name' in events.at(-1)!.data, 'the other fields are dropped');

    await expect(await server.request('/api/device/devices', { method: 'POST', token: token1, body: { device: { id_device: 1, device_config: null } } }), 200);
    const viaBody = await expect(await server.request('/api/device/devices', { method: 'POST', body: { device: { device_config: 'c' }, token: token1 } }), 200);
    t.match(viaBody, [{ id_device: 1, device_config: 'c' }], 'the token in the JSON body');
  });

  t.test('given bad or foreign updates, then 4xx and nothing changes', async (t) => {
    const expect = expecting(t);
    const before = await server.core.store.headPosition();
    const post = (body: unknown, token = token1) => server.request('/api/device/devices', { method: 'POST', token, body });
    await expect(await post({ device: { id_device: 2, device_config: 'x' } }), 403, 'Forbidden');
    await expect(await post({ device: { id_device: 9999999999, device_config: 'x' } }), 403, 'Forbidden');
    await expect(await post({}), 400, 'Missing device schema');
    await expect(await post({ device: {} }), 400, 'Missing config');
    await expect(await post({ device: { id_device: 1 } }), 400, 'Missing config');
    await expect(await post({ device: { device_config: { rate: 50 } } }), 400);
    await expect(await post({ device: { id_device: 'one', device_config: 'x' } }), 400);
    await expect(await post({}, 'invalid'), 401, 'Unauthorized');
    await expect(await server.request('/api/device/devices', { method: 'POST', token: token1, body: 'config=x', headers: { 'content-type': 'text/plain' } }), 415);
    await expect(await server.request('/api/device/devices', { method: 'DELETE', token: token1 }), 405);
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('given an onlineable device, then its participants without their usernames and tokens', async (t) => {
    const expect = expecting(t);
    const body = (await expect(await server.request('/api/device/participants', { token: token1 }), 200)) as { participants_info: Record<string, unknown>[] };
    t.same(
      body.participants_info.map((p) => Object.keys(p).sort()),
      Array(2).fill([
        'id_participant', 'id_participant_group', 'id_project', 'participant_email', 'participant_enabled', 'participant_lastonline',
        'participant_login_enabled', 'participant_name', 'participant_project_enabled', 'participant_token_enabled', 'participant_uuid',
      ]),
    );
    t.match(body.participants_info, [
      { id_participant: 1, participant_name: 'Participant #1', participant_enabled: true, participant_token_enabled: true, participant_project_enabled: true },
      { id_participant: 2, participant_name: 'Participant #2', participant_enabled: false },
    ]);
    t.notMatch(JSON.stringify(body), /eyJ|participant1/, 'no token, no username');
  });

  t.test('given a device that is not onlineable, then "Invalid request"', async (t) => {
    const expect = expecting(t);
    const uuid = (await rm.selectFrom('devices').select('device_uuid').where('id_device', '=', 2).executeTakeFirstOrThrow()).device_uuid as string;
    const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
    t.ok(await server.core.runner.waitFor((await updateDeviceCommand(context, uuid, { onlineable: false }))!));
    await expect(await server.request('/api/device/participants', { token: await tokenOf(2) }), 403, 'Invalid request');
    await expect(await server.request('/api/device/participants', { token: await tokenOf(3) }), 401, 'Disabled device');
  });
});
