// The koa application: request ids and logs, OpenTera's CORS headers, 405 before authentication, the
// declared routes with their parsing and authentication, and the API documentation.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import Koa, { type Context, type Next } from 'koa';
import Router from '@koa/router';
import type { Logger } from 'pino';
import type { TObject, TSchema } from '@sinclair/typebox';
import { authenticateUser } from './auth.js';
import { authenticateDevice } from './deviceAuth.js';
import { errorMiddleware, HttpError } from './errors.js';
import { authenticateParticipant, type PartyAuthDeps } from './participantAuth.js';
import { openApiDocument, parseQuery, validateBody, type AnyRoute, type AuthKind } from './routes.js';

export interface AppOptions {
  routes: readonly AnyRoute[];
  auth: PartyAuthDeps;
  logger: Logger;
  version: string;
  /** Addresses of the reverse proxies whose X-Forwarded-For and proxy-only headers are trusted. */
  trustedProxies?: readonly string[];
  health(): Promise<Record<string, unknown>>;
  maxBodyBytes?: number;
}

const METHOD_NOT_ALLOWED = { message: 'The method is not allowed for the requested URL.' };

export function createApp(options: AppOptions): Koa {
  const app = new Koa();
  const router = new Router();
  const trusted = new Set(options.trustedProxies ?? []);

  app.use(async (ctx: Context, next: Next) => {
    const requestId = ctx.get('x-request-id') || randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.clientIp = clientIp(ctx, trusted);
    const log = options.logger.child({ requestId });
    ctx.state.log = log;
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      log.info({ method: ctx.method, url: ctx.path, status: ctx.status, ms: Number(process.hrtime.bigint() - started) / 1e6, ip: ctx.state.clientIp }, 'request');
    }
  });
  app.use(async (ctx, next) => {
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Access-Control-Allow-Headers', '*');
    ctx.set('Access-Control-Allow-Methods', '*');
    ctx.set('Cross-Origin-Embedder-Policy', 'require-corp');
    await next();
  });
  app.use(errorMiddleware);

  const methodsByPath = new Map<string, Set<string>>();
  for (const route of options.routes) {
    const methods = methodsByPath.get(route.path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    methodsByPath.set(route.path, methods);
    router[route.method](route.path, async (ctx) => {
      const limit = options.maxBodyBytes ?? 1_000_000;
      // A device's `token` may come in the body: read it before authenticating; its own errors come after.
      if (route.auth === 'device') await readCredentialBody(ctx, limit);
      const auth = await authenticate(ctx, options.auth, route.auth);
      let body: unknown;
      if (route.body) body = validateBody(ctx, route.body as TSchema, await readJsonBody(ctx, limit));
      else if (ctx.request.length && ctx.is('application/json')) await readJsonBody(ctx, limit);
      else if (route.form && ctx.is('application/x-www-form-urlencoded')) ctx.state.formBody = Object.fromEntries(new URLSearchParams(await readText(ctx, limit)));
      const query = parseQuery(route.query as TObject | undefined, { ...bodyArguments(ctx), ...(ctx.query as Record<string, string | string[]>) }, route.strictQuery);
      await route.handler(ctx, { query, body, auth });
    });
  }
  // As Flask: a known path with another method is 405, before any authentication.
  app.use(async (ctx, next) => {
    const methods = methodsByPath.get(ctx.path);
    if (methods && !methods.has(ctx.method) && !(ctx.method === 'HEAD' && methods.has('GET'))) {
      if (ctx.method === 'OPTIONS') {
        ctx.status = 200;
        ctx.set('Allow', [...methods, 'OPTIONS'].join(', '));
        return;
      }
      throw new HttpError(405, METHOD_NOT_ALLOWED);
    }
    await next();
  });

  const document = openApiDocument(options.routes, { title: 'OpenTeraServer API', version: options.version });
  const serveDocument = (ctx: Context) => {
    ctx.body = document;
  };
  router.get('/api/openapi.json', serveDocument);
  router.get('/api/swagger.json', serveDocument);
  router.get('/doc', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = DOC_PAGE;
  });
  router.get('/doc/assets/:file', async (ctx) => {
    const file = ctx.params.file ?? '';
    if (!SWAGGER_ASSETS.has(file)) return;
    ctx.type = path.extname(file);
    ctx.body = await readFile(path.join(swaggerUiDir(), file));
  });
  router.get('/health', async (ctx) => {
    const health = await options.health();
    ctx.status = health.ok ? 200 : 503;
    ctx.body = health;
  });

  app.use(router.routes());
  return app;
}

function authenticate(ctx: Context, deps: PartyAuthDeps, kind: AuthKind): Promise<unknown> | undefined {
  switch (kind) {
    case 'none':
      return undefined;
    case 'participant':
    case 'participant-full':
    case 'participant-token':
      return authenticateParticipant(ctx, deps, kind);
    case 'device':
      return authenticateDevice(ctx, deps);
    default:
      return authenticateUser(ctx, deps, kind);
  }
}

/** The peer address, or the first address of X-Forwarded-For when the peer is a trusted proxy. */
function clientIp(ctx: Context, trusted: ReadonlySet<string>): string {
  const peer = ctx.req.socket.remoteAddress ?? '';
  if (!trusted.has(peer)) return peer;
  return ctx.get('x-real-ip') || ctx.get('x-forwarded-for').split(',')[0]?.trim() || peer;
}

async function readText(ctx: Context, limit: number): Promise<string> {
  // A body read before authentication (device routes) is read once.
  if (typeof ctx.state.rawBody === 'string') return ctx.state.rawBody;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, { message: 'Request body too large' });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  ctx.state.rawBody = text;
  return text;
}

/** A JSON or form body's fields, for the `token` argument; a malformed body is left to the route's own parsing. */
async function readCredentialBody(ctx: Context, limit: number): Promise<void> {
  if (ctx.is('application/json')) {
    const text = await readText(ctx, limit);
    try {
      ctx.state.jsonBody = JSON.parse(text) as unknown;
    } catch {
      // Not JSON: it carries no token, and the route answers the bad body once the device is known.
    }
  } else if (ctx.is('application/x-www-form-urlencoded')) {
    ctx.state.formBody = Object.fromEntries(new URLSearchParams(await readText(ctx, limit)));
  }
}

async function readJsonBody(ctx: Context, limit: number): Promise<unknown> {
  if (!ctx.is('application/json')) throw new HttpError(415, { message: "Did not attempt to load JSON data because the request Content-Type was not 'application/json'." });
  const text = await readText(ctx, limit);
  try {
    const value: unknown = JSON.parse(text);
    ctx.state.jsonBody = value;
    return value;
  } catch (error) {
    throw new HttpError(400, { message: `Failed to decode JSON object: ${(error as Error).message}` });
  }
}

/** reqparse also reads arguments from a JSON body's top-level scalars (DELETE `id` may come that way) and from form fields. */
function bodyArguments(ctx: Context): Record<string, string> {
  const form = ctx.state.formBody as Record<string, string> | undefined;
  const body = ctx.state.jsonBody as unknown;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ...form };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)).map(([k, v]) => [k, String(v)]));
}

const SWAGGER_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png']);

function swaggerUiDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

const DOC_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenTeraServer API</title>
<link rel="stylesheet" href="/doc/assets/swagger-ui.css"><link rel="icon" href="/doc/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/doc/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });</script>
</body></html>`;
