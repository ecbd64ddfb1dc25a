// Authentication of users on every user endpoint: HTTP Basic or `Authorization: OpenTera <jwt>`, as
// OpenTera selects them by the header's scheme. Basic counts failures per user in the database (5 within
// 120 s lock the account, even for the right password, until the window passes); the token is checked on
// every request: signature and expiry, revocation, and that its user still exists and is enabled. Every
// failure that names a user (and every unknown username) is recorded as a login event.
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Context } from 'koa';
import type { CommandContext } from '../../commands/context.js';
import { recordLogin } from '../../commands/logins.js';
import type { Clock, PasswordHasher } from '../../commands/ports.js';
import type { Requester } from '../../domain/access.js';
import type { LoginClient, LoginFailureReason } from '../../domain/login.js';
import type { AnyDb } from '../../projections/types.js';
import { userByUsername, userByUuid, type UserCredentials } from '../../projections/queries/users.js';
import { MAX_ATTEMPTS, type LoginAttempts } from '../auth/loginAttempts.js';
import type { Tokens } from '../auth/tokens.js';
import { HttpError, unauthorized } from './errors.js';
import { translate } from './i18n.js';
import type { AuthKind } from './routes.js';

export interface AuthenticatedUser extends Requester {
  user: UserCredentials;
  via: 'basic' | 'token' | 'session';
  /** The token presented (token authentication): its id and expiry, so that logout and refresh can revoke it. */
  token?: { jti: string; expiresAt: Date };
}

export interface AuthDeps {
  readDb: AnyDb;
  passwords: PasswordHasher;
  tokens: Tokens;
  clock: Clock;
  isRevoked(jti: string): Promise<boolean>;
  loginAttempts: LoginAttempts;
  /** The command context of a request that no one is authenticated for (login failures are recorded with it). */
  anonymousContext(ctx: Context): CommandContext;
}

/** Decodes `Basic <base64(user:password)>` strictly; anything malformed is no credentials at all. */
export function parseBasic(header: string): { username: string; password: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header.trim());
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function asAuthenticated(user: UserCredentials, via: AuthenticatedUser['via'], token?: AuthenticatedUser['token']): AuthenticatedUser {
  return { id: user.id_user, uuid: user.user_uuid, superadmin: user.user_superadmin, user, via, ...(token ? { token } : {}) };
}

/** What the client says about itself (OpenTera's login event fields); the User-Agent is in the event metadata. */
export function loginClient(ctx: Context): LoginClient {
  const header = (name: string) => ctx.get(name) || undefined;
  const fields = { clientName: header('x-client-name'), clientVersion: header('x-client-version'), osName: header('x-os-name'), osVersion: header('x-os-version') };
  return { ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), endpoint: ctx.path };
}

/**
 * Records a failed login. The answer to the client does not depend on it: a store failure is logged and the
 * request still gets its 401 or 403.
 */
export async function recordLoginFailure(ctx: Context, deps: AuthDeps, userUuid: string | undefined, reason: LoginFailureReason): Promise<void> {
  try {
    await recordLogin(deps.anonymousContext(ctx), userUuid, { type: 'UserLoginFailed', data: { ...loginClient(ctx), reason } });
  } catch (error) {
    (ctx.state.log as { error?: (o: unknown, m: string) => void } | undefined)?.error?.({ err: error }, 'cannot record a failed login');
  }
}

// An unknown username (or a locked account) costs a hash verification too, so that timing does not tell them apart.
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
function dummyHash(passwords: PasswordHasher): Promise<string> {
  let hash = dummyHashes.get(passwords);
  if (!hash) dummyHashes.set(passwords, (hash = passwords.hash(randomUUID())));
  return hash;
}

async function basicUser(ctx: Context, deps: AuthDeps, header: string): Promise<UserCredentials> {
  const credentials = parseBasic(header);
  if (!credentials) throw unauthorized(ctx);
  const user = await userByUsername(deps.readDb, credentials.username);
  if (!user) {
    await deps.passwords.verify(await dummyHash(deps.passwords), credentials.password);
    if (credentials.username !== '') await recordLoginFailure(ctx, deps, undefined, 'unknown_user');
    throw unauthorized(ctx);
  }
  const now = deps.clock.now();
  const failures = await deps.loginAttempts.count('user-password', user.user_uuid, now);
  if (failures >= MAX_ATTEMPTS) {
    // Locked: refused even with the right password, until 120 s have passed since the last failure.
    await deps.passwords.verify(await dummyHash(deps.passwords), credentials.password);
    await recordLoginFailure(ctx, deps, user.user_uuid, 'max_attempts_reached');
    throw unauthorized(ctx);
  }
  const ok = await deps.passwords.verify(user.user_password ?? (await dummyHash(deps.passwords)), credentials.password);
  if (ok && user.user_enabled) {
    if (failures > 0) await deps.loginAttempts.clear('user-password', user.user_uuid);
    return user;
  }
  // As OpenTera: a disabled account counts as a failure too, whatever the password.
  await deps.loginAttempts.fail('user-password', user.user_uuid, now);
  await recordLoginFailure(ctx, deps, user.user_uuid, user.user_enabled ? 'wrong_password' : 'disabled_account');
  throw unauthorized(ctx);
}

/** The claims of a token whose signature could not be checked, or undefined when it does not decode. */
function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

async function tokenUser(ctx: Context, deps: AuthDeps, token: string): Promise<AuthenticatedUser> {
  const payload = await deps.tokens.verify('user', token);
  const claims = payload ?? unverifiedClaims(token);
  const claimedUuid = typeof claims?.user_uuid === 'string' ? claims.user_uuid : undefined;
  const refuse = async (): Promise<never> => {
    // Recorded only when the token names a user that exists: garbage names no one, and would fill a shared stream.
    const named = claimedUuid ? await userByUuid(deps.readDb, claimedUuid) : undefined;
    if (named) await recordLoginFailure(ctx, deps, named.user_uuid, 'invalid_token');
    throw unauthorized(ctx);
  };
  // OpenTera accepts tokens without `exp`; ours always carry one, so a token without it is not ours.
  if (!payload || !claimedUuid || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return refuse();
  if (await deps.isRevoked(payload.jti)) return refuse();
  const user = await userByUuid(deps.readDb, claimedUuid);
  if (!user) throw unauthorized(ctx);
  if (!user.user_enabled) {
    await recordLoginFailure(ctx, deps, user.user_uuid, 'disabled_account');
    throw unauthorized(ctx);
  }
  return asAuthenticated(user, 'token', { jti: payload.jti, expiresAt: new Date(payload.exp * 1000) });
}

/**
 * Authenticates the request for a user endpoint. `user-login`: Basic only, and the forced-password-change and
 * 2FA states do not block (the login answers them). `user-token`: the token only (`/refresh_token`).
 */
export async function authenticateUser(ctx: Context, deps: AuthDeps, kind: Exclude<AuthKind, 'none'>): Promise<AuthenticatedUser> {
  const header = ctx.get('authorization');
  if (header.startsWith('OpenTera ')) {
    if (kind === 'user-login') throw unauthorized(ctx);
    return tokenUser(ctx, deps, header.slice('OpenTera '.length).trim());
  }
  if (kind === 'user-token') throw unauthorized(ctx);
  const user = await basicUser(ctx, deps, header);
  if (kind === 'user' && user.user_force_password_change) throw new HttpError(401, { message: translate(ctx, 'Unauthorized - User must login first to change password') });
  if (kind === 'user' && user.user_2fa_enabled) throw new HttpError(401, { message: translate(ctx, 'Unauthorized - 2FA is enabled, must login first and use token') });
  return asAuthenticated(user, 'basic');
}
