// /api/participant/assets (OpenTera api-participant-device-service.md 4.9, its test_ParticipantQueryAssets.py
// list): a participant's own assets; a static token must name an asset or a session and gets no tokens or URLs.
import t, { type Test } from 'tap';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { startTestServer } from '../../../helpers/server.js';

type Asset = Record<string, unknown> & { id_asset: number; asset_uuid: string };

t.test('/api/participant/assets', async (t) => {
  const server = await startTestServer(t);
  const tokens = createTokens(server.core.signingKeys);
  const login = await server.request('/api/participant/login', { basic: 'participant1:opentera' });
  const { participant_token: dynamic, base_token: staticToken, participant_uuid: participantUuid } = (await login.json()) as { participant_token: string; base_token: string; participant_uuid: string };
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const text = await response.text();
    const parsed = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : text;
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const get = (query: string, token: string) => server.request(`/api/participant/assets${query}`, { token });
  const ids = (assets: unknown) => (assets as Asset[]).map((a) => a.id_asset);

  t.test('given no or bad credentials, then 401', async (t) => {
    t.equal((await server.request('/api/participant/assets')).status, 401);
    t.equal((await get('', 'invalid')).status, 401);
    t.equal((await server.request('/api/participant/assets', { basic: 'participant1:wrong' })).status, 401);
  });

  t.test('given a static token, then an asset or a session must be named, and no token or URL comes back', async (t) => {
    const expect = expectIn(t);
    await expect(await get('?with_urls=true', staticToken), 403, 'Forbidden');
    await expect(await get('', staticToken), 403, 'Forbidden');
    await expect(await get('?id_asset=10&with_urls=true', staticToken), 200, [], 'an asset that is not its own');
    const [own] = (await expect(await get('?id_asset=1&with_urls=true&with_only_token=true', staticToken), 200)) as Asset[];
    t.match(own, { id_asset: 1, asset_name: 'Asset #0', asset_session_name: 'Séance #2' }, 'the full JSON');
    t.notOk('access_token' in own! || 'asset_url' in own! || 'asset_infos_url' in own!, 'and nothing else');
    t.same(ids(await expect(await get('?id_session=2', staticToken), 200)), [1], 'its session (it created session 2): only its own assets');
    await expect(await get('?id_session=1', staticToken), 403, 'No access to session', 'a session it did not create');
  });

  t.test('given a dynamic token, then its assets, with tokens and URLs on request', async (t) => {
    const expect = expectIn(t);
    const [asset] = (await expect(await get('?id_asset=1&with_urls=true', dynamic), 200)) as Asset[];
    t.match(asset, { id_asset: 1, asset_infos_url: null, asset_url: null }, "no URL: the owner (OpenTera's own service) is not a service of its project");
    const claims = await tokens.verify('service', asset!.access_token as string);
    t.match(claims, { asset_uuids: asset!.asset_uuid, requester_uuid: participantUuid });
    await expect(await get('?id_asset=2', dynamic), 200, [], "another's asset");
    t.same(ids(await expect(await get(`?asset_uuid=${asset!.asset_uuid}`, dynamic), 200)), [1], 'by uuid');
    const byUuid = (await expect(await get(`?asset_uuid=${asset!.asset_uuid}`, dynamic), 200)) as Asset[];
    t.notOk('asset_url' in byUuid[0]!, 'no URL keys without with_urls');
    t.same(ids(await expect(await get('', dynamic), 200)), [1], 'all of them');
    const only = (await expect(await get('?with_only_token=true', dynamic), 200)) as Asset[];
    t.same(Object.keys(only[0]!).sort(), ['access_token', 'asset_uuid']);
    await expect(await get('?id_session=1', dynamic), 403, 'No access to session');
    await expect(await get('?id_asset=x', dynamic), 400);
  });

  t.test('given Basic credentials and its session, then the full answer', async (t) => {
    const expect = expectIn(t);
    const assets = (await expect(await server.request('/api/participant/assets?id_session=2&with_urls=true', { basic: 'participant1:opentera' }), 200)) as Asset[];
    t.same(ids(assets), [1]);
    t.ok('access_token' in assets[0]! && 'asset_url' in assets[0] && 'asset_infos_url' in assets[0]);
  });
});
