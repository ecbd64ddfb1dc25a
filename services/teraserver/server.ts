// The composition root: opens the stores, brings the read models up to date, starts the projection
// runner, seeds an empty store, and serves the API. `close` shuts it all down in order.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from '../../adapters/db/database.js';
import { createIdAllocator } from '../../adapters/db/idAllocator.js';
import { createKeyring, type Keyring } from '../../adapters/eventstore/keyring.js';
import { withPersonalDataEncryption } from '../../adapters/eventstore/personalDataCodec.js';
import { createPostgresEventStore } from '../../adapters/eventstore/postgres.js';
import { createEsdbEventStore } from '../../adapters/eventstore/esdb.js';
import { ProjectionRunner } from '../../adapters/projection/runner.js';
import { ensureReadModels, rebuildReadModels } from '../../adapters/projection/rebuild.js';
import { serialReaction } from '../../adapters/projection/reaction.js';
import { enforceSiteTwoFactor } from '../../commands/twoFactorEnforcement.js';
import { TWO_FACTOR_TRIGGERS } from '../../domain/twoFactor.js';
import { createPasswordHasher } from '../../adapters/auth/passwords.js';
import { createSigningKeys, type SigningKeys } from '../../adapters/auth/signingKeys.js';
import { createTokens } from '../../adapters/auth/tokens.js';
import { createStaticTokens } from '../../adapters/auth/staticTokens.js';
import { createRevocations } from '../../adapters/auth/revocations.js';
import { createLoginAttempts } from '../../adapters/auth/loginAttempts.js';
import { createServerSettings } from '../../adapters/db/serverSettings.js';
import { createCertificateAuthority } from '../../adapters/auth/certificateAuthority.js';
import { createRateLimits } from '../../adapters/auth/rateLimit.js';
import { createApp } from '../../adapters/http/app.js';
import type { ApiDeps } from '../../adapters/http/deps.js';
import { userApiRoutes } from '../../adapters/http/user/index.js';
import { participantApiRoutes } from '../../adapters/http/participant/index.js';
import { deviceApiRoutes } from '../../adapters/http/device/index.js';
import type { Context as KoaContext } from 'koa';
import type { Actor, EventStore } from '../../commands/eventStore.js';
import type { CommandContext } from '../../commands/context.js';
import type { Clock, RequestContext } from '../../commands/ports.js';
import { PERSONAL_DATA_ERASED } from '../../domain/personalData.js';
import { personalData } from '../../domain/personalDataRegistry.js';
import { projectors } from '../../projections/index.js';
import { LIVE_SCHEMA, READ_MODEL_VERSION } from '../../projections/schema.js';
import { seedStore } from './seeds/index.js';
import { controlSocketPath, startControlSocket } from './control.js';
import { OPERATIONS } from './operations.js';

export const VERSION = '0.1.0';

export interface Core {
  config: Config;
  logger: Logger;
  database: Database;
  store: EventStore;
  keyring: Keyring;
  signingKeys: SigningKeys;
  runner: ProjectionRunner;
  commandContext(request: RequestContext): CommandContext;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  // Never log credentials, even by accident in a header dump.
  return pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.password', '*.user_password', '*.token'] });
}

/** Opens the stores and read models; shared by the server and the `tera` commands. */
export async function openCore(config: Config, logger: Logger, options: { startRunner?: boolean; database?: Database } = {}): Promise<Core> {
  let database = options.database;
  if (!database) {
    if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
    database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  }
  const keyring = await createKeyring(database);
  const signingKeys = await createSigningKeys(database);
  const ids = await createIdAllocator(database);
  const rawStore = config.eventstoreUrl ? createEsdbEventStore(config.eventstoreUrl) : await createPostgresEventStore(database);
  const store = withPersonalDataEncryption(rawStore, keyring, personalData);
  const reservation = (await signingKeys.current('reservation')).secret;
  const passwords = createPasswordHasher({ memoryKiB: config.argon2MemoryKiB, iterations: config.argon2Iterations, parallelism: config.argon2Parallelism });

  const rebuilt = await ensureReadModels({ store, database, projectors }, READ_MODEL_VERSION);
  if (rebuilt === 'rebuilt') logger.info('read models built from the events');

  const readDb = database.db.withSchema(LIVE_SCHEMA);
  const commandContext = (request: RequestContext): CommandContext => ({
    deps: {
      store,
      ids,
      clock: { now: () => new Date() },
      newUuid: randomUUID,
      reservationKey: (value) => createHmac('sha256', reservation).update(value).digest('hex'),
      readDb,
      passwords,
    },
    request,
  });
  // The site 2FA rule reacts to applied events on the node that runs the projections.
  const twoFactorRule = serialReaction('site-2fa-rule', () => enforceSiteTwoFactor(commandContext({ actor: { kind: 'system', uuid: 'site-2fa-rule' }, correlationId: 'site-2fa-rule' })), logger);
  const runner = new ProjectionRunner({
    store,
    database,
    projectors,
    schema: LIVE_SCHEMA,
    logger,
    onApplied: (event) => {
      if (event.type === PERSONAL_DATA_ERASED) keyring.forget(String(event.data.subject));
      if (TWO_FACTOR_TRIGGERS.has(event.type)) twoFactorRule.trigger();
    },
  });
  if (options.startRunner !== false) await runner.start();
  const db = database;
  return {
    config,
    logger,
    database: db,
    store,
    keyring,
    signingKeys,
    runner,
    commandContext,
    async close() {
      await runner.stop();
      await twoFactorRule.settled();
      await store.close();
      await db.close();
    },
  };
}

export interface RunningServer {
  core: Core;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** `clock`: the time the API works with (token times, login lockout windows); tests move it. */
export async function startServer(config: Config, options: { logger?: Logger; database?: Database; clock?: Clock } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config);
  const core = await openCore(config, logger, options.database ? { database: options.database } : {});
  try {
    await seedStore(core);
  } catch (error) {
    await core.close();
    throw error;
  }
  const readDb = core.database.db.withSchema(LIVE_SCHEMA);
  const passwords = core.commandContext({ actor: { kind: 'system', uuid: 'server' }, correlationId: 'startup' }).deps.passwords;
  const tokens = createTokens(core.signingKeys);
  const revocations = await createRevocations(core.database);
  const requestContext = (ctx: KoaContext, actor: Actor) =>
    core.commandContext({ actor, correlationId: String(ctx.state.requestId), clientIp: String(ctx.state.clientIp), userAgent: ctx.get('user-agent') });
  const deps: ApiDeps = {
    readDb,
    passwords,
    tokens,
    staticTokens: createStaticTokens(core.signingKeys, tokens),
    clock: options.clock ?? { now: () => new Date() },
    logger,
    serverName: config.serverName,
    trustedProxies: config.trustedProxies,
    serverSettings: await createServerSettings(core.database, { version: VERSION }),
    certificateAuthority: await createCertificateAuthority(core.database, {
      ...(config.caCertificateFile && config.caPrivateKeyFile ? { files: { certificateFile: config.caCertificateFile, privateKeyFile: config.caPrivateKeyFile } } : {}),
      commonName: `${config.serverName} Device CA`,
    }),
    rateLimits: await createRateLimits(core.database),
    loginAttempts: await createLoginAttempts(core.database),
    isRevoked: revocations.isRevoked,
    revoke: revocations.revoke,
    // Participants and devices carry their kind; an authenticated user has none.
    commandContext: (ctx, actor) => requestContext(ctx, { kind: 'kind' in actor ? actor.kind : 'user', uuid: actor.uuid }),
    // Before authentication there is no one to name: login failures are the system's record of an attempt.
    anonymousContext: (ctx) => requestContext(ctx, { kind: 'system', uuid: 'anonymous' }),
    async waitForProjections(position) {
      if (position === undefined) return;
      if (!(await core.runner.waitFor(position, config.projectionWaitMs))) logger.warn({ position }, 'read models lag behind a write');
    },
  };
  const app = createApp({
    routes: [...userApiRoutes(deps), ...participantApiRoutes(deps), ...deviceApiRoutes(deps)],
    auth: deps,
    logger,
    version: VERSION,
    trustedProxies: config.trustedProxies,
    async health() {
      const head = await core.store.headPosition();
      return { ok: true, version: VERSION, eventStore: config.eventstoreUrl ? 'eventstoredb' : core.database.kind, headPosition: head ?? null };
    },
  });
  // Embedded mode: `tera` commands reach this server's data folder through its control socket.
  const stopControl = config.databaseUrl || options.database
    ? async () => undefined
    : await startControlSocket(
        controlSocketPath(config.dataDir),
        async (command, args, send) => {
          const operation = OPERATIONS[command];
          if (!operation) throw new Error(`Unknown command ${command}`);
          return operation.run(core, args, (done, total) => send({ progress: [done, total ?? null] }));
        },
        logger,
      );
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url }, 'OpenTera server listening');

  let closing: Promise<void> | undefined;
  return {
    core,
    server,
    url,
    close() {
      closing ??= (async () => {
        // Stop accepting, let in-flight requests finish (bounded), then stop the runner and the stores.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
        await closed;
        clearTimeout(timer);
        await stopControl();
        await core.close();
        logger.info('server stopped');
      })();
      return closing;
    },
  };
}

export { rebuildReadModels };
