// /api/device/register (OpenTera api-participant-device-service.md 2.5, 5.3, 5.4): a device registers itself
// with the server's registration key. GET gives it a token; POST with a PEM CSR gives it a certificate signed
// by the server's CA too. The device is created disabled and linked to nothing: an administrator enables it.
// Its type is found by key (created when absent), its subtype by name under that type (created when absent).
// Differences from OpenTera (docs/compat.md): an unreadable CSR is 400, the CSR's extensions are not copied,
// and the rate limit (1 request a second per client IP) holds across every node.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { Context } from 'koa';
import type { CommandContext } from '../../../commands/context.js';
import type { Actor, Position } from '../../../commands/eventStore.js';
import { issueDeviceCertificateCommand, registerDeviceCommand } from '../../../commands/devices.js';
import { addDeviceSubtypeCommand, createDeviceTypeCommand } from '../../../commands/deviceTypes.js';
import { DomainError } from '../../../domain/errors.js';
import { deviceSubtypes, deviceTypeRef } from '../../../projections/queries/deviceTypes.js';
import { CsrRefused, readDeviceCsr, type DeviceCsr } from '../../auth/certificateAuthority.js';
import type { RateLimit } from '../../auth/rateLimit.js';
import type { ApiDeps } from '../deps.js';
import { endpointError, HttpError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

/** OpenTera's Flask-Limiter rule on this resource: "1/second" per remote address. */
export const REGISTER_RATE_LIMIT: RateLimit = { scope: 'device-register', max: 1, windowSeconds: 1 };
/** A PEM CSR is a few kilobytes; anything much larger is not one. */
export const MAX_CSR_BYTES = 64 * 1024;
/** Who the registration's events name: no one is authenticated, the registration key vouches for the request. */
export const REGISTRATION_ACTOR: Actor = { kind: 'system', uuid: 'device-registration' };

const RegisterQuery = Type.Object({
  key: Type.String({ description: 'Server device registration key' }),
  name: Type.String({ description: 'Device name to use' }),
  type_key: Type.String({ description: 'Device type key to use' }),
  subtype_name: Type.Optional(Type.String({ description: 'Device subtype name to use' })),
  onlineable: Type.Optional(Type.Boolean({ description: 'Device can get online status' })),
});

type RegisterArguments = { key: string; name: string; type_key: string; subtype_name?: string; onlineable?: boolean };

const Registered = Type.Object({
  device_uuid: Type.String(),
  device_name: Type.String(),
  device_enabled: Type.Boolean(),
  device_token: Type.String(),
});

const RegisteredWithCertificate = Type.Object({
  ...Registered.properties,
  device_certificate: Type.String({ description: 'PEM certificate, subject `CN=Device, UID=<device_uuid>`' }),
  ca_info: Type.String({ description: 'PEM certificate of the CA that signed it' }),
});

const commonResponses = {
  400: { description: 'Missing or invalid parameter' },
  401: { description: 'Unauthorized - provided registration key is invalid' },
  429: { description: 'Rate Limited: one request a second per client address' },
};

/** Compares in constant time: the key is a secret, and the rate limit alone should not be its only guard. */
function sameKey(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The raw request body, refused past `limit` bytes (the app reads only JSON and form bodies itself). */
async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  if (ctx.request.length !== undefined && ctx.request.length > limit) throw new HttpError(413, { message: 'Request body too large' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, { message: 'Request body too large' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function deviceRegisterRoutes(deps: ApiDeps): AnyRoute[] {
  const registrationContext = (ctx: Context): CommandContext => {
    const context = deps.anonymousContext(ctx);
    return { ...context, request: { ...context.request, actor: REGISTRATION_ACTOR } };
  };

  /** The rate limit first, as OpenTera's decorator, then the key: it also slows down guessing the key. */
  async function admit(ctx: Context, key: string): Promise<void> {
    if (!(await deps.rateLimits.allow(REGISTER_RATE_LIMIT, String(ctx.state.clientIp ?? ''), deps.clock.now()))) {
      ctx.set('Retry-After', String(REGISTER_RATE_LIMIT.windowSeconds));
      throw new HttpError(429, { message: 'Rate Limited' });
    }
    if (!sameKey(key, await deps.serverSettings.deviceRegisterKey())) throw endpointError(ctx, 401, 'Invalid registration key');
  }

  /** The type with that key, created (key and name = `type_key`) when there is none, as OpenTera. */
  async function deviceTypeId(context: CommandContext, typeKey: string): Promise<number> {
    const existing = await deviceTypeRef(deps.readDb, { key: typeKey });
    if (existing) return existing.id;
    try {
      const created = await createDeviceTypeCommand(context, 'system', { name: typeKey, key: typeKey });
      await deps.waitForProjections(created.position);
      return created.id;
    } catch (error) {
      // Another registration created it since we looked.
      const raced = error instanceof DomainError && error.kind === 'conflict' ? await deviceTypeRef(deps.readDb, { key: typeKey }) : undefined;
      if (raced) return raced.id;
      throw error;
    }
  }

  /** The subtype with that name under the type, created when there is none, as OpenTera. */
  async function deviceSubtypeId(context: CommandContext, typeId: number, name: string): Promise<number> {
    const existing = (await deviceSubtypes(deps.readDb, { typeId })).find((s) => s.device_subtype_name === name);
    if (existing) return existing.id_device_subtype;
    const created = await addDeviceSubtypeCommand(context, 'system', typeId, name);
    await deps.waitForProjections(created.position);
    return created.id;
  }

  /** Creates the device (with its certificate when there is a CSR) and answers as OpenTera's 5.3 / 5.4. */
  async function register(ctx: Context, args: RegisterArguments, csr?: DeviceCsr): Promise<void> {
    // Checked before anything is written: a blank name must not leave a new type behind.
    const name = args.name.trim();
    const typeKey = args.type_key.trim();
    if (name === '') throw endpointError(ctx, 400, 'Missing device_name');
    if (typeKey === '') throw endpointError(ctx, 400, 'Missing device_type_key');
    const subtypeName = args.subtype_name?.trim() || undefined;

    const context = registrationContext(ctx);
    const typeId = await deviceTypeId(context, typeKey);
    const subtypeId = subtypeName === undefined ? null : await deviceSubtypeId(context, typeId, subtypeName);
    // The uuid is chosen first: the certificate names it, and is signed before anything about the device is written.
    const uuid = context.deps.newUuid();
    const certificate = csr ? await deps.certificateAuthority.issueDeviceCertificate(csr, uuid, deps.clock.now()) : undefined;
    const device = await registerDeviceCommand(
      context,
      { uuid, name, typeId, subtypeId, enabled: false, onlineable: args.onlineable ?? false, config: null, notes: null, infos: null },
      { subtypeTypeId: subtypeId === null ? null : typeId },
    );
    let position: Position | undefined = device.position;
    if (certificate) position = (await issueDeviceCertificateCommand(context, uuid, { certificate: certificate.pem, serial: certificate.serial })) ?? position;
    await deps.waitForProjections(position);
    (ctx.state.log as { info?: (o: unknown, m: string) => void } | undefined)?.info?.(
      { deviceUuid: uuid, typeKey, certificateSerial: certificate?.serial },
      certificate ? 'device registered (certificate)' : 'device registered (token)',
    );

    const token = await deps.staticTokens.device({ id: device.id, uuid, tokenId: device.tokenId });
    ctx.body = {
      device_uuid: uuid,
      device_name: name,
      device_enabled: false,
      ...(certificate ? { device_certificate: certificate.pem, ca_info: await deps.certificateAuthority.certificatePem() } : {}),
      device_token: token,
    };
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/device/register',
      tags: ['device'],
      summary: 'Register a new device in the server (token based)',
      description:
        "Register a device to use token identification. This endpoint is rate limited. If the device type key doesn't exist, a new one will be created. Same behavior for subtype name.",
      auth: 'none',
      query: RegisterQuery,
      strictQuery: true,
      responses: { 200: { description: 'Success - returns registration information. Devices must then be enabled by admin.', schema: Registered }, ...commonResponses },
      async handler(ctx, { query }) {
        await admit(ctx, query.key);
        await register(ctx, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/device/register',
      tags: ['device'],
      summary: 'Register a new device in the server (certificate based)',
      description:
        "Register a device with certificate request. This endpoint is rate limited. If the device type key doesn't exist, a new one will be created. Same behavior for subtype name. Use application/octet-stream to send the PEM CSR.",
      auth: 'none',
      query: RegisterQuery,
      strictQuery: true,
      responses: {
        200: { description: 'Success - returns registration information. Devices must then be enabled by admin.', schema: RegisteredWithCertificate },
        ...commonResponses,
        413: { description: 'Body larger than 64 KiB' },
      },
      async handler(ctx, { query }) {
        await admit(ctx, query.key);
        // OpenTera compares the whole header: a charset parameter is refused too.
        if (ctx.get('content-type') !== 'application/octet-stream') throw endpointError(ctx, 400, 'Invalid content type');
        let csr: DeviceCsr;
        try {
          csr = await readDeviceCsr(await readRawBody(ctx, MAX_CSR_BYTES));
        } catch (error) {
          if (error instanceof CsrRefused) throw endpointError(ctx, 400, error.message);
          throw error;
        }
        await register(ctx, query, csr);
      },
    }),
  ];
}
