// /api/user/users/preferences (OpenTera api-user-2.md section 25): one JSON text per user and application.
import { Type } from '@sinclair/typebox';
import { saveUserPreference } from '../../../commands/userAdministration.js';
import { isUserVisible, preferencesOf } from '../../../projections/queries/usersAdmin.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Preference = Type.Object({
  id_user_preference: Type.Integer(),
  id_user: Type.Integer(),
  user_preference_app_tag: Type.String(),
  user_preference_preference: Type.String({ description: 'A JSON text' }),
});

const PreferenceBody = Type.Object(
  {
    user_preference: Type.Object(
      {
        id_user: Type.Optional(Type.Integer({ description: 'Defaults to the requester' })),
        user_preference_app_tag: Type.String({ 'x-missing': 'Missing app tag' }),
        user_preference_preference: Type.Optional(
          Type.Union([Type.String(), Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'A JSON text or object; null or "" (or absent) deletes the preference' }),
        ),
        id_user_preference: Type.Optional(Type.Unknown({ description: 'Read-only: ignored' })),
      },
      { additionalProperties: false, 'x-missing': 'Missing user_preference' },
    ),
  },
  { additionalProperties: false },
);

export function userPreferencesRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/users/preferences',
      tags: ['user'],
      summary: "A user's preferences (the requester's by default)",
      auth: 'user',
      query: Type.Object({
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user to get preferences for' })),
        app_tag: Type.Optional(Type.String({ description: 'Tag of the application' })),
      }),
      responses: {
        200: { description: 'The preferences', schema: Type.Array(Preference) },
        403: { description: 'A user the requester may not access' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const userId = query.id_user || requester.id;
        if (userId !== requester.id && !(await isUserVisible(deps.readDb, requester, userId))) throw endpointError(ctx, 403, 'Forbidden');
        ctx.body = await preferencesOf(deps.readDb, userId, query.app_tag || undefined);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/users/preferences',
      tags: ['user'],
      summary: 'Save (or delete, when empty) the preference of a user for an application',
      auth: 'user',
      body: PreferenceBody,
      responses: {
        200: { description: 'The saved preference, or null when it was deleted', schema: Type.Union([Preference, Type.Null()]) },
        400: { description: 'Missing app tag, or a preference that is not JSON' },
        403: { description: 'A user the requester does not administer' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const p = body.user_preference;
        const appTag = p.user_preference_app_tag;
        const result = await saveUserPreference(deps.commandContext(ctx, requester), requester, {
          ...(p.id_user !== undefined ? { userId: p.id_user } : {}),
          appTag,
          preference: p.user_preference_preference ?? null,
        });
        await deps.waitForProjections(result.position);
        const [saved] = await preferencesOf(deps.readDb, result.userId, appTag);
        ctx.type = 'application/json';
        ctx.body = JSON.stringify(saved ?? null);
      },
    }),
  ];
}
