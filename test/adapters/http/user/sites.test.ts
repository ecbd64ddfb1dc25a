import t from 'tap';
import { startTestServer, type TestServer } from '../../../helpers/server.js';
import { clearSessionsOf } from '../../../helpers/sessions.js';

const site1 = { id_site: 1, site_name: 'Default Site', site_2fa_required: false };
const site2 = { id_site: 2, site_name: 'Top Secret Site', site_2fa_required: false };

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

t.test('GET /api/user/sites', async (t) => {
  const server = await startTestServer(t);
  const get = async (user: string, query = '') => {
    const response = await server.request(`/api/user/sites${query}`, { basic: `${user}:${user}` });
    t.equal(response.status, 200, `${user} ${query}`);
    return json(response);
  };

  t.test('given each role of the test data, then each sees its sites with its role', async (t) => {
    t.same(await get('admin'), [{ ...site1, site_role: 'admin' }, { ...site2, site_role: 'admin' }], 'superadmin: all sites, by name');
    t.same(await get('siteadmin'), [{ ...site1, site_role: 'admin' }], 'site admin');
    t.same(await get('user'), [{ ...site1, site_role: 'user' }], 'project user: inherited site user');
    t.same(await get('user2'), [{ ...site1, site_role: 'admin' }], 'admin wins over user across groups');
    t.same(await get('user3'), [{ ...site1, site_role: 'user' }], 'project admin: site user');
    t.same(await get('user4'), [], 'no access: empty list');
  });

  t.test('given filters, then they select among accessible sites only', async (t) => {
    t.same(await get('admin', '?id_site=2'), [{ ...site2, site_role: 'admin' }]);
    t.same(await get('admin', '?id=1'), [{ ...site1, site_role: 'admin' }], 'id is an alias of id_site');
    t.same(await get('siteadmin', '?id_site=2'), [], 'an inaccessible site is not shown');
    t.same(await get('admin', '?id_site=99'), [], 'unknown site');
    t.same(await get('admin', '?name=Top%20Secret%20Site'), [{ ...site2, site_role: 'admin' }]);
    t.same(await get('siteadmin', '?name=Top%20Secret%20Site'), []);
    t.same(await get('admin', '?id_site=0'), [{ ...site1, site_role: 'admin' }, { ...site2, site_role: 'admin' }], 'zero means absent, as OpenTera');
  });

  t.test('given id_device, then the device\'s sites that the requester may access, each with id_device', async (t) => {
    const device1 = { id_device: 1 };
    t.same(await get('admin', '?id_device=1'), [{ ...site1, site_role: 'admin', ...device1 }, { ...site2, site_role: 'admin', ...device1 }], 'superadmin: both sites of device 1');
    t.same(await get('siteadmin', '?id_device=1'), [{ ...site1, site_role: 'admin', ...device1 }], 'site 2 stays hidden (OpenTera lists it)');
    t.same(await get('user3', '?id_device=2'), [{ ...site1, site_role: 'user', id_device: 2 }], 'a project admin: its inherited site role');
    t.same(await get('user4', '?id_device=1'), [], 'no access');
    t.same(await get('admin', '?id_device=3'), [], 'device 3 is in no site');
    t.same(await get('admin', '?id_device=99'), [], 'unknown device');
    t.same(await get('admin', '?id_device=1&name=Default%20Site'), [{ ...site1, site_role: 'admin', ...device1 }, { ...site2, site_role: 'admin', ...device1 }], 'id_device wins over name, as OpenTera');
  });

  t.test('given user_uuid, then the sites of that user that the requester may access, with that user\'s role', async (t) => {
    const token = await server.login('siteadmin');
    const me = (await (await server.request('/api/user/login', { basic: 'user:user' })).json()) as { user_uuid: string };
    const adminUuid = ((await (await server.request('/api/user/login', { basic: 'admin:admin' })).json()) as { user_uuid: string }).user_uuid;
    t.same(await json(await server.request(`/api/user/sites?user_uuid=${me.user_uuid}`, { token })), [{ ...site1, site_role: 'user' }]);
    t.same(await json(await server.request(`/api/user/sites?user_uuid=${adminUuid}`, { token })), [{ ...site1, site_role: 'admin' }], 'site 2 stays hidden from the site admin');
    t.same(await json(await server.request('/api/user/sites?user_uuid=not-a-uuid', { token })), []);
  });

  t.test('given a non-integer id, then 400 in Flask-RESTX\'s shape', async (t) => {
    const response = await server.request('/api/user/sites?id_site=abc', { basic: 'admin:admin' });
    t.equal(response.status, 400);
    t.match(await json(response), { message: 'Input payload validation failed', errors: { id_site: /invalid literal for int/ } });
    const huge = await server.request('/api/user/sites?id_site=99999999999', { basic: 'admin:admin' });
    t.equal(huge.status, 400, 'an id beyond PostgreSQL integers is a client mistake, not a 500');
    t.match(await json(huge), { errors: { id_site: /out of range/ } });
    const body = await server.request('/api/user/sites', { method: 'POST', basic: 'admin:admin', body: { site: { id_site: 99999999999, site_name: 'x' } } });
    t.equal(body.status, 400);
    t.match(await json(body), { errors: { 'site.id_site': 'Integer out of range' } });
  });

  t.test('given no or bad credentials, then 401 with the text body and no browser prompt', async (t) => {
    for (const headers of [{}, { authorization: 'OpenTera not.a.token' }, { authorization: 'Basic !!!' }, { authorization: 'Bearer x' }] as Record<string, string>[]) {
      const response = await server.request('/api/user/sites', { headers });
      t.equal(response.status, 401);
      t.equal(await response.text(), 'Unauthorized');
      t.match(response.headers.get('content-type'), /text\/html/);
      t.equal(response.headers.get('www-authenticate'), null);
    }
    const french = await server.request('/api/user/sites', { headers: { 'accept-language': 'fr-CA,fr;q=0.9' } });
    t.equal(await french.text(), 'Non autorisé', 'French when the client prefers it');
  });

  t.test('given another method, then 405 before authentication', async (t) => {
    const response = await server.request('/api/user/sites', { method: 'PUT' });
    t.equal(response.status, 405);
    t.same(await json(response), { message: 'The method is not allowed for the requested URL.' });
  });
});

t.test('POST /api/user/sites', async (t) => {
  const server: TestServer = await startTestServer(t);
  const post = (user: string, body: unknown) => server.request('/api/user/sites', { method: 'POST', basic: `${user}:${user}`, body });

  t.test('given a superadmin, when creating a site, then it is answered and readable at once', async (t) => {
    const response = await post('admin', { site: { id_site: 0, site_name: 'Third Site' } });
    t.equal(response.status, 200);
    const created = (await json(response)) as { id_site: number }[];
    t.same(created, [{ id_site: 3, site_name: 'Third Site', site_2fa_required: false }], 'ids continue after the seeded ones');
    const list = (await json(await server.request('/api/user/sites', { basic: 'admin:admin' }))) as { site_name: string }[];
    t.same(list.map((s) => s.site_name), ['Default Site', 'Third Site', 'Top Secret Site']);
    const roles = await server.core.database.db.withSchema('rm').selectFrom('service_roles').selectAll().where('id_site', '=', 3).orderBy('id_service_role').execute();
    t.same(roles.map((r) => [r.id_service_role, r.service_role_name]), [[23, 'admin'], [24, 'user']], 'its admin and user roles are created');
  });

  t.test('given a site admin, when updating its site, then the change is saved with who did it', async (t) => {
    const response = await post('siteadmin', { site: { id_site: 1, site_name: 'Renamed Site', site_2fa_required: false, site_role: 'admin' } });
    t.equal(response.status, 200);
    t.same(await json(response), [{ id_site: 1, site_name: 'Renamed Site', site_2fa_required: false }]);
    const events = await server.core.store.readAll({ direction: 'backwards', maxCount: 1 });
    t.equal(events[0]!.type, 'SiteRenamed');
    const siteadmin = (await (await server.request('/api/user/login', { basic: 'siteadmin:siteadmin' })).json()) as { user_uuid: string };
    t.same(events[0]!.metadata.actor, { kind: 'user', uuid: siteadmin.user_uuid });
    t.equal(events[0]!.metadata.correlationId, response.headers.get('x-request-id'), 'the request id is the correlation id');
    t.match(events[0]!.metadata.clientIp, /127\.0\.0\.1/);

    const again = await post('siteadmin', { site: { id_site: 1, site_name: 'Renamed Site' } });
    t.equal(again.status, 200);
    const after = (await server.core.store.readAll({ direction: 'backwards', maxCount: 10 })).filter((e) => e.streamId.startsWith('site-'));
    t.equal(after[0]!.id, events[0]!.id, 'an update that changes nothing appends nothing');
  });

  t.test('given refused writes, then 403 and nothing changes', async (t) => {
    const before = await server.core.store.headPosition();
    for (const [user, body] of [
      ['siteadmin', { site: { id_site: 0, site_name: 'Mine' } }],
      ['siteadmin', { site: { id_site: 2, site_name: 'Not mine' } }],
      ['user', { site: { id_site: 1, site_name: 'Not admin' } }],
      ['user4', { site: { id_site: 1, site_name: 'No access' } }],
    ] as const) {
      const response = await post(user, body);
      t.equal(response.status, 403, `${user} ${JSON.stringify(body)}`);
      t.equal(await json(response), 'Forbidden');
    }
    const unknown = await post('admin', { site: { id_site: 42, site_name: 'Unknown' } });
    t.equal(unknown.status, 404, 'a superadmin learns that the site is unknown');
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given bad bodies, then 4xx with a clear message and nothing changes', async (t) => {
    const before = await server.core.store.headPosition();
    const cases: [unknown, number, unknown][] = [
      [{}, 400, 'Missing site'],
      [{ site: {} }, 400, 'Missing id_site field'],
      [{ site: { id_site: 0 } }, 400, 'Missing site_name'],
      [{ site: { id_site: 0, site_name: '   ' } }, 400, 'Missing site_name'],
      [{ site: { id_site: -1, site_name: 'Negative' } }, 400, { message: 'Input payload validation failed' }],
      [{ site: { id_site: 'one', site_name: 'x' } }, 400, { message: 'Input payload validation failed' }],
      [{ site: { id_site: 1, site_color: 'red' } }, 400, { errors: { 'site.site_color': 'Unknown field' } }],
      ['{not json', 400, { message: /Failed to decode JSON/ }],
    ];
    for (const [body, status, expected] of cases) {
      const response = await post('admin', body);
      t.equal(response.status, status, JSON.stringify(body));
      t.match(await json(response), expected);
    }
    const form = await server.request('/api/user/sites', { method: 'POST', basic: 'admin:admin', body: 'site=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    t.equal(form.status, 415);
    t.equal(await server.core.store.headPosition(), before, 'no event appended');
  });

  t.test('given French, then endpoint errors are French JSON strings', async (t) => {
    const response = await server.request('/api/user/sites', { method: 'POST', basic: 'user:user', body: { site: { id_site: 1, site_name: 'x' } }, headers: { 'accept-language': 'fr' } });
    t.equal(await json(response), 'Accès refusé');
  });
});

t.test('DELETE /api/user/sites', async (t) => {
  const server = await startTestServer(t);
  const del = (user: string, query: string) => server.request(`/api/user/sites${query}`, { method: 'DELETE', basic: `${user}:${user}` });

  t.test('given a non-superadmin, then 403', async (t) => {
    const response = await del('siteadmin', '?id=1');
    t.equal(response.status, 403);
  });

  t.test('given a missing or unknown id, then 400 or 404', async (t) => {
    const missing = await del('admin', '');
    t.equal(missing.status, 400);
    t.match(await json(missing), { errors: { id: /Missing required parameter/ } });
    t.equal((await del('admin', '?id=77')).status, 404);
  });

  t.test('given participants of its projects in sessions, then 409 with OpenTera\'s reason, and nothing changes (OpenTera: 500)', async (t) => {
    const before = await server.core.store.headPosition();
    const response = await del('admin', '?id=1');
    t.equal(response.status, 409);
    t.equal(await json(response), "Can't delete site: please delete all participants with sessions before deleting.");
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('given a superadmin, when deleting a site, then it and its projects vanish, and access follows', async (t) => {
    // Participants 1 and 2 are in the seeded sessions.
    await clearSessionsOf(server, { participant: 1 });
    await clearSessionsOf(server, { participant: 2 });
    const response = await del('admin', '?id=1');
    t.equal(response.status, 200);
    t.equal(await response.text(), '""');
    const admin = (await json(await server.request('/api/user/sites', { basic: 'admin:admin' }))) as { id_site: number }[];
    t.same(admin.map((s) => s.id_site), [2]);
    t.same(await json(await server.request('/api/user/sites', { basic: 'siteadmin:siteadmin' })), [], 'the site admin lost its site at once');
    const projects = await server.core.database.db.withSchema('rm').selectFrom('projects').select('id_project').where('deleted_at', 'is', null).execute();
    t.same(projects.map((p) => p.id_project), [3], 'projects of the site are deleted with it');
    t.equal((await del('admin', '?id=1')).status, 404, 'a deleted site is unknown');
  });
});
