// GET /api/user/login (OpenTera api-user-1.md 1.2): Basic only, strict arguments.
import { Type } from '@sinclair/typebox';
import { fullName } from '../../../projections/queries/users.js';
import { USER_TOKEN_SECONDS } from '../../auth/tokens.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { translate } from '../i18n.js';

const LoginReply = Type.Object({
  user_uuid: Type.String(),
  user_fullname: Type.String(),
  user_token: Type.String({ description: 'JWT for `Authorization: OpenTera <token>`, valid one hour' }),
});

export function loginRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/login',
      tags: ['user'],
      summary: 'Log in with HTTP Basic and get a user token',
      auth: 'user-login',
      strictQuery: true,
      query: Type.Object({ with_websocket: Type.Optional(Type.Boolean({ description: 'Also return a websocket URL' })) }),
      responses: {
        200: { description: 'Logged in, or the next step of the login (password change, 2FA)', schema: LoginReply },
        400: { description: 'Unknown argument' },
        401: { description: 'Bad credentials' },
      },
      async handler(ctx, { auth }) {
        const { user } = auth as AuthenticatedUser;
        if (user.user_force_password_change) {
          ctx.body = { message: translate(ctx, 'Password change required for this user.'), reason: 'password_change', redirect_url: '/login_change_password' };
          return;
        }
        if (user.user_2fa_enabled) {
          ctx.body = user.user_2fa_otp_enabled
            ? { message: translate(ctx, '2FA required for this user.'), reason: '2fa', redirect_url: '/login_validate_2fa' }
            : { message: translate(ctx, '2FA enabled but OTP not set for this user.Please setup 2FA.'), reason: '2fa_setup', redirect_url: '/login_setup_2fa' };
          return;
        }
        const user_fullname = fullName(user);
        const user_token = await deps.tokens.sign(
          'user',
          // Global service roles arrive with the services (issue 7); until then `service_access` is empty, as OpenTera's for a superadmin.
          { user_uuid: user.user_uuid, id_user: user.id_user, user_fullname, user_superadmin: user.user_superadmin, service_access: {} },
          { expiresInSeconds: USER_TOKEN_SECONDS, now: deps.clock.now() },
        );
        ctx.body = { user_uuid: user.user_uuid, user_fullname, user_token };
      },
    }),
  ];
}
