// /api/device/assets (OpenTera api-participant-device-service.md 5.10, its test_DeviceQueryAssets.py list): a
// device's own assets, with tokens and URLs on request.
import t, { type Test } from 'tap';
import { createStaticTokens } from '../../../../adapters/auth/staticTokens.js';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { linkServiceToProjectCommand, linkServiceToSiteCommand } from '../../../../commands/services.js';
import { startTestServer } from '../../../helpers/server.js';

type Asset = Record<string, unknown> & { id_asset: number; asset_uuid: string };

t.test('/api/device/assets', async (t) => {
  const server = await startTestServer(t);
  const rm = server.core.database.db.withSchema('rm');
  const tokens = createTokens(server.core.signingKeys);
  const staticTokens = createStaticTokens(server.core.signingKeys, tokens);
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const tokenOf = async (id: number) => {
    const row = await rm.selectFrom('devices').select(['device_uuid', 'device_token_id']).where('id_device', '=', id).executeTakeFirstOrThrow();
    return { token: await staticTokens.device({ id, uuid: row.device_uuid as string, tokenId: row.device_token_id as string }), uuid: row.device_uuid as string };
  };
  const device1 = await tokenOf(1);
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = JSON.parse(await response.text()) as unknown;
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const get = (query: string, token = device1.token) => server.request(`/api/device/assets${query}`, { token });
  const ids = (assets: unknown) => (assets as Asset[]).map((a) => a.id_asset);

  t.test('given no, bad or disabled credentials, then 401', async (t) => {
    const expect = expectIn(t);
    await expect(await server.request('/api/device/assets'), 401, 'Unauthorized');
    await expect(await get('', 'invalid'), 401, 'Unauthorized');
    await expect(await get('', (await tokenOf(3)).token), 401, 'Disabled device', 'device 3 is disabled');
  });

  t.test('given device 1, then the assets it created', async (t) => {
    const expect = expectIn(t);
    const assets = (await expect(await get(''), 200)) as Asset[];
    t.same(ids(assets), [4, 5, 6, 7]);
    t.match(assets[0], { id_device: 1, asset_name: 'Device Asset', asset_type: 'video/mpeg', asset_device: 'Apple Watch #W05P1', asset_service_owner_name: 'OpenTera Server' }, 'the full JSON');
    t.notOk('access_token' in assets[0]!, 'no token unless asked');
    t.same(ids(await expect(await server.request(`/api/device/assets?id_session=9&token=${device1.token}`), 200)), [5, 6, 7], 'the token as an argument; its own session 9: its assets there');
    await expect(await get('?id_asset=1'), 200, [], "another's asset");
    await expect(await get(`?asset_uuid=${assets[0]!.asset_uuid}`), 200, [assets[0]], 'by uuid');
    await expect(await get('?asset_uuid=6a1c0000-0000-4000-8000-000000000000'), 200, []);
    await expect(await get('?id_session=1'), 403, 'No access to session', 'a session it did not create');
  });

  t.test('given with_urls or with_only_token, then tokens, and URLs for the services of its projects', async (t) => {
    const expect = expectIn(t);
    const assets = (await expect(await get('?with_urls=true'), 200)) as Asset[];
    for (const asset of assets) {
      t.equal(asset.asset_url, null, "OpenTera's own service is not linked to the device's projects");
      t.equal(asset.asset_infos_url, null);
      t.match(await tokens.verify('service', asset.access_token as string), { asset_uuids: asset.asset_uuid, requester_uuid: device1.uuid });
    }
    const only = (await expect(await get('?with_only_token=1'), 200)) as Asset[];
    for (const item of only) t.same(Object.keys(item).sort(), ['access_token', 'asset_uuid']);

    // OpenTera's own service linked to project 1 (site 1 first), where device 1 is: its URLs come.
    const serverUuid = '00000000-0000-0000-0000-000000000001';
    await linkServiceToSiteCommand(context, serverUuid, 1);
    const position = await linkServiceToProjectCommand(context, serverUuid, { id: 1, siteId: 1 });
    if (position !== undefined) await server.core.runner.waitFor(position);
    const port = new URL(server.url).port;
    const [linked] = (await expect(await get('?id_asset=4&with_urls=true'), 200)) as Asset[];
    t.equal(linked!.asset_url, `http://127.0.0.1:${port}//api/assets`);
    t.equal(linked!.asset_infos_url, `http://127.0.0.1:${port}//api/assets/infos`);
  });
});
