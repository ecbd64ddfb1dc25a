import t, { type Test } from 'tap';
import { createStaticTokens } from '../../../../adapters/auth/staticTokens.js';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const DEVICE1_UUID = 'b707e0b2-e649-47e7-a938-2b949c423f73';
const USERS = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'];

type Json = Record<string, unknown>;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

function claims(token: string): Json {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Json;
}

function client(server: TestServer) {
  const call = (path: string, user = 'admin', method = 'GET', body?: unknown, headers?: Record<string, string>) =>
    server.request(path, { method, basic: `${user}:${user}`, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const devices = async (user: string, query = '') => {
    const response = await call(`/api/user/devices${query}`, user);
    if (response.status !== 200) throw new Error(`GET devices${query} as ${user}: ${response.status} ${await response.text()}`);
    return (await json(response)) as Json[];
  };
  return { call, expectIn, devices };
}

const ids = (list: Json[]) => list.map((d) => d.id_device);

t.test('GET /api/user/devices', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, devices } = client(server);

  t.test('given each role, then the devices it may see, with a token only where it manages the device', async (t) => {
    const visible: Record<string, number[]> = { admin: [1, 2, 3], siteadmin: [1, 2], user: [1, 2], user2: [1, 2], user3: [1, 2], user4: [] };
    const managed: Record<string, number[]> = { admin: [1, 2, 3], siteadmin: [1, 2], user: [], user2: [1, 2], user3: [], user4: [] };
    for (const user of USERS) {
      const list = await devices(user);
      t.same(ids(list), visible[user], `${user} sees`);
      for (const device of list) {
        if (managed[user]!.includes(device.id_device as number)) t.type(device.device_token, 'string', `${user} gets the token of ${String(device.id_device)}`);
        else t.equal(device.device_token, null, `${user} does not get the token of ${String(device.id_device)} (OpenTera gives it)`);
      }
    }
  });

  t.test("given device 1, then OpenTera's full JSON, its token a working JWT of that device", async (t) => {
    const [device] = await devices('admin', '?id_device=1');
    t.match(device, {
      id_device: 1,
      device_uuid: DEVICE1_UUID,
      device_name: 'Apple Watch #W05P1',
      id_device_type: 2,
      id_device_subtype: null,
      device_enabled: true,
      device_onlineable: true,
      device_config: null,
      device_infos: null,
      device_notes: null,
      device_lastonline: null,
    });
    t.notOk('device_certificate' in device!, 'never the certificate');
    t.match(claims(device!.device_token as string), { device_uuid: DEVICE1_UUID, id_device: 1 });
    const staticTokens = createStaticTokens(server.core.signingKeys, createTokens(server.core.signingKeys));
    t.match(await staticTokens.verifyDevice(device!.device_token as string), { id: 1, uuid: DEVICE1_UUID }, 'signed with the device key');
  });

  t.test("given OpenTera's selectors, then its answers", async (t) => {
    const expect = expectIn(t);
    t.same(ids(await devices('admin', '?id_device=0')), [], 'id_device=0');
    t.same(ids(await devices('admin', '?id_device=100')), [], 'unknown id');
    t.same(ids(await devices('admin', '?id=2')), [2], 'id is an alias');
    t.same(ids(await devices('admin', '?id=2&id_device=1')), [2], 'a non-zero id wins over id_device');
    await expect(await call('/api/user/devices?id=0'), 400, 'Too many IDs', 'id=0 alone');
    await expect(await call(`/api/user/devices?id_device=1&device_uuid=${DEVICE1_UUID}`), 400, 'Too many IDs');
    await expect(await call(`/api/user/devices?uuid=${DEVICE1_UUID}&device_uuid=${DEVICE1_UUID}`), 400, 'Too many IDs');
    await expect(await call('/api/user/devices?id_site=1&id_project=1'), 400, 'Too many IDs');
    t.same(ids(await devices('admin', `?device_uuid=${DEVICE1_UUID}`)), [1]);
    t.same(ids(await devices('admin', `?uuid=${DEVICE1_UUID}`)), [1]);
    t.same(ids(await devices('admin', '?uuid=b707e0b2-e649-47e7-a938-2b949e423f73')), [], 'a wrong uuid');
    t.same(ids(await devices('admin', '?uuid=not-a-uuid')), [], 'not a uuid');
    t.same(ids(await devices('admin', '?id_site=0')), []);
    t.same(ids(await devices('admin', '?id_site=100')), []);
    t.same(ids(await devices('admin', '?id_site=1')), [1, 2], 'by name: Apple Watch, Kit Télé');
    t.same(ids(await devices('admin', '?id_site=2')), [1]);
    t.same(ids(await devices('admin', '?id_site=1&id_device_type=1')), [2], 'id_device_type narrows id_site');
    t.same(ids(await devices('admin', '?id_project=0')), []);
    t.same(ids(await devices('admin', '?id_project=100')), []);
    t.same(ids(await devices('admin', '?id_project=1')), [1, 2]);
    t.same(ids(await devices('admin', '?id_project=1&enabled=false')), [], 'with id_project, enabled=false keeps the disabled ones (OpenTera)');
    t.same(ids(await devices('admin', '?id_project=3&id_device_type=2')), [1]);
    t.same(ids(await devices('admin', '?id_device_type=0')), []);
    t.same(ids(await devices('admin', '?id_device_type=100')), []);
    t.same(ids(await devices('admin', '?id_device_type=3')), [3]);
    t.same(ids(await devices('user', '?id_device_type=3')), [], 'only visible devices of the type');
    t.same(ids(await devices('admin', '?id_device_subtype=0')), []);
    t.same(ids(await devices('admin', '?id_device_subtype=100')), []);
    t.same(ids(await devices('admin', '?name=%20')), []);
    t.same(ids(await devices('admin', '?name=Apple%20Watch%20%23W05P1')), [1]);
    t.same(ids(await devices('admin', '?name=Apple%20Watch')), [], 'exact names only');
    t.same(ids(await devices('admin', '?enabled=true')), [1, 2], 'enabled=true drops device 3');
    t.same(ids(await devices('admin', '?enabled=false')), [1, 2, 3], 'elsewhere enabled=false filters nothing');
    t.same(ids(await devices('siteadmin', '?id_site=2')), [], 'a site without a role');
    t.same(ids(await devices('user', '?id_project=3')), [], 'a project without a role');
    t.same(ids(await devices('user4', '?id_device=1')), []);
    t.same(ids(await devices('user4', '?name=Apple%20Watch%20%23W05P1')), []);
    await expect(await call('/api/user/devices?id_device=abc'), 400);
  });

  t.test('given flags, then the extras, limited to what the requester may see', async (t) => {
    const [minimal] = await devices('admin', '?id_device=1&list=true');
    t.same(Object.keys(minimal!).sort(), ['device_enabled', 'device_name', 'device_uuid', 'id_device', 'id_device_subtype', 'id_device_type']);
    t.ok('device_token' in (await devices('admin', '?id_device=1&list=false'))[0]!, 'list=false is the full form');

    const [status] = await devices('user', '?id_device=2&with_status=true');
    t.match(status, { device_online: false, device_busy: false, device_status: null }, 'nobody is online until presence exists');

    const [admin1] = await devices('admin', '?id_device=1&with_sites=true&projects=true&with_participants=true');
    t.same(admin1!.device_sites, [
      { id_site: 1, site_name: 'Default Site', site_2fa_required: false },
      { id_site: 2, site_name: 'Top Secret Site', site_2fa_required: false },
    ]);
    t.match(admin1!.device_projects, [
      { id_device_project: 1, id_device: 1, id_project: 1, project: { id_project: 1, id_site: 1, project_name: 'Default Project #1', project_enabled: true, site_name: 'Default Site' } },
      { id_device_project: 3, id_device: 1, id_project: 3, project: { id_project: 3, id_site: 2, project_name: 'Secret Project #1' } },
    ]);
    t.same(admin1!.device_participants, [
      { id_participant: 1, participant_name: 'Participant #1', id_project: 1, project_name: 'Default Project #1' },
      { id_participant: 2, participant_name: 'Participant #2', id_project: 1, project_name: 'Default Project #1' },
    ]);

    const [site1] = await devices('siteadmin', '?id_device=1&with_sites=true&projects=true&list=true');
    t.same(site1!.device_sites, [{ id_site: 1, site_2fa_required: false }], 'site 2 stays hidden; list drops site_name');
    t.same(site1!.device_projects, [{ id_device_project: 1, id_device: 1, id_project: 1 }], 'project 3 stays hidden; list drops project');
    const [none] = await devices('admin', '?id_device=3&with_sites=1&projects=1&with_participants=1');
    t.match(none, { device_sites: [], device_projects: [], device_participants: [] });
  });

  t.test('given no credentials, then 401 on every method; another method, then 405', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      t.equal((await server.request('/api/user/devices?id=1', { method, ...(method === 'POST' ? { body: {} } : {}) })).status, 401, method);
    }
    t.equal((await server.request('/api/user/devices', { method: 'PUT', basic: 'admin:admin' })).status, 405);
  });
});

t.test('POST /api/user/devices', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, devices } = client(server);
  const post = (user: string, device: Json) => call('/api/user/devices', user, 'POST', { device });

  t.test('given bad bodies, then 4xx and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/devices', 'admin', 'POST', {}), 400, 'Missing device');
    await expect(await post('admin', {}), 400, 'Missing id_device');
    await expect(await post('admin', { id_device: 0, device_name: 'Test' }), 400, 'Missing id_device_type', 'OpenTera: 500');
    await expect(await post('admin', { id_device: 0, id_device_type: 2 }), 400, 'Missing device_name', 'OpenTera: 500');
    await expect(await post('admin', { id_device: 0, device_name: '  ', id_device_type: 2 }), 400, 'Missing device_name');
    await expect(await post('admin', { id_device: 0, device_name: 'Test', id_device_type: 100 }), 404, 'Invalid device type', 'OpenTera: 500');
    await expect(await post('admin', { id_device: 0, device_name: 'Test', id_device_type: 3, id_device_subtype: 100 }), 404, 'Invalid device subtype', 'OpenTera: 500');
    await expect(await post('admin', { id_device: 0, device_name: 'Test', id_device_type: 3, id_device_subtype: 2 }), 400, 'Invalid device subtype for this device type');
    await expect(await post('admin', { id_device: 0, device_name: 'Test', id_device_type: 3, device_unknown: 1 }), 400, { errors: { 'device.device_unknown': 'Unknown field' }, message: 'Input payload validation failed' });
    await expect(await post('admin', { id_device: 0, device_name: 'Test', id_device_type: 3, device_enabled: 'yes' }), 400);
    await expect(await post('admin', { id_device: -1, device_name: 'Test', id_device_type: 3 }), 400);
    await expect(await post('admin', { id_device: 0, device_name: 'Test', id_device_type: 3, device_sites: [{ id_site: 99 }] }), 404, 'Invalid site');
    await expect(await post('admin', { id_device: 0, device_name: 'Test', id_device_type: 3, device_projects: [{ id_project: 99 }] }), 404, 'Invalid project');
    await expect(await post('admin', { id_device: 0, device_name: 'Test', id_device_type: 3, device_projects: [{}] }), 400);
    await expect(await post('admin', { id_device: 99, device_name: 'X' }), 404, 'Invalid device');
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('given a requester who may not, then 403 and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    const create = { id_device: 0, device_name: 'Test', id_device_type: 3 };
    await expect(await post('user4', create), 403, 'Forbidden');
    await expect(await post('siteadmin', create), 403, 'Forbidden', 'a site admin must link the new device to its sites or projects');
    await expect(await post('siteadmin', { ...create, device_sites: [] }), 403, 'Forbidden', 'empty lists link nothing (OpenTera creates an orphan)');
    await expect(await post('siteadmin', { ...create, device_sites: [{ id_site: 2 }] }), 403, 'No site admin access for at a least one site in the list');
    await expect(await post('siteadmin', { ...create, device_sites: [{ id_site: 99 }] }), 403, 'No site admin access for at a least one site in the list', 'no existence leak');
    await expect(await post('siteadmin', { ...create, device_projects: [{ id_project: 3 }] }), 403, 'No site admin access for at a least one project in the list');
    await expect(await post('user', { ...create, device_sites: [{ id_site: 1 }] }), 403, 'No site admin access for at a least one site in the list');
    await expect(await post('user3', { ...create, device_projects: [{ id_project: 1 }] }), 403, 'No site admin access for at a least one project in the list', 'a project admin is no site admin');
    for (const user of ['user', 'user3', 'user4']) await expect(await post(user, { id_device: 1, device_name: 'X' }), 403, 'Forbidden', `${user} updating device 1`);
    await expect(await post('siteadmin', { id_device: 3, device_name: 'X' }), 403, 'Forbidden', 'device 3 is in none of its sites');
    await expect(await post('siteadmin', { id_device: 99, device_name: 'X' }), 403, 'Forbidden', 'unknown: no existence leak');
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('given a superadmin, then a new device with a new static token, defaults, and its own uuid', async (t) => {
    const expect = expectIn(t);
    const [minimal] = (await expect(await post('admin', { id_device: 0, device_name: 'Test', id_device_type: 3 }), 200)) as Json[];
    t.match(minimal, { id_device: 4, device_name: 'Test', id_device_type: 3, id_device_subtype: null, device_enabled: false, device_onlineable: false, device_lastonline: null });
    t.match(claims(minimal!.device_token as string), { device_uuid: minimal!.device_uuid, id_device: 4 });
    t.same(await devices('admin', '?id_device=4'), [minimal], 'read your writes');

    const all = {
      id_device: 0,
      device_certificate: 'Un certificat',
      device_config: 'Une configuration',
      device_enabled: true,
      device_infos: 'Une info',
      device_name: 'Un nom',
      device_notes: 'Une note',
      device_onlineable: true,
      device_token: 'Un Token',
      device_uuid: 'Un uuid',
      id_device_subtype: 1,
      id_device_type: 4,
    };
    const [full] = (await expect(await post('admin', all), 200)) as Json[];
    t.match(full, { id_device: 5, device_config: 'Une configuration', device_enabled: true, device_infos: 'Une info', device_name: 'Un nom', device_notes: 'Une note', device_onlineable: true, id_device_subtype: 1, id_device_type: 4 });
    t.not(full!.device_uuid, 'Un uuid', 'the uuid is the server\'s');
    t.not(full!.device_token, 'Un Token', 'the token is the server\'s');
    t.match(claims(full!.device_token as string), { device_uuid: full!.device_uuid, id_device: 5 });
    const [listed] = await devices('admin', '?id_device=5');
    t.same(listed!.device_subtype, { id_device_subtype: 1, id_device_type: 4, device_subtype_name: 'Bureau modèle #1', device_subtype_parent: 'Bureau Actif' }, 'GET adds the subtype');

    const [updated] = (await expect(
      await post('admin', { ...all, id_device: 5, device_name: 'Un nom 2', id_device_subtype: 2, device_token: 'Un Token @', device_uuid: DEVICE1_UUID, device_online: true, device_subtype: {} }),
      200,
    )) as Json[];
    t.match(updated, { id_device: 5, device_name: 'Un nom 2', id_device_subtype: 2, device_uuid: full!.device_uuid, device_token: full!.device_token }, 'uuid and token unchanged; read-back fields ignored');
    await expect(await post('admin', { id_device: 5, id_device_subtype: 0 }), 200);
    t.match((await devices('admin', '?id_device=5'))[0], { id_device_subtype: null }, 'subtype 0 means none');
    await expect(await post('admin', { id_device: 5, id_device_type: 1, id_device_subtype: 1 }), 400, 'Invalid device subtype for this device type', 'OpenTera accepts a subtype of another type');
    await expect(await post('admin', { id_device: 5, id_device_type: 1 }), 200);
    const before = await server.core.store.headPosition();
    await expect(await post('admin', { id_device: 5, id_device_type: 1 }), 200, undefined, 'an update that changes nothing');
    t.equal(await server.core.store.headPosition(), before, 'appends nothing');
  });

  t.test('given a site admin, then it creates devices in its sites and projects, and updates the devices it manages', async (t) => {
    const expect = expectIn(t);
    const [inSite] = (await expect(await post('siteadmin', { id_device: 0, device_name: 'Site kit', id_device_type: 1, device_sites: [{ id_site: 1 }] }), 200)) as Json[];
    t.type(inSite!.device_token, 'string', 'its creator manages it');
    const [withSites] = await devices('siteadmin', `?id_device=${String(inSite!.id_device)}&with_sites=1&projects=1`);
    t.match(withSites, { device_sites: [{ id_site: 1 }], device_projects: [] });
    t.same(ids(await devices('user3', `?id_device=${String(inSite!.id_device)}`)), [inSite!.id_device], 'seen by the site\'s users');

    const [inProject] = (await expect(await post('siteadmin', { id_device: 0, device_name: 'Project kit', id_device_type: 1, device_projects: [{ id_project: 2 }] }), 200)) as Json[];
    const [linked] = await devices('admin', `?id_device=${String(inProject!.id_device)}&with_sites=1&projects=1&list=1`);
    t.same(linked!.device_sites, [{ id_site: 1, site_2fa_required: false }], 'the project brings its site (OpenTera leaves the device outside it)');
    t.match(linked!.device_projects, [{ id_project: 2 }]);

    await expect(await post('siteadmin', { id_device: 1, device_name: 'Apple Watch renamed', device_notes: 'Note' }), 200);
    t.match((await devices('user', '?id_device=1'))[0], { device_name: 'Apple Watch renamed', device_notes: 'Note', device_token: null });
    await expect(await post('user2', { id_device: 1, device_name: 'Apple Watch #W05P1' }), 200, undefined, 'user2 is site admin too');
  });

  t.test('given link lists on an update, then they apply within what the requester administers', async (t) => {
    const expect = expectIn(t);
    const links = async (id: number) => {
      const [d] = await devices('admin', `?id_device=${id}&with_sites=1&projects=1&list=1`);
      return { sites: (d!.device_sites as Json[]).map((s) => s.id_site), projects: (d!.device_projects as Json[]).map((p) => p.id_project) };
    };
    const before = await server.core.store.headPosition();
    await expect(
      await post('siteadmin', { id_device: 1, device_sites: [] }),
      409,
      "Can't delete device from site. Please remove all participants associated with the device or all sessions in the site referring to the device before deleting.",
      'leaving site 1 would leave project 1, where participants use the device',
    );
    await expect(
      await post('siteadmin', { id_device: 2, device_projects: [{ id_project: 2 }] }),
      409,
      "Can't delete device from project. Please remove all participants associated with the device or all sessions in the project referring to the device before deleting.",
    );
    t.equal(await server.core.store.headPosition(), before, 'a refused request changes nothing (not even the addition it carried)');

    await expect(await post('siteadmin', { id_device: 2, device_projects: [{ id_project: 1 }, { id_project: 2 }] }), 200);
    t.same(await links(2), { sites: [1], projects: [1, 2] });
    await expect(await post('siteadmin', { id_device: 2, device_projects: [{ id_project: 1 }] }), 200);
    t.same(await links(2), { sites: [1], projects: [1] }, 'an administered project not listed is left');
    await expect(await post('siteadmin', { id_device: 1, device_projects: [{ id_project: 1 }] }), 200);
    t.same(await links(1), { sites: [1, 2], projects: [1, 3] }, 'project 3 and site 2 are not the site admin\'s: untouched');

    await expect(await post('admin', { id_device: 3, device_sites: [{ id_site: 1 }, { id_site: 2 }] }), 200);
    t.same(await links(3), { sites: [1, 2], projects: [] });
    await expect(await post('admin', { id_device: 3, device_sites: [{ id_site: 2 }], device_projects: [{ id_project: 3 }] }), 200);
    t.same(await links(3), { sites: [2], projects: [3] }, 'a superadmin replaces the sites (OpenTera: 500 for some lists)');
    await expect(await post('admin', { id_device: 3, device_sites: [] }), 200);
    t.same(await links(3), { sites: [], projects: [] }, 'leaving a site leaves its projects');
    await expect(await post('admin', { id_device: 3, device_sites: [{ id_site: 1 }] }), 200);
    const [relinked] = await devices('admin', '?id_device=3&with_sites=1');
    t.ok(relinked, 'relinked');
    const siteLinks = (await json(await call('/api/user/devices/sites?id_device=3&list'))) as Json[];
    const first = siteLinks.find((l) => l.id_site === 1);
    await expect(await post('admin', { id_device: 3, device_sites: [] }), 200);
    await expect(await post('admin', { id_device: 3, device_sites: [{ id_site: 1 }] }), 200);
    const again = ((await json(await call('/api/user/devices/sites?id_device=3&list'))) as Json[]).find((l) => l.id_site === 1);
    t.equal(again!.id_device_site, first!.id_device_site, 'linking again reuses the association id, as OpenTera restores the row');
  });
});

t.test('DELETE /api/user/devices', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, devices } = client(server);
  const del = (user: string, id: number | string, headers?: Record<string, string>) => call(`/api/user/devices?id=${id}`, user, 'DELETE', undefined, headers);
  const create = async (user: string, device: Json) => {
    const response = await call('/api/user/devices', user, 'POST', { device: { id_device: 0, id_device_type: 1, device_name: 'To delete', ...device } });
    t.equal(response.status, 200, `${user} creates`);
    return ((await json(response)) as Json[])[0]!.id_device as number;
  };

  t.test('given bad requests or requesters, then 4xx and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/devices', 'admin', 'DELETE'), 400);
    await expect(await del('admin', 'abc'), 400);
    await expect(await del('admin', 99), 404, 'Invalid id', 'OpenTera: 400');
    await expect(await del('siteadmin', 99), 403, 'Forbidden', 'no existence leak');
    await expect(await del('user4', 1), 403, 'Forbidden');
    await expect(await del('user', 2), 403, 'Forbidden', 'no admin role');
    await expect(await del('siteadmin', 3), 403, 'Forbidden', 'not its device');
    await expect(await del('admin', 2), 409, "Can't delete device: please delete all participants association before deleting.", 'OpenTera: 500');
    await expect(
      await del('admin', 2, { 'accept-language': 'fr' }),
      409,
      "Impossible de supprimer l'appareil: veuillez supprimer ou retirer tous les participants associés au préalable.",
    );
    for (const user of ['siteadmin', 'user2']) {
      await expect(await del(user, 2), 409, "Can't delete device: please delete all participants association before deleting.", `all its links are ${user}'s`);
    }
    await expect(
      await del('siteadmin', 1),
      409,
      "Can't delete device from project. Please remove all participants associated with the device or all sessions in the project referring to the device before deleting.",
      'device 1 is also in site 2: it only leaves project 1, where participants use it',
    );
    await expect(await del('user3', 2), 409, undefined, 'a project admin takes it out of project 1: refused the same way');
    t.equal(await server.core.store.headPosition(), before);
    t.same(ids(await devices('admin')), [1, 2, 3]);
  });

  t.test('given a site admin and a device all of whose links it administers, then it is deleted with its links', async (t) => {
    const expect = expectIn(t);
    const id = await create('siteadmin', { device_projects: [{ id_project: 1 }] });
    await expect(await del('siteadmin', id), 200, 'Device successfully deleted');
    t.same(await devices('admin', `?id_device=${id}`), [], 'gone at once');
    t.notOk(((await json(await call('/api/user/devices/sites?id_site=1&list'))) as Json[]).some((l) => l.id_device === id), 'its site links went with it');
    t.notOk(((await json(await call('/api/user/devices/projects?id_project=1&list'))) as Json[]).some((l) => l.id_device === id), 'its project links went with it');
    await expect(await del('admin', id), 404, 'Invalid id', 'a deleted device is unknown');
  });

  t.test('given a device also in a site the requester does not administer, then it only leaves the requester\'s projects', async (t) => {
    const expect = expectIn(t);
    const id = await create('admin', { device_sites: [{ id_site: 1 }, { id_site: 2 }], device_projects: [{ id_project: 1 }, { id_project: 3 }] });
    await expect(await del('siteadmin', id), 200, 'Device successfully deleted');
    const [left] = await devices('admin', `?id_device=${id}&with_sites=1&projects=1&list=1`);
    t.same((left!.device_projects as Json[]).map((p) => p.id_project), [3], 'only project 1 was left (OpenTera unlinks every project)');
    t.same((left!.device_sites as Json[]).map((s) => s.id_site), [1, 2]);
    await expect(await del('siteadmin', id), 403, 'Forbidden', 'nothing of its own is left to remove');
    await expect(await del('admin', id), 200, 'Device successfully deleted');
    await expect(await del('admin', 3), 200, 'Device successfully deleted', 'a superadmin deletes a device linked nowhere');
    t.same(ids(await devices('admin')), [1, 2]);
  });

  t.test('given a device tied to sessions, then 409 with OpenTera\'s reasons, in its order, until the sessions go (OpenTera: 500)', async (t) => {
    const expect = expectIn(t);
    const session = async (fields: Json) => {
      const response = await call('/api/user/sessions', 'admin', 'POST', { session: { id_session: 0, id_session_type: 1, session_name: 'With a device', session_status: 2, session_participants_ids: [1], ...fields } });
      t.equal(response.status, 200, 'a session');
      return ((await json(response)) as Json[])[0]!.id_session as number;
    };
    const invited = await create('siteadmin', { device_projects: [{ id_project: 1 }] });
    const inSession = await session({ session_devices_ids: [invited] });
    const before = await server.core.store.headPosition();
    await expect(await del('siteadmin', invited), 409, "Can't delete device: please remove all sessions referring to that device before deleting.");
    const creator = await create('siteadmin', { device_projects: [{ id_project: 1 }] });
    const createdSession = await session({ id_creator_device: creator });
    const afterCreation = await server.core.store.headPosition();
    await expect(await del('siteadmin', creator), 409, "Can't delete device: please remove all related sessions, assets and tests before deleting.", "created sessions: OpenTera's general text");
    t.equal(await server.core.store.headPosition(), afterCreation, 'nothing written');
    t.not(before, afterCreation);
    await expect(await call(`/api/user/sessions?id=${inSession}`, 'admin', 'DELETE'), 200, '');
    await expect(await call(`/api/user/sessions?id=${createdSession}`, 'admin', 'DELETE'), 200, '');
    await expect(await del('siteadmin', invited), 200, 'Device successfully deleted', 'its session gone, the device goes');
    await expect(await del('siteadmin', creator), 200, 'Device successfully deleted');
  });
});
