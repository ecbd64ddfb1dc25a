// Headers that only the reverse proxy may set: the client certificate's subject (`X-SSL-CLIENT-DN`, nginx's
// `$ssl_client_s_dn`) and the external address clients reach us at (`X-ExternalServer`, `X-ExternalPort`).
// They count only when the peer is a configured proxy; from anyone else they are ignored, so a client cannot
// claim a device's certificate or redirect the URLs we hand out. (OpenTera strips a client's `X-Device-Uuid`
// but trusts `X-SSL-CLIENT-DN` from anyone who reaches its port.)
import type { Context } from 'koa';

export function fromTrustedProxy(ctx: Context, trustedProxies: readonly string[]): boolean {
  return trustedProxies.includes(ctx.req.socket.remoteAddress ?? '');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The device uuid of a client certificate whose subject is OpenTera's `CN=Device, UID=<uuid>` (in any order;
 * nginx writes RFC 2253 order, `UID=<uuid>,CN=Device`), as the trusted proxy reports it.
 */
export function certificateDeviceUuid(ctx: Context, trustedProxies: readonly string[]): string | undefined {
  const dn = ctx.get('x-ssl-client-dn');
  if (!dn || !fromTrustedProxy(ctx, trustedProxies)) return undefined;
  const parts = dn.split(/[,/]/).map((p) => p.trim());
  const isDevice = parts.some((p) => /^CN=Device$/i.test(p));
  const uid = parts.find((p) => /^UID=/i.test(p))?.slice(4);
  return isDevice && uid && UUID.test(uid) ? uid.toLowerCase() : undefined;
}

/** Host and port clients reach the server at: the proxy's `X-ExternalServer`/`X-ExternalPort`, else the defaults. */
export function externalAddress(ctx: Context, trustedProxies: readonly string[], defaults: { host: string; port: number }): { host: string; port: number } {
  if (!fromTrustedProxy(ctx, trustedProxies)) return defaults;
  const host = ctx.get('x-externalserver') || ctx.get('x_externalserver');
  const port = Number(ctx.get('x-externalport') || ctx.get('x_externalport'));
  return { host: host || defaults.host, port: Number.isInteger(port) && port > 0 && port < 65536 ? port : defaults.port };
}
