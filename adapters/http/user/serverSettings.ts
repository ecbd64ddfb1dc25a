// GET /api/user/server/settings (OpenTera api-user-2.md 3): the server's UUID and, for superadmins only,
// the device registration key.
import { Type } from '@sinclair/typebox';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type AnyRoute } from '../routes.js';

export function serverSettingsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/server/settings',
      tags: ['user'],
      summary: 'Server settings: the server UUID, and the device registration key (superadmins)',
      description:
        'Each flag adds its setting; with none the answer is `{}`. The device registration key lets anyone register devices, so only superadmins get it (OpenTera gives it to every user); for others it is left out.',
      auth: 'user',
      query: Type.Object({
        uuid: Type.Optional(Type.Boolean({ description: 'Get server UUID' })),
        device_register_key: Type.Optional(Type.Boolean({ description: 'Get device registration key' })),
      }),
      responses: {
        200: {
          description: 'The settings asked for',
          schema: Type.Object({ server_uuid: Type.Optional(Type.String()), device_register_key: Type.Optional(Type.String()) }),
        },
        400: { description: 'Bad flag value' },
        401: { description: 'Not authenticated' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const settings: Record<string, string> = {};
        if (query.uuid) settings.server_uuid = await deps.serverSettings.serverUuid();
        if (query.device_register_key && requester.superadmin) settings.device_register_key = await deps.serverSettings.deviceRegisterKey();
        ctx.body = settings;
      },
    }),
  ];
}
