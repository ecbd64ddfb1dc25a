// /api/user/sessions/events (OpenTera api-user-2.md section 10): the events of a session the user may reach
// (projections/queries/sessions.ts), with the fixes listed in docs/compat.md ("Sessions and session events").
import { Type, type TSchema } from '@sinclair/typebox';
import type { Context } from 'koa';
import { deleteSessionEventByUser, saveSessionEventByUser, type SessionEventInput } from '../../../commands/sessionAdministration.js';
import { isSessionAccessible, sessionEventsJson } from '../../../projections/queries/sessions.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SessionEventJson = Type.Object(
  {
    id_session_event: Type.Integer(),
    id_session: Type.Integer(),
    id_session_event_type: Type.Integer({ description: '0-14 (general error ... join refused), 100-109 (custom events)' }),
    session_event_datetime: Type.String({ description: 'ISO 8601' }),
    session_event_text: Nullable(Type.String()),
    session_event_context: Nullable(Type.String()),
  },
  { description: 'TeraSessionEvent.to_json()' },
);

/** The body of a posted event, shared with the device API (whose missing-key message differs). */
export function sessionEventBody(missingEvent: string, missingIds: string) {
  return Type.Object(
    {
      session_event: Type.Object(
        {
          id_session: Type.Integer({ 'x-missing': missingIds }),
          id_session_event: Type.Integer({ description: '0 (or less) creates an event', 'x-missing': missingIds }),
          id_session_event_type: Type.Optional(Type.Integer({ description: 'Required on create' })),
          session_event_datetime: Type.Optional(Type.String({ description: 'Required on create; ISO 8601, without an offset UTC' })),
          session_event_text: Type.Optional(Nullable(Type.String())),
          session_event_context: Type.Optional(Nullable(Type.String())),
        },
        { additionalProperties: false, 'x-missing': missingEvent },
      ),
    },
    { additionalProperties: true },
  );
}

type PostedEvent = {
  id_session: number;
  id_session_event: number;
  id_session_event_type?: number;
  session_event_datetime?: string;
  session_event_text?: string | null;
  session_event_context?: string | null;
};

export function sessionEventInput(e: PostedEvent): SessionEventInput {
  return {
    sessionId: e.id_session,
    eventId: e.id_session_event,
    ...(e.id_session_event_type !== undefined ? { eventType: e.id_session_event_type } : {}),
    ...(e.session_event_datetime !== undefined ? { datetime: e.session_event_datetime } : {}),
    ...(e.session_event_text !== undefined ? { text: e.session_event_text } : {}),
    ...(e.session_event_context !== undefined ? { context: e.session_event_context } : {}),
  };
}

function json(ctx: Context, body: unknown): void {
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

export function sessionEventsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/sessions/events',
      tags: ['user'],
      summary: 'The events of a session the user may reach, by time',
      auth: 'user',
      query: Type.Object({ id_session: Type.Integer({ description: 'Session ID to query events for' }) }, { required: ['id_session'] }),
      responses: {
        200: { description: 'The events ([] for a session the user may not reach)', schema: Type.Array(SessionEventJson) },
        400: { description: 'Missing or invalid id_session' },
        401: { description: 'Not authenticated' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const reachable = await isSessionAccessible(deps.readDb, requester, query.id_session);
        json(ctx, reachable ? await sessionEventsJson(deps.readDb, query.id_session) : []);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/sessions/events',
      tags: ['user'],
      summary: 'Log (id_session_event 0) or change an event of a session the user may reach',
      auth: 'user',
      body: sessionEventBody('Missing session_event field', 'Missing id_session or id_session_event fields'),
      responses: {
        200: { description: 'The saved event, in a list', schema: Type.Array(SessionEventJson) },
        400: { description: 'Missing or invalid field' },
        403: { description: 'No access to the session' },
        404: { description: 'Unknown session (superadmin), or an event of another session' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const input = sessionEventInput(body.session_event);
        const result = await saveSessionEventByUser(deps.commandContext(ctx, requester), requester, input);
        await deps.waitForProjections(result.position);
        json(ctx, await sessionEventsJson(deps.readDb, input.sessionId, result.id));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/sessions/events',
      tags: ['user'],
      summary: 'Delete an event of a session the user may reach',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Session event ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted' },
        400: { description: 'Missing or invalid id' },
        403: { description: 'No access to the session, or an unknown event' },
        404: { description: 'Unknown event (superadmin)' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const position = await deleteSessionEventByUser(deps.commandContext(ctx, requester), requester, query.id);
        await deps.waitForProjections(position);
        json(ctx, '');
      },
    }),
  ];
}
