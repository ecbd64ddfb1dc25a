// /api/user/users/usergroups (OpenTera api-user-2.md section 26): memberships of users in user groups,
// with the fixes listed in docs/compat.md ("## Users").
import { Type } from '@sinclair/typebox';
import { addMemberships, removeMembership } from '../../../commands/userAdministration.js';
import { membershipIds, membershipsOfGroup, membershipsOfUser } from '../../../projections/queries/usersAdmin.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, validateBody, type AnyRoute } from '../routes.js';

const Membership = Type.Object({
  id_user_user_group: Type.Union([Type.Integer(), Type.Null()]),
  id_user: Type.Union([Type.Integer(), Type.Null()]),
  id_user_group: Type.Union([Type.Integer(), Type.Null()]),
  user_fullname: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Without `list`' })),
  user_group_name: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Without `list`' })),
});

const MembershipItem = Type.Object(
  {
    id_user: Type.Integer({ 'x-missing': 'Missing id_user' }),
    id_user_group: Type.Integer({ 'x-missing': 'Missing id_user_group' }),
    id_user_user_group: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'Ignored: the pair decides' })),
    user_fullname: Type.Optional(Type.Unknown({ description: 'Read-only: ignored' })),
    user_group_name: Type.Optional(Type.Unknown({ description: 'Read-only: ignored' })),
  },
  { additionalProperties: false },
);

// One item or a list of items; each item is validated in the handler so that a missing id answers
// OpenTera's own message ("Missing id_user").
const MembershipBody = Type.Object(
  {
    user_user_group: Type.Union([Type.Array(Type.Unknown()), Type.Object({}, { additionalProperties: true })], {
      'x-missing': 'Missing user user group',
      description: 'One membership {id_user, id_user_group} or a list of them',
    }),
  },
  { additionalProperties: false },
);

export function userUserGroupsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/users/usergroups',
      tags: ['user'],
      summary: 'Memberships of a user, or in a user group',
      auth: 'user',
      query: Type.Object({
        id_user_group: Type.Optional(Type.Integer({ description: 'Memberships in that user group, by first name' })),
        id_user: Type.Optional(Type.Integer({ description: "That user's memberships, by group name" })),
        list: Type.Optional(Type.Boolean({ description: 'Only the ids' })),
        with_empty: Type.Optional(Type.Boolean({ description: 'Also the users not in the group (with id_user_group), or the groups the user is not in (with id_user), with null ids' })),
      }),
      responses: {
        200: { description: 'The memberships', schema: Type.Array(Membership) },
        400: { description: 'Neither id_user_group nor id_user' },
        401: { description: 'Not authenticated' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const options = { withEmpty: query.with_empty === true, minimal: query.list === true };
        if (query.id_user_group) ctx.body = await membershipsOfGroup(deps.readDb, requester, query.id_user_group, options);
        else if (query.id_user) ctx.body = await membershipsOfUser(deps.readDb, requester, query.id_user, options);
        else throw endpointError(ctx, 400, 'At least one id must be specified');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/users/usergroups',
      tags: ['user'],
      summary: 'Put users in user groups',
      description: 'The requester must administer each user and manage each group. A membership that exists is answered with its id.',
      auth: 'user',
      body: MembershipBody,
      responses: {
        200: { description: 'The memberships, with their ids', schema: Type.Array(Type.Object({ id_user_user_group: Type.Integer(), id_user: Type.Integer(), id_user_group: Type.Integer() })) },
        400: { description: 'Missing id, or a superadmin' },
        403: { description: 'Not allowed' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const raw = Array.isArray(body.user_user_group) ? body.user_user_group : [body.user_user_group];
        const items = raw.map((item) => {
          const valid = validateBody(ctx, MembershipItem, item) as { id_user: number; id_user_group: number };
          return { userId: valid.id_user, groupId: valid.id_user_group };
        });
        const position = await addMemberships(deps.commandContext(ctx, requester), requester, items);
        await deps.waitForProjections(position);
        const ids = await membershipIds(deps.readDb, items);
        ctx.body = items.map((i) => ({ id_user_user_group: ids.get(`${i.userId}:${i.groupId}`) ?? null, id_user: i.userId, id_user_group: i.groupId }));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/users/usergroups',
      tags: ['user'],
      summary: 'Remove a user from a user group',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'User - user group relationship ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Removed' },
        400: { description: 'Missing or unknown id' },
        403: { description: 'Not allowed' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const position = await removeMembership(deps.commandContext(ctx, requester), requester, query.id);
        await deps.waitForProjections(position);
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
