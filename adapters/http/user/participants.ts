// /api/user/participants (OpenTera api-user-1.md section 16), with the fixes listed in docs/compat.md
// ("## /api/user/groups, /participants").
import { Type, type TSchema } from '@sinclair/typebox';
import { deleteParticipantByUser, saveParticipant, type ParticipantInput } from '../../../commands/participantAdministration.js';
import { participantGroupsByIds } from '../../../projections/queries/participantGroups.js';
import { accessibleDevicesOfParticipants, participantListJson, participantRowById, projectsByIds, selectAccessibleParticipants, type ParticipantSelection, type SelectionFilters } from '../../../projections/queries/participants.js';
import type { ParticipantRow } from '../../../projections/queries/partyRows.js';
import { lastSessionStarts } from '../../../projections/queries/sessions.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { participantFullJson } from '../partyJson.js';
import { deviceJsonFor } from './devices.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const ParticipantMinimal = Type.Object(
  {
    id_participant: Type.Integer(),
    id_participant_group: Nullable(Type.Integer()),
    id_project: Type.Integer(),
    participant_uuid: Type.String({ format: 'uuid' }),
    participant_name: Nullable(Type.String()),
    participant_email: Nullable(Type.String()),
    participant_token_enabled: Type.Boolean(),
    participant_enabled: Type.Boolean(),
    participant_busy: Type.Boolean({ description: 'Always false until presence exists' }),
    participant_online: Type.Boolean({ description: 'Always false until presence exists' }),
  },
  { description: 'Minimal form (`list=true`)' },
);

const ParticipantFull = Type.Composite(
  [
    ParticipantMinimal,
    Type.Object({
      participant_username: Nullable(Type.String()),
      participant_token: Nullable(Type.String({ description: 'The static token (a JWT without expiry), while token and participant are enabled' })),
      participant_login_enabled: Type.Boolean(),
      participant_lastonline: Nullable(Type.String({ description: 'ISO 8601' })),
      participant_project_enabled: Type.Boolean(),
    }),
  ],
  { description: 'TeraParticipant.to_json()' },
);

const ParticipantListed = Type.Composite([
  ParticipantMinimal,
  Type.Partial(ParticipantFull),
  Type.Object({
    id_site: Type.Optional(Type.Integer({ description: 'With id_participant, without list' })),
    participant_lastsession: Type.Optional(Nullable(Type.String({ description: "With id_participant, id_group or full, without list: the start of the participant's last session (ISO 8601), or null" }))),
    participant_participant_group: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'With full: the group, when the participant has one' })),
    participant_devices: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'With full: the accessible devices linked to the participant (full device JSON)' })),
    participant_project: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'With full: the project, with site_name' })),
  }),
]);

/** Fields that GET adds or that only the server sets: a client may send back what it read; they are ignored. */
const readBack = (description: string) => Type.Optional(Type.Unknown({ description: `Read-only (${description}): accepted and ignored` }));

const ParticipantBody = Type.Object(
  {
    participant: Type.Object(
      {
        id_participant: Type.Integer({ minimum: 0, description: '0 creates a participant', 'x-missing': 'Missing id_participant' }),
        id_project: Type.Optional(Type.Integer({ minimum: 0, description: 'Required on create unless id_participant_group is given; 0 counts as absent' })),
        id_participant_group: Type.Optional(Nullable(Type.Integer({ minimum: 0, description: 'The group (its project wins); 0 or null: no group' }))),
        participant_name: Type.Optional(Type.String({ description: 'Required on create' })),
        participant_email: Type.Optional(Nullable(Type.String())),
        participant_username: Type.Optional(Nullable(Type.String({ maxLength: 50, description: 'Unique (case-insensitively); empty or null: none' }))),
        participant_password: Type.Optional(Nullable(Type.String({ description: 'Empty or null on update keeps the password' }))),
        participant_enabled: Type.Optional(Type.Boolean({ description: 'Default true' })),
        participant_login_enabled: Type.Optional(Type.Boolean({ description: 'Default false' })),
        participant_token_enabled: Type.Optional(Type.Boolean({ description: 'Default false; turning it on issues a new static token, off removes it' })),
        participant_uuid: readBack('generated'),
        participant_token: readBack('generated'),
        participant_lastonline: readBack('set at login'),
        participant_project_enabled: readBack('the project\'s'),
        participant_busy: readBack('computed'),
        participant_online: readBack('computed'),
        participant_lastsession: readBack('computed'),
        id_site: readBack('computed'),
        participant_participant_group: readBack('computed'),
        participant_devices: readBack('computed'),
        participant_project: readBack('computed'),
      },
      { additionalProperties: false, 'x-missing': 'Missing participant' },
    ),
  },
  { additionalProperties: false },
);

const STATUS = { participant_busy: false, participant_online: false } as const;

/** Python's truthiness of a parsed argument, for OpenTera's `any(args.values())`. */
const truthy = (value: unknown) => value !== undefined && value !== false && value !== 0 && value !== '';

export function participantsRoutes(deps: ApiDeps): AnyRoute[] {
  /** The objects the `full` form adds, read once for all the participants of a reply. */
  async function related(requester: AuthenticatedUser, rows: readonly ParticipantRow[]) {
    const groupIds = rows.flatMap((r) => (r.id_participant_group === null ? [] : [r.id_participant_group]));
    const [groups, devices, projects] = await Promise.all([
      participantGroupsByIds(deps.readDb, groupIds),
      accessibleDevicesOfParticipants(deps.readDb, requester, rows.map((r) => r.id_participant)),
      projectsByIds(deps.readDb, rows.map((r) => r.id_project)),
    ]);
    return { groups, devices, projects };
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/user/participants',
      tags: ['user'],
      summary: 'Participants the user may access',
      description:
        'The first given selector wins: id_participant (or id), username, participant_uuid (or uuid), id_site, id_project, id_group, id_device, id_session, name. An empty selection answers null, as OpenTera.',
      auth: 'user',
      query: Type.Object({
        id_participant: Type.Optional(Type.Integer({ description: 'ID of the participant to query' })),
        id: Type.Optional(Type.Integer({ description: 'Alias for "id_participant"' })),
        username: Type.Optional(Type.String({ description: 'Username of the participant to query (case-insensitive)' })),
        participant_uuid: Type.Optional(Type.String({ description: 'Participant uuid of the participant to query' })),
        uuid: Type.Optional(Type.String({ description: 'Alias for "participant_uuid"' })),
        id_site: Type.Optional(Type.Integer({ description: 'ID of the site from which to get all participants' })),
        id_project: Type.Optional(Type.Integer({ description: 'ID of the project from which to get all participants' })),
        id_group: Type.Optional(Type.Integer({ description: 'ID of the participant groups from which to get all participants' })),
        id_session: Type.Optional(Type.Integer({ description: 'ID of the session from which to get all participants' })),
        id_device: Type.Optional(Type.Integer({ description: 'ID of the device from which to get all participants associated' })),
        name: Type.Optional(Type.String({ description: 'Name of the participant to query' })),
        enabled: Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data to the enabled participants' })),
        list: Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data to minimal information' })),
        full: Type.Optional(Type.Boolean({ description: 'Flag that expands the returned data to include all information (any value)' })),
        orderby_recents: Type.Optional(Type.Boolean({ description: 'Returns participants ordered by most recently updated' })),
        limit: Type.Optional(Type.Integer({ description: 'Returns at most "limit" participants' })),
        no_group: Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data with only participants without a group (any value)' })),
      }),
      responses: {
        200: { description: 'The participants (by name), or null when none is selected', schema: Nullable(Type.Array(ParticipantListed)) },
        400: { description: 'No argument, or a bad one' },
        401: { description: 'Not authenticated' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!Object.values(query).some(truthy)) throw endpointError(ctx, 400, 'Missing arguments');
        // As OpenTera: an alias wins when truthy; `username` and `participant_uuid` select when present, the
        // others when truthy.
        const id = query.id || query.id_participant;
        const uuid = query.uuid || query.participant_uuid;
        const enabledOnly = query.enabled !== undefined;
        let selection: ParticipantSelection | undefined;
        if (id) selection = { by: 'id', id };
        else if (query.username !== undefined) selection = { by: 'username', username: query.username };
        else if (uuid !== undefined) selection = { by: 'uuid', uuid };
        else if (query.id_site) selection = { by: 'site', id: query.id_site, enabledOnly };
        else if (query.id_project) selection = { by: 'project', id: query.id_project, enabledOnly };
        else if (query.id_group) selection = { by: 'group', id: query.id_group };
        else if (query.id_device) selection = { by: 'device', id: query.id_device };
        // The accessible participants of the session; an unknown session has none (OpenTera: 500).
        else if (query.id_session) selection = { by: 'session', id: query.id_session };
        else if (query.name) selection = { by: 'name', name: query.name };
        const order = { ...(query.orderby_recents ? { recentsFirst: true } : {}), ...(query.limit ? { limit: query.limit } : {}) };
        // `enabled` and `no_group` filter after the selection (and its limit), as OpenTera's loop does.
        const filters: SelectionFilters = { ...(query.enabled !== undefined ? { enabled: query.enabled } : {}), noGroup: query.no_group !== undefined };
        // OpenTera answers null for an empty selection (its tests assert it), [] when the filters empty it.
        const EMPTY = 'null';
        ctx.type = 'application/json';
        if (query.list === true) {
          // The list form: no token, no extras; the database writes the reply.
          const list = selection ? await participantListJson(deps.readDb, requester, selection, order, filters) : undefined;
          ctx.body = list && list.selected > 0 ? list.json : EMPTY;
          return;
        }
        const rows = selection ? await selectAccessibleParticipants(deps.readDb, requester, selection, order) : [];
        if (rows.length === 0) {
          ctx.body = EMPTY;
          return;
        }
        const kept = rows.filter((r) => (filters.enabled === undefined || r.participant_enabled === filters.enabled) && (!filters.noGroup || r.id_participant_group === null));
        const withExtras = query.list === undefined;
        const full = withExtras && query.full !== undefined;
        const extras = full ? await related(requester, kept) : undefined;
        // OpenTera's two `participant_lastsession`: the latest start (with id_participant or id_group), and,
        // in the `full` form, the start of the session with the highest id.
        const lastSessions = withExtras && (query.id_group || id || full) ? await lastSessionStarts(deps.readDb, kept.map((r) => r.id_participant), full ? 'id' : 'start') : undefined;
        const participants: Record<string, unknown>[] = [];
        for (const row of kept) {
          // Whoever may read a participant gets its token (domain/participantPolicy.ts canRead): every row here is accessible.
          const participant: Record<string, unknown> = { ...(await participantFullJson(row, deps.staticTokens)) };
          if (withExtras) {
            if (id) participant.id_site = row.id_site;
            if (lastSessions) participant.participant_lastsession = lastSessions.get(row.id_participant) ?? null;
            if (extras) {
              const group = row.id_participant_group === null ? undefined : extras.groups.get(row.id_participant_group);
              if (group) participant.participant_participant_group = group;
              participant.participant_devices = await Promise.all((extras.devices.get(row.id_participant) ?? []).map((d) => deviceJsonFor(d, deps.staticTokens)));
              participant.participant_project = extras.projects.get(row.id_project) ?? null;
            }
          }
          // Presence arrives with the websocket gateway; until then nobody is online or busy.
          participants.push({ ...participant, ...STATUS });
        }
        ctx.body = JSON.stringify(participants);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/participants',
      tags: ['user'],
      summary: 'Create (id_participant 0) or update a participant',
      description:
        'Needs a role on the target project (and group) and, on update, on the participant\'s current project. A group decides the project; a move to another project without a group leaves the group.',
      auth: 'user',
      body: ParticipantBody,
      responses: {
        200: { description: 'The saved participant', schema: Type.Array(ParticipantFull) },
        400: { description: 'Missing or invalid field, a project/group mismatch, or a disabled project' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown participant (superadmin)' },
        409: { description: 'Participant username already in use.' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const p = body.participant;
        const input: ParticipantInput = {
          id: p.id_participant,
          ...(p.id_project !== undefined ? { projectId: p.id_project } : {}),
          ...(p.id_participant_group !== undefined ? { groupId: p.id_participant_group } : {}),
          ...(p.participant_name !== undefined ? { name: p.participant_name } : {}),
          ...(p.participant_email !== undefined ? { email: p.participant_email } : {}),
          ...(p.participant_username !== undefined ? { username: p.participant_username } : {}),
          ...(p.participant_password !== undefined ? { password: p.participant_password } : {}),
          ...(p.participant_enabled !== undefined ? { enabled: p.participant_enabled } : {}),
          ...(p.participant_login_enabled !== undefined ? { loginEnabled: p.participant_login_enabled } : {}),
          ...(p.participant_token_enabled !== undefined ? { tokenEnabled: p.participant_token_enabled } : {}),
        };
        const result = await saveParticipant(deps.commandContext(ctx, requester), requester, input);
        await deps.waitForProjections(result.position);
        const row = await participantRowById(deps.readDb, result.id);
        ctx.body = row ? [{ ...(await participantFullJson(row, deps.staticTokens)), ...STATUS }] : [];
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/participants',
      tags: ['user'],
      summary: "Delete a participant (admins of its project)",
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Participant ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted' },
        400: { description: 'Missing or invalid id' },
        403: { description: 'Not allowed, or an unknown participant' },
        409: { description: 'Refused: the participant has sessions, assets or tests' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const position = await deleteParticipantByUser(deps.commandContext(ctx, requester), requester, query.id);
        await deps.waitForProjections(position);
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
