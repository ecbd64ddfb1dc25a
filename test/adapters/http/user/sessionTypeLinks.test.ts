import t, { type Test } from 'tap';
import { handle } from '../../../../commands/handle.js';
import { registerParticipantCommand } from '../../../../commands/participants.js';
import { createSessionCommand, sessionStream } from '../../../../commands/sessions.js';
import { deleteSession, session } from '../../../../domain/session.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const USERS = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'];
const NOT_IN_SITE = 'At least one session type is not associated to the site of its project';
const PROJECT_REFUSED_BY_LIST = "Can't delete session type from project: please delete all sessions using that type in that project before deleting.";
const PROJECT_REFUSED = "Can't delete session type from project: please delete all sessions of that type in the project before deleting.";
const SITE_REFUSED = "Can't delete session type from site: please delete all sessions of that type in the site before deleting.";

type Json = Record<string, unknown>;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

function client(server: TestServer) {
  const call = (p: string, user = 'admin', method = 'GET', body?: unknown, headers?: Record<string, string>) =>
    server.request(p, { method, basic: `${user}:${user}`, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };
  const get = async (p: string, user = 'admin') => {
    const response = await call(p, user);
    if (response.status !== 200) throw new Error(`GET ${p} as ${user}: ${response.status} ${await response.text()}`);
    return (await json(response)) as Json[];
  };
  return { call, expectIn, get };
}

/** Participants and sessions written with the commands, to exercise the refusals that need them. */
function fixtures(server: TestServer) {
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const none = { userId: null, deviceId: null, participantId: null, serviceId: null };
  const wait = async (position: unknown) => {
    if (position) await server.core.runner.waitFor(position as never, 5000);
  };
  return {
    async participant(projectId: number) {
      const registered = await registerParticipantCommand(context, {
        projectId,
        groupId: null,
        name: 'Test Participant',
        email: null,
        username: null,
        password: null,
        enabled: true,
        loginEnabled: false,
        tokenEnabled: false,
        projectEnabled: true,
      });
      await wait(registered.position);
      return registered.id;
    },
    async session(typeId: number, options: { participants?: number[]; creatorParticipant?: number } = {}) {
      const created = await createSessionCommand(context, {
        typeId,
        name: 'Session',
        startDatetime: '2025-01-20T10:00:00+00:00',
        duration: 60,
        status: 2,
        comments: null,
        parameters: null,
        creators: { ...none, participantId: options.creatorParticipant ?? null },
        participants: options.participants ?? [],
        users: [],
        devices: [],
      });
      await wait(created.position);
      return created.uuid;
    },
    async removeSession(uuid: string) {
      await wait((await handle(context.deps, context.request, session, sessionStream(uuid), deleteSession)).position);
    },
    /** The live site and project links of a service, from the read model (no services API yet). */
    async serviceLinks(serviceId: number) {
      const rm = server.core.database.db.withSchema('rm');
      return {
        sites: (await rm.selectFrom('services_sites').select('id_site').where('id_service', '=', serviceId).where('deleted_at', 'is', null).orderBy('id_site').execute()).map((r) => r.id_site),
        projects: (await rm.selectFrom('services_projects').select('id_project').where('id_service', '=', serviceId).where('deleted_at', 'is', null).orderBy('id_project').execute()).map(
          (r) => r.id_project,
        ),
      };
    },
  };
}

const pick = (list: Json[], ...keys: string[]) => list.map((e) => Object.fromEntries(keys.map((k) => [k, e[k]])));

t.test('/api/user/sessiontypes/projects', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, get } = client(server);
  const path = '/api/user/sessiontypes/projects';
  const post = (body: unknown, user = 'admin') => call(path, user, 'POST', body);
  const projectsOf = async (typeId: number) => (await get(`${path}?id_session_type=${typeId}&list`)).map((l) => l.id_project);
  const typesOf = async (projectId: number) => (await get(`${path}?id_project=${projectId}&list`)).map((l) => l.id_session_type);

  t.test("given GET, then OpenTera's associations, limited to what the requester may see", async (t) => {
    const expect = expectIn(t);
    for (const user of ['admin', 'user']) await expect(await call(path, user), 400, 'Missing arguments', user);
    await expect(await call(`${path}?list=false&with_sites=0`), 400, 'Missing arguments', 'false flags are no arguments');
    t.same(await get(`${path}?list=1`), [], 'only flags: []');
    t.same(await get(`${path}?id_project=10`), []);
    const project1 = { id_project: 1, project_name: 'Default Project #1' };
    t.same(await get(`${path}?id_project=1`), [
      { id_session_type_project: 3, id_session_type: 3, session_type_name: 'Collecte données', ...project1 },
      { id_session_type_project: 2, id_session_type: 2, session_type_name: 'Données Capteur', ...project1 },
      { id_session_type_project: 4, id_session_type: 4, session_type_name: 'Exercices individuels', ...project1 },
      { id_session_type_project: 1, id_session_type: 1, session_type_name: 'Suivi vidéo', ...project1 },
    ], 'by type name');
    t.same(pick(await get(`${path}?id_project=2&with_session_type=1`), 'id_session_type_project', 'id_session_type', 'id_project', 'project_name'), [
      { id_session_type_project: null, id_session_type: 3, id_project: null, project_name: null },
      { id_session_type_project: null, id_session_type: 2, id_project: null, project_name: null },
      { id_session_type_project: null, id_session_type: 4, id_project: null, project_name: null },
      { id_session_type_project: 5, id_session_type: 5, id_project: 2, project_name: 'Default Project #2' },
      { id_session_type_project: null, id_session_type: 1, id_project: null, project_name: null },
    ], "the other types of the project's site, as placeholders");
    t.match((await get(`${path}?id_project=1&with_sites=1`))[0], { id_site: 1, site_name: 'Default Site' });
    t.same(await get(`${path}?id_session_type=30`), []);
    t.same(await get(`${path}?id_session_type=2`), [{ id_session_type_project: 2, id_session_type: 2, id_project: 1, session_type_name: 'Données Capteur', project_name: 'Default Project #1' }]);
    t.same(await get(`${path}?id_session_type=1&with_projects=1`), [
      { id_session_type_project: 1, id_session_type: 1, id_project: 1, session_type_name: 'Suivi vidéo', project_name: 'Default Project #1' },
      { id_session_type_project: null, id_session_type: null, id_project: 2, session_type_name: null, project_name: 'Default Project #2' },
      { id_session_type_project: null, id_session_type: null, id_project: 3, session_type_name: null, project_name: 'Secret Project #1' },
    ], 'the other projects, by project name');
    const withSites = await get(`${path}?id_session_type=3&with_projects=1&with_sites=1`);
    t.same(pick(withSites, 'id_project', 'id_site', 'site_name'), [
      { id_project: 1, id_site: 1, site_name: 'Default Site' },
      { id_project: 2, id_site: 1, site_name: 'Default Site' },
      { id_project: 3, id_site: 2, site_name: 'Top Secret Site' },
    ]);
    t.same(await get(`${path}?id_project=1&list=false`).then((l) => l[0]), { id_session_type_project: 3, id_session_type: 3, id_project: 1 }, 'list acts when present');

    t.same(await get(`${path}?id_project=10`, 'user'), []);
    t.same(await get(`${path}?id_project=1`, 'user4'), []);
    t.equal((await get(`${path}?id_project=1&with_session_type=1`, 'user')).length, 5);
    t.same(await get(`${path}?id_session_type=4`, 'user4'), []);
    t.equal((await get(`${path}?id_session_type=2`, 'user')).length, 1);
    t.same((await get(`${path}?id_session_type=1&with_projects=1`, 'user')).map((l) => l.id_project), [1, 2], 'project 3 stays hidden');
    t.same(await get(`${path}?id_project=2`, 'user3'), [], 'user3 has no role in project 2');
    for (const user of USERS) t.equal((await get(`${path}?id_project=1&list`, user)).length, user === 'user4' ? 0 : 4, user);
    for (const user of USERS) {
      t.equal((await get(`${path}?id_session_type=4&with_projects=1`, user)).length, { admin: 3, user3: 1, user4: 0 }[user] ?? 2, `${user}: the projects it has a role in`);
    }
  });

  t.test('given the type form, then its projects follow, within the projects the requester administers', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post({}), 400, 'Unknown format');
    await expect(await post({ session_type: {} }), 400, 'Missing id_session_type');
    await expect(await post({ session_type: { id_session_type: 1 } }), 400, 'Missing projects');
    await expect(await post({ session_type: { id_session_type: 1, projects: [] } }, 'user'), 403, 'Access denied');
    await expect(await post({ session_type: { id_session_type: 5, projects: [] } }, 'user3'), 403, 'Access denied', 'a project admin manages no type');
    await expect(await post({ session_type: { id_session_type: 5, projects: [] } }, 'user4'), 403, 'Access denied');
    await expect(await post({ session_type: { id_session_type: 99, projects: [] } }, 'siteadmin'), 403, 'Access denied');
    await expect(await post({ session_type: { id_session_type: 99, projects: [] } }), 404, 'Invalid session type');
    await expect(await post({ session_type: { id_session_type: 1, projects: [] } }), 409, PROJECT_REFUSED_BY_LIST, 'sessions of type 1 in project 1 (OpenTera: 500)');
    await expect(await post({ session_type: { id_session_type: 5, projects: [{ id_project: 1 }, { id_project: 2 }, { id_project: 3 }] } }), 403, NOT_IN_SITE, 'project 3 is in site 2');
    await expect(await post({ session_type: { id_session_type: 5, projects: [{ id_project: 99 }] } }), 404, 'Invalid project');
    await expect(await post({ session_type: { id_session_type: 5, projects: [] } }, 'siteadmin'), 200, []);
    t.not(await server.core.store.headPosition(), before);

    t.same(await projectsOf(5), []);
    const added = (await expect(await post({ session_type: { id_session_type: 5, projects: [{ id_project: 1 }, { id_project: 2 }] } }), 200)) as Json[];
    t.same(added, [
      { id_session_type: 5, id_project: 1, id_session_type_project: added[0]!.id_session_type_project },
      { id_session_type: 5, id_project: 2, id_session_type_project: 5 },
    ], 'the added links; project 2 gets its former link back');
    t.same(await projectsOf(5), [1, 2]);
    await expect(await post({ session_type: { id_session_type: 5, projects: [{ id_project: 1 }] } }, 'siteadmin'), 200, []);
    t.same(await projectsOf(5), [1]);
    await expect(await post({ session_type: { id_session_type: 5, projects: [{ id_project: 2 }] } }, 'user2'), 200);
    t.same(await projectsOf(5), [2]);
  });

  t.test("given the project form, then its types follow (the project's admins)", async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post({ project: {} }), 400, 'Missing project ID');
    await expect(await post({ project: { id_project: 2 } }), 400, 'Missing session types');
    await expect(await post({ project: { id_project: 2, sessiontypes: [] } }, 'user'), 403, 'Access denied');
    await expect(await post({ project: { id_project: 2, sessiontypes: [] } }, 'user3'), 403, 'Access denied', 'not its project');
    await expect(await post({ project: { id_project: 3, sessiontypes: [] } }, 'siteadmin'), 403, 'Access denied');
    await expect(await post({ project: { id_project: 99, sessiontypes: [] } }, 'siteadmin'), 403, 'Access denied');
    await expect(await post({ project: { id_project: 99, sessiontypes: [] } }), 404, 'Invalid project');
    await expect(await post({ project: { id_project: 1, sessiontypes: [{ id_session_type: 4 }] } }, 'siteadmin'), 409, PROJECT_REFUSED_BY_LIST);
    await expect(await post({ project: { id_project: 2, sessiontypes: [{ id_session_type: 2 }, { id_session_type: 3 }, { id_session_type: 10 }] } }, 'siteadmin'), 403, NOT_IN_SITE);
    t.equal(await server.core.store.headPosition(), before, 'nothing changed (OpenTera commits the removals before refusing an addition)');

    await expect(await post({ project: { id_project: 2, sessiontypes: [] } }, 'siteadmin'), 200, []);
    t.same(await typesOf(2), []);
    await expect(await post({ project: { id_project: 2, sessiontypes: [{ id_session_type: 2 }, { id_session_type: 3 }] } }, 'siteadmin'), 200);
    t.same((await typesOf(2)).sort(), [2, 3]);
    await expect(await post({ project: { id_project: 2, sessiontypes: [{ id_session_type: 2 }] } }), 200, []);
    t.same(await typesOf(2), [2]);
    await expect(await post({ project: { id_project: 1, sessiontypes: [1, 2, 3].map((id) => ({ id_session_type: id })) } }, 'user3'), 200, [], 'the admin of project 1 takes type 4 out');
    t.same((await typesOf(1)).sort(), [1, 2, 3]);
    await expect(await post({ project: { id_project: 1, sessiontypes: [1, 2, 3, 4].map((id) => ({ id_session_type: id })) } }, 'user3'), 200, [{ id_session_type: 4, id_project: 1, id_session_type_project: 4 }]);
    await expect(await post({ project: { id_project: 2, sessiontypes: [{ id_session_type: 5 }] } }), 200);
  });

  t.test('given items and DELETE, then links come and go as each role may', async (t) => {
    const expect = expectIn(t);
    const { participant, session: newSession, removeSession, serviceLinks } = fixtures(server);
    await expect(await post({ session_type_project: {} }), 400, 'Badly formatted request');
    await expect(await post({ session_type_project: { id_project: 1 } }), 400, 'Badly formatted request');
    await expect(await post({ session_type_project: { id_project: 1, id_session_type: 1 } }, 'user'), 403, 'Forbidden');
    await expect(await post({ session_type_project: { id_project: 2, id_session_type: 3 } }, 'user3'), 403, 'Forbidden', 'not its project');
    await expect(await post({ session_type_project: { id_project: 1, id_session_type: 99 } }, 'siteadmin'), 403, NOT_IN_SITE, 'a type not in the site');
    await expect(await post({ session_type_project: { id_project: 3, id_session_type: 5 } }), 403, NOT_IN_SITE);
    await expect(await post({ session_type_project: [{ id_project: 1, id_session_type: 1 }] }, 'user3'), 200, [{ id_session_type: 1, id_project: 1, id_session_type_project: 1 }], 'an existing link answers its id');

    t.same(await serviceLinks(6), { sites: [1], projects: [1] });
    const [video] = (await expect(await post({ session_type_project: { id_project: 2, id_session_type: 1 } }, 'siteadmin'), 200)) as Json[];
    t.same(await serviceLinks(6), { sites: [1], projects: [1, 2] }, "a SERVICE type brings its service to the project (OpenTera's check_integrity)");
    await expect(await call(`${path}?id=${String(video!.id_session_type_project)}`, 'siteadmin', 'DELETE'), 200, '');

    const [link] = (await expect(await post({ session_type_project: { id_project: 2, id_session_type: 3 } }, 'siteadmin'), 200)) as Json[];
    const id = link!.id_session_type_project as number;
    t.same((await typesOf(2)).sort(), [3, 5]);
    await expect(await call(path, 'admin', 'DELETE'), 400);
    await expect(await call(`${path}?id=999`, 'admin', 'DELETE'), 404, 'Not found', 'OpenTera: 400');
    await expect(await call(`${path}?id=999`, 'siteadmin', 'DELETE'), 403, 'Access denied', 'no existence leak');
    for (const user of ['user', 'user3', 'user4']) await expect(await call(`${path}?id=${id}`, user, 'DELETE'), 403, 'Access denied', user);

    const participantId = await participant(2);
    const first = await newSession(3, { creatorParticipant: participantId });
    const second = await newSession(3, { participants: [participantId] });
    await expect(await call(`${path}?id=${id}`, 'siteadmin', 'DELETE'), 409, PROJECT_REFUSED, 'a session of that type created in project 2 (OpenTera: 500)');
    await removeSession(first);
    await expect(await call(`${path}?id=${id}`, 'siteadmin', 'DELETE'), 409, PROJECT_REFUSED, 'and one with a participant of project 2');
    await removeSession(second);
    await expect(await call(`${path}?id=${id}`, 'siteadmin', 'DELETE'), 200, '');
    t.same(await typesOf(2), [5]);

    const [secret] = (await expect(await post({ session_type_project: { id_project: 3, id_session_type: 4 } }), 200)) as Json[];
    const secretId = secret!.id_session_type_project as number;
    await expect(await call(`${path}?id=${secretId}`, 'siteadmin', 'DELETE'), 403, 'Access denied', 'type 4 is in its site, project 3 is not its (OpenTera: deleted)');
    await expect(await call(`${path}?id=${secretId}`, 'admin', 'DELETE'), 200, '');
    t.same(await projectsOf(4), [1]);
  });
});

t.test('/api/user/sessiontypes/sites', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, get } = client(server);
  const path = '/api/user/sessiontypes/sites';
  const post = (body: unknown, user = 'admin') => call(path, user, 'POST', body);
  const sitesOf = async (typeId: number) => (await get(`${path}?id_session_type=${typeId}&list`)).map((l) => l.id_site);
  const typesOf = async (siteId: number) => (await get(`${path}?id_site=${siteId}&list`)).map((l) => l.id_session_type);
  const newType = async (siteId: number) => {
    const response = await call('/api/user/sessiontypes', 'admin', 'POST', {
      session_type: { id_session_type: 0, session_type_name: 'Test Session Type', session_type_online: true, session_type_color: 'black', session_type_category: 2, session_type_sites: [{ id_site: siteId }] },
    });
    return ((await json(response)) as Json[])[0]!.id_session_type as number;
  };

  t.test("given GET, then OpenTera's associations, limited to what the requester may see", async (t) => {
    for (const user of ['admin', 'user']) t.equal((await call(path, user)).status, 400, user);
    t.same(await get(`${path}?id_site=10`), []);
    t.same(await get(`${path}?id_site=2`), [{ id_session_type_site: 6, id_session_type: 4, id_site: 2, session_type_name: 'Exercices individuels', site_name: 'Top Secret Site' }]);
    t.equal((await get(`${path}?id_site=1&with_session_type=1`)).length, 5);
    t.same(pick(await get(`${path}?id_site=2&with_session_type=1`), 'id_session_type_site', 'id_session_type', 'id_site', 'site_name').slice(0, 2), [
      { id_session_type_site: null, id_session_type: 3, id_site: null, site_name: null },
      { id_session_type_site: null, id_session_type: 2, id_site: null, site_name: null },
    ], 'the other types, by name');
    t.same(await get(`${path}?id_session_type=30`), []);
    t.same(await get(`${path}?id_session_type=1`), [{ id_session_type_site: 1, id_session_type: 1, id_site: 1, session_type_name: 'Suivi vidéo', site_name: 'Default Site' }]);
    t.same(await get(`${path}?id_session_type=3&with_sites=1`), [
      { id_session_type_site: 3, id_session_type: 3, id_site: 1, session_type_name: 'Collecte données', site_name: 'Default Site' },
      { id_session_type_site: null, id_session_type: null, id_site: 2, session_type_name: null, site_name: 'Top Secret Site' },
    ]);
    t.same((await get(`${path}?id_site=1&list=1`)).map((l) => Object.keys(l).length), [3, 3, 3, 3, 3]);

    t.same(await get(`${path}?id_site=2`, 'user'), []);
    t.same(await get(`${path}?id_site=1`, 'user4'), []);
    t.equal((await get(`${path}?id_site=1`, 'user')).length, 5);
    t.equal((await get(`${path}?id_site=1&with_session_type=1`, 'user')).length, 5);
    t.same(await get(`${path}?id_session_type=30`, 'user'), []);
    t.same(await get(`${path}?id_session_type=4`, 'user4'), []);
    t.same(await sitesOf(4).then(() => get(`${path}?id_session_type=4`, 'user')).then((l) => l.map((e) => e.id_site)), [1], 'site 2 stays hidden');
    t.equal((await get(`${path}?id_session_type=1&with_sites=1`, 'user')).length, 1);
    t.same(await get(`${path}?id_session_type=1&list=1`, 'user4'), []);
    t.same(await get(`${path}?id_session_type=1&list=1`, 'user'), [{ id_session_type_site: 1, id_session_type: 1, id_site: 1 }]);
    for (const user of USERS) t.equal((await get(`${path}?id_site=1&list`, user)).length, user === 'user4' ? 0 : 5, user);
  });

  t.test('given the type form, then its sites follow, within the sites the requester administers', async (t) => {
    const expect = expectIn(t);
    await expect(await post({}), 400, '');
    await expect(await post({ session_type: {} }), 400, 'Missing id_session_type');
    await expect(await post({ session_type: { id_session_type: 4 } }), 400, 'Missing sites');
    await expect(await post({ session_type: { id_session_type: 4, sites: [] } }, 'user'), 403, 'Access denied');
    await expect(await post({ session_type: { id_session_type: 1, sites: [] } }, 'siteadmin'), 409, SITE_REFUSED, 'sessions of type 1 in project 1 (OpenTera: 500)');
    await expect(await post({ session_type: { id_session_type: 4, sites: [] } }, 'siteadmin'), 200, []);
    t.same(await sitesOf(4), [2], 'site 2 is not its to leave');
    t.same(await get(`/api/user/sessiontypes/projects?id_session_type=4&list`), [], 'leaving site 1 left project 1');
    await expect(await post({ session_type: { id_session_type: 4, sites: [] } }), 200, []);
    t.same(await sitesOf(4), []);
    const before = await server.core.store.headPosition();
    await expect(await post({ session_type: { id_session_type: 4, sites: [{ id_site: 1 }, { id_site: 2 }] } }, 'siteadmin'), 403, 'Access denied', 'a type in none of its sites');
    t.equal(await server.core.store.headPosition(), before);
    const added = (await expect(await post({ session_type: { id_session_type: 4, sites: [{ id_site: 1 }, { id_site: 2 }] } }), 200)) as Json[];
    t.same(added, [
      { id_session_type: 4, id_site: 1, id_session_type_site: 4 },
      { id_session_type: 4, id_site: 2, id_session_type_site: 6 },
    ], 'linked again: the same association ids');
    await expect(await post({ session_type: { id_session_type: 4, sites: [{ id_site: 1 }, { id_site: 2 }] } }, 'siteadmin'), 200, [], 'now its to manage');
    await expect(await post({ session_type: { id_session_type: 4, sites: [{ id_site: 1 }] } }), 200, []);
    t.same(await sitesOf(4), [1]);
    await expect(await post({ session_type: { id_session_type: 4, sites: [{ id_site: 1 }, { id_site: 2 }] } }, 'siteadmin'), 403, 'Forbidden', 'no admin of site 2');
    await expect(await post({ session_type: { id_session_type: 4, sites: [{ id_site: 1 }, { id_site: 2 }] } }), 200);
    await expect(await call('/api/user/sessiontypes/projects', 'admin', 'POST', { session_type_project: [{ id_session_type: 4, id_project: 1 }] }), 200);
  });

  t.test("given the site form, then its types follow (the site's admins), among the types they may see", async (t) => {
    const expect = expectIn(t);
    const first = await newType(2);
    const second = await newType(2);
    await expect(await post({ site: {} }), 400, 'Missing site ID');
    await expect(await post({ site: { id_site: 2 } }), 400, 'Missing session types');
    for (const user of ['user', 'user3', 'user4']) await expect(await post({ site: { id_site: 1, sessiontypes: [] } }, user), 403, 'Access denied', user);
    await expect(await post({ site: { id_site: 2, sessiontypes: [] } }, 'siteadmin'), 403, 'Access denied');
    await expect(await post({ site: { id_site: 99, sessiontypes: [] } }), 404, 'Invalid site');
    await expect(await post({ site: { id_site: 1, sessiontypes: [{ id_session_type: 4 }, { id_session_type: 5 }] } }, 'siteadmin'), 409, SITE_REFUSED);
    const all = [1, 2, 3, 4, 5].map((id) => ({ id_session_type: id }));
    await expect(await post({ site: { id_site: 1, sessiontypes: [...all, { id_session_type: first }] } }, 'siteadmin'), 403, 'Forbidden', "another site's type stays hidden (OpenTera links it)");
    await expect(await post({ site: { id_site: 1, sessiontypes: [...all, { id_session_type: 99 }] } }), 404, 'Invalid session type');

    t.same((await typesOf(2)).sort(), [4, first, second].sort());
    await expect(await post({ site: { id_site: 2, sessiontypes: [] } }), 200, []);
    t.same(await typesOf(2), []);
    await expect(await post({ site: { id_site: 2, sessiontypes: [{ id_session_type: first }, { id_session_type: second }] } }), 200);
    t.same((await typesOf(2)).sort(), [first, second].sort());
    await expect(await post({ site: { id_site: 2, sessiontypes: [{ id_session_type: second }] } }), 200);
    t.same(await typesOf(2), [second]);
    await expect(await post({ site: { id_site: 2, sessiontypes: [{ id_session_type: 4 }] } }), 200);
    t.same(await typesOf(2), [4]);
    await expect(await post({ site: { id_site: 1, sessiontypes: [...all, { id_session_type: second }] } }, 'user2'), 403, 'Forbidden');
  });

  t.test('given items and DELETE, then links come and go as each role may', async (t) => {
    const expect = expectIn(t);
    const { session: newSession, removeSession, serviceLinks } = fixtures(server);
    await expect(await post({ session_type_site: {} }), 400, 'Badly formatted request');
    await expect(await post({ session_type_site: { id_site: 2 } }), 400, 'Badly formatted request');
    await expect(await post({ session_type_site: { id_site: 2, id_session_type: 3 } }, 'user'), 403, 'Forbidden');
    await expect(await post({ session_type_site: { id_site: 2, id_session_type: 3 } }, 'siteadmin'), 403, 'Forbidden');
    await expect(await post({ session_type_site: { id_site: 9, id_session_type: 3 } }), 404, 'Invalid site');
    await expect(await post({ session_type_site: [{ id_site: 1, id_session_type: 3 }] }, 'user2'), 200, [{ id_session_type: 3, id_site: 1, id_session_type_site: 3 }], 'an existing link answers its id');
    const [link] = (await expect(await post({ session_type_site: { id_site: 2, id_session_type: 3 } }), 200)) as Json[];
    const id = link!.id_session_type_site as number;
    t.same((await typesOf(2)).sort(), [3, 4]);

    t.same(await serviceLinks(6), { sites: [1], projects: [1] });
    const [video] = (await expect(await post({ session_type_site: { id_site: 2, id_session_type: 1 } }), 200)) as Json[];
    t.same(await serviceLinks(6), { sites: [1, 2], projects: [1] }, 'a SERVICE type brings its service to the site');
    await expect(await call(`${path}?id=${String(video!.id_session_type_site)}`, 'admin', 'DELETE'), 200, '');

    await expect(await call(path, 'admin', 'DELETE'), 400);
    await expect(await call(`${path}?id=999`, 'admin', 'DELETE'), 404, 'Bad parameter', 'OpenTera: 400');
    await expect(await call(`${path}?id=999`, 'siteadmin', 'DELETE'), 403, 'Forbidden');
    for (const user of ['user', 'siteadmin', 'user3', 'user4']) await expect(await call(`${path}?id=${id}`, user, 'DELETE'), 403, 'Forbidden', user);

    await expect(await call('/api/user/sessiontypes/projects', 'admin', 'POST', { session_type_project: { id_session_type: 3, id_project: 3 } }), 200);
    const first = await newSession(3, { creatorParticipant: 4 });
    const second = await newSession(3, { participants: [4] });
    await expect(await call(`${path}?id=${id}`, 'admin', 'DELETE'), 409, SITE_REFUSED, 'the secret participant has sessions of type 3 (OpenTera: 500)');
    await removeSession(first);
    await expect(await call(`${path}?id=${id}`, 'admin', 'DELETE'), 409, SITE_REFUSED);
    await removeSession(second);
    await expect(await call(`${path}?id=${id}`, 'admin', 'DELETE'), 200, '');
    t.same(await typesOf(2), [4]);
    t.same(await get(`/api/user/sessiontypes/projects?id_session_type=3&list`).then((l) => l.map((e) => e.id_project)), [1], 'its project in the site went with it');
    await expect(await call(`${path}?id=1`, 'siteadmin', 'DELETE'), 409, SITE_REFUSED);
    await expect(await call(`${path}?id=5`, 'user2', 'DELETE'), 200, '', 'type 5 has no session');
    t.same(await get('/api/user/sessiontypes/projects?id_session_type=5&list'), []);
  });
});

t.test('/api/user/sessiontypes/services', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, get } = client(server);
  const path = '/api/user/sessiontypes/services';
  const post = (body: unknown, user = 'admin') => call(path, user, 'POST', body);
  const servicesOf = async (typeId: number) => (await get(`${path}?id_session_type=${typeId}&list`)).map((l) => l.id_service);
  const { serviceLinks } = fixtures(server);

  t.test("given GET, then a visible type's secondary services", async (t) => {
    const expect = expectIn(t);
    for (const user of ['admin', 'user']) await expect(await call(path, user), 400, 'Missing arguments', user);
    t.same(await get(`${path}?with_services=1`), [], 'flags without an id: []');
    t.same(await get(`${path}?id_session_type=1`, 'user4'), [], 'a type it cannot see');
    t.same(await get(`${path}?id_session_type=3`), [{ id_session_type_service: 1, id_session_type: 3, id_service: 3, session_type_name: 'Collecte données', service_name: 'File Transfer Service' }]);
    for (const id of [1, 2, 4, 5]) t.same(await get(`${path}?id_session_type=${id}`), [], `type ${id} has none`);
    t.same(await get(`${path}?id_session_type=3&list=1`), [{ id_session_type_service: 1, id_session_type: 3, id_service: 3 }]);
    for (const id of [1, 3]) {
      t.equal((await get(`${path}?id_session_type=${id}&with_services=1`)).length, 7, `admin: every service for type ${id}`);
      t.equal((await get(`${path}?id_session_type=${id}&with_services=1`, 'user')).length, 2, `user: the two services it reaches, type ${id}`);
    }
    t.same(pick(await get(`${path}?id_session_type=3&with_services=1`, 'user'), 'id_session_type_service', 'id_session_type', 'id_service', 'service_name'), [
      { id_session_type_service: 1, id_session_type: 3, id_service: 3, service_name: 'File Transfer Service' },
      { id_session_type_service: null, id_session_type: null, id_service: 6, service_name: 'Télé-réadaptation vidéo' },
    ], 'by service name');
  });

  t.test('given the type form, then its services follow, within those the requester administers', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post({}), 400, 'Unknown format');
    await expect(await post({ session_type: {} }), 400, 'Missing id_session_type');
    await expect(await post({ session_type: { id_session_type: 1 } }), 400, 'Missing services');
    for (const user of ['user', 'user3', 'user4']) await expect(await post({ session_type: { id_session_type: 1, services: [] } }, user), 403, 'Access denied', user);
    await expect(
      await post({ session_type: { id_session_type: 3, services: [] } }),
      409,
      "Can't remove associated service from session type: please delete all sessions using that type before deleting.",
      'type 3 has sessions (OpenTera: 400)',
    );
    await expect(await post({ session_type: { id_session_type: 5, services: [{ id_service: 4 }] } }, 'siteadmin'), 403, 'Forbidden', 'EmailService is not its');
    t.equal(await server.core.store.headPosition(), before);

    await expect(await post({ session_type: { id_session_type: 5, services: [] } }), 200, []);
    t.same(await servicesOf(5), []);
    t.same(await serviceLinks(1), { sites: [], projects: [] });
    const added = (await expect(await post({ session_type: { id_session_type: 5, services: [{ id_service: 1 }, { id_service: 2 }, { id_service: 3 }] } }), 200)) as Json[];
    t.same(pick(added, 'id_session_type', 'id_service'), [1, 2, 3].map((id) => ({ id_session_type: 5, id_service: id })));
    t.same(await servicesOf(5), [1, 2, 3]);
    t.same(await serviceLinks(1), { sites: [1], projects: [2] }, "a secondary service joins its type's sites and projects");
    const kept = (await expect(await post({ session_type: { id_session_type: 5, services: [{ id_service: 1 }] } }, 'siteadmin'), 200)) as Json[];
    t.same(pick(kept, 'id_service', 'id_session_type_service'), [{ id_service: 1, id_session_type_service: added[0]!.id_session_type_service }], 'every listed service is answered');
    t.same(await servicesOf(5), [1]);
  });

  t.test("given the service form, then the service's types follow, among the types the requester manages", async (t) => {
    const expect = expectIn(t);
    await expect(await post({ service: {} }), 400, 'Missing service ID');
    await expect(await post({ service: { id_service: 4 } }), 400, 'Missing session types');
    for (const user of ['user', 'user3', 'user4', 'siteadmin']) await expect(await post({ service: { id_service: 4, sessiontypes: [] } }, user), 403, 'Access denied', user);
    await expect(await post({ service: { id_service: 99, sessiontypes: [] } }), 404, 'Invalid service');
    await expect(
      await post({ service: { id_service: 3, sessiontypes: [] } }),
      409,
      "Can't remove session type association from service: please delete all sessions using that type before deleting.",
      'OpenTera: 500',
    );
    await expect(await post({ service: { id_service: 4, sessiontypes: [] } }), 200, []);
    await expect(await post({ service: { id_service: 4, sessiontypes: [{ id_session_type: 5 }, { id_session_type: 4 }] } }), 200);
    t.same(await servicesOf(4), [4]);
    t.same(await servicesOf(5), [1, 4]);
    t.same(await serviceLinks(4), { sites: [1, 2], projects: [1, 2] }, 'Email joined the sites and projects of types 4 and 5');

    const secret = ((await json(
      await call('/api/user/sessiontypes', 'admin', 'POST', {
        session_type: { id_session_type: 0, session_type_name: 'Secret', session_type_online: false, session_type_color: '#000000', session_type_category: 2, session_type_sites: [{ id_site: 2 }] },
      }),
    )) as Json[])[0]!.id_session_type as number;
    await expect(await post({ service: { id_service: 4, sessiontypes: [{ id_session_type: 4 }, { id_session_type: 5 }, { id_session_type: secret }] } }, 'siteadmin'), 403, 'Forbidden', "another site's type");
    await expect(await post({ session_type_service: { id_service: 4, id_session_type: secret } }), 200);
    await expect(await post({ service: { id_service: 4, sessiontypes: [{ id_session_type: 4 }] } }, 'siteadmin'), 200, []);
    t.same(await servicesOf(5), [1], 'the site admin took type 5 out');
    t.same(await servicesOf(secret), [4], "the other site's type stays (OpenTera removes it)");
    await expect(await post({ service: { id_service: 4, sessiontypes: [] } }, 'user2'), 200, []);
    t.same(await servicesOf(4), []);
    t.same(await servicesOf(secret), [4]);
  });

  t.test('given items and DELETE, then links come and go as each role may', async (t) => {
    const expect = expectIn(t);
    await expect(await post({ session_type_service: {} }), 400, 'Badly formatted request');
    await expect(await post({ session_type_service: { id_service: 4 } }), 400, 'Badly formatted request');
    await expect(await post({ session_type_service: { id_service: 4, id_session_type: 4 } }, 'user4'), 403, 'Forbidden');
    await expect(await post({ session_type_service: { id_service: 3, id_session_type: 4 } }, 'user'), 403, 'Forbidden', 'a site user administers no service (OpenTera: any service with an admin role)');
    await expect(await post({ session_type_service: { id_service: 3, id_session_type: 4 } }, 'user3'), 403, 'Forbidden', 'a project admin manages no type');
    await expect(await post({ session_type_service: { id_service: 99, id_session_type: 4 } }), 404, 'Invalid service');
    await expect(await post({ session_type_service: { id_service: 3, id_session_type: 99 } }), 404, 'Invalid session type');
    await expect(await post({ session_type_service: [{ id_service: 3, id_session_type: 3 }] }, 'siteadmin'), 200, [{ id_session_type: 3, id_service: 3, id_session_type_service: 1 }], 'an existing link answers its id');
    const [link] = (await expect(await post({ session_type_service: { id_service: 4, id_session_type: 4 } }), 200)) as Json[];
    const id = link!.id_session_type_service as number;
    await expect(await call(path, 'admin', 'DELETE'), 400);
    await expect(await call(`${path}?id=999`, 'admin', 'DELETE'), 404, 'Not found');
    await expect(await call(`${path}?id=999`, 'siteadmin', 'DELETE'), 403, 'Access denied', 'OpenTera: 404 for anyone');
    for (const user of ['user', 'user3', 'user4']) await expect(await call(`${path}?id=${id}`, user, 'DELETE'), 403, 'Access denied', user);
    await expect(await call(`${path}?id=${id}`, 'siteadmin', 'DELETE'), 200, '');
    t.same(await servicesOf(4), []);
    await expect(
      await call(`${path}?id=1`, 'admin', 'DELETE'),
      409,
      "Can't remove associated service from session type: please delete all sessions of that type before deleting.",
      'OpenTera: 500',
    );
  });

  t.test('given no credentials, then 401 on every method of every link endpoint; another method, 405', async (t) => {
    for (const p of ['/api/user/sessiontypes/projects', '/api/user/sessiontypes/sites', '/api/user/sessiontypes/services']) {
      for (const method of ['GET', 'POST', 'DELETE']) t.equal((await server.request(`${p}?id=1`, { method, ...(method === 'POST' ? { body: {} } : {}) })).status, 401, `${method} ${p}`);
      t.equal((await call(p, 'admin', 'PUT')).status, 405, `PUT ${p}`);
    }
  });
});
