// The participant login (OpenTera api-participant-device-service.md 4.1-4.3): GET /api/participant/login with
// any participant credential, /logout (the presented dynamic token revoked on every node) and /refresh_token
// (a dynamic token for a new 30-minute one).
import { Type } from '@sinclair/typebox';
import { recordPartyLogin } from '../../../commands/logins.js';
import type { ParticipantRow } from '../../../projections/queries/partyRows.js';
import { sessionTypeMinimalJson, sessionTypesOfProjects } from '../../../projections/queries/sessionTypes.js';
import { loginClient } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { SessionTypesInfo } from '../device/schemas.js';
import type { AuthenticatedParticipant } from '../participantAuth.js';
import { participantFullJson } from '../partyJson.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { jsonMessage } from '../user/login.js';

/** Lifetime of a dynamic token from /login (OpenTera: 1 h) and from /refresh_token (30 min). */
export const PARTICIPANT_TOKEN_SECONDS = 3600;
export const REFRESHED_PARTICIPANT_TOKEN_SECONDS = 1800;

/** A dynamic participant token with OpenTera's claims (iat, exp, iss and jti are added by the signer). */
export function signParticipantToken(deps: ApiDeps, participant: ParticipantRow, expiresInSeconds: number): Promise<string> {
  return deps.tokens.sign(
    'participant',
    { participant_uuid: participant.participant_uuid, id_participant: participant.id_participant, user_fullname: participant.participant_name },
    { expiresInSeconds, now: deps.clock.now() },
  );
}

const LoginReply = Type.Object({
  participant_name: Type.Union([Type.String(), Type.Null()]),
  participant_uuid: Type.String({ format: 'uuid' }),
  session_types_info: SessionTypesInfo,
  participant_token: Type.Optional(Type.String({ description: 'A new dynamic token (1 h), for Basic or dynamic-token logins only' })),
  base_token: Type.Union([Type.String(), Type.Null()], { description: 'The static token, null when tokens are disabled' }),
});

export function participantLoginRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/participant/login',
      tags: ['participant'],
      summary: 'Log in with HTTP Basic, a static token or a dynamic token',
      description:
        'Basic and dynamic-token logins get a new dynamic token (`participant_token`, 1 h); a static-token login gets only `base_token`. No `websocket_url` yet: the websocket gateway does not exist.',
      auth: 'participant',
      query: Type.Object({
        with_websocket: Type.Optional(Type.Boolean({ description: 'Require a websocket URL (accepted; no URL until the websocket gateway exists)' })),
      }),
      responses: { 200: { description: 'Logged in', schema: LoginReply }, 401: { description: 'Bad or missing credentials (text `Unauthorized`)' } },
      async handler(ctx, { auth }) {
        const requester = auth as AuthenticatedParticipant;
        const { participant } = requester;
        // TODO(presence): with who is online (the websocket gateway, issue 6), a participant already online gets
        // no websocket_url, and 403 "Participant already logged in." when `with_websocket` is set.
        const position = await recordPartyLogin(deps.commandContext(ctx, requester), participant.participant_uuid, {
          type: 'ParticipantLoggedIn',
          data: { ...loginClient(ctx), method: requester.via === 'basic' ? 'password' : 'token' },
        });
        // The next request must see this login (`participant_lastonline`).
        await deps.waitForProjections(position);
        ctx.body = {
          participant_name: participant.participant_name,
          participant_uuid: participant.participant_uuid,
          session_types_info: (await sessionTypesOfProjects(deps.readDb, [participant.id_project])).map(sessionTypeMinimalJson),
          ...(requester.fullAccess ? { participant_token: await signParticipantToken(deps, participant, PARTICIPANT_TOKEN_SECONDS) } : {}),
          base_token: (await participantFullJson(participant, deps.staticTokens)).participant_token,
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/participant/logout',
      tags: ['participant'],
      summary: 'Log out: revoke the presented dynamic token (on every node)',
      description: 'A static token is never revoked by a logout: the participant keeps its link.',
      auth: 'participant',
      responses: { 200: { description: '"Participant logged out."' }, 401: { description: 'Bad or missing credentials' } },
      async handler(ctx, { auth }) {
        const requester = auth as AuthenticatedParticipant;
        if (requester.token) await deps.revoke(requester.token.jti, requester.token.expiresAt);
        // TODO(presence): also disconnect the participant's websocket, once the websocket gateway exists.
        jsonMessage(ctx, 'Participant logged out.');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/participant/refresh_token',
      tags: ['participant'],
      summary: 'Exchange the presented dynamic token for a new 30-minute one; the old one is revoked',
      auth: 'participant-token',
      responses: {
        200: { description: 'The new token', schema: Type.Object({ refresh_token: Type.String() }) },
        401: { description: 'No token, a bad or revoked one, or Basic credentials' },
        403: { description: 'A static token' },
      },
      async handler(ctx, { auth }) {
        const requester = auth as AuthenticatedParticipant;
        if (requester.token) await deps.revoke(requester.token.jti, requester.token.expiresAt);
        ctx.body = { refresh_token: await signParticipantToken(deps, requester.participant, REFRESHED_PARTICIPANT_TOKEN_SECONDS) };
      },
    }),
  ];
}
