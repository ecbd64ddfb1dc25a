// /api/user/tests/invitations (OpenTera api-user-2.md section 23): test invitations the requester may reach,
// their creation (the server draws the key), their count, maximum and expiry, and their deletion
// (commands/testInvitationAdministration.ts). Differences in docs/compat.md ("Assets, test types, tests and
// invitations").
import { Type } from '@sinclair/typebox';
import type { Context } from 'koa';
import { deleteTestInvitationByUser, saveTestInvitations, type InvitationInput } from '../../../commands/testInvitationAdministration.js';
import { idOfUuid, invitationFullJson, invitationMinimalJson, invitationsByIds, invitationsForUser, type InvitationFilter, type InvitationRow } from '../../../projections/queries/testInvitations.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { externalBase, serviceBase } from '../serviceLinks.js';

/**
 * OpenTera parses `full` and `with_urls` here with Python's `bool`: any non-empty value is true, `false` and `0`
 * included. Clients send `full=True` (Python) or `full=true`; both mean what they say either way.
 */
const pythonBool = (description: string) => Type.Optional(Type.String({ description: `${description}. Any non-empty value is true (OpenTera's parsing: \`false\` too)` }));
const isSet = (value: string | undefined) => value !== undefined && value !== '';

const Invitation = Type.Object({
  id_test_invitation: Type.Integer(),
  id_test_type: Type.Integer(),
  id_session: Type.Union([Type.Integer(), Type.Null()]),
  id_user: Type.Union([Type.Integer(), Type.Null()]),
  id_participant: Type.Union([Type.Integer(), Type.Null()]),
  id_device: Type.Union([Type.Integer(), Type.Null()]),
  id_project: Type.Integer(),
  test_invitation_key: Type.String({ description: '16 lowercase hex characters' }),
  test_invitation_max_count: Type.Integer(),
  test_invitation_count: Type.Integer(),
  test_invitation_creation_date: Type.String({ description: 'ISO 8601' }),
  test_invitation_expiration_date: Type.String({ description: 'ISO 8601' }),
  test_invitation_message: Type.Union([Type.String(), Type.Null()]),
  test_invitation_test_type: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Full form: test_type_uuid, test_type_name, test_type_description, test_type_key' })),
  test_invitation_session: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Full form, with a session: session_uuid, session_name' })),
  test_invitation_user: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Full form, for a user: user_uuid, user_firstname, user_lastname' })),
  test_invitation_participant: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Full form, for a participant: participant_uuid, participant_name' })),
  test_invitation_device: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Full form, for a device: device_uuid, device_name' })),
  test_invitation_project: Type.Optional(Type.Object({ project_name: Type.String() }, { description: 'Full form' })),
  test_invitation_url: Type.Optional(Type.String({ description: 'With URLs: the test type\'s web page with the key; absent when the type has none or its service is disabled' })),
});

const PostedInvitation = Type.Object(
  {
    id_test_invitation: Type.Integer({ minimum: 0, description: '0 creates an invitation' }),
    id_test_type: Type.Optional(Type.Integer({ description: 'Required on create; never changes' })),
    id_project: Type.Optional(Type.Integer({ description: 'Required on create' })),
    id_session: Type.Optional(Type.Integer()),
    id_user: Type.Optional(Type.Integer({ description: 'Exactly one of id_user, id_participant and id_device on create' })),
    id_participant: Type.Optional(Type.Integer()),
    id_device: Type.Optional(Type.Integer()),
    test_invitation_key: Type.Optional(Type.String({ description: 'Refused on create: the server draws it' })),
    test_invitation_max_count: Type.Optional(Type.Integer({ description: '1 on create unless given' })),
    test_invitation_count: Type.Optional(Type.Integer({ description: '0 on create, whatever is given' })),
    test_invitation_creation_date: Type.Optional(Type.String({ description: 'Ignored: the server sets it' })),
    test_invitation_expiration_date: Type.Optional(Type.String({ description: 'Required on create; without an offset, UTC' })),
    test_invitation_message: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const InvitationsBody = Type.Object({ tests_invitations: Type.Array(PostedInvitation, { minItems: 1, uniqueItems: true }) }, { additionalProperties: false });

/** OpenTera's `test_invitation_url`: the type's web page with the key, only when there is one. */
function withUrl(ctx: Context, deps: ApiDeps, rows: readonly InvitationRow[], json: Record<string, unknown>[]): Record<string, unknown>[] {
  const base = externalBase(ctx, deps.trustedProxies);
  return json.map((item, i) => {
    const row = rows[i]!;
    const service = serviceBase(base, { enabled: row.service_enabled, clientEndpoint: row.service_clientendpoint });
    return service !== null && row.test_type_has_web_format && row.test_invitation_key !== null ? { ...item, test_invitation_url: `${service}/viewer?invitation_key=${row.test_invitation_key}` } : item;
  });
}

export function testInvitationsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/tests/invitations',
      tags: ['user'],
      summary: 'The test invitations the requester may reach',
      description:
        'Without a filter, every reachable invitation. With filters, the results of each one after the other, as OpenTera (an invitation matching two filters comes twice). A *_uuid filter replaces its id filter; an unknown uuid is ignored.',
      auth: 'user',
      strictQuery: true,
      query: Type.Object({
        id_test_invitation: Type.Optional(Type.Integer({ description: 'Specific ID of test invitation to query information.' })),
        test_invitation_key: Type.Optional(Type.String({ description: 'Specific key of test invitation to query information.' })),
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user from which to request all test invitations' })),
        user_uuid: Type.Optional(Type.String({ description: 'UUID of the user from which to request all test invitations' })),
        id_participant: Type.Optional(Type.Integer({ description: 'ID of the participant from which to request all test invitations' })),
        participant_uuid: Type.Optional(Type.String({ description: 'UUID of the participant from which to request all test invitations' })),
        id_device: Type.Optional(Type.Integer({ description: 'ID of the device from which to request all test invitations' })),
        device_uuid: Type.Optional(Type.String({ description: 'UUID of the device from which to request all test invitations' })),
        id_session: Type.Optional(Type.Integer({ description: 'ID of session from which to request all test invitations' })),
        session_uuid: Type.Optional(Type.String({ description: 'UUID of session from which to request all test invitations' })),
        id_test_type: Type.Optional(Type.Integer({ description: 'ID of test type from which to request all test invitations' })),
        test_type_uuid: Type.Optional(Type.String({ description: 'UUID of test type from which to request all test invitations' })),
        id_project: Type.Optional(Type.Integer({ description: 'ID of project from which to request all test invitations' })),
        full: pythonBool('Include more information in invitations with user, participant, device, test_type and session'),
        with_urls: pythonBool('Include URLs in results'),
      }),
      responses: { 200: { description: 'The invitations', schema: Type.Array(Invitation) }, 400: { description: 'An unknown or bad argument' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const db = deps.readDb;
        const { full, with_urls: withUrls, ...selectors } = query;
        let filters: InvitationFilter[] | 'all' = 'all';
        if (Object.values(selectors).some((v) => v !== undefined)) {
          const resolved = async (kind: Parameters<typeof idOfUuid>[1], uuid: string | undefined, id: number | undefined) => (uuid !== undefined ? ((await idOfUuid(db, kind, uuid)) ?? id) : id);
          const [userId, participantId, deviceId, sessionId, typeId] = await Promise.all([
            resolved('user', query.user_uuid, query.id_user),
            resolved('participant', query.participant_uuid, query.id_participant),
            resolved('device', query.device_uuid, query.id_device),
            resolved('session', query.session_uuid, query.id_session),
            resolved('testType', query.test_type_uuid, query.id_test_type),
          ]);
          filters = [];
          if (query.id_test_invitation !== undefined) filters.push({ by: 'id', id: query.id_test_invitation });
          if (query.test_invitation_key !== undefined) filters.push({ by: 'key', key: query.test_invitation_key });
          if (userId !== undefined) filters.push({ by: 'user', id: userId });
          if (participantId !== undefined) filters.push({ by: 'participant', id: participantId });
          if (deviceId !== undefined) filters.push({ by: 'device', id: deviceId });
          if (sessionId !== undefined) filters.push({ by: 'session', id: sessionId });
          if (typeId !== undefined) filters.push({ by: 'testType', id: typeId });
          if (query.id_project !== undefined) filters.push({ by: 'project', id: query.id_project });
        }
        const rows = await invitationsForUser(db, requester, filters);
        const json = rows.map((row) => (isSet(full) ? invitationFullJson(row) : { ...invitationMinimalJson(row) }));
        ctx.body = isSet(withUrls) ? withUrl(ctx, deps, rows, json) : json;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/tests/invitations',
      tags: ['user'],
      summary: 'Create invitations (id_test_invitation 0), or change their count, maximum or expiry',
      description:
        'A new invitation names a test type, a project and exactly one user, participant or device (and optionally a session), all reachable by the requester; the server draws its key. Every invitation is checked before any is written.',
      auth: 'user',
      body: InvitationsBody,
      responses: {
        200: { description: 'The invitations written, full, with URLs', schema: Type.Array(Invitation) },
        400: { description: 'A body that does not match the schema, or a missing or conflicting field' },
        403: { description: 'Something named is not reachable by the requester' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const inputs: InvitationInput[] = body.tests_invitations.map((i) => ({
          id: i.id_test_invitation,
          ...(i.id_test_type !== undefined ? { typeId: i.id_test_type } : {}),
          ...(i.id_project !== undefined ? { projectId: i.id_project } : {}),
          ...(i.id_session !== undefined ? { sessionId: i.id_session } : {}),
          ...(i.id_user !== undefined ? { userId: i.id_user } : {}),
          ...(i.id_participant !== undefined ? { participantId: i.id_participant } : {}),
          ...(i.id_device !== undefined ? { deviceId: i.id_device } : {}),
          ...(i.test_invitation_max_count !== undefined ? { maxCount: i.test_invitation_max_count } : {}),
          ...(i.test_invitation_count !== undefined && i.id_test_invitation !== 0 ? { count: i.test_invitation_count } : {}),
          ...(i.test_invitation_expiration_date !== undefined ? { expirationDate: i.test_invitation_expiration_date } : {}),
          ...(i.test_invitation_message !== undefined ? { message: i.test_invitation_message } : {}),
          ...(i.test_invitation_key !== undefined ? { key: i.test_invitation_key } : {}),
        }));
        const result = await saveTestInvitations(deps.commandContext(ctx, requester), requester, inputs);
        await deps.waitForProjections(result.position);
        const rows = await invitationsByIds(deps.readDb, result.ids);
        ctx.body = withUrl(ctx, deps, rows, rows.map(invitationFullJson));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/tests/invitations',
      tags: ['user'],
      summary: 'Delete a test invitation the requester may reach',
      auth: 'user',
      strictQuery: true,
      query: Type.Object({ id: Type.Integer({ description: 'Test invitation ID to delete' }) }, { required: ['id'] }),
      responses: { 200: { description: 'Deleted' }, 400: { description: 'Missing id, or an unknown argument' }, 403: { description: 'Unknown invitation, or not reachable' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await deleteTestInvitationByUser(deps.commandContext(ctx, requester), requester, query.id));
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
