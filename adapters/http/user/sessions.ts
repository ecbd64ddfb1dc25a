// /api/user/sessions (OpenTera api-user-2.md section 15), with the fixes listed in docs/compat.md ("Sessions and
// session events"). Who reaches a session is one rule, in SQL (projections/queries/sessions.ts).
import { Type, type TSchema } from '@sinclair/typebox';
import type { Context } from 'koa';
import { deleteSessionByUser, saveSessionByUser, type SessionInput } from '../../../commands/sessionAdministration.js';
import { selectSessionIds, sessionsJson, type SessionFilters, type SessionSelection } from '../../../projections/queries/sessions.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError, HttpError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SessionMinimal = Type.Object(
  {
    id_session: Type.Integer(),
    session_uuid: Type.String({ format: 'uuid' }),
    id_session_type: Type.Integer(),
    id_creator_user: Nullable(Type.Integer()),
    id_creator_device: Nullable(Type.Integer()),
    id_creator_participant: Nullable(Type.Integer()),
    id_creator_service: Nullable(Type.Integer()),
    session_name: Type.String(),
    session_start_datetime: Type.String({ description: 'ISO 8601' }),
    session_duration: Type.Integer({ description: 'Seconds' }),
    session_status: Type.Integer({ description: '0 not started, 1 in progress, 2 completed, 3 cancelled, 4 terminated' }),
    session_assets_count: Type.Integer(),
    session_tests_count: Type.Integer(),
    session_creator_user: Type.Optional(Type.String({ description: "The creator user's full name, when there is one" })),
    session_creator_user_uuid: Type.Optional(Type.String()),
    session_creator_device: Type.Optional(Nullable(Type.String())),
    session_creator_device_uuid: Type.Optional(Type.String()),
    session_creator_participant: Type.Optional(Nullable(Type.String())),
    session_creator_participant_uuid: Type.Optional(Type.String()),
    session_creator_service: Type.Optional(Type.String()),
    session_creator_service_uuid: Type.Optional(Type.String()),
  },
  { description: 'TeraSession.to_json(minimal=True)' },
);

export const SessionFull = Type.Composite(
  [
    SessionMinimal,
    Type.Object({
      session_comments: Nullable(Type.String()),
      session_parameters: Type.Unknown({ description: 'The stored text, parsed when it is JSON' }),
      session_participants: Type.Array(
        Type.Object({ id_participant: Type.Integer(), participant_uuid: Type.String(), participant_name: Nullable(Type.String()), id_project: Type.Integer(), project_name: Type.String() }),
      ),
      session_users: Type.Array(Type.Object({ id_user: Type.Integer(), user_uuid: Type.String(), user_name: Type.String() })),
      session_devices: Type.Array(Type.Object({ id_device: Type.Integer(), device_uuid: Type.String(), device_name: Nullable(Type.String()) })),
    }),
  ],
  { description: 'TeraSession.to_json()' },
);

const WithSessionType = Type.Object({ session_type_name: Type.Optional(Type.String()), session_type_color: Type.Optional(Type.String()) });

/** Fields that GET adds or that only the server sets: a client may send back what it read; they are ignored. */
const readBack = (description: string) => Type.Optional(Type.Unknown({ description: `Read-only (${description}): accepted and ignored` }));

/** The session columns a client may post, shared with the participant and device APIs. */
export const postedSessionColumns = {
  session_name: Type.Optional(Type.String({ description: 'Required on create' })),
  session_start_datetime: Type.Optional(Type.String({ description: 'ISO 8601 (or Python\'s "YYYY-MM-DD HH:MM:SS.ffffff"); without an offset, UTC' })),
  session_duration: Type.Optional(Type.Integer({ minimum: 0, description: 'Seconds; 0 on create unless given' })),
  session_status: Type.Optional(Type.Integer({ description: '0-4; on create, 0 or absent becomes 1 (in progress), as OpenTera' })),
  session_comments: Type.Optional(Nullable(Type.String())),
  session_parameters: Type.Optional(Nullable(Type.Union([Type.String(), Type.Object({}, { additionalProperties: true })], { description: 'A text, or a JSON object (stored as its JSON text)' }))),
  session_uuid: readBack('generated'),
  session_participants: readBack('computed'),
  session_users: readBack('computed'),
  session_devices: readBack('computed'),
  session_assets_count: readBack('computed'),
  session_tests_count: readBack('computed'),
  session_creator_user: readBack('computed'),
  session_creator_user_uuid: readBack('computed'),
  session_creator_device: readBack('computed'),
  session_creator_device_uuid: readBack('computed'),
  session_creator_participant: readBack('computed'),
  session_creator_participant_uuid: readBack('computed'),
  session_creator_service: readBack('computed'),
  session_creator_service_uuid: readBack('computed'),
  session_type_name: readBack('computed'),
  session_type_color: readBack('computed'),
};

const Ids = (description: string) => Type.Optional(Type.Array(Type.Integer(), { description }));
const Creator = (description: string) => Type.Optional(Nullable(Type.Integer({ description })));

const SessionBody = Type.Object(
  {
    session: Type.Object(
      {
        id_session: Type.Integer({ minimum: 0, description: '0 creates a session', 'x-missing': 'Missing id_session' }),
        id_session_type: Type.Optional(Type.Integer({ description: 'Required on create: a session type of a site the user has a role in' })),
        ...postedSessionColumns,
        id_creator_user: Creator('On create: a user the requester may access; an update may only repeat it'),
        id_creator_device: Creator('On create: a device the requester may see; an update may only repeat it'),
        id_creator_participant: Creator('On create: a participant the requester may access; an update may only repeat it'),
        id_creator_service: Creator('On create: a service; an update may only repeat it'),
        session_participants_ids: Ids('When not empty, the session\'s participants become these (each one the requester may access)'),
        session_users_ids: Ids('When not empty, the session\'s users become these (each one the requester may access)'),
        session_devices_ids: Ids('When not empty, the session\'s devices become these (each one the requester may see)'),
      },
      { additionalProperties: false, 'x-missing': 'Missing session' },
    ),
  },
  { additionalProperties: false },
);

/** Python's truthiness of a parsed argument, for OpenTera's `any(args.values())`. */
export const truthy = (value: unknown) => value !== undefined && value !== false && value !== 0 && value !== '';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** OpenTera's `inputs.date` arguments, `limit` and `offset`: a bad one is the reqparse 400. */
export function sessionFilters(query: { status?: number; limit?: number; offset?: number; start_date?: string; end_date?: string }): SessionFilters {
  const errors: Record<string, string> = {};
  for (const name of ['start_date', 'end_date'] as const) {
    const value = query[name];
    if (value !== undefined && value !== '' && (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)) {
      errors[name] = `${name === 'start_date' ? 'Start' : 'End'} date, sessions ${name === 'start_date' ? 'before' : 'after'} that date will be ignored Invalid date literal "${value}"`;
    }
  }
  for (const name of ['limit', 'offset'] as const) {
    const value = query[name];
    if (value !== undefined && value < 0) errors[name] = `${name} must not be negative`;
  }
  if (Object.keys(errors).length > 0) throw new HttpError(400, { errors, message: 'Input payload validation failed' });
  return {
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.start_date ? { startDate: query.start_date } : {}),
    ...(query.end_date ? { endDate: query.end_date } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
    ...(query.offset ? { offset: query.offset } : {}),
  };
}

function json(ctx: Context, body: unknown): void {
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

export function sessionsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/sessions',
      tags: ['user'],
      summary: 'Sessions the user may reach',
      description:
        'The first truthy selector wins: id_participant, id_session, id_user, id_device, session_uuid (filters without one: []). Lists are by start time, then id, newest first.',
      auth: 'user',
      query: Type.Object({
        id_session: Type.Optional(Type.Integer({ description: 'ID of the session to query' })),
        id_participant: Type.Optional(Type.Integer({ description: 'ID of the participant from which to get all sessions' })),
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user from which to get all sessions' })),
        id_device: Type.Optional(Type.Integer({ description: 'ID of the device from which to get all sessions' })),
        status: Type.Optional(Type.Integer({ description: 'Limit to specific session status' })),
        limit: Type.Optional(Type.Integer({ description: 'Maximum number of results to return' })),
        offset: Type.Optional(Type.Integer({ description: 'Number of items to ignore in results, offset from 0-index' })),
        session_uuid: Type.Optional(Type.String({ description: 'Session UUID to query' })),
        list: Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data to minimal information' })),
        start_date: Type.Optional(Type.String({ format: 'date', description: 'Start date, sessions before that date will be ignored' })),
        end_date: Type.Optional(Type.String({ format: 'date', description: 'End date, sessions after that date will be ignored' })),
        with_session_type: Type.Optional(Type.Boolean({ description: 'Include session type informations' })),
      }),
      responses: {
        200: { description: 'The sessions', schema: Type.Array(Type.Composite([SessionMinimal, Type.Partial(SessionFull), WithSessionType])) },
        400: { description: 'No argument, or a bad one' },
        401: { description: 'Not authenticated' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!Object.values(query).some(truthy)) throw endpointError(ctx, 400, 'Missing arguments');
        const filters = sessionFilters(query);
        let selection: SessionSelection | undefined;
        if (query.id_participant) selection = { by: 'participant', id: query.id_participant };
        else if (query.id_session) selection = { by: 'id', id: query.id_session };
        else if (query.id_user) selection = { by: 'user', id: query.id_user };
        else if (query.id_device) selection = { by: 'device', id: query.id_device };
        else if (query.session_uuid) selection = { by: 'uuid', uuid: query.session_uuid };
        // As OpenTera, the filters narrow the lists of a participant, user or device, not one session.
        const one = selection?.by === 'id' || selection?.by === 'uuid';
        const ids = selection ? await selectSessionIds(deps.readDb, selection, one ? {} : filters, requester) : [];
        json(ctx, await sessionsJson(deps.readDb, ids, { minimal: query.list === true, withSessionType: query.with_session_type === true }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/sessions',
      tags: ['user'],
      summary: 'Create (id_session 0) or update a session',
      description:
        'Needs access to every listed participant, user and device (and, on update, to the session). A new session needs session_participants_ids or session_users_ids, and at least one invitee.',
      auth: 'user',
      body: SessionBody,
      responses: {
        200: { description: 'The saved session', schema: Type.Array(SessionFull) },
        400: { description: 'Missing or invalid field' },
        403: { description: 'No access to the session, to an invitee or creator, or to the session type' },
        404: { description: 'Unknown session (superadmin)' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const s = body.session;
        const creators = {
          ...(s.id_creator_user !== undefined ? { userId: s.id_creator_user } : {}),
          ...(s.id_creator_device !== undefined ? { deviceId: s.id_creator_device } : {}),
          ...(s.id_creator_participant !== undefined ? { participantId: s.id_creator_participant } : {}),
          ...(s.id_creator_service !== undefined ? { serviceId: s.id_creator_service } : {}),
        };
        const input: SessionInput = {
          id: s.id_session,
          creators,
          ...(s.id_session_type !== undefined ? { typeId: s.id_session_type } : {}),
          ...(s.session_name !== undefined ? { name: s.session_name } : {}),
          ...(s.session_start_datetime !== undefined ? { startDatetime: s.session_start_datetime } : {}),
          ...(s.session_duration !== undefined ? { duration: s.session_duration } : {}),
          ...(s.session_status !== undefined ? { status: s.session_status } : {}),
          ...(s.session_comments !== undefined ? { comments: s.session_comments } : {}),
          ...(s.session_parameters !== undefined ? { parameters: s.session_parameters } : {}),
          ...(s.session_participants_ids !== undefined ? { participantIds: s.session_participants_ids } : {}),
          ...(s.session_users_ids !== undefined ? { userIds: s.session_users_ids } : {}),
          ...(s.session_devices_ids !== undefined ? { deviceIds: s.session_devices_ids } : {}),
        };
        const result = await saveSessionByUser(deps.commandContext(ctx, requester), requester, input);
        await deps.waitForProjections(result.position);
        // OpenTera's reply builds the session type's name and color, then drops them: so do we.
        json(ctx, await sessionsJson(deps.readDb, [result.id]));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/sessions',
      tags: ['user'],
      summary: 'Delete a session',
      description: 'Needs access to the session and to all its participants, users and devices. A session in progress cannot be deleted.',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Session ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted, with its events' },
        400: { description: 'Missing or invalid id' },
        403: { description: 'No access to the session or to one of its invitees' },
        404: { description: 'Unknown session (superadmin)' },
        409: { description: "Session is in progress: can't delete that session." },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const position = await deleteSessionByUser(deps.commandContext(ctx, requester), requester, query.id);
        await deps.waitForProjections(position);
        json(ctx, '');
      },
    }),
  ];
}
