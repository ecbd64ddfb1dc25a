// What the asset, test type, test and invitation endpoints hand out to reach a service's data: the service's
// address as clients see it, and short access tokens the service checks (OpenTera's asset and test tokens:
// HS256 with the service key, 30 minutes, one uuid per token, api-participant-device-service.md 2.2).
//
// The address: behind the proxy (a trusted peer), `https://` and the proxy's X-ExternalServer/X-ExternalPort;
// otherwise the embedded server's own plain-HTTP address as the client reached it (the socket's local
// address, never the client's Host header). OpenTera always writes `https://` with its configured host.
import type { Context } from 'koa';
import type { ApiDeps } from './deps.js';
import { externalAddress, fromTrustedProxy } from './proxyHeaders.js';

export const SERVICE_TOKEN_SECONDS = 1800;

/** `scheme://host:port` of this server as the client reaches it. */
export function externalBase(ctx: Context, trustedProxies: readonly string[]): string {
  const socket = ctx.req.socket;
  const local = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const { host, port } = externalAddress(ctx, trustedProxies, { host: local, port: socket.localPort ?? 80 });
  const scheme = fromTrustedProxy(ctx, trustedProxies) ? 'https' : 'http';
  return `${scheme}://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/**
 * A service's base URL: the server's address, then the service's client endpoint, concatenated as OpenTera does
 * (OpenTeraServer's `/` gives `...:4040//api/assets`; clients take the URLs as given); null for a service that
 * is missing or disabled.
 */
export function serviceBase(base: string, service: { enabled: boolean | null; clientEndpoint: string | null }): string | null {
  return service.enabled && service.clientEndpoint !== null ? `${base}${service.clientEndpoint}` : null;
}

/** An access token for one asset, test or test type, as OpenTera's: the uuid as a string under its plural claim. */
export function serviceAccessToken(deps: Pick<ApiDeps, 'tokens' | 'clock'>, claims: Record<string, unknown>): Promise<string> {
  return deps.tokens.sign('service', claims, { expiresInSeconds: SERVICE_TOKEN_SECONDS, now: deps.clock.now() });
}
