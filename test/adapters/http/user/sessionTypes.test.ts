import t, { type Test } from 'tap';
import { handle } from '../../../../commands/handle.js';
import { serviceStream } from '../../../../commands/services.js';
import { createSessionCommand, sessionStream } from '../../../../commands/sessions.js';
import { service, unlinkServiceFromProject } from '../../../../domain/service.js';
import { deleteSession, session } from '../../../../domain/session.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const USERS = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'];
const path = '/api/user/sessiontypes';
const DELETE_REFUSED = "Can't delete session type: please delete all sessions with that type before deleting.";

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

/** Sessions written as the sessions API will write them, to exercise the refusals that need them. */
function sessions(server: TestServer) {
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const none = { userId: null, deviceId: null, participantId: null, serviceId: null };
  return {
    async create(typeId: number, options: { participants?: number[]; creatorParticipant?: number } = {}) {
      const created = await createSessionCommand(context, {
        typeId,
        name: 'Session Test',
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
      await server.core.runner.waitFor(created.position!, 5000);
      return created.uuid;
    },
    async remove(uuid: string) {
      const result = await handle(context.deps, context.request, session, sessionStream(uuid), deleteSession);
      await server.core.runner.waitFor(result.position!, 5000);
    },
  };
}

const names = (list: Json[]) => list.map((e) => e.session_type_name);
const idsOf = (list: Json[]) => list.map((e) => e.id_session_type);

t.test('GET /api/user/sessiontypes', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, get } = client(server);

  t.test('given each role, then the types linked to its sites, full or minimal', async (t) => {
    const all = await get(path);
    t.same(idsOf(all), [1, 2, 3, 4, 5], 'a superadmin: every type, by id');
    t.same(all[0], {
      id_session_type: 1,
      id_service: 6,
      session_type_name: 'Suivi vidéo',
      session_type_online: true,
      session_type_config: '',
      session_type_color: '#00FF00',
      session_type_category: 1,
      session_type_service_key: 'VideoRehabService',
      session_type_service_uuid: all[0]!.session_type_service_uuid,
    });
    t.match(all[0], { session_type_service_uuid: /^[0-9a-f-]{36}$/ });
    t.same(all[1], {
      id_session_type: 2,
      id_service: null,
      session_type_name: 'Données Capteur',
      session_type_online: false,
      session_type_config: '',
      session_type_color: '#0000FF',
      session_type_category: 3,
    }, 'no service: no service key nor uuid');
    t.same((await get(`${path}?list=1`))[4], { id_session_type: 5, id_service: 3, session_type_name: 'FileTransfer', session_type_color: '#FF00FF', session_type_category: 1 });
    t.same(Object.keys((await get(`${path}?list=false`))[0]!).sort(), ['id_service', 'id_session_type', 'session_type_category', 'session_type_color', 'session_type_name'], 'list acts when present');
    for (const user of ['siteadmin', 'user', 'user2', 'user3']) {
      t.same(names(await get(path, user)), ['Collecte données', 'Données Capteur', 'Exercices individuels', 'FileTransfer', 'Suivi vidéo'], `${user}: every type of site 1, by name`);
    }
    t.same(await get(path, 'user4'), [], 'user4 has no site');
  });

  t.test('given id_session_type, then that type when the requester may see it', async (t) => {
    t.same(idsOf(await get(`${path}?id_session_type=1`)), [1]);
    t.same(await get(`${path}?id_session_type=99`), []);
    t.same(await get(`${path}?id_session_type=1`, 'user4'), [], 'user4');
    t.same(idsOf(await get(`${path}?id_session_type=1`, 'user3')), [1], 'user3');
    t.same(idsOf(await get(`${path}?id_session_type=0&id_site=2`)), [4], 'id 0 is no id');
  });

  t.test('given id_project, then its types, only in a project the requester has a role in', async (t) => {
    t.same(await get(`${path}?id_project=3`), [], 'project 3 has no type');
    t.same(idsOf(await get(`${path}?id_project=1&list=1`)), [1, 2, 3, 4], 'as many as its links');
    t.same(idsOf(await get(`${path}?id_project=2`)), [5]);
    for (const user of USERS) t.equal((await get(`${path}?id_project=1`, user)).length, user === 'user4' ? 0 : 4, user);
    t.same(await get(`${path}?id_project=2`, 'user3'), [], 'user3 has no role in project 2 (OpenTera does not check)');
    t.same(idsOf(await get(`${path}?id_project=2`, 'user')), [5]);
  });

  t.test('given id_site, then its types, and 403 without a role in the site', async (t) => {
    const expect = expectIn(t);
    t.same(idsOf(await get(`${path}?id_site=2`)), [4]);
    t.equal((await get(`${path}?id_site=1&list=1`)).length, 5, 'as many as its links');
    await expect(await call(`${path}?id_site=2`, 'user'), 403, 'Forbidden');
    await expect(await call(`${path}?id_site=2`, 'siteadmin'), 403, 'Forbidden');
    await expect(await call(`${path}?id_site=1`, 'user4'), 403, 'Forbidden');
    await expect(await call(`${path}?id_site=1`, 'user4', 'GET', undefined, { 'accept-language': 'fr' }), 403, 'Accès refusé');
    await expect(await call(`${path}?id_site=99`), 403, 'Forbidden');
    for (const user of ['user', 'user3', 'siteadmin']) t.equal((await get(`${path}?id_site=1`, user)).length, 5, user);
    await expect(await call(`${path}?id_site=abc`), 400);
  });

  t.test('given a SERVICE type whose service the requester cannot reach, then id_project leaves it out', async (t) => {
    const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
    const videoRehab = (await server.core.database.db.withSchema('rm').selectFrom('services').select('service_uuid').where('id_service', '=', 6).executeTakeFirstOrThrow()).service_uuid as string;
    const unlinked = await handle(context.deps, context.request, service, serviceStream(videoRehab), (s) => unlinkServiceFromProject(s, 1));
    await server.core.runner.waitFor(unlinked.position!, 5000);
    t.same(idsOf(await get(`${path}?id_project=1`, 'user3')), [2, 3, 4], 'user3 reaches VideoRehab through project 1 only');
    t.same(idsOf(await get(`${path}?id_project=1`, 'siteadmin')), [1, 2, 3, 4], 'a site admin reaches it through site 1');
  });
});

t.test('POST and DELETE /api/user/sessiontypes', async (t) => {
  const server = await startTestServer(t);
  const { call, expectIn, get } = client(server);
  const post = (body: unknown, user = 'admin') => call(path, user, 'POST', body);
  const linkIds = async (endpoint: string, typeId: number, key: string) => (await get(`${path}/${endpoint}?id_session_type=${typeId}&list`)).map((l) => l[key]);
  const base = { id_session_type: 0, session_type_category: 1, session_type_color: 'red', session_type_name: 'Test', session_type_online: true };

  t.test('given bad or refused bodies, then OpenTera\'s 4xx and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await post({ id_service: null, ...base }), 400, 'Missing session_type');
    await expect(await post({ id_service: null, ...base }, 'admin'), 400, 'Missing session_type');
    const { id_session_type: _id, ...withoutId } = base;
    await expect(await post({ session_type: withoutId }), 400, 'Missing id_session_type');
    await expect(await post({ session_type: base }), 400, 'Missing id_service for session type of type service');
    await expect(await post({ session_type: { ...base, id_service: 0 } }), 400, 'Missing id_service for session type of type service', 'service 0 is none');
    await expect(await post({ session_type: { ...base, id_service: 3 } }, 'siteadmin'), 400, 'Missing site(s) to associate that session type to');
    await expect(await post({ session_type: { ...base, id_service: 3, session_type_sites: [] } }, 'siteadmin'), 400, 'Missing site(s) to associate that session type to', 'an empty list too (OpenTera: a type nobody sees)');
    const full = { ...base, id_service: 3, session_type_sites: [{ id_site: 1 }] };
    await expect(await post({ session_type: { ...full, session_type_projects: [{ id_project: 1 }, { id_project: 3 }] } }, 'siteadmin'), 403, 'No project admin access for at a least one project in the list');
    await expect(await post({ session_type: { ...full, session_type_sites: [{ id_site: 2 }] } }, 'siteadmin'), 403, 'No site admin access for at least one site in the list');
    await expect(await post({ session_type: full }, 'user4'), 403, 'Forbidden', 'user4 reaches no service');
    await expect(await post({ session_type: { ...full, id_service: 6, session_type_category: 2 } }, 'user'), 403, 'No site admin access for at least one site in the list');
    await expect(await post({ session_type: { ...full, id_service: 4 } }, 'siteadmin'), 403, 'Forbidden', 'EmailService is out of its reach');
    await expect(await post({ session_type: { ...full, session_type_name: 'x'.repeat(2000) } }), 400, undefined, 'a name too long');
    await expect(await post({ session_type: { ...full, session_type_color: 'too long!' } }), 400, 'Invalid session_type_color');
    await expect(await post({ session_type: { ...full, session_type_category: 9 } }), 400, 'Invalid session_type_category', 'OpenTera: 500');
    const { session_type_name: _name, ...nameless } = full;
    await expect(await post({ session_type: { ...nameless, session_type_category: 2 } }), 400, 'Missing session_type_name', 'OpenTera: 500');
    const unknown = (await expect(await post({ session_type: { ...full, session_type_profile: 'x' } }), 400)) as Json;
    t.same(unknown.errors, { 'session_type.session_type_profile': 'Unknown field' }, 'OpenTera: 500');
    await expect(await post({ session_type: { ...full, id_service: 99 } }), 404, 'Invalid service', 'a superadmin learns the service is unknown');
    await expect(await post({ session_type: { ...full, session_type_sites: [{ id_site: 9 }] } }), 404, 'Invalid site');
    await expect(await post({ session_type: { ...full, session_type_projects: [{ id_project: 9 }] } }), 404, 'Invalid project');
    await expect(await post({ session_type: { ...full, session_type_projects: [{ id_project: 3 }] } }), 400, 'Session type not associated to project site');
    await expect(await post({ session_type: { ...full, session_type_services: [{ id_service: 99 }] } }), 404, 'Invalid service');
    await expect(await post({ session_type: { id_session_type: 99, session_type_name: 'X' } }), 404, 'Invalid session type', 'OpenTera: 500');
    await expect(await post({ session_type: { id_session_type: 99, session_type_name: 'X' } }, 'siteadmin'), 403, 'Forbidden');
    await expect(await post({ session_type: { id_session_type: 1, session_type_name: 'X' } }, 'user3'), 403, 'Forbidden', 'a project admin does not manage types');
    await expect(await post({ session_type: { id_session_type: 1, session_type_name: 'X' } }, 'user'), 403, 'Forbidden');
    await expect(await post({ session_type: { id_session_type: 4, session_type_name: 'X' } }, 'siteadmin'), 403, 'Forbidden', 'type 4 is site 2\'s too (OpenTera renames it)');
    await expect(
      await post({ session_type: { id_session_type: 1, session_type_projects: [] } }),
      409,
      "Can't delete session type from project: please delete all sessions using that type in that project before deleting.",
      'sessions of type 1 in project 1',
    );
    await expect(
      await post({ session_type: { id_session_type: 1, session_type_sites: [] } }),
      409,
      "Can't delete session type from site: please delete all sessions of that type in the site before deleting.",
    );
    await expect(
      await post({ session_type: { id_session_type: 3, session_type_services: [] } }, 'admin'),
      409,
      "Can't remove associated service from session type: please delete all sessions using that type before deleting.",
      'OpenTera: 400',
    );
    await expect(
      await call(path, 'admin', 'POST', { session_type: { id_session_type: 3, session_type_services: [] } }, { 'accept-language': 'fr-CA' }),
      409,
      'Impossible de retirer le service du type de séance: veuillez supprimer toutes les séances de ce type au préalable.',
    );
    await expect(await post({ session_type: { id_session_type: 5, session_type_projects: [{ id_project: 2 }, { id_project: 3 }] } }), 400, 'Session type not associated to project site');
    t.equal(await server.core.store.headPosition(), before);
  });

  let created = 0;
  t.test('given a site admin, then it creates a type in its site and changes it', async (t) => {
    const expect = expectIn(t);
    const body = { ...base, id_service: 3, session_type_sites: [{ id_site: 1 }], session_type_projects: [{ id_project: 1 }, { id_project: 2 }] };
    const [answer] = (await expect(await post({ session_type: body }, 'siteadmin'), 200)) as Json[];
    created = answer!.id_session_type as number;
    t.match(answer, {
      id_service: 3,
      session_type_name: 'Test',
      session_type_online: true,
      session_type_config: null,
      session_type_color: 'red',
      session_type_category: 1,
      session_type_service_key: 'FileTransferService',
      session_type_service_uuid: String,
    });
    t.same(await linkIds('sites', created, 'id_site'), [1]);
    t.same(await linkIds('projects', created, 'id_project'), [1, 2]);
    t.ok(idsOf(await get(path, 'user')).includes(created), 'site 1 users see it');

    const update = { id_session_type: created, session_type_category: 2, session_type_name: 'Test 2', session_type_projects: [{ id_project: 1 }] };
    const [updated] = (await expect(await post({ session_type: update }, 'siteadmin'), 200)) as Json[];
    t.match(updated, { id_session_type: created, session_type_name: 'Test 2', session_type_category: 2, id_service: 3, session_type_color: 'red' });
    t.same(await linkIds('projects', created, 'id_project'), [1], 'project 2 left: the requester administers it and did not list it');
    await expect(await post({ session_type: { ...update, session_type_projects: [{ id_project: 1 }, { id_project: 2 }] } }, 'siteadmin'), 200);
    t.same(await linkIds('projects', created, 'id_project'), [1, 2], 'changed projects');
    await expect(await post({ session_type: { ...update, session_type_service_key: 'FileTransferService', session_type_service_uuid: 'x', id_service: 0 } }, 'user2'), 200, undefined, 'what GET gave back is accepted; service 0 ignored');
    t.match((await get(`${path}?id_session_type=${created}`))[0], { id_service: 3 });

    await expect(await post({ session_type: { id_session_type: 4, session_type_name: 'Exercices individuels', session_type_projects: [{ id_project: 1 }, { id_project: 2 }] } }, 'siteadmin'), 200, undefined, 'the lists of a shared type are within reach');
    t.same(await linkIds('projects', 4, 'id_project'), [1, 2]);
    await expect(await post({ session_type: { id_session_type: 4, session_type_name: 'Exercices' } }), 200, undefined, 'a superadmin renames it');
  });

  t.test('given a SERVICE type linked to sites and projects, then its service follows', async (t) => {
    const expect = expectIn(t);
    const rm = server.core.database.db.withSchema('rm');
    const robotLinks = async () => ({
      sites: (await rm.selectFrom('services_sites').select('id_site').where('id_service', '=', 7).where('deleted_at', 'is', null).orderBy('id_site').execute()).map((r) => r.id_site),
      projects: (await rm.selectFrom('services_projects').select('id_project').where('id_service', '=', 7).where('deleted_at', 'is', null).orderBy('id_project').execute()).map((r) => r.id_project),
    });
    t.same(await robotLinks(), { sites: [], projects: [] });
    const [robot] = (await expect(await post({ session_type: { ...base, id_service: 7, session_type_sites: [{ id_site: 2 }], session_type_projects: [{ id_project: 3 }] } }), 200)) as Json[];
    t.same(await robotLinks(), { sites: [2], projects: [3] }, 'the robot service is now in site 2 and project 3');
    t.same(idsOf(await get(`${path}?id_project=3`)), [robot!.id_session_type]);
    await expect(await post({ session_type: { id_session_type: robot!.id_session_type, session_type_sites: [{ id_site: 1 }, { id_site: 2 }], session_type_projects: [{ id_project: 2 }, { id_project: 3 }] } }), 200);
    t.same(await robotLinks(), { sites: [1, 2], projects: [2, 3] });
    await expect(await post({ session_type: { id_session_type: robot!.id_session_type, session_type_projects: [{ id_project: 3 }] } }), 200);
    t.same(await robotLinks(), { sites: [1, 2], projects: [2, 3] }, 'the type leaving a project leaves the service there, as OpenTera');
  });

  t.test('given secondary services, then each role changes those it administers', async (t) => {
    const expect = expectIn(t);
    const body = { ...base, id_service: 3, session_type_sites: [{ id_site: 1 }], session_type_services: [{ id_service: 4 }] };
    await expect(await post({ session_type: body }, 'siteadmin'), 403, 'No service admin access for at a least one service in the list', 'EmailService is not in site 1');
    const [answer] = (await expect(await post({ session_type: { ...body, session_type_services: [{ id_service: 3 }] } }, 'siteadmin'), 200)) as Json[];
    const id = answer!.id_session_type as number;
    t.same(await linkIds('services', id, 'id_service'), [3]);
    await expect(await post({ session_type: { ...body, id_session_type: id, session_type_services: [{ id_service: 4 }, { id_service: 3 }] } }), 200);
    t.same(await linkIds('services', id, 'id_service'), [3, 4], 'a superadmin sets two');
    await expect(await post({ session_type: { ...body, id_session_type: id, session_type_services: [] } }, 'siteadmin'), 200);
    t.same(await linkIds('services', id, 'id_service'), [4], 'the site admin removes only FileTransfer; Email stays');
    await expect(await post({ session_type: { ...body, id_session_type: id, session_type_services: [] } }, 'user'), 403, 'Forbidden', 'a site user manages no type');
  });

  t.test('given DELETE, then admins of all its sites and projects delete a type without sessions', async (t) => {
    const expect = expectIn(t);
    await expect(await call(path, 'admin', 'DELETE'), 400);
    await expect(await call(`${path}?id=${created}`, 'user4', 'DELETE'), 403, 'Forbidden', 'user4 does not see it');
    t.same(await linkIds('projects', created, 'id_project'), [1]);
    await expect(await call(`${path}?id=${created}`, 'user', 'DELETE'), 403, 'Cannot delete because you are not admin in all projects.');
    await expect(await call(`${path}?id=${created}`, 'user3', 'DELETE'), 403, 'Forbidden', 'the admin of its only project is no admin of its site (OpenTera: deleted)');
    await expect(await call(`${path}?id=4`, 'siteadmin', 'DELETE'), 403, 'Forbidden', 'type 4 is in site 2 too');
    const uuid = await sessions(server).create(created);
    await expect(await call(`${path}?id=${created}`, 'siteadmin', 'DELETE'), 409, DELETE_REFUSED, 'OpenTera: 500');
    await expect(await call(`${path}?id=${created}`, 'siteadmin', 'DELETE', undefined, { 'accept-language': 'fr' }), 409, 'Impossible de supprimer le type de séance: veuillez supprimer toutes les séances de ce type au préalable.');
    await sessions(server).remove(uuid);
    await expect(await call(`${path}?id=${created}`, 'siteadmin', 'DELETE'), 200, '');
    t.same(await get(`${path}?id_session_type=${created}`), []);
    t.same(await get(`${path}/projects?id_project=1&list`).then((l) => l.filter((e) => e.id_session_type === created)), [], 'its links went with it');
    await expect(await call(`${path}?id=${created}`, 'admin', 'DELETE'), 404, 'Invalid session type', 'OpenTera: 500');
    await expect(await call(`${path}?id=${created}`, 'siteadmin', 'DELETE'), 403, 'Forbidden');

    const [bare] = (await expect(await post({ session_type: { ...base, session_type_category: 2, session_type_sites: [{ id_site: 1 }] } }), 200)) as Json[];
    const bareId = bare!.id_session_type as number;
    await expect(await call(`${path}?id=${bareId}`, 'user', 'DELETE'), 403, 'Unable to delete - not admin in at least one project');
    await expect(await call(`${path}?id=${bareId}`, 'user3', 'DELETE'), 403, 'Forbidden', 'a project admin elsewhere (OpenTera: deleted)');
    await expect(await call(`${path}?id=${bareId}`, 'user2', 'DELETE'), 200, '');
    await expect(await call(`${path}?id=1`, 'admin', 'DELETE'), 409, DELETE_REFUSED, 'the test data has sessions of type 1');
  });

  t.test('given no credentials, then 401; another method, 405', async (t) => {
    for (const method of ['GET', 'POST', 'DELETE']) t.equal((await server.request(`${path}?id=1`, { method, ...(method === 'POST' ? { body: {} } : {}) })).status, 401, method);
    t.equal((await call(path, 'admin', 'PUT')).status, 405);
  });

  t.test('given the OpenAPI document, then every session type path and method is there', async (t) => {
    const document = (await (await server.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const p of [path, `${path}/projects`, `${path}/sites`, `${path}/services`]) t.same(Object.keys(document.paths[p] ?? {}).sort(), ['delete', 'get', 'post'], p);
  });
});
