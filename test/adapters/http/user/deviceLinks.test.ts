import t, { type Test } from 'tap';
import { registerParticipantCommand } from '../../../../commands/participants.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const DEVICE1_UUID = 'b707e0b2-e649-47e7-a938-2b949c423f73';
const USERS = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'];
const SITE_REFUSED =
  "Can't delete device from site. Please remove all participants associated with the device or all sessions in the site referring to the device before deleting.";
const PROJECT_REFUSED =
  "Can't delete device from project. Please remove all participants associated with the device or all sessions in the project referring to the device before deleting.";
const NOT_IN_SITE = 'At least one device is not part of the allowed device for that project site';

type Json = Record<string, unknown>;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
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
  const get = async (path: string, user = 'admin') => {
    const response = await call(path, user);
    if (response.status !== 200) throw new Error(`GET ${path} as ${user}: ${response.status} ${await response.text()}`);
    return (await json(response)) as Json[];
  };
  return { call, expectIn, get };
}

const pick = (list: Json[], ...keys: string[]) => list.map((e) => Object.fromEntries(keys.map((k) => [k, e[k]])));

t.test('/api/user/devices/sites', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, get } = client(server);
  const path = '/api/user/devices/sites';
  const post = (body: unknown, user = 'admin') => call(path, user, 'POST', body);
  const sitesOf = async (deviceId: number) => (await get(`${path}?id_device=${deviceId}&list`)).map((l) => l.id_site);
  const devicesOf = async (siteId: number) => (await get(`${path}?id_site=${siteId}&list`)).map((l) => l.id_device);

  t.test('given GET, then OpenTera\'s associations, limited to what the requester may see', async (t) => {
    const expect = expectIn(t);
    for (const user of ['admin', 'user']) await expect(await call(path, user), 400, 'Missing arguments', user);
    await expect(await call(`${path}?list=false`), 400, 'Missing arguments', 'a false flag is no argument');
    t.same(await get(`${path}?list=true`), [], 'only flags: []');
    t.same(await get(`${path}?id_site=10`), []);
    const apple = { device_name: 'Apple Watch #W05P1', device_available: false };
    const kit = { device_name: 'Kit Télé #1', device_available: false };
    t.same(await get(`${path}?id_site=1`), [
      { id_device_site: 1, id_device: 1, id_site: 1, site_name: 'Default Site', ...apple },
      { id_device_site: 2, id_device: 2, id_site: 1, site_name: 'Default Site', ...kit },
    ]);
    t.same(
      (await get(`${path}?id_site=1&with_devices=1`))[2],
      { id_device_site: null, id_device: 3, id_site: null, device_name: 'Robot A', site_name: null, device_available: true },
      'the device the site lacks, by name',
    );
    t.same(await get(`${path}?id_device=30`), []);
    t.same(await get(`${path}?id_device=1&with_sites=1`), [
      { id_device_site: 1, id_device: 1, id_site: 1, site_name: 'Default Site', ...apple },
      { id_device_site: 3, id_device: 1, id_site: 2, site_name: 'Top Secret Site', ...apple },
    ]);
    t.same(await get(`${path}?id_device=3&with_sites=1`), [
      { id_device_site: null, id_device: null, id_site: 1, device_name: null, site_name: 'Default Site', device_available: false },
      { id_device_site: null, id_device: null, id_site: 2, device_name: null, site_name: 'Top Secret Site', device_available: false },
    ]);
    t.same(await get(`${path}?id_site=1&list=false`), [{ id_device_site: 1, id_device: 1, id_site: 1 }, { id_device_site: 2, id_device: 2, id_site: 1 }], 'list acts when present');

    t.same(await get(`${path}?id_site=2`, 'user'), []);
    t.same(await get(`${path}?id_site=1`, 'user4'), []);
    t.equal((await get(`${path}?id_site=1`, 'user')).length, 2);
    t.equal((await get(`${path}?id_site=1&with_devices=1`, 'user')).length, 2, 'no device of its sites lacks the site');
    t.same(await get(`${path}?id_device=30`, 'user'), []);
    t.same(await get(`${path}?id_device=1`, 'user4'), []);
    t.same(pick(await get(`${path}?id_device=2`, 'user'), 'id_device_site'), [{ id_device_site: 2 }]);
    t.same(pick(await get(`${path}?id_device=1&with_sites=1`, 'user'), 'id_site'), [{ id_site: 1 }], 'site 2 stays hidden');
    t.same(await get(`${path}?id_device=1&list=1`, 'user'), [{ id_device_site: 1, id_device: 1, id_site: 1 }]);
    for (const user of USERS) t.equal((await get(`${path}?id_site=1&list`, user)).length, user === 'user4' ? 0 : 2, user);
  });

  t.test('given bad bodies or a non-superadmin, then 4xx and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post({}), 400, '');
    await expect(await post({ device: {} }), 400, 'Missing id_device');
    await expect(await post({ device: { id_device: 1 } }), 400, 'Missing sites');
    await expect(await post({ site: {} }), 400, 'Missing site ID');
    await expect(await post({ site: { id_site: 1 } }), 400, 'Missing devices');
    await expect(await post({ device_site: {} }), 400, 'Badly formatted request');
    await expect(await post({ device_site: { id_site: 2 } }), 400, 'Badly formatted request');
    await expect(await post({ device: { id_device: 99, sites: [] } }), 404, 'Invalid device');
    await expect(await post({ device: { id_device: 3, sites: [{ id_site: 99 }] } }), 404, 'Invalid site');
    await expect(await post({ device_site: { device_uuid: '00000000-0000-0000-0000-00000000abcd', id_site: 1 } }), 404, 'Invalid device', 'OpenTera: 500');
    for (const user of USERS.slice(1)) {
      await expect(await post({ device: { id_device: 1, sites: [] } }, user), 403, 'Forbidden', user);
      await expect(await post({ site: { id_site: 1, devices: [] } }, user), 403, 'Forbidden', user);
      await expect(await post({ device_site: { id_site: 2, id_device: 3 } }, user), 403, 'Forbidden', user);
    }
    await expect(await post({ device: { id_device: 2, sites: [] } }), 409, SITE_REFUSED, 'participants of project 1 use device 2 (OpenTera: 500)');
    await expect(await post({ site: { id_site: 1, devices: [] } }), 409, SITE_REFUSED);
    await expect(await post({ site: { id_site: 1, devices: [{ id_device: 3 }] } }), 409, SITE_REFUSED, 'the addition it carried is not made either');
    t.equal(await server.core.store.headPosition(), before);
    t.same(await devicesOf(1), [1, 2]);
  });

  t.test('given a superadmin replacing a device\'s sites, then they follow, and a site linked again keeps its id', async (t) => {
    const expect = expectIn(t);
    const [added] = (await expect(await post({ device: { id_device: 3, sites: [{ id_site: 1 }] } }), 200)) as Json[];
    t.match(added, { id_device: 3, id_site: 1, id_device_site: Number });
    t.same(await sitesOf(3), [1]);
    await expect(await post({ device: { id_device: 3, sites: [] } }), 200, [], 'only the added links are answered');
    t.same(await sitesOf(3), []);
    await expect(await post({ device: { id_device: 3, sites: [{ id_site: 1 }, { id_site: 2 }] } }), 200);
    t.same(await sitesOf(3), [1, 2]);
    t.equal((await get(`${path}?id_device=3&list`)).find((l) => l.id_site === 1)!.id_device_site, added!.id_device_site, 'the association id is reused');
    await expect(await post({ device: { id_device: 3, sites: [{ id_site: 2 }] } }), 200);
    t.same(await sitesOf(3), [2]);
    await expect(await post({ device: { id_device: 3, sites: [] } }), 200);
    t.same(await sitesOf(3), []);
  });

  t.test('given a superadmin replacing a site\'s devices, then they follow, and leaving a site leaves its projects', async (t) => {
    const expect = expectIn(t);
    await expect(await post({ device_site: { id_device: 3, id_site: 2 } }), 200);
    await expect(await post({ site: { id_site: 2, devices: [] } }), 200, []);
    t.same(await devicesOf(2), []);
    t.same((await get('/api/user/devices/projects?id_device=1&list')).map((l) => l.id_project), [1], 'device 1 left project 3 with site 2');
    await expect(await post({ site: { id_site: 2, devices: [{ id_device: 2 }, { id_device: 3 }] } }), 200);
    t.same(await devicesOf(2), [2, 3]);
    await expect(await post({ site: { id_site: 2, devices: [{ id_device: 3 }] } }), 200);
    t.same(await devicesOf(2), [3]);
    t.same(await devicesOf(1), [1, 2], 'other sites untouched');
    await expect(await post({ site: { id_site: 2, devices: [{ id_device: 1 }] } }), 200);
    t.same(await devicesOf(2), [1]);
  });

  t.test('given device_site items and DELETE, then links come and go as each role may', async (t) => {
    const expect = expectIn(t);
    const [linked] = (await expect(await post({ device_site: [{ id_device: 3, id_site: 2 }] }), 200)) as Json[];
    await expect(await post({ device_site: { device_uuid: DEVICE1_UUID, id_site: 1 } }), 200, [{ id_device: 1, id_site: 1, id_device_site: 1 }], 'an existing link answers its id');
    t.same(await devicesOf(2), [1, 3]);
    const id = linked!.id_device_site as number;
    for (const user of ['user', 'user3', 'user4']) await expect(await call(`${path}?id=${id}`, user, 'DELETE'), 403, 'Forbidden', user);
    for (const user of ['siteadmin', 'user2']) await expect(await call(`${path}?id=${id}`, user, 'DELETE'), 403, 'Forbidden', `${user}: not its site`);
    await expect(await call(`${path}?id=999`, 'siteadmin', 'DELETE'), 403, 'Forbidden', 'no existence leak');
    await expect(await call(`${path}?id=999`, 'admin', 'DELETE'), 404, 'Bad parameter', 'OpenTera: 400');
    await expect(await call(path, 'admin', 'DELETE'), 400);
    await expect(await call(`${path}?id=${id}`, 'admin', 'DELETE'), 200, '');
    t.same(await devicesOf(2), [1]);
    await expect(await call(`${path}?id=2`, 'siteadmin', 'DELETE'), 409, SITE_REFUSED, 'participants use device 2 in project 1');

    const created = (await json(await call('/api/user/devices', 'siteadmin', 'POST', { device: { id_device: 0, device_name: 'Spare', id_device_type: 1, device_projects: [{ id_project: 2 }] } }))) as Json[];
    const spare = created[0]!.id_device as number;
    const [spareSite] = await get(`${path}?id_device=${spare}&list`, 'siteadmin');
    await expect(await call(`${path}?id=${String(spareSite!.id_device_site)}`, 'user2', 'DELETE'), 200, '', 'a site admin of the site');
    t.same(await get(`/api/user/devices/projects?id_device=${spare}&list`), [], 'its projects in the site went with it');
  });
});

t.test('/api/user/devices/projects', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, get } = client(server);
  const path = '/api/user/devices/projects';
  const post = (body: unknown, user = 'admin') => call(path, user, 'POST', body);
  const projectsOf = async (deviceId: number) => (await get(`${path}?id_device=${deviceId}&list`)).map((l) => l.id_project);
  const devicesOf = async (projectId: number) => (await get(`${path}?id_project=${projectId}&list`)).map((l) => l.id_device);

  t.test('given GET, then OpenTera\'s associations, limited to what the requester may see', async (t) => {
    for (const user of ['admin', 'user']) t.equal((await call(path, user)).status, 400, user);
    t.same(await get(`${path}?id_project=10`), []);
    t.same(await get(`${path}?id_project=1`), [
      { id_device_project: 1, id_device: 1, id_project: 1, device_name: 'Apple Watch #W05P1', project_name: 'Default Project #1', device_available: false },
      { id_device_project: 2, id_device: 2, id_project: 1, device_name: 'Kit Télé #1', project_name: 'Default Project #1', device_available: false },
    ]);
    t.equal((await get(`${path}?id_project=1&with_devices=1`)).length, 2, 'no device of site 1 lacks project 1');
    t.same(await get(`${path}?id_project=2&with_devices=1&with_sites=1`), [
      { id_device_project: null, id_device: 1, id_project: null, device_name: 'Apple Watch #W05P1', project_name: null, device_available: false },
      { id_device_project: null, id_device: 2, id_project: null, device_name: 'Kit Télé #1', project_name: null, device_available: false },
    ], 'the devices of the project\'s site it lacks; no site on them');
    t.same(await get(`${path}?id_device=30`), []);
    t.equal((await get(`${path}?id_device=2`)).length, 1);
    t.same(pick(await get(`${path}?id_device=1&with_projects=1`), 'id_device_project', 'id_project', 'project_name'), [
      { id_device_project: 1, id_project: 1, project_name: 'Default Project #1' },
      { id_device_project: null, id_project: 2, project_name: 'Default Project #2' },
      { id_device_project: 3, id_project: 3, project_name: 'Secret Project #1' },
    ]);
    const withSites = await get(`${path}?id_device=3&with_projects=1&with_sites=1`);
    t.same(pick(withSites, 'id_device', 'id_project', 'id_site', 'site_name', 'device_name'), [
      { id_device: null, id_project: 1, id_site: 1, site_name: 'Default Site', device_name: null },
      { id_device: null, id_project: 2, id_site: 1, site_name: 'Default Site', device_name: null },
      { id_device: null, id_project: 3, id_site: 2, site_name: 'Top Secret Site', device_name: null },
    ]);
    t.same(await get(`${path}?id_project=1&list`), [{ id_device_project: 1, id_device: 1, id_project: 1 }, { id_device_project: 2, id_device: 2, id_project: 1 }]);

    t.same(await get(`${path}?id_project=10`, 'user'), []);
    t.same(await get(`${path}?id_project=1`, 'user4'), []);
    t.equal((await get(`${path}?id_project=1`, 'user')).length, 2);
    t.equal((await get(`${path}?id_project=1&with_devices=1`, 'user')).length, 2);
    t.same(await get(`${path}?id_device=1`, 'user4'), []);
    t.same(pick(await get(`${path}?id_device=1&with_projects=1`, 'user'), 'id_project'), [{ id_project: 1 }, { id_project: 2 }], 'project 3 stays hidden');
    t.same(await get(`${path}?id_device=2&list=1`, 'user'), [{ id_device_project: 2, id_device: 2, id_project: 1 }]);
    t.same(await get(`${path}?id_project=3`, 'siteadmin'), [], 'a project without a role');
    for (const user of USERS) t.equal((await get(`${path}?id_project=1&list`, user)).length, user === 'user4' ? 0 : 2, user);
    for (const user of USERS) t.equal((await get(`${path}?id_device=1&list`, user)).length, { admin: 2, user4: 0 }[user] ?? 1, `${user}: project 3 only for the superadmin`);
  });

  t.test('given the device form, then its projects follow, within the sites the requester administers', async (t) => {
    const expect = expectIn(t);
    await expect(await call('/api/user/devices/sites', 'admin', 'POST', { device_site: { id_device: 3, id_site: 1 } }), 200);
    await expect(await post({ device_project: [{ id_device: 3, id_project: 1 }, { id_device: 3, id_project: 2 }] }), 200);
    const before = await server.core.store.headPosition();
    await expect(await post({}), 400, '');
    await expect(await post({ device: {} }), 400, 'Missing id_device');
    await expect(await post({ device: { id_device: 1 } }), 400, 'Missing projects');
    await expect(await post({ device: { id_device: 1, projects: [] } }, 'user'), 403, 'Access denied');
    await expect(await post({ device: { id_device: 1, projects: [{ id_project: 1 }] } }, 'siteadmin'), 403, 'Access denied', 'leaving project 3 is not its call');
    await expect(await post({ device: { id_device: 1, projects: [] } }, 'user4'), 403, 'Access denied', 'a device it cannot see');
    await expect(await post({ device: { id_device: 1, projects: [{ id_project: 1 }] } }, 'user2'), 403, 'Access denied', 'user2 neither');
    await expect(await post({ device: { id_device: 99, projects: [] } }, 'siteadmin'), 403, 'Access denied');
    await expect(await post({ device: { id_device: 99, projects: [] } }), 404, 'Invalid device');
    await expect(await post({ device: { id_device: 2, projects: [] } }), 409, PROJECT_REFUSED, 'OpenTera: 500');
    await expect(await post({ device: { id_device: 3, projects: [{ id_project: 1 }, { id_project: 2 }, { id_project: 3 }] } }), 403, NOT_IN_SITE);
    await expect(await post({ device: { id_device: 3, projects: [{ id_project: 99 }] } }), 404, 'Invalid project');
    t.equal(await server.core.store.headPosition(), before, 'nothing changed (OpenTera commits the removals before refusing an addition)');
    t.same(await projectsOf(3), [1, 2]);

    const ids = await get(`${path}?id_device=3&list`);
    await expect(await post({ device: { id_device: 3, projects: [] } }), 200, []);
    t.same(await projectsOf(3), []);
    const added = (await expect(await post({ device: { id_device: 3, projects: [{ id_project: 1 }, { id_project: 2 }] } }, 'siteadmin'), 200)) as Json[];
    t.same(await projectsOf(3), [1, 2]);
    t.same(pick(added, 'id_project', 'id_device_project'), pick(ids, 'id_project', 'id_device_project'), 'linked again: the same association ids');
    await expect(await post({ device: { id_device: 3, projects: [{ id_project: 1 }] } }, 'siteadmin'), 200);
    t.same(await projectsOf(3), [1]);
    await expect(await post({ device: { id_device: 3, projects: [] } }), 200);
  });

  t.test('given the project form, then its devices follow (site admins of its site)', async (t) => {
    const expect = expectIn(t);
    await expect(await call('/api/user/devices/sites', 'admin', 'POST', { device: { id_device: 3, sites: [] } }), 200);
    await expect(await post({ device_project: [{ id_device: 1, id_project: 2 }, { id_device: 2, id_project: 2 }] }), 200);
    const before = await server.core.store.headPosition();
    await expect(await post({ project: {} }), 400, 'Missing id_project');
    await expect(await post({ project: { id_project: 1 } }), 400, 'Missing devices');
    for (const user of ['user', 'user3', 'user4']) await expect(await post({ project: { id_project: 1, devices: [] } }, user), 403, 'Access denied', user);
    await expect(await post({ project: { id_project: 3, devices: [] } }, 'siteadmin'), 403, 'Access denied', 'not its site');
    await expect(await post({ project: { id_project: 99, devices: [] } }, 'siteadmin'), 403, 'Access denied');
    await expect(await post({ project: { id_project: 99, devices: [] } }), 404, 'Invalid project');
    await expect(await post({ project: { id_project: 1, devices: [] } }, 'siteadmin'), 409, PROJECT_REFUSED, 'participants of project 1 use devices 1 and 2');
    await expect(await post({ project: { id_project: 2, devices: [{ id_device: 1 }, { id_device: 2 }, { id_device: 3 }] } }, 'siteadmin'), 403, NOT_IN_SITE, 'device 3 is not in site 1');
    t.equal(await server.core.store.headPosition(), before);

    await expect(await post({ project: { id_project: 2, devices: [] } }, 'siteadmin'), 200, []);
    t.same(await devicesOf(2), []);
    await expect(await post({ project: { id_project: 2, devices: [{ id_device: 1 }, { id_device: 2 }] } }, 'siteadmin'), 200);
    t.same(await devicesOf(2), [1, 2]);
    await expect(await post({ project: { id_project: 2, devices: [{ id_device: 1 }] } }), 200);
    t.same(await devicesOf(2), [1]);
    await expect(await post({ project: { id_project: 2, devices: [] } }), 200);
    t.same(await devicesOf(2), []);
  });

  t.test('given device_project items and DELETE, then links come and go as each role may', async (t) => {
    const expect = expectIn(t);
    await expect(await post({ device_project: {} }), 400, '');
    await expect(await post({ device_project: { id_project: 1 } }), 400, '');
    await expect(await post({ device_project: { id_project: 1, id_device: 1 } }, 'user'), 403, 'Access denied');
    await expect(await post({ device_project: { id_project: 1, id_device: 3 } }, 'siteadmin'), 403, NOT_IN_SITE);
    await expect(await call('/api/user/devices/sites', 'admin', 'POST', { device_site: { id_device: 3, id_site: 1 } }), 200);
    const [first] = (await expect(await post({ device_project: { id_project: 1, id_device: 3 } }, 'siteadmin'), 200)) as Json[];
    t.match(first, { id_device: 3, id_project: 1, id_device_project: Number });
    t.same(await devicesOf(1), [1, 2, 3]);
    const id = first!.id_device_project as number;
    await expect(await call(`${path}?id=${id}`, 'admin', 'DELETE'), 200, '');
    const [again] = (await expect(await post({ device_project: { id_project: 1, device_uuid: ((await get('/api/user/devices?id_device=3'))[0]!.device_uuid) as string } }, 'siteadmin'), 200)) as Json[];
    t.equal(again!.id_device_project, id, 'linked again: the same association id');
    for (const user of ['user', 'user4']) await expect(await call(`${path}?id=${id}`, user, 'DELETE'), 403, 'Forbidden', user);
    await expect(await call(`${path}?id=${id}`, 'user3', 'DELETE'), 403, 'Forbidden', 'a project admin who does not manage the device');
    await expect(await call(`${path}?id=999`, 'siteadmin', 'DELETE'), 403, 'Forbidden');
    await expect(await call(`${path}?id=999`, 'admin', 'DELETE'), 404, 'Not found', 'OpenTera: 400');
    await expect(
      await call(`${path}?id=1`, 'siteadmin', 'DELETE'),
      409,
      "Can't delete device from project: please remove all participants with device before deleting.",
      'OpenTera: 500',
    );
    await expect(await call(`${path}?id=${id}`, 'user2', 'DELETE'), 200, '', 'user2 is a site admin too');
    t.same(await devicesOf(1), [1, 2]);
  });

  t.test('given a device in a session of the project, then unlinking it from the project or its site is 409 until the session goes (OpenTera: 500)', async (t) => {
    const expect = expectIn(t);
    const [link] = (await expect(await post({ device_project: { id_project: 1, id_device: 3 } }, 'siteadmin'), 200)) as Json[];
    const created = (await expect(
      await call('/api/user/sessions', 'admin', 'POST', { session: { id_session: 0, id_session_type: 1, session_name: 'Robot session', session_status: 2, session_participants_ids: [1], session_devices_ids: [3] } }),
      200,
    )) as Json[];
    const before = await server.core.store.headPosition();
    await expect(
      await call(`${path}?id=${String(link!.id_device_project)}`, 'siteadmin', 'DELETE'),
      409,
      "Can't delete device from project: please remove all sessions in this project referring to that device before deleting.",
    );
    await expect(await post({ device: { id_device: 3, projects: [] } }), 409, PROJECT_REFUSED, 'replacing the device\'s projects');
    const [siteLink] = await get('/api/user/devices/sites?id_device=3&list');
    await expect(await call(`/api/user/devices/sites?id=${String(siteLink!.id_device_site)}`, 'siteadmin', 'DELETE'), 409, SITE_REFUSED, 'leaving the site leaves its projects');
    t.equal(await server.core.store.headPosition(), before, 'nothing written');
    await expect(await call(`/api/user/sessions?id=${String(created[0]!.id_session)}`, 'admin', 'DELETE'), 200, '');
    await expect(await call(`${path}?id=${String(link!.id_device_project)}`, 'siteadmin', 'DELETE'), 200, '', 'the session gone, the device leaves');
  });
});

t.test('/api/user/devices/participants', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, get } = client(server);
  const path = '/api/user/devices/participants';
  const post = (body: unknown, user = 'admin') => call(path, user, 'POST', body);
  const links = async (query: string, user = 'admin') => pick(await get(`${path}?${query}&list`, user), 'id_device_participant', 'id_device', 'id_participant');

  t.test('given GET, then the links whose device and participant the requester may see', async (t) => {
    const expect = expectIn(t);
    await expect(await call(path), 400, 'Missing arguments');
    t.same(await links('id_device=1'), [{ id_device_participant: 1, id_device: 1, id_participant: 1 }, { id_device_participant: 2, id_device: 1, id_participant: 2 }]);
    t.same(await links('id_device=2'), [{ id_device_participant: 3, id_device: 2, id_participant: 2 }]);
    t.same(await links('id_device=3'), []);
    t.same(await links('id_participant=2'), [{ id_device_participant: 2, id_device: 1, id_participant: 2 }, { id_device_participant: 3, id_device: 2, id_participant: 2 }]);
    t.same(await links('id_participant=2&id_device_type=1'), [{ id_device_participant: 3, id_device: 2, id_participant: 2 }]);
    t.same(await links('id_participant=1&id_device_type=1'), []);
    t.same(await links('id_device_type=2'), [], 'id_device_type alone');
    t.equal((await links('id_site=1')).length, 3);
    t.same(await links('id_site=2'), [], 'participants 1 and 2 are not in site 2');
    for (const user of ['siteadmin', 'user', 'user2', 'user3']) t.equal((await links('id_site=1', user)).length, 3, user);
    for (const query of ['id_device=1', 'id_participant=1', 'id_site=1']) t.same(await links(query, 'user4'), [], `user4 ${query}`);

    const [full] = await get(`${path}?id_device=2`);
    t.match(full, { id_device_participant: 3, participant_name: 'Participant #2', device_name: 'Kit Télé #1', device_participant_device: { id_device: 2, device_name: 'Kit Télé #1', device_token: String } });
    const [asUser] = await get(`${path}?id_device=2`, 'user');
    t.equal((asUser!.device_participant_device as Json).device_token, null, 'no device token to who does not manage the device (OpenTera gives it)');
  });

  t.test('given participants the requester may not see, then their links stay hidden', async (t) => {
    const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
    const hidden = await registerParticipantCommand(context, {
      projectId: 2,
      groupId: null,
      name: 'Project 2 participant',
      email: null,
      username: null,
      password: null,
      enabled: true,
      loginEnabled: false,
      tokenEnabled: false,
      projectEnabled: true,
    });
    t.ok(await server.core.runner.waitFor(hidden.position!, 5000));
    const expect = expectIn(t);
    await expect(await call('/api/user/devices/projects', 'siteadmin', 'POST', { device_project: { id_device: 2, id_project: 2 } }), 200);
    await expect(await post({ device_participant: { id_device: 2, id_participant: hidden.id } }, 'siteadmin'), 200);
    t.equal((await links('id_site=1')).length, 4);
    t.equal((await links('id_site=1', 'user3')).length, 3, 'user3 has no role in project 2 (OpenTera lists its participants)');
    t.same(await links('id_device=2', 'user3'), [{ id_device_participant: 3, id_device: 2, id_participant: 2 }]);
    t.same(await links(`id_participant=${hidden.id}`, 'user3'), []);
    const [device] = await get('/api/user/devices?id_device=2&with_participants=1', 'user3');
    t.same((device!.device_participants as Json[]).map((p) => p.id_participant), [2]);
  });

  t.test('given POST by each role, then OpenTera\'s answers, every item checked before any is written', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post({}), 400, 'Missing device_participant', 'OpenTera: 500');
    await expect(await post({ device_participant: { id_device: 1 } }), 400, '');
    await expect(await post({ device_participant: [{ id_participant: 1 }] }), 400, '');
    for (const participant of [1, 2, 3, 4]) {
      for (const device of [1, 2, 3]) {
        await expect(await post({ device_participant: { id_device: device, id_participant: participant } }, 'user'), 403, undefined, `user: ${device}-${participant}`);
      }
    }
    await expect(await post({ device_participant: { id_device: 1, id_participant: 1 } }, 'user'), 403, "User is not admin of the participant's project");
    await expect(await post({ device_participant: { id_device: 1, id_participant: 3 } }, 'user4'), 403, "User is not admin of the participant's project");
    await expect(await post({ device_participant: { id_device: 3, id_participant: 3 } }, 'user2'), 403, 'Access denied to device');
    await expect(await post({ device_participant: { id_device: 3, id_participant: 1 } }, 'user3'), 403, 'Access denied to device');
    await expect(await post({ device_participant: { id_device: 2, id_participant: 4 } }), 403, 'Device not assigned to project or participant');
    await expect(
      await post({ device_participant: [{ id_device: 2, id_participant: 1 }, { id_device: 2, id_participant: 4 }] }),
      403,
      'Device not assigned to project or participant',
      'OpenTera saves the first item before refusing the second',
    );
    t.equal(await server.core.store.headPosition(), before);

    for (const user of ['user3', 'siteadmin']) {
      for (const participant of [1, 2, 3, 4]) {
        for (const device of [1, 2, 3]) {
          const allowed = participant !== 4 && device !== 3;
          await expect(await post({ device_participant: { id_device: device, id_participant: participant } }, user), allowed ? 200 : 403, undefined, `${user}: ${device}-${participant}`);
        }
      }
    }
    t.same((await links('id_participant=3')).map((l) => l.id_device), [1, 2], 'the new links');
  });

  t.test('given a new link, then the answer names it; an existing one answers its id only', async (t) => {
    const expect = expectIn(t);
    const response = (await expect(await post({ device_participant: [{ id_device: 1, id_participant: 1 }] }), 200)) as Json[];
    t.same(response, [{ id_device: 1, id_participant: 1, id_device_participant: 1 }]);
    const [link] = await links('id_device=2&id_participant=1');
    t.ok(link);
  });

  t.test('given DELETE, then admins of the participant\'s project unlink, and linking again reuses the id', async (t) => {
    const expect = expectIn(t);
    await expect(await call(path, 'admin', 'DELETE'), 400);
    await expect(await call(`${path}?id=999`, 'admin', 'DELETE'), 404, 'Not found', 'OpenTera: 400');
    await expect(await call(`${path}?id=999`, 'user', 'DELETE'), 403, "User is not admin of the participant's project");
    await expect(await call(`${path}?id=1`, 'user', 'DELETE'), 403, "User is not admin of the participant's project");
    await expect(await call(`${path}?id=1`, 'user4', 'DELETE'), 403);
    await expect(await call(`${path}?id=1`, 'user3', 'DELETE'), 200, '');
    t.same((await links('id_device=1')).map((l) => l.id_participant), [2, 3]);
    const [relinked] = (await expect(await post({ device_participant: { id_device: 1, id_participant: 1 } }, 'user3'), 200)) as Json[];
    t.same(relinked, { id_device: 1, id_participant: 1, id_device_participant: 1, device_name: 'Apple Watch #W05P1', participant_name: 'Participant #1' }, 'a new link is named; the id is reused');
    await expect(await call('/api/user/devices?id=1', 'admin', 'DELETE'), 409, "Can't delete device: please delete all participants association before deleting.");
    for (const l of await links('id_device=3')) await expect(await call(`${path}?id=${String(l.id_device_participant)}`, 'siteadmin', 'DELETE'), 200);
  });

  t.test('given no credentials, then 401 on every method of every link endpoint', async (t) => {
    for (const p of ['/api/user/devices/sites', '/api/user/devices/projects', '/api/user/devices/participants']) {
      for (const method of ['GET', 'POST', 'DELETE']) t.equal((await server.request(`${p}?id=1`, { method, ...(method === 'POST' ? { body: {} } : {}) })).status, 401, `${method} ${p}`);
      t.equal((await server.request(p, { method: 'PUT', basic: 'admin:admin' })).status, 405, `PUT ${p}`);
    }
  });
});
