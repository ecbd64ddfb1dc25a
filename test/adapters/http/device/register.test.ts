import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import t from 'tap';
import { OID } from '../../../../adapters/auth/certificateAuthority.js';
import { selectDevices, type DeviceRow } from '../../../../projections/queries/partyRows.js';
import { LIVE_SCHEMA } from '../../../../projections/schema.js';
import { startServer } from '../../../../services/teraserver/server.js';
import { testConfig } from '../../../helpers/config.js';
import { seededDatabase } from '../../../helpers/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Registered {
  device_uuid: string;
  device_name: string;
  device_enabled: boolean;
  device_token: string;
  device_certificate?: string;
  ca_info?: string;
}

/** A device's CSR, made as a device library would: its own key and some subject of its choosing. */
async function makeCsr(): Promise<{ pem: string; publicKey: ArrayBuffer }> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']));
  const request = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=Bracelet 12', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
  return { pem: request.toString('pem'), publicKey: await webcrypto.subtle.exportKey('spki', keys.publicKey) };
}

t.test('/api/device/register', async (t) => {
  // The rate limit counts per client address: behind a trusted proxy, each call below names its own address in
  // X-Forwarded-For, except where the limit itself is tested (then the clock stands still).
  const database = await seededDatabase(t, 'opentera-test');
  let frozen: Date | undefined;
  const server = await startServer(testConfig({ trustedProxies: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] }), { database, clock: { now: () => frozen ?? new Date() } });
  t.teardown(() => server.close());
  const readDb = server.core.database.db.withSchema(LIVE_SCHEMA);

  let lastAddress = 0;
  const nextAddress = () => `198.51.100.${++lastAddress}`;
  const call = (path: string, o: { method?: string; address?: string; headers?: Record<string, string>; body?: string; basic?: string } = {}) =>
    fetch(server.url + path, {
      method: o.method ?? 'GET',
      headers: {
        'x-forwarded-for': o.address ?? nextAddress(),
        ...(o.basic ? { authorization: `Basic ${Buffer.from(o.basic).toString('base64')}` } : {}),
        ...o.headers,
      },
      ...(o.body !== undefined ? { body: o.body } : {}),
    });
  const json = async (response: Response) => JSON.parse(await response.text()) as unknown;
  const admin = async (path: string) => json(await call(path, { basic: 'admin:admin' }));

  const key = ((await admin('/api/user/server/settings?device_register_key=true')) as { device_register_key: string }).device_register_key;
  t.match(key, /^[0-9A-Za-z]{10}$/);
  const register = (query: string, o: Parameters<typeof call>[1] = {}) => call(`/api/device/register?key=${key}&${query}`, o);
  const typeCount = async () => ((await admin('/api/user/devicetypes')) as unknown[]).length;
  const deviceRow = async (uuid: string): Promise<DeviceRow | undefined> => {
    const row: DeviceRow | undefined = await selectDevices(readDb).where('d.device_uuid', '=', uuid).executeTakeFirst();
    return row;
  };
  const linkCount = async (id: number) => {
    let count = 0;
    for (const table of ['devices_sites', 'devices_projects', 'devices_participants']) count += (await readDb.selectFrom(table).select('id_device').where('id_device', '=', id).execute()).length;
    return count;
  };
  const deviceCount = async () => (await readDb.selectFrom('devices').select('id_device').execute()).length;

  t.test('given no or unknown parameters, then 400 as reqparse answers', async (t) => {
    const none = await call('/api/device/register');
    t.equal(none.status, 400);
    t.match(await json(none), { message: 'Input payload validation failed', errors: { key: /Missing required parameter/, name: /Missing required parameter/, type_key: /Missing required parameter/ } });
    const unknown = await register('name=X&type_key=capteur&color=blue');
    t.equal(unknown.status, 400);
    t.same(await json(unknown), { message: 'Unknown arguments: color' });
    const badBoolean = await register('name=X&type_key=capteur&onlineable=maybe');
    t.equal(badBoolean.status, 400);
    const post = await call(`/api/device/register?name=X&type_key=capteur`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: (await makeCsr()).pem });
    t.equal(post.status, 400, 'POST without the key');
    t.equal((await call('/api/device/register', { method: 'PUT' })).status, 405);
  });

  t.test('given a wrong key, then 401 and nothing registered', async (t) => {
    const before = await deviceCount();
    const wrong = await call('/api/device/register?key=0123456789&name=X&type_key=newtype');
    t.equal(wrong.status, 401);
    t.same(await json(wrong), 'Invalid registration key');
    const french = await call('/api/device/register?key=nope&name=X&type_key=capteur', { headers: { 'accept-language': 'fr' } });
    t.same(await json(french), "Clé d'enregistrement invalide");
    const post = await call('/api/device/register?key=nope&name=X&type_key=capteur', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    t.equal(post.status, 401, 'the key is checked before the content type');
    t.equal(await deviceCount(), before);
    t.equal(await typeCount(), 4);
  });

  t.test('given an existing type key, then a disabled device of that type, linked to nothing, whose token works once enabled', async (t) => {
    const response = await register('name=Apple%20Watch%20%2342&type_key=capteur');
    t.equal(response.status, 200);
    const body = (await json(response)) as Registered;
    t.same(Object.keys(body).sort(), ['device_enabled', 'device_name', 'device_token', 'device_uuid']);
    t.match(body, { device_name: 'Apple Watch #42', device_enabled: false, device_uuid: UUID });
    t.equal(await typeCount(), 4, 'no new type');

    const row = await deviceRow(body.device_uuid);
    t.match(row, { device_name: 'Apple Watch #42', id_device_type: 2, id_device_subtype: null, device_enabled: false, device_onlineable: false, device_config: null });
    t.equal(await linkCount(row!.id_device), 0, 'no site, project or participant');
    const claims = JSON.parse(Buffer.from(body.device_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    t.same(claims, { iss: 'TeraServer', jti: row!.device_token_id, device_uuid: body.device_uuid, id_device: row!.id_device });

    // The token is the device's: it authenticates it, and a new device is disabled.
    const login = await call('/api/device/login', { headers: { authorization: `OpenTera ${body.device_token}` } });
    t.equal(login.status, 401);
    t.same(await json(login), 'Disabled device');

    const [event] = await server.core.store.readStream(`device-${body.device_uuid}`);
    t.same(event?.metadata.actor, { kind: 'system', uuid: 'device-registration' });
    t.equal(event?.type, 'DeviceRegistered');
  });

  t.test('given onlineable, then the device is onlineable', async (t) => {
    const body = (await json(await register('name=Robot&type_key=robot&onlineable=True'))) as Registered;
    t.match(await deviceRow(body.device_uuid), { id_device_type: 3, device_onlineable: true, device_enabled: false });
  });

  t.test('given a new type key, then the type is created with that key as its name', async (t) => {
    const response = await register('name=Scale&type_key=balance');
    t.equal(response.status, 200);
    const types = (await admin('/api/user/devicetypes')) as { id_device_type: number; device_type_key: string; device_type_name: string }[];
    t.equal(types.length, 5);
    const created = types.find((type) => type.device_type_key === 'balance');
    t.match(created, { device_type_name: 'balance' });
    t.equal((await deviceRow(((await json(response)) as Registered).device_uuid))?.id_device_type, created?.id_device_type);

    const again = (await json(await register('name=Scale%202&type_key=balance'))) as Registered;
    t.equal(await typeCount(), 5, 'found the second time');
    t.equal((await deviceRow(again.device_uuid))?.id_device_type, created?.id_device_type);
  });

  t.test('given subtype names, then an existing one is reused and a new one created under the type', async (t) => {
    const existing = (await json(await register(`name=Desk&type_key=bureau_actif&subtype_name=${encodeURIComponent('Bureau modèle #2')}`))) as Registered;
    t.match(await deviceRow(existing.device_uuid), { id_device_type: 4, id_device_subtype: 2 });
    t.equal(((await admin('/api/user/devicesubtypes?id_device_type=4')) as unknown[]).length, 2, 'no new subtype');

    const created = (await json(await register('name=Desk%203&type_key=bureau_actif&subtype_name=Mod%C3%A8le%203'))) as Registered;
    const subtypes = (await admin('/api/user/devicesubtypes?id_device_type=4')) as { id_device_subtype: number; device_subtype_name: string }[];
    t.equal(subtypes.length, 3);
    const model3 = subtypes.find((s) => s.device_subtype_name === 'Modèle 3');
    t.ok(model3);
    t.equal((await deviceRow(created.device_uuid))?.id_device_subtype, model3?.id_device_subtype);

    // The same name under another type is another subtype; a new type with a new subtype at once works too.
    const other = (await json(await register('name=Bot&type_key=robot&subtype_name=Mod%C3%A8le%203'))) as Registered;
    const robotSubtypes = (await admin('/api/user/devicesubtypes?id_device_type=3')) as { id_device_subtype: number }[];
    t.equal(robotSubtypes.length, 1);
    t.equal((await deviceRow(other.device_uuid))?.id_device_subtype, robotSubtypes[0]?.id_device_subtype);
    const both = await register('name=Glove&type_key=glove&subtype_name=left');
    t.equal(both.status, 200);
    t.match(await deviceRow(((await json(both)) as Registered).device_uuid), { id_device_subtype: Number });
    t.equal(await typeCount(), 6);
  });

  t.test('given a blank name or type key, then 400 and nothing created', async (t) => {
    const before = await typeCount();
    const blankName = await register('name=%20&type_key=brand-new');
    t.equal(blankName.status, 400);
    t.same(await json(blankName), 'Missing device_name');
    t.equal((await register('name=X&type_key=')).status, 400);
    t.equal(await typeCount(), before, 'no type left behind');
  });

  t.test('given a CSR, then a certificate for the new device, signed by the CA the reply names', async (t) => {
    const csr = await makeCsr();
    const response = await register('name=Watch&type_key=capteur&subtype_name=Wrist', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: csr.pem });
    t.equal(response.status, 200);
    const body = (await json(response)) as Registered;
    t.same(Object.keys(body).sort(), ['ca_info', 'device_certificate', 'device_enabled', 'device_name', 'device_token', 'device_uuid']);
    t.match(body, { device_name: 'Watch', device_enabled: false });

    const certificate = new x509.X509Certificate(body.device_certificate!);
    const ca = new x509.X509Certificate(body.ca_info!);
    t.equal(new x509.Name(certificate.subjectName.toArrayBuffer(), { UID: OID.userId }).toString(), `CN=Device, UID=${body.device_uuid}`);
    t.equal(certificate.issuer, ca.subject);
    t.ok(await certificate.verify({ publicKey: ca }), 'signed by ca_info');
    t.same(Buffer.from(certificate.publicKey.rawData), Buffer.from(csr.publicKey), "the device's key");

    const stored = await readDb.selectFrom('devices').select(['device_certificate', 'device_enabled', 'id_device_subtype']).where('device_uuid', '=', body.device_uuid).executeTakeFirst();
    t.equal(stored?.device_certificate, body.device_certificate, 'the certificate is kept');
    t.equal(stored?.device_enabled, false);
    t.ok(stored?.id_device_subtype);
    const events = await server.core.store.readStream(`device-${body.device_uuid}`);
    t.same(events.map((e) => e.type), ['DeviceRegistered', 'DeviceCertificateIssued']);
    t.equal(events[1]?.data.serial, certificate.serialNumber.toLowerCase());

    // The next registration is signed by the same CA.
    const next = (await json(await register('name=Watch%202&type_key=capteur', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: (await makeCsr()).pem }))) as Registered;
    t.equal(next.ca_info, body.ca_info);
  });

  t.test('given a POST that is not an octet-stream CSR, then 400 and nothing registered', async (t) => {
    const before = await deviceCount();
    const pem = (await makeCsr()).pem;
    for (const contentType of ['text/plain', 'application/octet-stream; charset=utf-8', 'application/x-pem-file']) {
      const response = await register('name=X&type_key=capteur', { method: 'POST', headers: { 'content-type': contentType }, body: pem });
      t.equal(response.status, 400, contentType);
      t.same(await json(response), 'Invalid content type', contentType);
    }
    const octets = { method: 'POST', headers: { 'content-type': 'application/octet-stream' } };
    const garbage = await register('name=X&type_key=capteur', { ...octets, body: 'this is not a certificate request' });
    t.equal(garbage.status, 400);
    t.same(await json(garbage), 'Invalid CSR');
    t.equal((await register('name=X&type_key=capteur', { ...octets, body: '' })).status, 400, 'no body');

    const der = Buffer.from(new x509.Pkcs10CertificateRequest(pem).rawData);
    const inSignature = der.length - 5;
    der.writeUInt8(der.readUInt8(inSignature) ^ 0x01, inSignature);
    const tampered = await register('name=X&type_key=capteur', { ...octets, body: `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n` });
    t.equal(tampered.status, 400);
    t.same(await json(tampered), 'Invalid CSR signature');

    const huge = await register('name=X&type_key=capteur', { ...octets, body: 'A'.repeat(70 * 1024) });
    t.equal(huge.status, 413);
    t.equal(await deviceCount(), before);
  });

  t.test('given two immediate calls from one address, then the second is rate limited, and another address is not', async (t) => {
    frozen = new Date();
    t.teardown(() => {
      frozen = undefined;
    });
    const address = '203.0.113.9';
    const first = await register('name=First&type_key=capteur', { address });
    t.equal(first.status, 200);
    const before = await deviceCount();
    const second = await register('name=Second&type_key=capteur', { address });
    t.equal(second.status, 429);
    t.same(await json(second), { message: 'Rate Limited' });
    t.equal(second.headers.get('retry-after'), '1');
    const wrongKey = await call('/api/device/register?key=guess&name=X&type_key=capteur', { address });
    t.equal(wrongKey.status, 429, 'key guesses are limited too');
    t.equal(await deviceCount(), before, 'nothing registered over the limit');

    t.equal((await register('name=Elsewhere&type_key=capteur', { address: '203.0.113.10' })).status, 200, 'another address');
    frozen = new Date(frozen.getTime() + 1000);
    t.equal((await register('name=Later&type_key=capteur', { address })).status, 200, 'a second later');
  });

  t.test('given an untrusted peer, then X-Forwarded-For does not escape the limit', async (t) => {
    // Without trusted proxies the peer address counts, whatever the header says.
    const database = await seededDatabase(t, 'opentera-test');
    const direct = await startServer(testConfig(), { database, clock: { now: () => new Date('2026-05-05T05:05:05.500Z') } });
    t.teardown(() => direct.close());
    const settings = await fetch(`${direct.url}/api/user/server/settings?device_register_key=true`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } });
    const directKey = ((await settings.json()) as { device_register_key: string }).device_register_key;
    const statuses = [];
    for (const address of ['192.0.2.1', '192.0.2.2']) statuses.push((await fetch(`${direct.url}/api/device/register?key=${directKey}&name=D&type_key=capteur`, { headers: { 'x-forwarded-for': address } })).status);
    t.same(statuses, [200, 429]);
  });
});
