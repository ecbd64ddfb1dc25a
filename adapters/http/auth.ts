// Authentication of users on every user endpoint: HTTP Basic or `Authorization: OpenTera <jwt>`, as
// OpenTera selects them by the header's scheme. The token is checked on every request: signature and
// expiry, revocation, and that its user still exists and is enabled.
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import type { Requester } from '../../domain/access.js';
import type { PasswordHasher } from '../../commands/ports.js';
import type { AnyDb } from '../../projections/types.js';
import { userByUsername, userByUuid, type UserCredentials } from '../../projections/queries/users.js';
import type { Tokens } from '../auth/tokens.js';
import { HttpError, unauthorized } from './errors.js';
import { translate } from './i18n.js';

export interface AuthenticatedUser extends Requester {
  user: UserCredentials;
  via: 'basic' | 'token';
}

export interface AuthDeps {
  readDb: AnyDb;
  passwords: PasswordHasher;
  tokens: Tokens;
  isRevoked(jti: string): Promise<boolean>;
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

function asAuthenticated(user: UserCredentials, via: 'basic' | 'token'): AuthenticatedUser {
  return { id: user.id_user, uuid: user.user_uuid, superadmin: user.user_superadmin, user, via };
}

// An unknown username costs a hash verification too, so that timing does not tell which usernames exist.
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
function dummyHash(passwords: PasswordHasher): Promise<string> {
  let hash = dummyHashes.get(passwords);
  if (!hash) dummyHashes.set(passwords, (hash = passwords.hash(randomUUID())));
  return hash;
}

export async function basicUser(deps: AuthDeps, header: string): Promise<UserCredentials | undefined> {
  const credentials = parseBasic(header);
  if (!credentials) return undefined;
  const user = await userByUsername(deps.readDb, credentials.username);
  const ok = await deps.passwords.verify(user?.user_password ?? (await dummyHash(deps.passwords)), credentials.password);
  return ok && user?.user_enabled ? user : undefined;
}

export async function tokenUser(deps: AuthDeps, token: string): Promise<UserCredentials | undefined> {
  const payload = await deps.tokens.verify('user', token);
  if (!payload || typeof payload.user_uuid !== 'string' || typeof payload.jti !== 'string') return undefined;
  // OpenTera accepts tokens without `exp`; ours always carry one, so a token without it is not ours.
  if (typeof payload.exp !== 'number') return undefined;
  if (await deps.isRevoked(payload.jti)) return undefined;
  const user = await userByUuid(deps.readDb, payload.user_uuid);
  return user?.user_enabled ? user : undefined;
}

/**
 * Authenticates the request for a user endpoint. `login`: Basic only, and the forced-password-change and
 * 2FA states do not block (the login answers them).
 */
export async function authenticateUser(ctx: Context, deps: AuthDeps, login: boolean): Promise<AuthenticatedUser> {
  const header = ctx.get('authorization');
  if (header.startsWith('OpenTera ') && !login) {
    const user = await tokenUser(deps, header.slice('OpenTera '.length).trim());
    if (!user) throw unauthorized(ctx);
    return asAuthenticated(user, 'token');
  }
  const user = await basicUser(deps, header);
  if (!user) throw unauthorized(ctx);
  if (!login && user.user_force_password_change) throw new HttpError(401, { message: translate(ctx, 'Unauthorized - User must login first to change password') });
  if (!login && user.user_2fa_enabled) throw new HttpError(401, { message: translate(ctx, 'Unauthorized - 2FA is enabled, must login first and use token') });
  return asAuthenticated(user, 'basic');
}
