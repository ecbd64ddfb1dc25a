// The login sub-steps (OpenTera api-user-1.md 1.3-1.5), reached with the `session` cookie that
// GET /api/user/login sets for a user with a step left: the TOTP check, the TOTP setup, and the forced
// password change. Arguments come as query, JSON body or form fields (the web pages POST forms). Also
// registers the web pages that drive them (loginPages.ts).
import { Type } from '@sinclair/typebox';
import type { Context } from 'koa';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { changeOwnPasswordCommand, configureOtpCommand } from '../../../commands/users.js';
import type { UserCredentials } from '../../../projections/queries/users.js';
import { MAX_ATTEMPTS } from '../../auth/loginAttempts.js';
import { asAuthenticated, recordLoginFailure } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { translate } from '../i18n.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { clientVersionCheck, currentLoginSession, endLoginSession, jsonMessage, loginSuccess, type LoginSession } from './login.js';
import { loginPageRoutes } from './loginPages.js';

// pyotp's defaults, as OpenTera uses them: SHA-1, 6 digits, 30 s, and one step of tolerance either way.
const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const TOTP_WINDOW = 1;
/** RFC 4226 asks for at least 128 bits: 26 base32 characters. Ours are 160 bits (32 characters), as pyotp's. */
const MIN_SECRET_CHARS = 26;

/** Is `code` valid for `secret` at `now`, one step either way? Anything malformed is simply not valid. */
export function totpValid(secret: string, code: string, now: Date): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    return TOTP.validate({ ...TOTP_PARAMETERS, token: code, secret: Secret.fromBase32(secret), timestamp: now.getTime(), window: TOTP_WINDOW }) !== null;
  } catch {
    return false;
  }
}

/** A base32 secret (case and spaces forgiven), uppercased without padding, or undefined when it is not one. */
function normalizedSecret(secret: string): string | undefined {
  const value = secret.replace(/\s+/g, '').replace(/=+$/, '').toUpperCase();
  return /^[A-Z2-7]+$/.test(value) && value.length >= MIN_SECRET_CHARS ? value : undefined;
}

async function twoFactorRow(deps: ApiDeps, userUuid: string): Promise<{ username: string; secret: string | null }> {
  const row = await deps.readDb.selectFrom('users').select(['user_username', 'user_2fa_otp_secret']).where('user_uuid', '=', userUuid).executeTakeFirst();
  return { username: (row?.user_username as string | null) ?? '', secret: (row?.user_2fa_otp_secret as string | null) ?? null };
}

/** The session's user, or 401 `"Unauthorized"` (a JSON string, as OpenTera's session check answers). */
async function requireSession(ctx: Context, deps: ApiDeps): Promise<LoginSession> {
  const session = await currentLoginSession(ctx, deps);
  if (!session) throw new HttpError(401, translate(ctx, 'Unauthorized'));
  return session;
}

/** Ends the session and refuses with a JSON string (OpenTera clears the session on these refusals). */
async function refuse(ctx: Context, deps: ApiDeps, session: LoginSession, status: number, msgid: string): Promise<never> {
  await endLoginSession(ctx, deps, session);
  throw new HttpError(status, translate(ctx, msgid));
}

const TOO_MANY_2FA = 'Too many 2FA attempts. Please wait and try again.';

async function refuseWhen2faLocked(ctx: Context, deps: ApiDeps, session: LoginSession): Promise<void> {
  if ((await deps.loginAttempts.count('user-2fa', session.user.user_uuid, deps.clock.now())) < MAX_ATTEMPTS) return;
  await recordLoginFailure(ctx, deps, session.user.user_uuid, 'max_attempts_reached');
  await refuse(ctx, deps, session, 403, TOO_MANY_2FA);
}

/** The checks shared by both methods of setup_2fa: 2FA required, no secret yet, not locked. */
async function setupAllowed(ctx: Context, deps: ApiDeps, session: LoginSession): Promise<UserCredentials> {
  const { user } = session;
  if (!user.user_2fa_enabled) await refuse(ctx, deps, session, 403, 'User does not have 2FA enabled');
  if (user.user_2fa_otp_enabled) await refuse(ctx, deps, session, 403, 'User already has 2FA OTP secret set');
  await refuseWhen2faLocked(ctx, deps, session);
  return user;
}

const OtpCode = Type.String({ description: '2FA otp code' });
const WithWebsocket = Type.Optional(Type.Boolean({ description: 'Also return a websocket URL (accepted; no URL until the websocket gateway exists)' }));
const sessionResponses = { 401: { description: 'No valid login session, or a wrong code' }, 400: { description: 'Missing or unknown argument' } };

export function loginFlowRoutes(deps: ApiDeps): AnyRoute[] {
  const validate2fa = (method: 'get' | 'post') =>
    defineRoute({
      method,
      path: '/api/user/login/2fa',
      tags: ['user'],
      summary: 'Second login step: check a TOTP code, then log in',
      description: 'Needs the `session` cookie of a /login that answered `reason: "2fa"`. Five wrong codes within 15 minutes lock 2FA logins (403).',
      auth: 'none',
      strictQuery: true,
      form: true,
      query: Type.Object({ otp_code: OtpCode, with_websocket: WithWebsocket }, { required: ['otp_code'] }),
      responses: {
        200: { description: 'Logged in: the same reply as /api/user/login' },
        ...sessionResponses,
        403: { description: 'No 2FA for this user, or too many attempts' },
        426: { description: 'Client major version too old' },
      },
      async handler(ctx, { query }) {
        const session = await requireSession(ctx, deps);
        const { user } = session;
        if (!user.user_2fa_enabled) await refuse(ctx, deps, session, 403, 'User does not have 2FA enabled');
        const { secret } = await twoFactorRow(deps, user.user_uuid);
        if (!user.user_2fa_otp_enabled || !secret) await refuse(ctx, deps, session, 403, 'User does not have 2FA OTP enabled or secret set');
        await refuseWhen2faLocked(ctx, deps, session);
        const now = deps.clock.now();
        if (!totpValid(secret!, query.otp_code, now)) {
          const failures = await deps.loginAttempts.fail('user-2fa', user.user_uuid, now);
          await recordLoginFailure(ctx, deps, user.user_uuid, failures >= MAX_ATTEMPTS ? 'max_attempts_reached' : 'invalid_otp');
          if (failures >= MAX_ATTEMPTS) await refuse(ctx, deps, session, 403, TOO_MANY_2FA);
          // The session stays: the client may try again.
          throw new HttpError(401, translate(ctx, 'Invalid OTP code'));
        }
        await deps.loginAttempts.clear('user-2fa', user.user_uuid);
        let versionFields: Record<string, unknown>;
        try {
          versionFields = await clientVersionCheck(ctx, deps);
        } catch (error) {
          await endLoginSession(ctx, deps, session);
          throw error;
        }
        ctx.body = await loginSuccess(ctx, deps, user, versionFields, '2fa');
        await endLoginSession(ctx, deps, session);
      },
    });

  return [
    validate2fa('get'),
    validate2fa('post'),
    defineRoute({
      method: 'get',
      path: '/api/user/login/setup_2fa',
      tags: ['user'],
      summary: 'Make a new TOTP secret and its QR code (not stored until confirmed by POST)',
      description: 'Needs the `session` cookie of a /login that answered `reason: "2fa_setup"`.',
      auth: 'none',
      strictQuery: true,
      query: Type.Object({}),
      responses: {
        200: { description: 'The secret and its QR code', schema: Type.Object({ qr_code: Type.String({ description: 'PNG, base64, no data: prefix' }), otp_secret: Type.String() }) },
        ...sessionResponses,
        403: { description: 'No 2FA for this user, a secret already set, or too many attempts' },
      },
      async handler(ctx) {
        const session = await requireSession(ctx, deps);
        const user = await setupAllowed(ctx, deps, session);
        const secret = new Secret({ size: 20 }).base32;
        const { username } = await twoFactorRow(deps, user.user_uuid);
        const totp = new TOTP({ ...TOTP_PARAMETERS, issuer: `OpenTera-${deps.serverName}`, label: username, secret });
        const png = await QRCode.toBuffer(totp.toString(), { type: 'png', scale: 5 });
        ctx.body = { qr_code: png.toString('base64'), otp_secret: secret };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/login/setup_2fa',
      tags: ['user'],
      summary: 'Store the TOTP secret once a code from it is confirmed',
      description: 'Needs the `session` cookie of a /login that answered `reason: "2fa_setup"`. The login then continues with /api/user/login/2fa.',
      auth: 'none',
      strictQuery: true,
      form: true,
      query: Type.Object(
        {
          otp_secret: Type.String({ description: 'OTP Secret for the user.' }),
          otp_code: Type.String({ description: 'OTP code for validation on setup' }),
          with_email_enabled: Type.Optional(Type.Boolean({ description: 'Enable email notifications for 2FA' })),
        },
        { required: ['otp_secret', 'otp_code'] },
      ),
      responses: {
        200: { description: 'Stored', schema: Type.Object({ message: Type.String(), redirect_url: Type.String() }) },
        ...sessionResponses,
        403: { description: 'No 2FA for this user, a secret already set, or too many attempts' },
      },
      async handler(ctx, { query }) {
        const session = await requireSession(ctx, deps);
        const user = await setupAllowed(ctx, deps, session);
        const secret = normalizedSecret(query.otp_secret);
        if (!secret) throw new HttpError(400, translate(ctx, 'Invalid OTP secret'));
        if (!totpValid(secret, query.otp_code, deps.clock.now())) {
          await recordLoginFailure(ctx, deps, user.user_uuid, 'invalid_otp');
          throw new HttpError(401, translate(ctx, 'Invalid OTP code'));
        }
        const position = await configureOtpCommand(deps.commandContext(ctx, asAuthenticated(user, 'session')), user.user_uuid, secret, query.with_email_enabled ?? false);
        await deps.waitForProjections(position);
        // As OpenTera, the confirmed code rides along: the next page logs in with it while it is still valid.
        ctx.body = { message: translate(ctx, '2FA enabled for this user.'), redirect_url: `/login_validate_2fa?code=${encodeURIComponent(query.otp_code)}` };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/login/change_password',
      tags: ['user'],
      summary: 'Forced password change during login',
      description: 'Needs the `session` cookie of a /login that answered `reason: "password_change"`. The user then logs in again with the new password.',
      auth: 'none',
      strictQuery: true,
      form: true,
      query: Type.Object(
        {
          new_password: Type.String({ description: 'New password for the user' }),
          confirm_password: Type.String({ description: 'Password confirmation for the user' }),
        },
        { required: ['new_password', 'confirm_password'] },
      ),
      responses: {
        200: { description: '"Password changed"' },
        400: { description: 'Missing or unknown argument, no match, not required, too weak, or the same as before' },
        401: { description: 'No valid login session' },
      },
      async handler(ctx, { query }) {
        const session = await requireSession(ctx, deps);
        const { user } = session;
        if (query.new_password !== query.confirm_password) throw new HttpError(400, translate(ctx, 'New password and confirm password do not match'));
        if (!user.user_force_password_change) throw new HttpError(400, translate(ctx, 'User not required to change password'));
        const position = await changeOwnPasswordCommand(deps.commandContext(ctx, asAuthenticated(user, 'session')), user.user_uuid, query.new_password);
        await deps.waitForProjections(position);
        await endLoginSession(ctx, deps, session);
        jsonMessage(ctx, 'Password changed');
      },
    }),
    ...loginPageRoutes(deps),
  ];
}
