// Authentication of devices on /api/device/* (OpenTera api-participant-device-service.md 2.4), three ways in
// OpenTera's order, the first success winning:
// 1. a client certificate `CN=Device, UID=<uuid>`, as a trusted proxy reports it (X-SSL-CLIENT-DN): a client
//    cannot claim one (OpenTera trusts the header from anyone; a client's own X-Device-Uuid is ignored);
// 2. `Authorization: OpenTera <device token>`;
// 3. a `token` argument: query string, form field or JSON body field.
// A device token is the device's current static token (its jti), of a device that exists and is enabled, so a
// disabled device stops at once. Refusals are JSON strings, as OpenTera's: "Disabled device" when a
// certificate or header names a disabled device, "Invalid token" for an `Authorization` header without a
// token, "Unauthorized" otherwise. Devices have no dynamic tokens and no revocation: logout revokes nothing.
import type { Context } from 'koa';
import { recordPartyLogin } from '../../commands/logins.js';
import type { LoginFailureReason } from '../../domain/login.js';
import { deviceByUuid } from '../../projections/queries/partyAuth.js';
import type { DeviceRow } from '../../projections/queries/partyRows.js';
import { loginClient } from './auth.js';
import { HttpError } from './errors.js';
import { translate } from './i18n.js';
import type { PartyAuthDeps } from './participantAuth.js';
import { certificateDeviceUuid } from './proxyHeaders.js';

export interface AuthenticatedDevice {
  kind: 'device';
  uuid: string;
  device: DeviceRow;
  via: 'certificate' | 'token';
}

function refusal(ctx: Context, msgid: 'Unauthorized' | 'Disabled device' | 'Invalid token'): HttpError {
  return new HttpError(401, translate(ctx, msgid));
}

async function recordFailure(ctx: Context, deps: PartyAuthDeps, deviceUuid: string, reason: LoginFailureReason): Promise<void> {
  try {
    await recordPartyLogin(deps.anonymousContext(ctx), deviceUuid, { type: 'DeviceLoginFailed', data: { ...loginClient(ctx), reason } });
  } catch (error) {
    (ctx.state.log as { error?: (o: unknown, m: string) => void } | undefined)?.error?.({ err: error }, 'cannot record a failed device login');
  }
}

/** The device a token names, and whether the token is its current one; undefined when it names none. */
async function deviceOfToken(deps: PartyAuthDeps, token: string): Promise<{ device: DeviceRow; current: boolean } | undefined> {
  const claims = await deps.staticTokens.verifyDevice(token);
  if (!claims) return undefined;
  const device = await deviceByUuid(deps.readDb, claims.uuid);
  if (!device || device.id_device !== claims.id) return undefined;
  return { device, current: device.device_token_id === claims.jti };
}

/** The `token` argument, from wherever reqparse would read it: the query string, a form body, a JSON body. */
function tokenArgument(ctx: Context): string | undefined {
  const query = ctx.query.token;
  if (query !== undefined) return Array.isArray(query) ? query[0] : query;
  const form = (ctx.state.formBody as Record<string, string> | undefined)?.token;
  if (form !== undefined) return form;
  const json = ctx.state.jsonBody as unknown;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const value = (json as Record<string, unknown>).token;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** `Authorization: <scheme> <rest>` split on the first whitespace, as Python's `split(None, 1)`; undefined when it cannot be. */
function splitAuthorization(header: string): { scheme: string; credentials: string } | undefined {
  const match = /^(\S+)\s+(\S[\s\S]*)$/.exec(header.trim());
  return match ? { scheme: match[1]!, credentials: match[2]!.trim() } : undefined;
}

/** The request body must have been read (app.ts does it for device routes) so that a body `token` counts. */
export async function authenticateDevice(ctx: Context, deps: PartyAuthDeps): Promise<AuthenticatedDevice> {
  const certified = certificateDeviceUuid(ctx, deps.trustedProxies);
  if (certified) {
    const device = await deviceByUuid(deps.readDb, certified);
    if (device?.device_enabled) return { kind: 'device', uuid: device.device_uuid, device, via: 'certificate' };
    if (device) {
      await recordFailure(ctx, deps, device.device_uuid, 'disabled_account');
      throw refusal(ctx, 'Disabled device');
    }
    // An unknown certificate falls through to the tokens, as OpenTera's.
  }
  const header = ctx.headers.authorization;
  if (header !== undefined) {
    const parts = splitAuthorization(header);
    if (!parts) throw refusal(ctx, 'Invalid token');
    if (parts.scheme === 'OpenTera') {
      const found = await deviceOfToken(deps, parts.credentials);
      if (found?.current && found.device.device_enabled) return { kind: 'device', uuid: found.device.device_uuid, device: found.device, via: 'token' };
      if (found?.current) {
        await recordFailure(ctx, deps, found.device.device_uuid, 'disabled_account');
        throw refusal(ctx, 'Disabled device');
      }
      if (found) await recordFailure(ctx, deps, found.device.device_uuid, 'invalid_token');
    }
    // Another scheme (Basic, ...) is not a device's: the `token` argument may still be.
  }
  const argument = tokenArgument(ctx);
  if (argument !== undefined) {
    const found = await deviceOfToken(deps, argument);
    if (found?.current && found.device.device_enabled) return { kind: 'device', uuid: found.device.device_uuid, device: found.device, via: 'token' };
    // As OpenTera, a disabled device's token given as an argument is just "Unauthorized".
    if (found) await recordFailure(ctx, deps, found.device.device_uuid, found.current ? 'disabled_account' : 'invalid_token');
  }
  throw refusal(ctx, 'Unauthorized');
}
