import t, { type Test } from 'tap';
import { startTestServer } from '../../../helpers/server.js';

const types = [
  { id_device_type: 1, device_type_name: 'Vidéoconférence', device_type_key: 'videoconference' },
  { id_device_type: 2, device_type_name: 'Capteur', device_type_key: 'capteur' },
  { id_device_type: 3, device_type_name: 'Robot', device_type_key: 'robot' },
  { id_device_type: 4, device_type_name: 'Bureau Actif', device_type_key: 'bureau_actif' },
];
const subtypes = [
  { id_device_subtype: 1, id_device_type: 4, device_subtype_name: 'Bureau modèle #1', device_subtype_parent: 'Bureau Actif' },
  { id_device_subtype: 2, id_device_type: 4, device_subtype_name: 'Bureau modèle #2', device_subtype_parent: 'Bureau Actif' },
];
const USERS = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'];

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text()) as unknown;
}

t.test('/api/user/devicetypes and /devicesubtypes', async (t) => {
  const server = await startTestServer(t);
  const call = (path: string, user = 'admin', method = 'GET', body?: unknown) =>
    server.request(path, { method, basic: `${user}:${user}`, ...(body !== undefined ? { body } : {}) });
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };

  t.test('given each role, then everyone reads every type and subtype', async (t) => {
    const expect = expectIn(t);
    for (const user of USERS) {
      await expect(await call('/api/user/devicetypes', user), 200, types, `${user} types`);
      await expect(await call('/api/user/devicesubtypes', user), 200, subtypes, `${user} subtypes`);
    }
  });

  t.test('given filters, then OpenTera\'s answers', async (t) => {
    const expect = expectIn(t);
    await expect(await call('/api/user/devicetypes?id_device_type=2&list=true', 'user4'), 200, [types[1]]);
    await expect(await call('/api/user/devicetypes?device_type_key=robot'), 200, [types[2]]);
    await expect(await call('/api/user/devicetypes?id_device_type=0'), 200, [], 'id 0 without key: []');
    await expect(await call('/api/user/devicetypes?id_device_type=99'), 403, 'Unexisting ID/Forbidden access');
    await expect(await call('/api/user/devicetypes?device_type_key=nope'), 403, 'Unexisting ID/Forbidden access');
    await expect(await call('/api/user/devicetypes?id_device_type=abc'), 400);
    await expect(await call('/api/user/devicesubtypes?id_device_subtype=2&list=1', 'user'), 200, [subtypes[1]]);
    await expect(await call('/api/user/devicesubtypes?id_device_type=4'), 200, subtypes);
    await expect(await call('/api/user/devicesubtypes?id_device_type=1'), 200, []);
    await expect(await call('/api/user/devicesubtypes?id_device_type=0'), 403, 'No access to device type');
    await expect(await call('/api/user/devicesubtypes?id_device_subtype=5'), 403, 'No access to device subtype');
    await expect(await call('/api/user/devicesubtypes?id_device_subtype=1&id_device_type=4'), 400, 'Too Many IDs');
  });

  t.test('given no credentials, then 401 on every method', async (t) => {
    for (const path of ['/api/user/devicetypes', '/api/user/devicesubtypes']) {
      for (const method of ['GET', 'POST', 'DELETE']) t.equal((await server.request(`${path}?id=1`, { method, ...(method === 'POST' ? { body: {} } : {}) })).status, 401, `${method} ${path}`);
    }
  });

  t.test('given a non-superadmin, then every write is 403 and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    for (const user of USERS.slice(1)) {
      await expect(await call('/api/user/devicetypes', user, 'POST', { device_type: { id_device_type: 0, device_type_name: 'X', device_type_key: 'x' } }), 403, 'Forbidden', user);
      await expect(await call('/api/user/devicetypes', user, 'POST', { device_type: { id_device_type: 1, device_type_name: 'X' } }), 403, 'Forbidden', user);
      await expect(await call('/api/user/devicetypes?id=1', user, 'DELETE'), 403, 'Forbidden', user);
      await expect(await call('/api/user/devicesubtypes', user, 'POST', { device_subtype: { id_device_subtype: 0, device_subtype_name: 'X', id_device_type: 1 } }), 403, 'Forbidden', user);
      await expect(await call('/api/user/devicesubtypes?id=1', user, 'DELETE'), 403, 'Forbidden', user);
    }
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('given bad bodies or parameters, then 4xx and nothing changes', async (t) => {
    const expect = expectIn(t);
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', {}), 400, 'Missing device type');
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: {} }), 400, 'Missing id_device_type');
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: { id_device_type: null } }), 400);
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: { id_device_type: 0, device_type_key: 'k' } }), 400, 'Missing device_type_name');
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: { id_device_type: 0, device_type_name: 'N' } }), 400, 'Missing device_type_key');
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: { id_device_type: 0, device_type_name: 'N', device_type_key: 'robot' } }), 409, 'Device type key already exists');
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: { id_device_type: 1, device_type_key: 'robot' } }), 409, 'Device type key already exists');
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: { id_device_type: 1, device_type_key: 'other' } }), 400, 'device_type_key cannot be changed');
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: { id_device_type: 42, device_type_name: 'N' } }), 404, 'Invalid device type');
    await expect(await call('/api/user/devicetypes', 'admin', 'DELETE'), 400, 'Missing arguments');
    await expect(await call('/api/user/devicetypes?id=0', 'admin', 'DELETE'), 400, 'Missing arguments');
    await expect(await call('/api/user/devicetypes?id=1&device_type_key=robot', 'admin', 'DELETE'), 400, 'Tried to delete with 2 parameters');
    await expect(await call('/api/user/devicetypes?id=42', 'admin', 'DELETE'), 404, 'Device type not found');
    await expect(await call('/api/user/devicesubtypes', 'admin', 'POST', {}), 400, 'Missing device_subtype');
    await expect(await call('/api/user/devicesubtypes', 'admin', 'POST', { device_subtype: {} }), 400, 'Missing id_device_subtype');
    await expect(await call('/api/user/devicesubtypes', 'admin', 'POST', { device_subtype: { id_device_subtype: 0, device_subtype_name: 'S', id_device_type: 10 } }), 404, 'Invalid device type');
    await expect(await call('/api/user/devicesubtypes', 'admin', 'POST', { device_subtype: { id_device_subtype: 0, device_subtype_name: 'S' } }), 400, 'Missing id_device_type');
    await expect(await call('/api/user/devicesubtypes', 'admin', 'POST', { device_subtype: { id_device_subtype: 0, id_device_type: 2 } }), 400, 'Missing device_subtype_name');
    await expect(await call('/api/user/devicesubtypes', 'admin', 'POST', { device_subtype: { id_device_subtype: 9, device_subtype_name: 'S' } }), 404, 'Invalid device subtype');
    await expect(await call('/api/user/devicesubtypes', 'admin', 'DELETE'), 400);
    await expect(await call('/api/user/devicesubtypes?id=9', 'admin', 'DELETE'), 404, 'Device subtype not found');
    t.equal(await server.core.store.headPosition(), before);
  });

  t.test('given a superadmin, then writes are answered and readable at once', async (t) => {
    const expect = expectIn(t);
    const created = await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: { id_device_type: 0, device_type_name: 'Robot', device_type_key: 'robot2' } }), 200);
    t.same(created, [{ id_device_type: 5, device_type_name: 'Robot', device_type_key: 'robot2' }], 'ids continue after the seeded ones; same name, other key');
    await expect(await call('/api/user/devicetypes', 'admin', 'POST', { device_type: { id_device_type: 5, device_type_name: 'Robot 2', device_type_key: 'robot2' } }), 200, [
      { id_device_type: 5, device_type_name: 'Robot 2', device_type_key: 'robot2' },
    ]);
    await expect(await call('/api/user/devicetypes?id_device_type=5', 'user4'), 200, [{ id_device_type: 5, device_type_name: 'Robot 2', device_type_key: 'robot2' }]);

    const a = await expect(await call('/api/user/devicesubtypes', 'admin', 'POST', { device_subtype: { id_device_subtype: 0, device_subtype_name: 'Same', id_device_type: 2 } }), 200);
    t.same(a, [{ id_device_subtype: 3, id_device_type: 2, device_subtype_name: 'Same', device_subtype_parent: 'Capteur' }]);
    await expect(await call('/api/user/devicesubtypes', 'admin', 'POST', { device_subtype: { id_device_subtype: 0, device_subtype_name: 'Same', id_device_type: 5 } }), 200, [
      { id_device_subtype: 4, id_device_type: 5, device_subtype_name: 'Same', device_subtype_parent: 'Robot 2' },
    ]);
    await expect(await call('/api/user/devicesubtypes', 'admin', 'POST', { device_subtype: { id_device_subtype: 3, device_subtype_name: 'Renamed', id_device_type: 4 } }), 200, [
      { id_device_subtype: 3, id_device_type: 2, device_subtype_name: 'Renamed', device_subtype_parent: 'Capteur' },
    ], 'a subtype never changes type');

    await expect(await call('/api/user/devicesubtypes?id=3', 'admin', 'DELETE'), 200, 'Device subtype successfully deleted');
    await expect(await call('/api/user/devicesubtypes?id_device_subtype=3'), 403);
    await expect(await call('/api/user/devicetypes?device_type_key=robot2', 'admin', 'DELETE'), 200, 'Device type successfully deleted');
    await expect(await call('/api/user/devicetypes?id_device_type=5'), 403, 'Unexisting ID/Forbidden access');
    await expect(await call('/api/user/devicesubtypes?id_device_subtype=4'), 403, undefined, 'its subtypes went with it');
    await expect(await call('/api/user/devicetypes'), 200, types);
    await expect(await call('/api/user/devicesubtypes'), 200, subtypes);
  });
});

t.test('DELETE /api/user/devicetypes and /devicesubtypes while devices use them', async (t) => {
  const server = await startTestServer(t);
  const call = (path: string, method = 'GET', body?: unknown, headers?: Record<string, string>) =>
    server.request(path, { method, basic: 'admin:admin', ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const typeRefused = "Can't delete device type: please delete all associated devices before deleting.";
  const subtypeRefused = "Can't delete device subtype: please delete all devices of that subtype before deleting.";
  const expectIn = (t: Test) => async (response: Response, status: number, body?: unknown, message = '') => {
    t.equal(response.status, status, message);
    const parsed = await json(response);
    if (body !== undefined) t.same(parsed, body, message);
    return parsed;
  };

  t.test('given a device of the type or subtype, then 409 with OpenTera\'s reason, and nothing changes', async (t) => {
    const expect = expectIn(t);
    const created = (await expect(await call('/api/user/devices', 'POST', { device: { id_device: 0, device_name: 'Desk', id_device_type: 4, id_device_subtype: 1 } }), 200)) as { id_device: number }[];
    const before = await server.core.store.headPosition();
    await expect(await call('/api/user/devicetypes?id=2', 'DELETE'), 409, typeRefused, 'device 1 is a Capteur (OpenTera: 500)');
    await expect(await call('/api/user/devicetypes?device_type_key=bureau_actif', 'DELETE'), 409, typeRefused);
    await expect(await call('/api/user/devicesubtypes?id=1', 'DELETE'), 409, subtypeRefused, 'OpenTera: 500');
    await expect(
      await call('/api/user/devicesubtypes?id=1', 'DELETE', undefined, { 'accept-language': 'fr' }),
      409,
      "Impossible de supprimer le sous-type d'appareil: veuillez supprimer ou modifier tous les appareils utilisant ce sous-type au préalable.",
    );
    t.equal(await server.core.store.headPosition(), before);
    t.equal((await call('/api/user/devicesubtypes?id_device_type=4')).status, 200);

    t.test('given the device off the subtype, then the subtype goes, and the type once the device is deleted', async (t) => {
      const expect = expectIn(t);
      const id = created[0]!.id_device;
      await expect(await call('/api/user/devices', 'POST', { device: { id_device: id, id_device_subtype: 0 } }), 200);
      await expect(await call('/api/user/devicesubtypes?id=1', 'DELETE'), 200, 'Device subtype successfully deleted');
      await expect(await call('/api/user/devicetypes?id=4', 'DELETE'), 409, typeRefused, 'the device is still of the type');
      await expect(await call(`/api/user/devices?id=${id}`, 'DELETE'), 200, 'Device successfully deleted');
      await expect(await call('/api/user/devicetypes?id=4', 'DELETE'), 200, 'Device type successfully deleted', 'a deleted device does not count');
      await expect(await call('/api/user/devicesubtypes?id_device_subtype=2'), 403, undefined, 'its other subtype went with it');
    });
  });
});
