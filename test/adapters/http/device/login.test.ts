// Device authentication three ways (certificate from a trusted proxy, `Authorization: OpenTera`, `token`
// argument), the device login and logout (OpenTera api-participant-device-service.md 2.4, 5.1, 5.2).
import { request as httpRequest } from 'node:http';
import t, { type Test } from 'tap';
import { createStaticTokens } from '../../../../adapters/auth/staticTokens.js';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { renewDeviceTokenCommand, updateDeviceCommand } from '../../../../commands/devices.js';
import type { Position } from '../../../../commands/eventStore.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const DEVICE_1 = 'b707e0b2-e649-47e7-a938-2b949c423f73';
const certificate = (uuid: string) => ({ 'x-ssl-client-dn': `UID=${uuid},CN=Device` });
/** The session types of project 1 (OpenTera's test data), minimal JSON, by id. */
const PROJECT_1_TYPES = [
  { id_session_type: 1, id_service: 6, session_type_name: 'Suivi vidéo', session_type_color: '#00FF00', session_type_category: 1 },
  { id_session_type: 2, id_service: null, session_type_name: 'Données Capteur', session_type_color: '#0000FF', session_type_category: 3 },
  { id_session_type: 3, id_service: null, session_type_name: 'Collecte données', session_type_color: '#00FFFF', session_type_category: 2 },
  { id_session_type: 4, id_service: null, session_type_name: 'Exercices individuels', session_type_color: '#FF00FF', session_type_category: 4 },
];

async function deviceTokens(server: TestServer) {
  const rm = server.core.database.db.withSchema('rm');
  const staticTokens = createStaticTokens(server.core.signingKeys, createTokens(server.core.signingKeys));
  return async (id: number) => {
    const row = await rm.selectFrom('devices').select(['device_uuid', 'device_token_id']).where('id_device', '=', id).executeTakeFirstOrThrow();
    return { uuid: row.device_uuid as string, token: await staticTokens.device({ id, uuid: row.device_uuid as string, tokenId: row.device_token_id as string }) };
  };
}

/** A GET with a body, which fetch refuses to send. */
function getWithBody(url: string, body: string, contentType: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET', headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

t.test('device authentication and login, behind a trusted proxy', async (t) => {
  const server = await startTestServer(t, { config: { trustedProxies: ['127.0.0.1', '::ffff:127.0.0.1'] } });
  const tokenOf = await deviceTokens(server);
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const settle = async (position: Position | undefined) => {
    if (position !== undefined && !(await server.core.runner.waitFor(position))) throw new Error('the read models did not catch up');
  };
  const loginEvents = async (uuid: string) => (await server.core.store.readStream(`deviceLogin-${uuid}`).catch(() => [])).map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
  const expecting = (t: Test) => async (response: Response, status: number, body?: unknown) => {
    t.equal(response.status, status);
    const parsed = JSON.parse(await response.text()) as unknown;
    if (body !== undefined) t.same(parsed, body);
    return parsed as Record<string, unknown>;
  };

  t.test('given the token in Authorization, then the full device info with its type name, its participants, and the login recorded', async (t) => {
    const expect = expecting(t);
    const { token } = await tokenOf(1);
    const before = Date.now();
    const body = await expect(await server.request('/api/device/login', { token }), 200);
    t.same(Object.keys(body).sort(), ['device_info', 'participants_info', 'session_types_info']);
    const info = body.device_info as Record<string, unknown>;
    t.same(Object.keys(info).sort(), [
      'device_config', 'device_enabled', 'device_infos', 'device_lastonline', 'device_name', 'device_notes', 'device_onlineable',
      'device_token', 'device_type', 'device_uuid', 'id_device', 'id_device_subtype', 'id_device_type',
    ]);
    t.match(info, { id_device: 1, device_uuid: DEVICE_1, device_name: 'Apple Watch #W05P1', id_device_type: 2, device_type: 'Capteur', device_token: token, device_enabled: true, device_onlineable: true });
    t.ok(Date.parse(info.device_lastonline as string) >= before - 1000, 'the reply shows this login');
    t.same(body.participants_info, [
      { participant_name: 'Participant #1', participant_uuid: (await server.core.database.db.withSchema('rm').selectFrom('participants').select('participant_uuid').where('id_participant', '=', 1).executeTakeFirstOrThrow()).participant_uuid },
      { participant_name: 'Participant #2', participant_uuid: (await server.core.database.db.withSchema('rm').selectFrom('participants').select('participant_uuid').where('id_participant', '=', 2).executeTakeFirstOrThrow()).participant_uuid },
    ]);
    t.same(body.session_types_info, PROJECT_1_TYPES, 'the types of its projects (1 and 3), once each');
    t.match((await loginEvents(DEVICE_1)).at(-1), { type: 'DeviceLoggedIn', data: { method: 'token', endpoint: '/api/device/login' }, metadata: { actor: { kind: 'device', uuid: DEVICE_1 } } });
  });

  t.test('given the token as an argument (query, form, JSON body), then the same device', async (t) => {
    const expect = expecting(t);
    const { token } = await tokenOf(2);
    const body = await expect(await server.request(`/api/device/login?token=${token}`), 200);
    t.match(body.device_info, { id_device: 2, device_type: 'Vidéoconférence' });
    t.match(body.participants_info, [{ participant_name: 'Participant #2' }]);
    t.same(body.session_types_info, PROJECT_1_TYPES, 'device 2 is in project 1');
    const form = await getWithBody(`${server.url}/api/device/login`, new URLSearchParams({ token }).toString(), 'application/x-www-form-urlencoded');
    t.equal(form.status, 200, 'a form field');
    const json = await getWithBody(`${server.url}/api/device/logout`, JSON.stringify({ token }), 'application/json');
    t.same([json.status, JSON.parse(json.text)], [200, 'Device logged out.'], 'a JSON body field');
    await expect(await server.request(`/api/device/login?token=${token}&foo=1`), 400, { message: 'Unknown arguments: foo' });
  });

  t.test('given a certificate reported by the trusted proxy, then the device, logged in as such', async (t) => {
    const expect = expecting(t);
    const body = await expect(await server.request('/api/device/login', { headers: certificate(DEVICE_1) }), 200);
    t.match(body.device_info, { id_device: 1 });
    t.match((await loginEvents(DEVICE_1)).at(-1), { type: 'DeviceLoggedIn', data: { method: 'certificate' } });
    await expect(await server.request('/api/device/login', { headers: { 'x-ssl-client-dn': `CN=Device,UID=${DEVICE_1}` } }), 200);
    const { token } = await tokenOf(2);
    const unknown = await expect(await server.request('/api/device/login', { token, headers: certificate('00000000-0000-4000-8000-000000000000') }), 200);
    t.match(unknown.device_info, { id_device: 2 }, 'an unknown certificate falls through to the token');
    await expect(await server.request('/api/device/login', { headers: { 'x-ssl-client-dn': `UID=${DEVICE_1},CN=Participant` } }), 401, 'Unauthorized');
  });

  t.test('given the disabled device 3, then "Disabled device" by certificate or header, "Unauthorized" as an argument', async (t) => {
    const expect = expecting(t);
    const { uuid, token } = await tokenOf(3);
    await expect(await server.request('/api/device/login', { headers: certificate(uuid) }), 401, 'Disabled device');
    await expect(await server.request('/api/device/login', { token }), 401, 'Disabled device');
    await expect(await server.request(`/api/device/login?token=${token}`), 401, 'Unauthorized');
    await expect(await server.request('/api/device/logout', { token }), 401, 'Disabled device');
    t.match((await loginEvents(uuid)).at(-1), { type: 'DeviceLoginFailed', data: { reason: 'disabled_account' }, metadata: { actor: { kind: 'system', uuid: 'anonymous' } } });
  });

  t.test('given bad credentials, then JSON-string refusals', async (t) => {
    const expect = expecting(t);
    await expect(await server.request('/api/device/login'), 401, 'Unauthorized');
    await expect(await server.request('/api/device/login', { token: 'invalid' }), 401, 'Unauthorized');
    await expect(await server.request('/api/device/login?token=invalid'), 401, 'Unauthorized');
    await expect(await server.request('/api/device/login', { headers: { authorization: 'OpenTera' } }), 401, 'Invalid token');
    await expect(await server.request('/api/device/login', { headers: { 'x-device-uuid': DEVICE_1 } }), 401, 'Unauthorized');
    const participantToken = createStaticTokens(server.core.signingKeys, createTokens(server.core.signingKeys));
    const participant = await participantToken.participant({ id: 1, uuid: DEVICE_1, tokenId: 'x' });
    await expect(await server.request('/api/device/login', { token: participant }), 401, 'Unauthorized');
    const french = await server.request('/api/device/login', { headers: { 'accept-language': 'fr' } });
    t.equal(await french.json(), 'Non autorisé');
    t.match(french.headers.get('content-type'), /application\/json/);
    const { token } = await tokenOf(1);
    const basicThenToken = await server.request(`/api/device/login?token=${token}`, { basic: 'admin:admin' });
    t.equal(basicThenToken.status, 200, 'another scheme in Authorization leaves the argument');
  });

  t.test('given the device disabled or its token renewed, then the old credentials stop at once', async (t) => {
    const expect = expecting(t);
    const { uuid, token } = await tokenOf(2);
    await settle(await updateDeviceCommand(context, uuid, { enabled: false }));
    await expect(await server.request('/api/device/devices', { token }), 401, 'Disabled device');
    await expect(await server.request('/api/device/devices', { headers: certificate(uuid) }), 401, 'Disabled device');
    await settle(await updateDeviceCommand(context, uuid, { enabled: true }));
    await expect(await server.request('/api/device/devices', { token }), 200);
    await settle(await renewDeviceTokenCommand(context, uuid));
    await expect(await server.request('/api/device/devices', { token }), 401, 'Unauthorized');
    t.match((await loginEvents(uuid)).at(-1), { type: 'DeviceLoginFailed', data: { reason: 'invalid_token' } });
    await expect(await server.request('/api/device/devices', { token: (await tokenOf(2)).token }), 200, undefined);
  });

  t.test('given a logout, then the token still works', async (t) => {
    const expect = expecting(t);
    const { token } = await tokenOf(1);
    await expect(await server.request('/api/device/logout', { token }), 200, 'Device logged out.');
    await expect(await server.request('/api/device/logout', { token }), 200, 'Device logged out.');
    await expect(await server.request('/api/device/logout'), 401, 'Unauthorized');
  });
});

t.test('device certificate header from a peer that is not a trusted proxy', async (t) => {
  const server = await startTestServer(t);
  const response = await server.request('/api/device/login', { headers: certificate(DEVICE_1) });
  t.equal(response.status, 401, 'the header is ignored');
  t.equal(await response.json(), 'Unauthorized');
  const tokenOf = await deviceTokens(server);
  t.equal((await server.request('/api/device/login', { token: (await tokenOf(1)).token })).status, 200, 'the token still works');
});
