// /api/user/groups: participant groups (OpenTera api-user-1.md section 15), with the fixes listed in
// docs/compat.md ("## /api/user/groups, /participants").
import { Type } from '@sinclair/typebox';
import { deleteParticipantGroupByUser, saveParticipantGroup } from '../../../commands/participantAdministration.js';
import { accessibleParticipantGroups, participantGroupsByIds } from '../../../projections/queries/participantGroups.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const GroupCore = {
  id_participant_group: Type.Integer(),
  id_project: Type.Integer(),
  participant_group_name: Type.String(),
};
const Group = Type.Object({ ...GroupCore, project_name: Type.String() }, { description: 'TeraParticipantGroup.to_json()' });
const GroupMinimal = Type.Object(
  { ...GroupCore, group_participant_count: Type.Integer({ description: "The group's participants the requester may access" }) },
  { description: 'Minimal form (`list` present)' },
);

const readBack = (description: string) => Type.Optional(Type.Unknown({ description: `Read-only (${description}): accepted and ignored` }));

const GroupFields = Type.Object(
  {
    id_participant_group: Type.Integer({ minimum: 0, description: '0 creates a group', 'x-missing': 'Missing id_participant_group or id_project' }),
    id_project: Type.Integer({ description: 'The group\'s project; another project moves the group and its participants', 'x-missing': 'Missing id_participant_group or id_project' }),
    participant_group_name: Type.Optional(Type.String({ description: 'Required on create' })),
    project_name: readBack('computed'),
    group_participant_count: readBack('computed'),
  },
  { additionalProperties: false },
);

const GroupBody = Type.Object(
  {
    group: Type.Optional(GroupFields),
    participant_group: Type.Optional(GroupFields),
  },
  { additionalProperties: false, description: '`group` wins when both are given' },
);

export function participantGroupsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/groups',
      tags: ['user'],
      summary: 'Participant groups the user may access',
      description:
        'id_group (or id), else id_project; nothing selects every accessible group. `list`, when present (any value), gives the minimal form with the participant count; `list=true` alone selects nothing, as OpenTera.',
      auth: 'user',
      query: Type.Object({
        id_group: Type.Optional(Type.Integer({ description: 'ID of the participant group to query' })),
        id: Type.Optional(Type.Integer({ description: 'Alias for "id_group"' })),
        id_project: Type.Optional(Type.Integer({ description: 'ID of the project from which to get all participant groups' })),
        list: Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data to minimal information' })),
      }),
      responses: {
        200: { description: 'The groups, by id', schema: Type.Array(Type.Union([Group, GroupMinimal])) },
        400: { description: 'Bad parameter' },
        401: { description: 'Not authenticated' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const shape = query.list === undefined ? 'full' : 'minimal';
        // As OpenTera: zero values count as absent, `id` wins over `id_group`, and `list=true` counts as a
        // (truthy) argument that selects nothing, so alone it answers [] (copied: a client asking for it gets
        // what OpenTera gives; `list=false` alone lists every group).
        const id = query.id || query.id_group;
        if (!id && !query.id_project && query.list !== true) ctx.body = await accessibleParticipantGroups(deps.readDb, requester, {}, shape);
        else if (id) ctx.body = await accessibleParticipantGroups(deps.readDb, requester, { id }, shape);
        else if (query.id_project) ctx.body = await accessibleParticipantGroups(deps.readDb, requester, { projectId: query.id_project }, shape);
        else ctx.body = [];
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/groups',
      tags: ['user'],
      summary: 'Create (id_participant_group 0) or update a participant group (project admins)',
      description: 'Needs admin on the posted project and, on update, on the group\'s current project. Moving a group moves its participants.',
      auth: 'user',
      body: GroupBody,
      responses: {
        200: { description: 'The saved group', schema: Type.Array(Group) },
        400: { description: 'Missing group, id or name, or an unknown field' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown project or group (superadmin)' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const group = body.group ?? body.participant_group;
        if (!group) throw endpointError(ctx, 400, 'Missing group');
        const result = await saveParticipantGroup(deps.commandContext(ctx, requester), requester, {
          id: group.id_participant_group,
          projectId: group.id_project,
          ...(group.participant_group_name !== undefined ? { name: group.participant_group_name } : {}),
        });
        await deps.waitForProjections(result.position);
        const saved = (await participantGroupsByIds(deps.readDb, [result.id])).get(result.id);
        ctx.body = saved ? [saved] : [];
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/groups',
      tags: ['user'],
      summary: 'Delete a participant group and its participants (project admins)',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Participant Group ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted' },
        400: { description: 'Missing or invalid id' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown group (superadmin)' },
        409: { description: "Refused: one of the group's participants has sessions, assets or tests" },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const position = await deleteParticipantGroupByUser(deps.commandContext(ctx, requester), requester, query.id);
        await deps.waitForProjections(position);
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
