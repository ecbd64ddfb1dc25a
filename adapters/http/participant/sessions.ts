// A participant's own sessions (OpenTera api-participant-device-service.md 4.7, 4.8): those it is invited to
// or created, and the sessions it creates and updates (commands/partySessions.ts), with the fixes listed in
// docs/compat.md ("Sessions and session events").
import { Type } from '@sinclair/typebox';
import type { Context } from 'koa';
import { saveSessionByParty, type PartySessionInput } from '../../../commands/partySessions.js';
import { selectSessionIds, sessionsJson } from '../../../projections/queries/sessions.js';
import type { ApiDeps } from '../deps.js';
import type { AuthenticatedParticipant } from '../participantAuth.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { postedSessionColumns, sessionFilters, SessionFull, SessionMinimal } from '../user/sessions.js';

const readBack = (description: string) => Type.Optional(Type.Unknown({ description: `Read-only (${description}): accepted and ignored` }));

/** The body of a session posted by a participant or a device: the caller is always its creator. */
export function partySessionBody(creator: string) {
  return Type.Object(
    {
      session: Type.Object(
        {
          id_session: Type.Integer({ minimum: 0, description: '0 creates a session (or finds the same one again)', 'x-missing': 'Missing id_session value' }),
          id_session_type: Type.Integer({ description: `One of the ${creator}'s session types`, 'x-missing': 'Missing id_session_type value' }),
          ...postedSessionColumns,
          session_participants: Type.Optional(Type.Array(Type.String(), { description: `Participant uuids, required on create (each in one of the ${creator}'s projects); ignored on update` })),
          id_creator_user: readBack(`the ${creator}`),
          id_creator_device: readBack(`the ${creator}`),
          id_creator_participant: readBack(`the ${creator}`),
          id_creator_service: readBack(`the ${creator}`),
        },
        { additionalProperties: false, 'x-missing': 'Missing session' },
      ),
    },
    { additionalProperties: true },
  );
}

type PostedPartySession = {
  id_session: number;
  id_session_type: number;
  session_name?: string;
  session_start_datetime?: string;
  session_duration?: number;
  session_status?: number;
  session_comments?: string | null;
  session_parameters?: string | Record<string, unknown> | null;
  session_participants?: string[];
};

export function partySessionInput(s: PostedPartySession): PartySessionInput {
  return {
    id: s.id_session,
    typeId: s.id_session_type,
    ...(s.session_name !== undefined ? { name: s.session_name } : {}),
    ...(s.session_start_datetime !== undefined ? { startDatetime: s.session_start_datetime } : {}),
    ...(s.session_duration !== undefined ? { duration: s.session_duration } : {}),
    ...(s.session_status !== undefined ? { status: s.session_status } : {}),
    ...(s.session_comments !== undefined ? { comments: s.session_comments } : {}),
    ...(s.session_parameters !== undefined ? { parameters: s.session_parameters } : {}),
    ...(s.session_participants !== undefined ? { participantUuids: s.session_participants } : {}),
  };
}

function json(ctx: Context, body: unknown): void {
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

export function participantSessionsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/participant/sessions',
      tags: ['participant'],
      summary: "The participant's sessions (invited to or created), newest first",
      auth: 'participant-full',
      strictQuery: true,
      query: Type.Object({
        id_session: Type.Optional(Type.Integer({ description: 'ID of the session to query' })),
        session_uuid: Type.Optional(Type.String({ description: 'Session UUID to query' })),
        status: Type.Optional(Type.Integer({ description: 'Limit to specific session status' })),
        limit: Type.Optional(Type.Integer({ description: 'Maximum number of results to return' })),
        offset: Type.Optional(Type.Integer({ description: 'Number of items to ignore in results, offset from 0-index' })),
        list: Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data to minimal information' })),
        start_date: Type.Optional(Type.String({ format: 'date', description: 'Start date, sessions before that date will be ignored' })),
        end_date: Type.Optional(Type.String({ format: 'date', description: 'End date, sessions after that date will be ignored' })),
      }),
      responses: {
        200: { description: 'The sessions', schema: Type.Union([Type.Array(SessionFull), Type.Array(SessionMinimal)]) },
        400: { description: 'Unknown or bad argument' },
        401: { description: 'Bad or missing credentials' },
        403: { description: 'A static token' },
      },
      async handler(ctx, { query, auth }) {
        const { participant } = auth as AuthenticatedParticipant;
        const filters = {
          ...sessionFilters(query),
          // As OpenTera, 0 and "" are no filter.
          ...(query.id_session ? { id: query.id_session } : {}),
          ...(query.session_uuid ? { uuid: query.session_uuid } : {}),
        };
        const ids = await selectSessionIds(deps.readDb, { by: 'participant', id: participant.id_participant }, filters);
        json(ctx, await sessionsJson(deps.readDb, ids, { minimal: query.list === true }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/participant/sessions',
      tags: ['participant'],
      summary: 'Create (id_session 0) or update a session, as its creator',
      description:
        "A new session of one of the participant's session types, with participants of its project; posting a session the participant already created (same name, type, start day and participants) updates that one. Only sessions the participant created can be updated.",
      auth: 'participant',
      body: partySessionBody('participant'),
      responses: {
        200: { description: 'The saved session', schema: SessionFull },
        400: { description: 'Missing or invalid field, or an unknown participant uuid (nothing is written)' },
        401: { description: 'Bad or missing credentials' },
        403: { description: '"No access to session type", or "Unauthorized": a session the participant did not create' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedParticipant;
        const { participant } = requester;
        const party = { kind: 'participant' as const, id: participant.id_participant, projectIds: [participant.id_project] };
        const result = await saveSessionByParty(deps.commandContext(ctx, requester), party, partySessionInput(body.session));
        await deps.waitForProjections(result.position);
        const [saved] = await sessionsJson(deps.readDb, [result.id]);
        json(ctx, saved ?? null);
      },
    }),
  ];
}
