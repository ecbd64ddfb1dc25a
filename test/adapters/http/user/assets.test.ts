// /api/user/assets (OpenTera api-user-1.md section 2, its test_UserQueryAssets.py list), with the fixes of
// docs/compat.md: assets only through sessions the requester may reach, no 500 for an unknown asset.
import t, { type Test } from 'tap';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { createAssetCommand } from '../../../../commands/assets.js';
import type { Position } from '../../../../commands/eventStore.js';
import { handle } from '../../../../commands/handle.js';
import { createSessionCommand, sessionStream } from '../../../../commands/sessions.js';
import { deleteSession, session } from '../../../../domain/session.js';
import { startTestServer } from '../../../helpers/server.js';

const SERVER_UUID = '00000000-0000-0000-0000-000000000001';
const MINIMAL_KEYS = [
  'asset_datetime',
  'asset_expiration_datetime',
  'asset_name',
  'asset_service_uuid',
  'asset_type',
  'asset_uuid',
  'id_asset',
  'id_device',
  'id_participant',
  'id_service',
  'id_session',
  'id_user',
];

type Asset = Record<string, unknown> & { id_asset: number; asset_uuid: string };

t.test('/api/user/assets', async (t) => {
  const server = await startTestServer(t);
  const port = new URL(server.url).port;
  const tokens = createTokens(server.core.signingKeys);
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const settle = async (position: Position | undefined) => {
    if (position !== undefined && !(await server.core.runner.waitFor(position))) throw new Error('the read models did not catch up');
  };
  const get = (query: string, user = 'admin') => server.request(`/api/user/assets${query}`, { basic: `${user}:${user}` });
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = JSON.parse(await response.text()) as unknown;
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const ids = (assets: unknown) => (assets as Asset[]).map((a) => a.id_asset);

  t.test('given no or bad credentials, then 401 on every method', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      t.equal((await server.request('/api/user/assets?id_asset=1', { method })).status, 401, `${method} without credentials`);
      t.equal((await server.request('/api/user/assets?id_asset=1', { method, basic: 'admin:wrong' })).status, 401, `${method} with a bad password`);
      t.equal((await server.request('/api/user/assets?id_asset=1', { method, token: 'invalid' })).status, 401, `${method} with a bad token`);
    }
  });

  t.test('given no selector, then 400', async (t) => {
    const expect = expectIn(t);
    await expect(await get(''), 400, 'No arguments specified');
    await expect(await get('?id_invalid=1'), 400, 'No arguments specified', 'an unknown parameter is no argument');
    await expect(await get('?id_asset=0&with_urls=false'), 400, 'No arguments specified', 'falsy values are no arguments');
    await expect(await get('?with_urls=true'), 400, 'Missing argument', 'flags alone');
    await expect(await get('?id_session=x'), 400);
  });

  t.test('given the seeded assets, then each selector as OpenTera', async (t) => {
    const expect = expectIn(t);
    t.same(ids(await expect(await get('?id_user=1'), 200)), [1, 2, 3, 4], "a user's: created by it or in its sessions (sessions 2 and 3)");
    t.same(ids(await expect(await get('?id_device=1'), 200)), [4, 5, 6, 7], "a device's: created by it or in its sessions");
    t.same(ids(await expect(await get('?id_session=2'), 200)), [1, 2, 3]);
    t.same(ids(await expect(await get('?id_participant=1'), 200)), [1, 2, 3, 4, 5, 6, 7], 'participant 1 is in every session');
    t.same(ids(await expect(await get('?id_creator_user=2'), 200)), [2]);
    t.same(ids(await expect(await get('?id_creator_participant=1'), 200)), [1]);
    t.same(ids(await expect(await get('?id_creator_device=1'), 200)), [4, 5, 6, 7]);
    t.same(ids(await expect(await get('?id_creator_service=1'), 200)), [4, 5, 6, 7]);
    t.same(ids(await expect(await get(`?service_uuid=${SERVER_UUID}`), 200)), [1, 2, 3, 4, 5, 6, 7], "owned by OpenTera's own service");
    t.same(ids(await expect(await get('?id_asset=3'), 200)), [3]);
    const [first] = (await expect(await get('?id_asset=1'), 200)) as Asset[];
    t.same(ids(await expect(await get(`?asset_uuid=${first!.asset_uuid}`), 200)), [1], 'by uuid');
    t.same(Object.keys(first!).sort(), MINIMAL_KEYS, 'minimal form without full');
    t.match(first, { id_session: 2, id_participant: 1, id_user: null, asset_name: 'Asset #0', asset_service_uuid: SERVER_UUID, asset_type: 'application/octet-stream', asset_datetime: null });
    t.same(ids(await expect(await get('?id_device=1&id_session=2'), 200)), [4, 5, 6, 7], 'id_device wins over id_session');
    await expect(await get('?id_asset=999'), 200, [], 'an unknown asset: [] (OpenTera: 500)');
    await expect(await get('?asset_uuid=not-a-uuid'), 200, []);
    await expect(await get('?service_uuid=6a1c0000-0000-4000-8000-000000000000'), 200, [], 'another service owns none');
    await expect(await get('?id_participant=99'), 403, 'Participant access denied', 'an unknown participant is not reachable');
  });

  t.test('given full, then the names', async (t) => {
    const expect = expectIn(t);
    const assets = (await expect(await get('?id_session=2&full=true'), 200)) as Asset[];
    t.match(assets[0], { asset_service_owner_name: 'OpenTera Server', asset_session_name: 'Séance #2', asset_participant: 'Participant #1' });
    t.notOk('asset_user' in assets[0]! || 'asset_device' in assets[0]! || 'asset_service' in assets[0]!, 'only the names of the creators that are set');
    t.match(assets[1], { asset_user: 'Site Admin' });
    const [device] = (await expect(await get('?id_asset=4&full=1'), 200)) as Asset[];
    t.match(device, { asset_device: 'Apple Watch #W05P1', asset_service: 'OpenTera Server', asset_session_name: 'Séance #3' });
  });

  t.test('given with_urls or with_only_token, then per-asset service tokens and the owner service URLs', async (t) => {
    const expect = expectIn(t);
    const assets = (await expect(await get('?id_device=1&with_urls=true'), 200)) as Asset[];
    t.equal(assets.length, 4);
    for (const asset of assets) {
      t.equal(asset.asset_infos_url, `http://127.0.0.1:${port}//api/assets/infos`, "OpenTera's concatenation: the server's client endpoint is /");
      t.equal(asset.asset_url, `http://127.0.0.1:${port}//api/assets`);
      const claims = await tokens.verify('service', asset.access_token as string);
      t.match(claims, { iss: 'TeraServer', asset_uuids: asset.asset_uuid }, 'one asset per token, as a string');
      t.equal((claims!.exp as number) - (claims!.iat as number), 1800, '30 minutes');
      t.equal(await tokens.verify('user', asset.access_token as string), undefined, 'signed with the service key only');
    }
    const admin = await server.request('/api/user/login', { basic: 'admin:admin' });
    const adminUuid = ((await admin.json()) as { user_uuid: string }).user_uuid;
    t.equal((await tokens.verify('service', assets[0]!.access_token as string))!.requester_uuid, adminUuid, 'the requester is named');

    const only = (await expect(await get('?id_session=2&with_only_token=true'), 200)) as Asset[];
    t.equal(only.length, 3);
    for (const item of only) t.same(Object.keys(item).sort(), ['access_token', 'asset_uuid']);
    const both = (await expect(await get('?id_session=2&with_urls=true&with_only_token=true'), 200)) as Asset[];
    for (const item of both) t.same(Object.keys(item).sort(), ['access_token', 'asset_infos_url', 'asset_url', 'asset_uuid'], 'as OpenTera, the URLs stay with both flags');
  });

  t.test('given user4 (no access), then 403 on what it names, [] otherwise', async (t) => {
    const expect = expectIn(t);
    await expect(await get('?id_device=1', 'user4'), 403, 'Device access denied');
    await expect(await get('?id_creator_device=1', 'user4'), 403, 'Device access denied');
    await expect(await get('?id_session=2', 'user4'), 403, 'Session access denied');
    await expect(await get('?id_participant=1', 'user4'), 403, 'Participant access denied');
    await expect(await get('?id_creator_participant=1', 'user4'), 403, 'Participant access denied');
    await expect(await get('?id_user=1', 'user4'), 403, 'User access denied');
    await expect(await get('?id_creator_user=2', 'user4'), 403, 'User access denied');
    await expect(await get('?id_creator_service=1', 'user4'), 403, 'Service access denied');
    await expect(await get('?id_asset=1', 'user4'), 200, []);
    await expect(await get(`?service_uuid=${SERVER_UUID}`, 'user4'), 200, []);
  });

  t.test("given a site's user, then the assets of its sessions, and no asset owned by a service it does not reach", async (t) => {
    const expect = expectIn(t);
    t.same(ids(await expect(await get('?id_session=2', 'user'), 200)), [1, 2, 3], 'through the session');
    await expect(await get('?id_asset=1', 'user'), 200, [], "by id: OpenTeraServer's assets need that service reachable, as OpenTera");
    await expect(await get('?id_creator_service=1', 'user'), 403, 'Service access denied');
  });

  t.test('given POST or DELETE, then 501 once authenticated', async (t) => {
    const expect = expectIn(t);
    await expect(await server.request('/api/user/assets', { method: 'POST', basic: 'admin:admin', body: { asset: {} } }), 501, 'Asset information update and creation must be done directly into a service (such as Filetransfer service)');
    await expect(
      await server.request('/api/user/assets', { method: 'POST', basic: 'admin:admin', body: '--x--', headers: { 'content-type': 'multipart/form-data; boundary=x' } }),
      501,
      undefined,
      'a multipart upload too',
    );
    await expect(await server.request('/api/user/assets?id=1', { method: 'DELETE', basic: 'admin:admin' }), 501, 'Asset information deletion must be done directly into a service (such as Filetransfer service)');
  });

  t.test('given an asset a shared device recorded in a project the requester has no role in, then it stays hidden', async (t) => {
    const expect = expectIn(t);
    const secret = await createSessionCommand(context, {
      typeId: 1,
      name: 'Secret session',
      startDatetime: '2025-01-20T10:00:00.000Z',
      duration: 60,
      status: 2,
      comments: null,
      parameters: null,
      creators: { userId: null, deviceId: 1, participantId: null, serviceId: null },
      participants: [4],
      users: [],
      devices: [1],
    });
    await settle(secret.position);
    const created = await createAssetCommand(context, {
      sessionId: secret.id,
      creators: { userId: null, participantId: null, deviceId: 1, serviceId: null },
      name: 'Secret recording',
      ownerServiceUuid: SERVER_UUID,
      mimeType: 'video/mp4',
      datetime: '2025-01-20T10:01:00+00:00',
      expirationDatetime: null,
    });
    await settle(created.position);
    t.ok(ids(await expect(await get('?id_device=1'), 200)).includes(created.id), 'the superadmin sees it');
    const [asset] = (await expect(await get(`?id_asset=${created.id}`), 200)) as Asset[];
    t.match(asset, { asset_datetime: '2025-01-20T10:01:00.000+00:00', asset_type: 'video/mp4' });
    t.same(ids(await expect(await get('?id_device=1', 'siteadmin'), 200)), [4, 5, 6, 7], 'a site 1 admin (device 1 is in site 1) does not');
    t.same(ids(await expect(await get('?id_creator_device=1', 'siteadmin'), 200)), [4, 5, 6, 7]);

    // A session's deletion takes its assets with it.
    await settle((await handle(context.deps, context.request, session, sessionStream(secret.uuid), deleteSession)).position);
    t.notOk(ids(await expect(await get('?id_device=1'), 200)).includes(created.id), 'gone with its session');
    await expect(await get(`?id_asset=${created.id}`), 200, []);
  });
});
