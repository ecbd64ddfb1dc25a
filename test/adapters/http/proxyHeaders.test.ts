import t, { type Test } from 'tap';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { certificateDeviceUuid, externalAddress } from '../../../adapters/http/proxyHeaders.js';

const UUID = 'b707e0b2-e649-47e7-a938-2b949c423f73';
const DEFAULTS = { host: '127.0.0.1', port: 40075 };

/** A real koa server answering what the proxy headers say, trusting the given peers. */
async function echo(t: Test, trusted: string[]): Promise<(headers: Record<string, string>) => Promise<unknown>> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = { device: certificateDeviceUuid(ctx, trusted) ?? null, external: externalAddress(ctx, trusted, DEFAULTS) };
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return async (headers) => (await fetch(url, { headers })).json();
}

t.test('given requests from a trusted proxy', async (t) => {
  const ask = await echo(t, ['127.0.0.1', '::ffff:127.0.0.1']);
  t.same(await ask({ 'x-ssl-client-dn': `UID=${UUID},CN=Device` }), { device: UUID, external: DEFAULTS }, "then nginx's RFC 2253 subject names the device");
  t.same(await ask({ 'x-ssl-client-dn': `CN=Device,UID=${UUID.toUpperCase()}` }), { device: UUID, external: DEFAULTS }, 'in any order and case');
  t.same(((await ask({ 'x-ssl-client-dn': `UID=${UUID},CN=Participant` })) as { device: unknown }).device, null, 'a participant certificate is not a device');
  t.same(((await ask({ 'x-ssl-client-dn': 'UID=not-a-uuid,CN=Device' })) as { device: unknown }).device, null, 'a malformed uid names nobody');
  t.same(((await ask({ 'x-externalserver': 'tera.example.org', 'x-externalport': '443' })) as { external: unknown }).external, { host: 'tera.example.org', port: 443 }, 'then the external address is the proxy’s');
  t.same(((await ask({ 'x-externalserver': 'tera.example.org', 'x-externalport': '99999' })) as { external: unknown }).external, { host: 'tera.example.org', port: 40075 }, 'an impossible port falls back');
});

t.test('given the same headers from an untrusted peer, then they are ignored', async (t) => {
  const ask = await echo(t, ['10.0.0.1']);
  t.same(await ask({ 'x-ssl-client-dn': `UID=${UUID},CN=Device`, 'x-externalserver': 'evil.example.org', 'x-externalport': '1' }), { device: null, external: DEFAULTS });
});
