// /api/user/projects against a real server on OpenTera's test data (api-user-2.md section 2, samples 03,
// 10 and 11), with the fixes of docs/compat.md.
import t from 'tap';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const p1 = { id_project: 1, id_site: 1, project_name: 'Default Project #1', project_enabled: true, project_description: null, site_name: 'Default Site' };
const p2 = { id_project: 2, id_site: 1, project_name: 'Default Project #2', project_enabled: true, project_description: null, site_name: 'Default Site' };
const p3 = { id_project: 3, id_site: 2, project_name: 'Secret Project #1', project_enabled: true, project_description: null, site_name: 'Top Secret Site' };
const as = (role: 'admin' | 'user') => (p: typeof p1) => ({ ...p, project_role: role });
// The seeded participants: project 1 has group A and participants 1 to 3, project 2 group B, project 3 one participant.
const COUNTS: Record<number, { project_participant_group_count: number; project_participant_count: number }> = {
  1: { project_participant_group_count: 1, project_participant_count: 3 },
  2: { project_participant_group_count: 1, project_participant_count: 0 },
  3: { project_participant_group_count: 0, project_participant_count: 1 },
};
const minimal = ({ site_name: _site, ...p }: typeof p1) => ({ ...p, ...(COUNTS[p.id_project] ?? { project_participant_group_count: 0, project_participant_count: 0 }) });

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

/** Events appended to project streams after `position` (other requests, such as logins, may append events of their own). */
async function projectEventsAfter(server: TestServer, position: string | undefined) {
  const events = await server.core.store.readAll({ maxCount: 10_000, ...(position === undefined ? {} : { from: position }) });
  return events.filter((e) => e.streamId.startsWith('project-')).map((e) => e.type);
}

async function uuidOf(server: TestServer, user: string): Promise<string> {
  const response = await server.request('/api/user/login', { basic: `${user}:${user}` });
  return ((await response.json()) as { user_uuid: string }).user_uuid;
}

t.test('GET /api/user/projects', async (t) => {
  const server = await startTestServer(t);
  const get = async (user: string, query = '') => {
    const response = await server.request(`/api/user/projects${query}`, { basic: `${user}:${user}` });
    t.equal(response.status, 200, `${user} ${query}`);
    return json(response);
  };

  t.test('given each role of the test data, then each sees its projects with its role', async (t) => {
    t.same(await get('admin'), [p1, p2, p3].map(as('admin')), 'superadmin: every project, as admin (sample 10)');
    t.same(await get('siteadmin'), [p1, p2].map(as('admin')), 'site admin: the projects of its site, as admin (inherited)');
    t.same(await get('user'), [p1, p2].map(as('user')), 'site user (through project roles): its projects, as user');
    t.same(await get('user2'), [p1, p2].map(as('admin')), 'admin wins over user across groups');
    t.same(await get('user3'), [as('admin')(p1)], 'project admin: its project only');
    t.same(await get('user4'), [], 'no access: an empty list');
  });

  t.test('given the samples\' requests, then the samples\' bodies', async (t) => {
    t.same(await get('admin', '?id_site=1'), [p1, p2].map(as('admin')), 'sample 03');
    t.same(await get('admin', '?id_project=1'), [as('admin')(p1)], 'sample 11');
  });

  t.test('given id_project or id, then that project if accessible', async (t) => {
    t.same(await get('admin', '?id=3'), [as('admin')(p3)], 'id is an alias');
    t.same(await get('admin', '?id=2&id_project=1'), [as('admin')(p2)], 'id wins over id_project, as OpenTera');
    t.same(await get('user4', '?id_project=1'), [], 'user4: nothing (spec)');
    t.same(await get('user3', '?id_project=1'), [as('admin')(p1)], 'user3 sees project 1 (spec)');
    t.same(await get('user3', '?id_project=2'), [], 'but not project 2');
    t.same(await get('siteadmin', '?id_project=3'), [], 'nor a site admin another site\'s project');
    t.same(await get('admin', '?id_project=99'), [], 'unknown project');
    t.same(await get('admin', '?id_project=-1'), [], 'negative id');
  });

  t.test('given id_site, then the accessible projects of that site', async (t) => {
    t.same(await get('admin', '?id_site=2'), [as('admin')(p3)]);
    t.same(await get('siteadmin', '?id_site=2'), [], 'an inaccessible site has no visible projects');
    t.same(await get('user3', '?id_site=1'), [as('admin')(p1)], 'only the accessible projects of an accessible site');
    t.same(await get('user4', '?id_site=1'), [], 'user4');
    t.same(await get('admin', '?id_site=99'), [], 'unknown site');
  });

  t.test('given name, then the accessible project of that exact name', async (t) => {
    t.same(await get('user3', '?name=Default%20Project%20%231'), [as('admin')(p1)], 'user3 finds project 1 by name (spec)');
    t.same(await get('user3', '?name=Default%20Project%20%232'), [], 'not an inaccessible one');
    t.same(await get('siteadmin', '?name=Secret%20Project%20%231'), []);
    t.same(await get('admin', '?name=Secret%20Project%20%231'), [as('admin')(p3)]);
    t.same(await get('admin', '?name=default%20project%20%231'), [], 'the match is exact');
    t.same(await get('admin', '?name=Nothing'), []);
  });

  t.test('given id_service, then [] until services exist', async (t) => {
    t.same(await get('admin', '?id_service=3'), [], 'OpenTera: projects 1-3 (FileTransferService)');
    t.same(await get('admin', '?id_service=3&id_site=1'), []);
  });

  t.test('given several selectors, then the first present one wins; zero and empty values are absent', async (t) => {
    t.same(await get('admin', '?id_project=1&id_site=2&name=Secret%20Project%20%231'), [as('admin')(p1)], 'id_project before id_site and name');
    t.same(await get('admin', '?id_site=2&name=Default%20Project%20%231'), [as('admin')(p3)], 'id_site before name');
    t.same(await get('admin', '?id_service=3&id_site=1'), [], 'id_service before id_site');
    t.same(await get('admin', '?id_project=0'), [p1, p2, p3].map(as('admin')), 'id_project=0: all');
    t.same(await get('admin', '?id_site=0&name='), [p1, p2, p3].map(as('admin')), 'id_site=0 and an empty name: all');
    t.same(await get('admin', '?unknown=1'), [p1, p2, p3].map(as('admin')), 'unknown parameters are ignored, as Flask-RESTX');
  });

  t.test('given enabled, then it filters on project_enabled (spec: counts)', async (t) => {
    t.same(await get('admin', '?enabled=1'), [p1, p2, p3].map(as('admin')));
    t.same(await get('admin', '?enabled=0'), []);
    t.same(await get('admin', '?enabled=true&id_site=2'), [as('admin')(p3)], 'combined with a selector');
    t.same(await get('siteadmin', '?enabled=false&id_project=1'), []);
  });

  t.test('given list, then the minimal shape with the counts (0 until participants exist)', async (t) => {
    t.same(await get('admin', '?list=1'), [p1, p2, p3].map(minimal), 'no site_name or project_role; both counts (spec)');
    t.same(await get('user3', '?id_project=1&list=true'), [minimal(p1)], 'user3, minimal (spec)');
    t.same(await get('siteadmin', '?id_site=1&list=on'), [p1, p2].map(minimal));
    t.same(await get('admin', '?list=0&id=1'), [as('admin')(p1)], 'list=0 is the full shape');
    t.same(await get('admin', '?list=false&id=1'), [as('admin')(p1)], 'list=false too');
    t.same(await get('admin', '?list=&id=1'), [as('admin')(p1)], 'and an empty list');
  });

  t.test('given user_uuid, then that user\'s projects that the requester may access, with that user\'s role', async (t) => {
    const uuid = { admin: await uuidOf(server, 'admin'), user: await uuidOf(server, 'user'), user3: await uuidOf(server, 'user3'), siteadmin: await uuidOf(server, 'siteadmin'), user4: await uuidOf(server, 'user4') };
    t.same(await get('admin', `?user_uuid=${uuid.admin}`), [p1, p2, p3].map(as('admin')), 'admin asks about admin: 3 (spec)');
    t.same(await get('admin', `?user_uuid=${uuid.user3}`), [as('admin')(p1)], 'admin asks about user3: 1 (spec)');
    t.same(await get('admin', `?user_uuid=${uuid.user}`), [p1, p2].map(as('user')), 'the role is that user\'s role');
    t.same(await get('siteadmin', `?user_uuid=${uuid.admin}`), [p1, p2].map(as('admin')), 'a superadmin\'s projects, without those the requester cannot access (OpenTera: all 3)');
    t.same(await get('user3', `?user_uuid=${uuid.user}`), [as('user')(p1)], 'user3 sees user\'s role on project 1, not on project 2 it cannot access');
    t.same(await get('user3', `?user_uuid=${uuid.siteadmin}`), [as('admin')(p1)]);
    t.same(await get('user4', `?user_uuid=${uuid.user3}`), [], 'no access, nothing leaks (OpenTera: project 1)');
    t.same(await get('admin', `?user_uuid=${uuid.user4}`), [], 'a user without access has no projects');
    t.same(await get('admin', `?user_uuid=${uuid.user}&list=1`), [p1, p2].map(minimal), 'minimal shape');
    t.same(await get('admin', `?user_uuid=${uuid.user}&enabled=0`), [], 'enabled filters');
    t.same(await get('admin', `?user_uuid=${uuid.user}&id_site=2`), [p1, p2].map(as('user')), 'user_uuid before id_site');
    t.same(await get('admin', '?user_uuid=not-a-uuid'), [], 'not a uuid');
    t.same(await get('admin', '?user_uuid=00000000-0000-4000-8000-000000000000'), [], 'unknown user');
  });

  t.test('given a token, then the same answer as with Basic', async (t) => {
    const token = await server.login('siteadmin');
    const response = await server.request('/api/user/projects', { token });
    t.equal(response.status, 200);
    t.same(await json(response), [p1, p2].map(as('admin')));
  });

  t.test('given bad parameters, then 400 in Flask-RESTX\'s shape', async (t) => {
    for (const [query, name, pattern] of [
      ['?id_project=abc', 'id_project', /invalid literal for int/],
      ['?id=1.5', 'id', /invalid literal for int/],
      ['?id_site=x', 'id_site', /invalid literal for int/],
      ['?id_service=x', 'id_service', /invalid literal for int/],
      ['?enabled=maybe', 'enabled', /Invalid literal for boolean/],
      ['?list=yes', 'list', /Invalid literal for boolean/],
    ] as const) {
      const response = await server.request(`/api/user/projects${query}`, { basic: 'admin:admin' });
      t.equal(response.status, 400, query);
      t.match(await json(response), { message: 'Input payload validation failed', errors: { [name]: pattern } }, query);
    }
  });

  t.test('given no or bad credentials, then 401', async (t) => {
    for (const headers of [{}, { authorization: 'OpenTera not.a.token' }, { authorization: 'Basic !!!' }] as Record<string, string>[]) {
      const response = await server.request('/api/user/projects', { headers });
      t.equal(response.status, 401);
      t.equal(await response.text(), 'Unauthorized');
    }
    t.equal((await server.request('/api/user/projects', { basic: 'admin:wrong' })).status, 401, 'a wrong password');
  });

  t.test('given another method, then 405 before authentication', async (t) => {
    const response = await server.request('/api/user/projects', { method: 'PUT' });
    t.equal(response.status, 405);
    t.same(await json(response), { message: 'The method is not allowed for the requested URL.' });
  });
});

t.test('POST /api/user/projects', async (t) => {
  const server = await startTestServer(t);
  const post = (user: string, body: unknown, headers: Record<string, string> = {}) =>
    server.request('/api/user/projects', { method: 'POST', basic: `${user}:${user}`, body, headers });
  const get = async (user: string, query = '') => json(await server.request(`/api/user/projects${query}`, { basic: `${user}:${user}` }));
  const newProject = { id_project: 0, id_site: 1, project_name: 'Testing123' };
  let created: { id_project: number };

  t.test('given bad bodies, then 400 with a clear message and nothing changes (spec: 400s)', async (t) => {
    const before = await server.core.store.headPosition();
    const cases: [unknown, unknown][] = [
      [{}, 'Missing project'],
      [{ project_name: 'Testing123' }, 'Missing project'],
      [{ project: { project_name: 'Testing123' } }, 'Missing id_project'],
      [{ project: { id_project: 0, project_name: 'Testing123' } }, 'Missing id_site arguments'],
      [{ project: { id_project: 0, id_site: 1 } }, 'Missing project_name'],
      [{ project: { id_project: 0, id_site: 1, project_name: '  ' } }, 'Missing project_name'],
      [{ project: { id_project: 1, project_name: '' } }, 'Missing project_name'],
      [{ project: { id_project: 1, project_color: 'red' } }, { message: 'Input payload validation failed', errors: { 'project.project_color': 'Unknown field' } }],
      [{ project: { ...newProject, id_participant: 1 } }, { errors: { 'project.id_participant': 'Unknown field' } }],
      [{ project: newProject, extra: 1 }, { errors: { extra: 'Unknown field' } }],
      [{ project: { id_project: 'one', project_name: 'x' } }, { message: 'Input payload validation failed', errors: { 'project.id_project': /integer/ } }],
      [{ project: { id_project: -1, id_site: 1, project_name: 'x' } }, { message: 'Input payload validation failed' }],
      [{ project: { ...newProject, project_enabled: 'yes' } }, { errors: { 'project.project_enabled': /boolean/ } }],
      [{ project: { ...newProject, project_name: null } }, { message: 'Input payload validation failed' }],
      [{ project: 'Testing123' }, { message: 'Input payload validation failed' }],
      [{ project: { ...newProject, sessiontypes: [{}] } }, { message: 'Input payload validation failed' }],
      [{ project: { id_project: 1, id_site: 2 } }, 'A project cannot be moved to another site'],
      [{ project: { id_project: 1, id_site: 2, project_name: 'Moved' } }, 'A project cannot be moved to another site'],
      ['{not json', { message: /Failed to decode JSON/ }],
    ];
    for (const [body, expected] of cases) {
      const response = await post('admin', body);
      t.equal(response.status, 400, JSON.stringify(body));
      t.match(await json(response), expected, JSON.stringify(body));
    }
    const form = await server.request('/api/user/projects', { method: 'POST', basic: 'admin:admin', body: 'project=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    t.equal(form.status, 415, 'a form body');
    t.same(await projectEventsAfter(server, before), [], 'no project event appended');
  });

  t.test('given refused writes, then 403 "Forbidden" and nothing changes', async (t) => {
    const before = await server.core.store.headPosition();
    for (const [user, project, why] of [
      ['user4', newProject, 'no access to the site (spec)'],
      ['user3', newProject, 'a project admin is not a site admin (spec)'],
      ['user', newProject, 'a site user'],
      ['siteadmin', { ...newProject, id_site: 2 }, 'a site admin in another site'],
      ['siteadmin', { ...newProject, id_site: 99 }, 'an unknown site looks forbidden to a non-superadmin'],
      ['user4', { ...newProject, sessiontypes: [{ id_session_type: 1 }] }, 'authorization comes before the session types'],
      ['user3', { id_project: 2, project_name: 'Not mine' }, 'a project admin on another project'],
      ['user', { id_project: 1, project_name: 'Not admin' }, 'a project user'],
      ['user4', { id_project: 1, project_name: 'No access' }, 'no access'],
      ['siteadmin', { id_project: 3, project_name: 'Other site' }, 'a site admin on another site\'s project'],
      ['siteadmin', { id_project: 99, project_name: 'Unknown' }, 'an unknown project looks forbidden to a non-superadmin'],
      ['user3', { id_project: 2, id_site: 2 }, 'authorization comes before the change of site'],
    ] as const) {
      const response = await post(user, { project });
      t.equal(response.status, 403, `${user}: ${why}`);
      t.equal(await json(response), 'Forbidden');
    }
    const french = await post('user', { project: newProject }, { 'accept-language': 'fr' });
    t.equal(await json(french), 'Accès refusé', 'French when the client prefers it');
    t.same(await projectEventsAfter(server, before), [], 'no project event appended');
  });

  t.test('given a superadmin and an unknown site or project, then 404', async (t) => {
    const site = await post('admin', { project: { ...newProject, id_site: 99 } });
    t.equal(site.status, 404);
    t.equal(await json(site), 'Invalid site');
    const project = await post('admin', { project: { id_project: 99, project_name: 'Unknown' } });
    t.equal(project.status, 404);
    t.equal(await json(project), 'Invalid project');
  });

  t.test('given a site admin, when creating a project, then it is answered and readable at once, with the admins\' access', async (t) => {
    const response = await post('siteadmin', { project: { ...newProject, sessiontypes: [] } });
    t.equal(response.status, 200, 'an empty sessiontypes list is accepted');
    const body = (await json(response)) as { id_project: number }[];
    const expected = { id_project: 4, id_site: 1, project_name: 'Testing123', project_enabled: true, project_description: null, site_name: 'Default Site' };
    t.same(body, [expected], 'TeraProject.to_json(): site_name, no project_role; ids continue after the seeded ones');
    created = body[0]!;
    t.same(await get('siteadmin'), [...[p1, p2].map(as('admin')), { ...expected, project_role: 'admin' }], 'the creator sees it, as admin, at the next request');
    t.same(await get('user2', '?id_project=4'), [{ ...expected, project_role: 'admin' }], 'so does the other admin of the site');
    t.same(await get('admin', '?id_project=4'), [{ ...expected, project_role: 'admin' }], 'and the superadmin');
    t.same(await get('user', '?id_project=4'), [], 'not a site user');
    t.same(await get('user3', '?id_project=4'), [], 'nor the admin of another project of the site');
    t.same(await get('siteadmin', '?id_site=1&list=1'), [p1, p2, expected].map(minimal), 'the minimal list includes it');
    const roles = await server.core.database.db.withSchema('rm').selectFrom('service_roles').selectAll().where('id_project', '=', 4).orderBy('id_service_role').execute();
    t.same(roles.map((r) => [r.id_service_role, r.service_role_name]), [[23, 'admin'], [24, 'user']], 'its admin and user roles are created');

    const full = await post('admin', { project: { id_project: 0, id_site: 2, project_name: '  Study B ', project_enabled: false, project_description: 'About B' } });
    t.equal(full.status, 200);
    t.same(await json(full), [{ id_project: 5, id_site: 2, project_name: 'Study B', project_enabled: false, project_description: 'About B', site_name: 'Top Secret Site' }], 'every field, the name trimmed');
    t.same(await get('siteadmin', '?id_project=5'), [], 'a project of site 2 stays hidden from site 1\'s admin');
  });

  t.test('given a project admin, when updating, then the change is saved with who did it', async (t) => {
    const before = await server.core.store.headPosition();
    const response = await post('user3', { project: { id_project: 1, project_description: 'First study' } });
    t.equal(response.status, 200);
    t.same(await json(response), [{ ...p1, project_description: 'First study' }]);
    const events = (await server.core.store.readAll({ from: before!, maxCount: 10_000 })).filter((e) => e.streamId.startsWith('project-'));
    t.same(events.map((e) => e.type), ['ProjectDescriptionChanged'], 'only what changed');
    t.same(events[0]!.metadata.actor, { kind: 'user', uuid: await uuidOf(server, 'user3') });
    t.equal(events[0]!.metadata.correlationId, response.headers.get('x-request-id'), 'the request id is the correlation id');
    t.same(await get('user', '?id_project=1'), [{ ...as('user')(p1), project_description: 'First study' }], 'others read it at once');
  });

  t.test('given the spec\'s update sequence, then user3 is refused and the superadmin renames without id_site', async (t) => {
    const refused = await post('user3', { project: { id_project: created.id_project, id_site: 2, project_name: 'New Project Name' } });
    t.equal(refused.status, 403, 'user3 is not admin of the new project');
    const renamed = await post('admin', { project: { id_project: created.id_project, project_name: 'New Project Name' } });
    t.equal(renamed.status, 200);
    t.match(await json(renamed), [{ id_project: created.id_project, project_name: 'New Project Name' }]);
  });

  t.test('given a site admin, when it disables a project of its site naming the same site, then enabled filters it', async (t) => {
    const response = await post('siteadmin', { project: { id_project: 2, id_site: 1, project_enabled: false } });
    t.equal(response.status, 200);
    t.same(await json(response), [{ ...p2, project_enabled: false }]);
    t.same(((await get('admin', '?enabled=0')) as { id_project: number }[]).map((p) => p.id_project), [2, 5]);
    t.same(((await get('siteadmin', '?enabled=1')) as { id_project: number }[]).map((p) => p.id_project), [1, 4]);
  });

  t.test('given what GET answered, when posted back unchanged, then 200 and nothing appended', async (t) => {
    const [read] = (await get('user3', '?id_project=1')) as object[];
    const before = await server.core.store.headPosition();
    const response = await post('user3', { project: read });
    t.equal(response.status, 200, 'site_name and project_role are accepted and ignored');
    t.same(await json(response), [{ ...p1, project_description: 'First study' }]);
    const [listed] = (await get('user3', '?id_project=1&list=1')) as object[];
    t.equal((await post('user3', { project: listed })).status, 200, 'so are the counts of the minimal form');
    t.same(await projectEventsAfter(server, before), [], 'an update that changes nothing appends nothing');
  });

  t.test('given a token, then writes work the same', async (t) => {
    const token = await server.login('user2');
    const response = await server.request('/api/user/projects', { method: 'POST', token, body: { project: { id_project: 1, project_name: 'By token' } } });
    t.equal(response.status, 200);
    t.match(await json(response), [{ id_project: 1, project_name: 'By token' }]);
  });
});

t.test('POST /api/user/projects with sessiontypes: the project\'s session types become them, checked as OpenTera', async (t) => {
  const server = await startTestServer(t);
  const post = (user: string, body: unknown) => server.request('/api/user/projects', { method: 'POST', basic: `${user}:${user}`, body });
  const newProject = { id_project: 0, id_site: 1, project_name: 'Typed' };
  const typesOf = async (projectId: number) =>
    (
      await server.core.database.db
        .withSchema('rm')
        .selectFrom('session_types_projects')
        .select('id_session_type')
        .where('id_project', '=', projectId)
        .where('deleted_at', 'is', null)
        .orderBy('id_session_type')
        .execute()
    ).map((r) => r.id_session_type);
  const refused = async (user: string, project: object, message: string, why: string) => {
    const before = await server.core.store.headPosition();
    const response = await post(user, { project });
    t.equal(response.status, 403, why);
    t.equal(await json(response), message, why);
    t.same(await projectEventsAfter(server, before), [], `${why}: nothing written`);
  };
  await refused('siteadmin', { ...newProject, sessiontypes: [{ id_session_type: 99 }] }, 'No access to a session type for at least one of it', 'an unknown type');
  await refused('admin', { id_project: 3, sessiontypes: [{ id_session_type: 1 }] }, 'At least one session type is not associated to the project site', 'a type of another site');
  const created = await post('siteadmin', { project: { ...newProject, sessiontypes: { id_session_type: 2 } } });
  t.equal(created.status, 200, 'one type, not in a list, as OpenTera accepts');
  const id = ((await json(created)) as { id_project: number }[])[0]!.id_project;
  t.same(await typesOf(id), [2], 'the new project has exactly that type');
  t.equal((await post('siteadmin', { project: { id_project: 2, sessiontypes: [{ id_session_type: 5 }, { id_session_type: 4 }] } })).status, 200);
  t.same(await typesOf(2), [4, 5], 'an update adds the types sent');
  t.equal((await post('siteadmin', { project: { id_project: 2, sessiontypes: [{ id_session_type: 4 }] } })).status, 200);
  t.same(await typesOf(2), [4], 'and removes those not sent');
});

t.test('DELETE /api/user/projects', async (t) => {
  const server = await startTestServer(t);
  const del = (user: string, query: string) => server.request(`/api/user/projects${query}`, { method: 'DELETE', basic: `${user}:${user}` });
  const ids = async (user: string, query = '') =>
    ((await json(await server.request(`/api/user/projects${query}`, { basic: `${user}:${user}` }))) as { id_project: number }[]).map((p) => p.id_project);

  t.test('given a missing or bad id, then 400', async (t) => {
    const missing = await del('admin', '');
    t.equal(missing.status, 400);
    t.match(await json(missing), { message: 'Input payload validation failed', errors: { id: /Missing required parameter/ } });
    const bad = await del('admin', '?id=two');
    t.equal(bad.status, 400);
    t.match(await json(bad), { errors: { id: /invalid literal for int/ } });
  });

  t.test('given a requester who is not admin of the project\'s site, then 403 and nothing changes', async (t) => {
    const before = await server.core.store.headPosition();
    for (const [user, id, why] of [
      ['user4', 1, 'no access (spec)'],
      ['user', 1, 'a project user'],
      ['user3', 1, 'a project admin may not delete its project'],
      ['siteadmin', 3, 'a site admin, another site'],
      ['siteadmin', 99, 'an unknown project looks forbidden to a non-superadmin'],
    ] as const) {
      const response = await del(user, `?id=${id}`);
      t.equal(response.status, 403, `${user}: ${why}`);
      t.equal(await json(response), 'Forbidden');
    }
    t.same(await projectEventsAfter(server, before), [], 'no project event appended');
  });

  t.test('given a superadmin and an unknown project, then 404', async (t) => {
    const response = await del('admin', '?id=99');
    t.equal(response.status, 404);
    t.equal(await json(response), 'Invalid project');
  });

  t.test('given a project whose participants are in sessions, then 409 with OpenTera\'s reason, and nothing changes (OpenTera: 500)', async (t) => {
    const before = await server.core.store.headPosition();
    const response = await del('siteadmin', '?id=1');
    t.equal(response.status, 409);
    t.equal(await json(response), "Can't delete project: please delete all participants with sessions before deleting.");
    t.same(await projectEventsAfter(server, before), [], 'no project event appended');
    t.equal(await server.core.store.headPosition(), before, 'nor any other (its participants stay)');
    t.same(await ids('siteadmin'), [1, 2]);
  });

  t.test('given a site admin, when deleting a project of its site, then it vanishes for everyone at once, with its roles', async (t) => {
    const response = await del('siteadmin', '?id=2');
    t.equal(response.status, 200);
    t.equal(await response.text(), '""');
    t.match(response.headers.get('content-type'), /application\/json/);
    t.same(await ids('siteadmin'), [1]);
    t.same(await ids('user'), [1], 'project users lose it');
    t.same(await ids('admin'), [1, 3]);
    t.same(await ids('admin', '?id_project=2'), []);
    const rm = server.core.database.db.withSchema('rm');
    const roles = await rm.selectFrom('service_roles').select('id_service_role').where('id_project', '=', 2).where('deleted_at', 'is', null).execute();
    t.same(roles, [], 'its roles are deleted');
    const access = await rm.selectFrom('user_project_access').select('id_user').where('id_project', '=', 2).execute();
    t.same(access, [], 'nobody keeps an access row to it');
    t.same(await ids('user', '?id_site=1'), [1], 'the site stays visible through project 1');
  });

  t.test('given a deleted project, then it is unknown', async (t) => {
    t.equal((await del('admin', '?id=2')).status, 404, 'a second delete');
    t.equal((await server.request('/api/user/projects', { method: 'POST', basic: 'admin:admin', body: { project: { id_project: 2, project_name: 'Back' } } })).status, 404, 'an update');
  });

  t.test('given a superadmin, when deleting the last project of a site, then 200 (spec: 200 after the refusals)', async (t) => {
    const response = await del('admin', '?id=3');
    t.equal(response.status, 200);
    t.same(await ids('admin'), [1]);
  });
});
