// Authentication of participants on /api/participant/* (OpenTera api-participant-device-service.md 2.3): HTTP
// Basic or `Authorization: OpenTera <token>`, selected by the header's scheme, never a `token` argument.
// - Basic: the participant by username (exactly, as OpenTera), enabled and login enabled, the password right;
//   5 failures within 120 s lock the participant (even the right password) until the window passes.
// - A static token (no expiry, OpenTera's `participant_token`): it must be the participant's current one
//   (its jti), with the participant enabled and its token enabled. OpenTera's `limited` role only.
// - A dynamic token (1 h from login, 30 min from refresh): not revoked, participant enabled. `full` role.
// Every way also refuses a participant whose project is disabled (or deleted): disabling a participant or its
// project stops its tokens at once, as every request reads the read model. Failures that name a participant
// (and unknown usernames, without the name) are recorded as login events.
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Context } from 'koa';
import { recordPartyLogin } from '../../commands/logins.js';
import type { PasswordHasher } from '../../commands/ports.js';
import type { LoginFailureReason } from '../../domain/login.js';
import { participantByUsername, participantByUuid, type ParticipantCredentials } from '../../projections/queries/partyAuth.js';
import type { ParticipantRow } from '../../projections/queries/partyRows.js';
import { MAX_ATTEMPTS } from '../auth/loginAttempts.js';
import type { StaticTokens } from '../auth/staticTokens.js';
import { loginClient, parseBasic, type AuthDeps } from './auth.js';
import { HttpError, unauthorized } from './errors.js';
import { translate } from './i18n.js';

/** What participant and device authentication need beyond the users'. */
export interface PartyAuthDeps extends AuthDeps {
  staticTokens: StaticTokens;
  /** Only these peers may report a client certificate (X-SSL-CLIENT-DN). */
  trustedProxies: readonly string[];
}

export interface AuthenticatedParticipant {
  kind: 'participant';
  uuid: string;
  participant: ParticipantRow;
  via: 'basic' | 'static-token' | 'token';
  /** OpenTera's `full` role (Basic or a dynamic token); a static token has the `limited` role only. */
  fullAccess: boolean;
  /** The dynamic token presented: its id and expiry, so that logout and refresh can revoke it. */
  token?: { jti: string; expiresAt: Date };
}

export type ParticipantAuthKind = 'participant' | 'participant-full' | 'participant-token';

function authenticated(row: ParticipantCredentials, via: AuthenticatedParticipant['via'], token?: AuthenticatedParticipant['token']): AuthenticatedParticipant {
  // The password hash stays here: nothing after authentication needs it.
  const { participant_password: _hash, ...participant } = row;
  return { kind: 'participant', uuid: row.participant_uuid, participant, via, fullAccess: via !== 'static-token', ...(token ? { token } : {}) };
}

/** Enabled, in an enabled project: the condition of every way in. */
function usable(row: ParticipantRow): boolean {
  return row.participant_enabled && row.participant_project_enabled;
}

/** Recorded for the logging service; the client gets its 401 whatever happens to the record. */
async function recordFailure(ctx: Context, deps: PartyAuthDeps, participantUuid: string | undefined, reason: LoginFailureReason): Promise<void> {
  try {
    await recordPartyLogin(deps.anonymousContext(ctx), participantUuid, { type: 'ParticipantLoginFailed', data: { ...loginClient(ctx), reason } });
  } catch (error) {
    (ctx.state.log as { error?: (o: unknown, m: string) => void } | undefined)?.error?.({ err: error }, 'cannot record a failed participant login');
  }
}

// An unknown username (or a locked participant) costs a hash verification too, so that timing does not tell them apart.
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
function dummyHash(passwords: PasswordHasher): Promise<string> {
  let hash = dummyHashes.get(passwords);
  if (!hash) dummyHashes.set(passwords, (hash = passwords.hash(randomUUID())));
  return hash;
}

async function basicParticipant(ctx: Context, deps: PartyAuthDeps, header: string): Promise<AuthenticatedParticipant> {
  const credentials = parseBasic(header);
  if (!credentials) throw unauthorized(ctx);
  const row = await participantByUsername(deps.readDb, credentials.username);
  if (!row) {
    await deps.passwords.verify(await dummyHash(deps.passwords), credentials.password);
    if (credentials.username !== '') await recordFailure(ctx, deps, undefined, 'unknown_user');
    throw unauthorized(ctx);
  }
  const uuid = row.participant_uuid;
  const now = deps.clock.now();
  const failures = await deps.loginAttempts.count('participant-password', uuid, now);
  if (failures >= MAX_ATTEMPTS) {
    await deps.passwords.verify(await dummyHash(deps.passwords), credentials.password);
    await recordFailure(ctx, deps, uuid, 'max_attempts_reached');
    throw unauthorized(ctx);
  }
  const allowed = usable(row) && row.participant_login_enabled;
  const ok = await deps.passwords.verify(row.participant_password ?? (await dummyHash(deps.passwords)), credentials.password);
  if (ok && allowed) {
    if (failures > 0) await deps.loginAttempts.clear('participant-password', uuid);
    return authenticated(row, 'basic');
  }
  // As OpenTera: an attempt on a participant who may not log in counts as a failure too, whatever the password.
  await deps.loginAttempts.fail('participant-password', uuid, now);
  await recordFailure(ctx, deps, uuid, allowed ? 'wrong_password' : 'disabled_account');
  throw unauthorized(ctx);
}

function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

async function tokenParticipant(ctx: Context, deps: PartyAuthDeps, token: string): Promise<AuthenticatedParticipant> {
  if (token === '') throw unauthorized(ctx);
  // OpenTera tries the static token first; the two kinds have their own keys, so at most one verifies.
  const staticClaims = await deps.staticTokens.verifyParticipant(token);
  if (staticClaims) {
    const row = await participantByUuid(deps.readDb, staticClaims.uuid);
    if (!row || row.id_participant !== staticClaims.id) throw unauthorized(ctx);
    const current = row.participant_token_id === staticClaims.jti && row.participant_token_enabled;
    if (current && usable(row)) return authenticated(row, 'static-token');
    await recordFailure(ctx, deps, row.participant_uuid, usable(row) ? 'invalid_token' : 'disabled_account');
    throw unauthorized(ctx);
  }
  const payload = await deps.tokens.verify('participant', token);
  const claims = payload ?? unverifiedClaims(token);
  const claimedUuid = typeof claims?.participant_uuid === 'string' ? claims.participant_uuid : undefined;
  const refuse = async (): Promise<never> => {
    // Recorded only when the token names a participant that exists: garbage names no one.
    const named = claimedUuid ? await participantByUuid(deps.readDb, claimedUuid) : undefined;
    if (named) await recordFailure(ctx, deps, named.participant_uuid, 'invalid_token');
    throw unauthorized(ctx);
  };
  // OpenTera needs `exp` too (its check crashes without one); ours always carry it.
  if (!payload || !claimedUuid || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return refuse();
  if (await deps.isRevoked(payload.jti)) return refuse();
  const row = await participantByUuid(deps.readDb, claimedUuid);
  if (!row) throw unauthorized(ctx);
  // As OpenTera, `participant_login_enabled` is not asked of a dynamic token: the login that issued it checked it.
  if (!usable(row)) {
    await recordFailure(ctx, deps, row.participant_uuid, 'disabled_account');
    throw unauthorized(ctx);
  }
  return authenticated(row, 'token', { jti: payload.jti, expiresAt: new Date(payload.exp * 1000) });
}

/** `Authorization: OpenTera <token>`: the scheme exactly, then whitespace (Flask-HTTPAuth's split). */
function openTeraToken(header: string): string | undefined {
  const match = /^OpenTera\s+([\s\S]*)$/.exec(header.trimStart());
  return match ? match[1]!.trim() : undefined;
}

/**
 * Authenticates the request for a participant endpoint. A static token where the `full` role is asked is 403
 * (OpenTera's role refusal), with the same plain-text body as a 401.
 */
export async function authenticateParticipant(ctx: Context, deps: PartyAuthDeps, kind: ParticipantAuthKind): Promise<AuthenticatedParticipant> {
  const header = ctx.get('authorization');
  const token = openTeraToken(header);
  let participant: AuthenticatedParticipant;
  if (token !== undefined) participant = await tokenParticipant(ctx, deps, token);
  else if (kind === 'participant-token') throw unauthorized(ctx);
  // Any other scheme, or none, is Basic with whatever credentials it carries (none: 401).
  else participant = await basicParticipant(ctx, deps, header);
  if (kind !== 'participant' && !participant.fullAccess) throw new HttpError(403, translate(ctx, 'Unauthorized'), 'text');
  return participant;
}
