// /api/user/testtypes/projects and /sites (OpenTera api-user-2.md sections 20 and 21, its
// test_UserQueryTestTypeProjects.py and test_UserQueryTestTypeSites.py lists), with the fixes of
// docs/compat.md: only types the requester sees can be linked, refusals (tests there) are 409 and change nothing.
import t, { type Test } from 'tap';
import type { Position } from '../../../../commands/eventStore.js';
import { createTestCommand, deleteTestCommand } from '../../../../commands/tests.js';
import { startTestServer } from '../../../helpers/server.js';

type Link = Record<string, unknown>;

const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
  t.equal(response.status, status, message);
  const text = await response.text();
  const parsed = text === '' ? text : (JSON.parse(text) as unknown);
  if (body !== undefined) t.same(parsed, body, message);
  return parsed;
};

t.test('/api/user/testtypes/projects and /sites', async (t) => {
  const server = await startTestServer(t);
  const rm = server.core.database.db.withSchema('rm');
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const settle = async (position: Position | undefined) => {
    if (position !== undefined && !(await server.core.runner.waitFor(position))) throw new Error('the read models did not catch up');
  };
  const call = (path: string, user = 'admin', method = 'GET', body?: unknown) => server.request(`/api/user/testtypes/${path}`, { method, basic: `${user}:${user}`, ...(body !== undefined ? { body } : {}) });
  const projectsOf = async (typeId: number) => ((await (await call(`projects?id_test_type=${typeId}`)).json()) as { id_project: number }[]).map((l) => l.id_project);
  const sitesOf = async (typeId: number) => ((await (await call(`sites?id_test_type=${typeId}`)).json()) as { id_site: number }[]).map((l) => l.id_site);
  const newType = async (sites: number[], serviceId = 3) => {
    const response = await server.request('/api/user/testtypes', {
      method: 'POST',
      basic: 'admin:admin',
      body: { test_type: { id_test_type: 0, test_type_name: 'Test Type', id_service: serviceId, test_type_sites: sites.map((id_site) => ({ id_site })) } },
    });
    return ((await response.json()) as { id_test_type: number }[])[0]!.id_test_type;
  };

  t.test('given no or bad credentials, then 401', async (t) => {
    for (const path of ['projects', 'sites']) {
      for (const method of ['GET', 'POST', 'DELETE']) t.equal((await server.request(`/api/user/testtypes/${path}?id=1`, { method, ...(method === 'POST' ? { body: {} } : {}) })).status, 401, `${method} ${path}`);
    }
  });

  t.test('given GET /projects, then the links both sides may be seen of', async (t) => {
    const expect = expectIn(t);
    await expect(await call('projects'), 400, 'Missing arguments');
    await expect(await call('projects', 'user'), 400, 'Missing arguments');
    await expect(await call('projects?id_project=10'), 200, []);
    const links = (await expect(await call('projects?id_project=1'), 200)) as Link[];
    t.same(links, [
      { id_test_type_project: 2, id_test_type: 2, id_project: 1, test_type_name: 'Post-session evaluation', project_name: 'Default Project #1' },
      { id_test_type_project: 1, id_test_type: 1, id_project: 1, test_type_name: 'Pre-session evaluation', project_name: 'Default Project #1' },
    ], 'by type name');
    t.same(await expect(await call('projects?id_project=1&list=1'), 200), [
      { id_test_type_project: 2, id_test_type: 2, id_project: 1 },
      { id_test_type_project: 1, id_test_type: 1, id_project: 1 },
    ]);
    const withTypes = (await expect(await call('projects?id_project=2&with_tests_types=1'), 200)) as Link[];
    t.same(withTypes.map((l) => [l.id_test_type, l.id_project, l.id_test_type_project]), [[2, null, null], [1, null, null]], "the site's other types, not linked");
    await expect(await call('projects?id_test_type=30'), 200, []);
    t.same(((await expect(await call('projects?id_test_type=2'), 200)) as Link[]).length, 1);
    const withProjects = (await expect(await call('projects?id_test_type=1&with_projects=1'), 200)) as Link[];
    t.same(withProjects.map((l) => [l.id_project, l.id_test_type]), [[1, 1], [2, null], [3, null]], 'by project name, the others not linked');
    const withSites = (await expect(await call('projects?id_test_type=3&with_projects=1&with_sites=1'), 200)) as Link[];
    t.equal(withSites.length, 3);
    for (const l of withSites) t.ok('id_site' in l && 'site_name' in l, 'with the sites');
    await expect(await call('projects?id_project=10', 'user'), 200, []);
    await expect(await call('projects?id_project=1', 'user4'), 200, []);
    await expect(await call('projects?id_project=3', 'user'), 200, [], 'a project without a role there');
  });

  t.test('given GET /sites, then the links both sides may be seen of', async (t) => {
    const expect = expectIn(t);
    await expect(await call('sites'), 400, 'Missing arguments');
    await expect(await call('sites?id_site=10'), 200, []);
    t.same(await expect(await call('sites?id_site=2'), 200), [
      { id_test_type_site: 4, id_test_type: 3, id_site: 2, test_type_name: 'General survey', site_name: 'Top Secret Site' },
      { id_test_type_site: 3, id_test_type: 1, id_site: 2, test_type_name: 'Pre-session evaluation', site_name: 'Top Secret Site' },
    ]);
    t.equal(((await expect(await call('sites?id_site=1&with_tests_types=1'), 200)) as Link[]).length, 3);
    t.equal(((await expect(await call('sites?id_site=1&list=1'), 200)) as Link[]).length, 2);
    await expect(await call('sites?id_test_type=30'), 200, []);
    t.equal(((await expect(await call('sites?id_test_type=1'), 200)) as Link[]).length, 2);
    t.equal(((await expect(await call('sites?id_test_type=3&with_sites=1'), 200)) as Link[]).length, 2);
    await expect(await call('sites?id_site=2', 'user'), 200, []);
    await expect(await call('sites?id_site=1', 'user4'), 200, []);
    t.equal(((await expect(await call('sites?id_site=1', 'user'), 200)) as Link[]).length, 2);
    t.equal(((await expect(await call('sites?id_site=1&with_tests_types=1', 'user'), 200)) as Link[]).length, 2, 'type 3 is out of its reach');
    await expect(await call('sites?id_test_type=4', 'user4'), 200, []);
    t.equal(((await expect(await call('sites?id_test_type=2', 'user'), 200)) as Link[]).length, 1);
    t.equal(((await expect(await call('sites?id_test_type=1&with_sites=1', 'user'), 200)) as Link[]).length, 1, 'only its sites');
    t.same(await expect(await call('sites?id_test_type=1&list=1', 'user'), 200), [{ id_test_type_site: 1, id_test_type: 1, id_site: 1 }]);
  });

  t.test('given POST /projects with a test type, then its projects among those administered', async (t) => {
    const expect = expectIn(t);
    await expect(await call('projects', 'admin', 'POST', {}), 400, 'Unknown format');
    await expect(await call('projects', 'admin', 'POST', { test_type: {} }), 400, 'Missing id_test_type');
    await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: 1 } }), 400, 'Missing projects');
    await expect(await call('projects', 'user', 'POST', { test_type: { id_test_type: 1, projects: [] } }), 403, 'Access denied to at least one project');
    await expect(await call('projects', 'user4', 'POST', { test_type: { id_test_type: 1, projects: [] } }), 403, 'Access denied');
    await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: 3, projects: [] } }), 200, []);
    t.same(await projectsOf(3), [], 'all removed');
    const before = await server.core.store.headPosition();
    await expect(
      await call('projects', 'admin', 'POST', { test_type: { id_test_type: 3, projects: [{ id_project: 1 }, { id_project: 2 }, { id_project: 3 }] } }),
      403,
      'At least one test type is not associated to the site of its project',
    );
    t.equal(await server.core.store.headPosition(), before, 'nothing written');
    t.same(await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: 3, projects: [{ id_project: 3 }] } }), 200), [{ id_test_type: 3, id_project: 3, id_test_type_project: 3 }], 'the former link comes back');
    t.same(await projectsOf(3), [3]);
    await expect(await call('projects', 'siteadmin', 'POST', { test_type: { id_test_type: 1, projects: [{ id_project: 1 }] } }), 200, []);
    t.same(await projectsOf(1), [1]);
    const added = (await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: 1, projects: [{ id_project: 1 }, { id_project: 2 }] } }), 200)) as Link[];
    t.match(added, [{ id_test_type: 1, id_project: 2 }]);
    t.same(await projectsOf(1), [1, 2]);
    const videoRehab = await rm.selectFrom('services_projects').select('id_project').where('id_service', '=', 6).where('deleted_at', 'is', null).orderBy('id_project').execute();
    t.same(videoRehab.map((r) => r.id_project), [1, 2], "the type's service follows it to project 2");
    await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: 1, projects: [] } }), 409, "Can't delete test type from project: please delete all tests of that type in the project before deleting.", 'tests of type 1 are in project 1');
    t.same(await projectsOf(1), [1, 2], 'the refusal changed nothing (not even project 2)');
  });

  t.test('given POST /projects with a project or items, then its types', async (t) => {
    const expect = expectIn(t);
    const [a, b] = [await newType([1]), await newType([1])];
    await expect(await call('projects', 'admin', 'POST', { project: {} }), 400, 'Missing project ID');
    await expect(await call('projects', 'admin', 'POST', { project: { id_project: 2 } }), 400, 'Missing test types');
    await expect(await call('projects', 'user', 'POST', { project: { id_project: 2, testtypes: [] } }), 403, 'Access denied');
    await expect(await call('projects', 'siteadmin', 'POST', { project: { id_project: 2, testtypes: [] } }), 200, []);
    await expect(await call('projects?id_project=2'), 200, [], 'type 1 left project 2');
    await expect(await call('projects', 'siteadmin', 'POST', { project: { id_project: 2, testtypes: [{ id_test_type: a }, { id_test_type: b }, { id_test_type: 3 }] } }), 403, 'Forbidden', 'type 3 is out of its reach');
    await expect(await call('projects', 'admin', 'POST', { project: { id_project: 2, testtypes: [{ id_test_type: a }, { id_test_type: 3 }] } }), 403, 'At least one test type is not associated to the site of its project');
    const added = (await expect(await call('projects', 'siteadmin', 'POST', { project: { id_project: 2, testtypes: [{ id_test_type: a }, { id_test_type: b }] } }), 200)) as Link[];
    t.same(added.map((l) => l.id_test_type), [a, b]);
    t.equal(((await expect(await call('projects?id_project=2'), 200)) as Link[]).length, 2);
    await expect(await call('projects', 'admin', 'POST', { project: { id_project: 2, testtypes: [{ id_test_type: a }] } }), 200, []);
    t.same(((await expect(await call('projects?id_project=2'), 200)) as Link[]).map((l) => l.id_test_type), [a]);

    await expect(await call('projects', 'admin', 'POST', { test_type_project: { id_test_type: b } }), 400, 'Badly formatted request');
    const linkA = (await expect(await call('projects', 'admin', 'POST', { test_type_project: { id_test_type: a, id_project: 2 } }), 200)) as Link[];
    t.equal(linkA.length, 1, 'an existing link is answered as it is');
    const items = (await expect(await call('projects', 'siteadmin', 'POST', { test_type_project: [{ id_test_type: b, id_project: 1 }, { id_test_type: b, id_project: 1 }] }), 200)) as Link[];
    t.equal(items.length, 1, 'a link posted twice is made once');
    await expect(await call('projects', 'user', 'POST', { test_type_project: [{ id_test_type: b, id_project: 2 }] }), 403, 'Forbidden');
    t.same(await projectsOf(b), [1]);

    // DELETE by link id.
    const id = items[0]!.id_test_type_project as number;
    await expect(await call('projects?id=9999', 'admin', 'DELETE'), 400, 'Not found');
    await expect(await call(`projects?id=${id}`, 'user', 'DELETE'), 403, 'Access denied');
    await expect(await call(`projects?id=${id}`, 'siteadmin', 'DELETE'), 200, '');
    t.same(await projectsOf(b), []);
    await expect(await call(`projects?id=${id}`, 'admin', 'DELETE'), 400, 'Not found', 'gone already');
    const pre = await rm.selectFrom('test_types_projects').select('id_test_type_project').where('id_test_type', '=', 1).where('id_project', '=', 1).executeTakeFirstOrThrow();
    await expect(await call(`projects?id=${pre.id_test_type_project as number}`, 'admin', 'DELETE'), 409, "Can't delete test type from project: please delete all tests of that type in the project before deleting.");
  });

  t.test('given POST /sites, then the types\' sites, leaving projects with them', async (t) => {
    const expect = expectIn(t);
    const type = await newType([1, 2]);
    await expect(await call('sites', 'admin', 'POST', {}), 400, '');
    await expect(await call('sites', 'admin', 'POST', { test_type: {} }), 400, 'Missing id_test_type');
    await expect(await call('sites', 'admin', 'POST', { test_type: { id_test_type: type } }), 400, 'Missing sites');
    await expect(await call('sites', 'user', 'POST', { test_type: { id_test_type: type, sites: [] } }), 403, 'Access denied');
    await expect(await call('sites', 'siteadmin', 'POST', { test_type: { id_test_type: type, sites: [] } }), 200, []);
    t.same(await sitesOf(type), [2], 'the site it does not administer stays');
    await expect(await call('sites', 'admin', 'POST', { test_type: { id_test_type: type, sites: [] } }), 200, []);
    t.same(await sitesOf(type), []);
    await expect(await call('sites', 'siteadmin', 'POST', { test_type: { id_test_type: type, sites: [{ id_site: 1 }, { id_site: 2 }] } }), 403, 'Access denied', 'linked nowhere it administers');
    t.same(((await expect(await call('sites', 'admin', 'POST', { test_type: { id_test_type: type, sites: [{ id_site: 1 }, { id_site: 2 }] } }), 200)) as Link[]).map((l) => l.id_site), [1, 2]);
    await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: type, projects: [{ id_project: 3 }] } }), 200);
    await expect(await call('sites', 'admin', 'POST', { test_type: { id_test_type: type, sites: [{ id_site: 1 }] } }), 200, []);
    t.same(await sitesOf(type), [1]);
    t.same(await projectsOf(type), [], 'project 3 left with site 2');

    // The site form.
    await expect(await call('sites', 'admin', 'POST', { site: {} }), 400, 'Missing site ID');
    await expect(await call('sites', 'admin', 'POST', { site: { id_site: 2 } }), 400, 'Missing test types');
    await expect(await call('sites', 'user', 'POST', { site: { id_site: 2, testtypes: [] } }), 403, 'Access denied');
    await expect(await call('sites', 'admin', 'POST', { site: { id_site: 2, testtypes: [{ id_test_type: 3 }] } }), 200, [], 'type 3 stays, type 1 leaves site 2');
    t.same(await sitesOf(1), [1]);
    t.same(((await expect(await call('sites', 'admin', 'POST', { site: { id_site: 2, testtypes: [{ id_test_type: 3 }, { id_test_type: type }] } }), 200)) as Link[]).map((l) => l.id_test_type), [type]);

    // Items: the requester must see the type.
    await expect(await call('sites', 'admin', 'POST', { test_type_site: [{ id_site: 1 }] }), 400, 'Badly formatted request');
    await expect(await call('sites', 'siteadmin', 'POST', { test_type_site: { id_test_type: 3, id_site: 1 } }), 403, 'Forbidden', 'type 3 is out of its reach (OpenTera links it, and hands it the type)');
    await expect(await call('sites', 'siteadmin', 'POST', { test_type_site: { id_test_type: 1, id_site: 2 } }), 403, 'Forbidden', 'not its site');
    const linked = (await expect(await call('sites', 'admin', 'POST', { test_type_site: { id_test_type: 3, id_site: 1 } }), 200)) as Link[];
    t.match(linked, [{ id_test_type: 3, id_site: 1 }]);
    t.same(await sitesOf(3), [1, 2]);

    // A site leaving refused while tests of the type are in its projects.
    const before = await server.core.store.headPosition();
    await expect(await call('sites', 'siteadmin', 'POST', { test_type: { id_test_type: 1, sites: [] } }), 409, "Can't delete test type from site: please delete all tests of that type in the site before deleting.");
    t.equal(await server.core.store.headPosition(), before);
    const link11 = await rm.selectFrom('test_types_sites').select('id_test_type_site').where('id_test_type', '=', 1).where('id_site', '=', 1).executeTakeFirstOrThrow();
    await expect(await call(`sites?id=${link11.id_test_type_site as number}`, 'admin', 'DELETE'), 409, "Can't delete test type from site: please delete all tests of that type in the site before deleting.");

    // DELETE by link id, the projects there with it.
    await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: 3, projects: [{ id_project: 1 }, { id_project: 3 }] } }), 200);
    const id = linked[0]!.id_test_type_site as number;
    await expect(await call('sites?id=9999', 'admin', 'DELETE'), 400, 'Bad parameter');
    await expect(await call(`sites?id=${id}`, 'user', 'DELETE'), 403, 'Forbidden');
    await expect(await call(`sites?id=${id}`, 'siteadmin', 'DELETE'), 200, '');
    t.same(await sitesOf(3), [2]);
    t.same(await projectsOf(3), [3], 'project 1 left with site 1');
  });

  t.test('given tests removed, then the link can go', async (t) => {
    const expect = expectIn(t);
    const type = await newType([1]);
    await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: type, projects: [{ id_project: 1 }] } }), 200);
    const test = await createTestCommand(context, {
      typeId: type,
      sessionId: 20,
      subjects: { participantId: 1, userId: null, deviceId: null, serviceId: null },
      name: 'T',
      datetime: '2025-01-20T10:00:00.000Z',
      status: 2,
      summary: '{"score": 3}',
    });
    await settle(test.position);
    await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: type, projects: [] } }), 409);
    await settle(await deleteTestCommand(context, test.uuid));
    await expect(await call('projects', 'admin', 'POST', { test_type: { id_test_type: type, projects: [] } }), 200, []);
  });
});
