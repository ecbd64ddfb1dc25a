// The user login (OpenTera api-user-1.md 1.2, 1.6; api-user-2.md 29): GET /api/user/login (Basic only,
// strict arguments, client version check, then a token or the next step of the login), /logout and
// /refresh_token. Also what the login sub-steps (loginFlow.ts) share with it: the version check, the
// success reply, and the login session, a short-lived signed token in the `session` cookie.
import type { TLSSocket } from 'node:tls';
import { Type } from '@sinclair/typebox';
import type { Context } from 'koa';
import { recordLogin } from '../../../commands/logins.js';
import { fullName, userByUuid, type UserCredentials } from '../../../projections/queries/users.js';
import { MAX_ATTEMPTS } from '../../auth/loginAttempts.js';
import { USER_TOKEN_SECONDS } from '../../auth/tokens.js';
import { asAuthenticated, loginClient, recordLoginFailure, type AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { translate } from '../i18n.js';
import { defineRoute, type AnyRoute } from '../routes.js';

/** Lifetime of a token from /api/user/refresh_token (OpenTera: 30 min). */
export const REFRESHED_TOKEN_SECONDS = 1800;
/** Lifetime of the login session between /login and its sub-steps (OpenTera's pages count down 5 min). */
export const LOGIN_SESSION_SECONDS = 300;
export const SESSION_COOKIE = 'session';

const LoginReply = Type.Object({
  user_uuid: Type.String(),
  user_fullname: Type.String(),
  user_token: Type.String({ description: 'JWT for `Authorization: OpenTera <token>`, valid one hour' }),
  version_latest: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'The known client entry, when X-Client-Name names one' })),
  version_error: Type.Optional(Type.String()),
});

const NextStepReply = Type.Object({
  message: Type.String(),
  reason: Type.Union([Type.Literal('password_change'), Type.Literal('2fa'), Type.Literal('2fa_setup')]),
  redirect_url: Type.String(),
});

const WITH_WEBSOCKET = Type.Optional(Type.Boolean({ description: 'Also return a websocket URL (accepted; no URL until the websocket gateway exists)' }));

/** A JSON string body, as OpenTera's endpoints answer their messages. */
export function jsonMessage(ctx: Context, msgid: string): void {
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(translate(ctx, msgid));
}

export async function signUserToken(deps: ApiDeps, user: UserCredentials, expiresInSeconds: number): Promise<string> {
  return deps.tokens.sign(
    'user',
    // Global service roles arrive with the services (issue 7); until then `service_access` is empty, as OpenTera's for a superadmin.
    { user_uuid: user.user_uuid, id_user: user.id_user, user_fullname: fullName(user), user_superadmin: user.user_superadmin, service_access: {} },
    { expiresInSeconds, now: deps.clock.now() },
  );
}

/**
 * OpenTera's client version check, run when both X-Client-Name and X-Client-Version are sent. A known client
 * gets `version_latest` (and `version_error` when its version differs); a different major version is 426.
 */
export async function clientVersionCheck(ctx: Context, deps: ApiDeps): Promise<Record<string, unknown>> {
  const name = ctx.headers['x-client-name'];
  const version = ctx.headers['x-client-version'];
  if (typeof name !== 'string' || typeof version !== 'string') return {};
  const { clients } = await deps.serverSettings.versions();
  const client = Object.hasOwn(clients, name) ? clients[name] : undefined;
  if (!client) {
    // As OpenTera: an unknown client may log in; it is only noted.
    (ctx.state.log as ApiDeps['logger'] | undefined)?.info({ clientName: name, clientVersion: version }, 'login from an unknown client');
    return {};
  }
  if (client.client_version === version) return { version_latest: client };
  const version_error = translate(ctx, 'Client major version mismatch');
  const current_version = version.split('.');
  if ((client.client_version ?? '').split('.')[0] !== current_version[0]) {
    throw new HttpError(426, { version_latest: client, current_version, version_error, message: translate(ctx, 'Client major version too old, not accepting login') });
  }
  return { version_latest: client, version_error };
}

/** The reply of a completed login (password, or 2FA code): a one-hour token; the login is recorded. */
export async function loginSuccess(ctx: Context, deps: ApiDeps, user: UserCredentials, base: Record<string, unknown>, method: 'password' | '2fa'): Promise<Record<string, unknown>> {
  const user_token = await signUserToken(deps, user, USER_TOKEN_SECONDS);
  const position = await recordLogin(deps.commandContext(ctx, asAuthenticated(user, method === '2fa' ? 'session' : 'basic')), user.user_uuid, {
    type: 'UserLoggedIn',
    data: { ...loginClient(ctx), method },
  });
  // The next request must see this login (`user_lastonline`).
  await deps.waitForProjections(position);
  return { ...base, user_uuid: user.user_uuid, user_fullname: fullName(user), user_token };
}

// The login session. OpenTera keeps it in Flask's signed cookie; ours is a 5-minute token of its own key
// kind, checked on the server at each step and revoked when the login completes or fails for good.

/** `Secure` only when the browser reached us over https: directly, or through a trusted proxy that says so. */
function overHttps(ctx: Context, trustedProxies: readonly string[]): boolean {
  if ((ctx.req.socket as Partial<TLSSocket>).encrypted) return true;
  const peer = ctx.req.socket.remoteAddress ?? '';
  return trustedProxies.includes(peer) && ctx.get('x-forwarded-proto').split(',')[0]?.trim().toLowerCase() === 'https';
}

function setSessionCookie(ctx: Context, deps: ApiDeps, value: string, maxAgeSeconds: number): void {
  const secure = overHttps(ctx, deps.trustedProxies) ? '; Secure' : '';
  const expiry = maxAgeSeconds > 0 ? `Max-Age=${maxAgeSeconds}` : 'Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  ctx.append('Set-Cookie', `${SESSION_COOKIE}=${value}; Path=/; ${expiry}; HttpOnly; SameSite=Strict${secure}`);
}

function sessionCookie(ctx: Context): string | undefined {
  for (const part of ctx.get('cookie').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

export interface LoginSession {
  user: UserCredentials;
  jti: string;
  expiresAt: Date;
}

/** Opens the login session of a user whose password was right but who has a step left. */
export async function startLoginSession(ctx: Context, deps: ApiDeps, user: UserCredentials): Promise<void> {
  const token = await deps.tokens.sign('session', { user_uuid: user.user_uuid }, { expiresInSeconds: LOGIN_SESSION_SECONDS, now: deps.clock.now() });
  setSessionCookie(ctx, deps, token, LOGIN_SESSION_SECONDS);
}

/** The session of the request, or undefined (no cookie, bad or expired token, revoked, user gone or disabled). */
export async function currentLoginSession(ctx: Context, deps: ApiDeps): Promise<LoginSession | undefined> {
  const token = sessionCookie(ctx);
  if (!token) return undefined;
  const payload = await deps.tokens.verify('session', token);
  if (!payload || typeof payload.user_uuid !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return undefined;
  if (await deps.isRevoked(payload.jti)) return undefined;
  const user = await userByUuid(deps.readDb, payload.user_uuid);
  if (!user?.user_enabled) return undefined;
  return { user, jti: payload.jti, expiresAt: new Date(payload.exp * 1000) };
}

/** Ends the login session: revoked on every node, and the cookie cleared. */
export async function endLoginSession(ctx: Context, deps: ApiDeps, session?: LoginSession): Promise<void> {
  const current = session ?? (await currentLoginSession(ctx, deps));
  if (current) await deps.revoke(current.jti, current.expiresAt);
  setSessionCookie(ctx, deps, '', 0);
}

export function loginRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/login',
      tags: ['user'],
      summary: 'Log in with HTTP Basic and get a user token',
      description:
        'With `X-Client-Name`/`X-Client-Version` headers, the client version is checked against the server settings. A user who must change the password or pass 2FA gets the next step (`redirect_url`) and a 5-minute `session` cookie for it.',
      auth: 'user-login',
      strictQuery: true,
      query: Type.Object({ with_websocket: WITH_WEBSOCKET }),
      responses: {
        200: { description: 'Logged in, or the next step of the login (password change, 2FA)', schema: Type.Union([LoginReply, NextStepReply]) },
        400: { description: 'Unknown argument' },
        401: { description: 'Bad credentials, or too many failures (5 within 120 s)' },
        403: { description: 'Too many 2FA attempts' },
        426: { description: 'Client major version too old' },
      },
      async handler(ctx, { auth }) {
        const { user } = auth as AuthenticatedUser;
        const reply = await clientVersionCheck(ctx, deps);
        if (user.user_force_password_change) {
          await startLoginSession(ctx, deps, user);
          ctx.body = { ...reply, message: translate(ctx, 'Password change required for this user.'), reason: 'password_change', redirect_url: '/login_change_password' };
          return;
        }
        if (user.user_2fa_enabled) {
          if ((await deps.loginAttempts.count('user-2fa', user.user_uuid, deps.clock.now())) >= MAX_ATTEMPTS) {
            await recordLoginFailure(ctx, deps, user.user_uuid, 'max_attempts_reached');
            await endLoginSession(ctx, deps);
            throw new HttpError(403, translate(ctx, 'Too many 2FA attempts. Please wait and try again.'));
          }
          await startLoginSession(ctx, deps, user);
          ctx.body = user.user_2fa_otp_enabled
            ? { ...reply, message: translate(ctx, '2FA required for this user.'), reason: '2fa', redirect_url: '/login_validate_2fa' }
            : { ...reply, message: translate(ctx, '2FA enabled but OTP not set for this user.Please setup 2FA.'), reason: '2fa_setup', redirect_url: '/login_setup_2fa' };
          return;
        }
        ctx.body = await loginSuccess(ctx, deps, user, reply, 'password');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/user/logout',
      tags: ['user'],
      summary: 'Log out: revoke the presented token (on every node) and end the login session',
      auth: 'user',
      responses: { 200: { description: '"User logged out."' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { auth }) {
        const requester = auth as AuthenticatedUser;
        // As OpenTera: only an `Authorization: OpenTera` token is revoked; a Basic logout revokes nothing.
        if (requester.token) await deps.revoke(requester.token.jti, requester.token.expiresAt);
        await endLoginSession(ctx, deps);
        jsonMessage(ctx, 'User logged out.');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/user/refresh_token',
      tags: ['user'],
      summary: 'Exchange the presented token for a new 30-minute token; the old one is revoked',
      auth: 'user-token',
      query: Type.Object({ with_websocket: WITH_WEBSOCKET }),
      responses: {
        200: { description: 'The new token', schema: Type.Object({ refresh_token: Type.String() }) },
        401: { description: 'No token, a bad or revoked token, or Basic credentials' },
      },
      async handler(ctx, { auth }) {
        const requester = auth as AuthenticatedUser;
        if (requester.token) await deps.revoke(requester.token.jti, requester.token.expiresAt);
        ctx.body = { refresh_token: await signUserToken(deps, requester.user, REFRESHED_TOKEN_SECONDS) };
      },
    }),
  ];
}
