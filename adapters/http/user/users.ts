// /api/user/users (OpenTera api-user-2.md section 27), with the fixes listed in docs/compat.md ("## Users").
import { Type, type TSchema } from '@sinclair/typebox';
import { deleteUserAsAdministrator, pythonJsonDumps, saveUser, type UserFields } from '../../../commands/userAdministration.js';
import { accessibleSites } from '../../../projections/queries/sites.js';
import { projectsWithRoleOf, selectUsers, userJson, userRowById, visibleGroupsOfUsers, type UserSelection } from '../../../projections/queries/usersAdmin.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const MinimalUser = Type.Object({
  id_user: Type.Integer(),
  user_uuid: Type.String({ format: 'uuid' }),
  user_firstname: Type.String(),
  user_lastname: Type.String(),
  user_enabled: Type.Boolean(),
  user_superadmin: Type.Boolean(),
  user_2fa_enabled: Type.Boolean(),
  user_name: Type.String({ description: '"firstname lastname"' }),
});

const FullUser = Type.Composite([
  MinimalUser,
  Type.Object({
    user_username: Type.String(),
    user_email: Nullable(Type.String()),
    user_profile: Type.String(),
    user_notes: Nullable(Type.String()),
    user_lastonline: Nullable(Type.String({ description: 'ISO 8601' })),
    user_2fa_otp_enabled: Type.Boolean(),
    user_2fa_email_enabled: Type.Boolean(),
    user_force_password_change: Type.Boolean(),
  }),
]);

const ListedUser = Type.Composite([
  MinimalUser,
  Type.Partial(FullUser),
  Type.Object({
    sites: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: "The requester's own entry, without `list`: its sites, with `site_role`" })),
    projects: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: "The requester's own entry, without `list`: its projects, with `site_name` and `project_role`" })),
    user_user_groups: Type.Optional(Type.Array(Type.Object({ id_user_group: Type.Integer(), user_group_name: Type.String() }), { description: 'With `with_usergroups`' })),
    user_online: Type.Optional(Type.Boolean({ description: 'With `with_status`; always false until presence exists' })),
    user_busy: Type.Optional(Type.Boolean({ description: 'With `with_status`; always false until presence exists' })),
  }),
]);

/** Fields that GET adds or that only the server sets: a client may send back what it read; they are ignored. */
const readBack = (description: string) => Type.Optional(Type.Unknown({ description: `Read-only (${description}): accepted and ignored` }));

const UserBody = Type.Object(
  {
    user: Type.Object(
      {
        id_user: Type.Integer({ minimum: 0, description: '0 creates a user', 'x-missing': 'Missing id_user' }),
        user_username: Type.Optional(Type.String({ maxLength: 50, description: 'Required on create; cannot be changed' })),
        user_email: Type.Optional(Nullable(Type.String())),
        user_firstname: Type.Optional(Type.String({ description: 'Required on create' })),
        user_lastname: Type.Optional(Type.String({ description: 'Required on create' })),
        user_password: Type.Optional(Nullable(Type.String({ description: 'Required on create; "" on update keeps the password' }))),
        user_enabled: Type.Optional(Type.Boolean({ description: 'Required on create' })),
        user_profile: Type.Optional(Type.Union([Type.String(), Type.Record(Type.String(), Type.Unknown())], { description: 'Required on create; an object is stored as its JSON text' })),
        user_notes: Type.Optional(Nullable(Type.String())),
        user_superadmin: Type.Optional(Type.Boolean({ description: 'Superadmins only; ignored for others' })),
        user_2fa_enabled: Type.Optional(Type.Boolean()),
        user_force_password_change: Type.Optional(Type.Boolean()),
        user_user_groups: Type.Optional(
          Type.Array(Type.Object({ id_user_group: Type.Integer(), user_group_name: Type.Optional(Type.String()) }, { additionalProperties: false }), {
            description: 'Groups (that the requester manages) of a new user; on update, the managed groups the user must be in',
          }),
        ),
        user_uuid: readBack('generated'),
        user_name: readBack('computed'),
        user_lastonline: readBack('set at login'),
        user_2fa_otp_enabled: readBack('set at login'),
        user_2fa_email_enabled: readBack('set at login'),
        sites: readBack('computed'),
        projects: readBack('computed'),
        user_online: readBack('computed'),
        user_busy: readBack('computed'),
      },
      { additionalProperties: false, 'x-missing': 'Missing user' },
    ),
  },
  { additionalProperties: false },
);

export function usersRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/users',
      tags: ['user'],
      summary: 'Users the requester may access',
      description: 'The first given selector wins: user_uuid (or uuid), id_user (or id), id_project, self, username, id_user_group; none lists every accessible user.',
      auth: 'user',
      query: Type.Object({
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user to query' })),
        id: Type.Optional(Type.Integer({ description: 'Alias for id_user' })),
        user_uuid: Type.Optional(Type.String({ description: 'UUID of the user to query' })),
        uuid: Type.Optional(Type.String({ description: 'Alias for user_uuid' })),
        username: Type.Optional(Type.String({ description: 'Username of the user to query (case-insensitive)' })),
        id_user_group: Type.Optional(Type.Integer({ description: 'ID of the user group to get all users from' })),
        id_project: Type.Optional(Type.Integer({ description: 'Enabled users with a role in that project (site admins and superadmins included)' })),
        self: Type.Optional(Type.Boolean({ description: 'The requester itself (any value)' })),
        enabled: Type.Optional(Type.Boolean({ description: 'Only users with that enabled status' })),
        list: Type.Optional(Type.Boolean({ description: 'Minimal information' })),
        with_usergroups: Type.Optional(Type.Boolean({ description: 'Include the user groups of each user' })),
        with_status: Type.Optional(Type.Boolean({ description: 'Include user_online and user_busy' })),
      }),
      responses: { 200: { description: 'The users, by first name', schema: Type.Array(ListedUser) }, 400: { description: 'Bad parameter' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const db = deps.readDb;
        // As OpenTera: empty or zero values count as absent (except `self` and `username`, tested for presence).
        const uuid = query.uuid || query.user_uuid;
        const id = query.id || query.id_user;
        let selection: UserSelection;
        if (uuid) selection = { by: 'uuid', uuid };
        else if (id) selection = { by: 'id', id };
        else if (query.id_project) selection = { by: 'project', id: query.id_project };
        else if (query.self !== undefined) selection = { by: 'self' };
        else if (query.username !== undefined) selection = { by: 'username', username: query.username };
        else if (query.id_user_group) selection = { by: 'group', id: query.id_user_group };
        else selection = { by: 'all' };
        const rows = await selectUsers(db, requester, selection, query.enabled === undefined ? {} : { enabled: query.enabled });
        const groups = query.with_usergroups ? await visibleGroupsOfUsers(db, requester, rows.map((r) => r.id_user)) : undefined;
        const users = [];
        for (const row of rows) {
          const user: Record<string, unknown> = { ...userJson(row, query.list === true) };
          // OpenTera adds the requester's own sites and projects when `list` is absent (not merely false).
          if (query.list === undefined && row.id_user === requester.id) {
            user.sites = await accessibleSites(db, requester);
            user.projects = await projectsWithRoleOf(db, requester);
          }
          if (groups) user.user_user_groups = groups.get(row.id_user) ?? [];
          if (query.with_status) {
            // Presence arrives with the websocket gateway; until then nobody is online or busy.
            user.user_online = false;
            user.user_busy = false;
          }
          users.push(user);
        }
        ctx.body = users;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/users',
      tags: ['user'],
      summary: 'Create (id_user 0) or update a user, and its groups',
      description:
        'Create: superadmins, or site admins putting the user in groups they manage. Update: oneself, superadmins, or a site admin of every site of the user. Only superadmins set user_superadmin.',
      auth: 'user',
      body: UserBody,
      responses: {
        200: { description: 'The saved user', schema: Type.Array(FullUser) },
        400: { description: 'Missing or invalid field, weak password, username change' },
        403: { description: 'Not allowed' },
        409: { description: 'Username unavailable (also the names of deleted users)' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const u = body.user;
        const fields: UserFields = {};
        if (u.user_username !== undefined) fields.username = u.user_username;
        if (u.user_email !== undefined) fields.email = u.user_email;
        if (u.user_firstname !== undefined) fields.firstname = u.user_firstname;
        if (u.user_lastname !== undefined) fields.lastname = u.user_lastname;
        if (u.user_password !== undefined) fields.password = u.user_password;
        if (u.user_enabled !== undefined) fields.enabled = u.user_enabled;
        if (u.user_profile !== undefined) fields.profile = typeof u.user_profile === 'string' ? u.user_profile : pythonJsonDumps(u.user_profile);
        if (u.user_notes !== undefined) fields.notes = u.user_notes;
        if (u.user_superadmin !== undefined) fields.superadmin = u.user_superadmin;
        if (u.user_2fa_enabled !== undefined) fields.twoFactorEnabled = u.user_2fa_enabled;
        if (u.user_force_password_change !== undefined) fields.forcePasswordChange = u.user_force_password_change;
        const groups = u.user_user_groups?.map((g) => g.id_user_group);
        const result = await saveUser(deps.commandContext(ctx, requester), requester, { id: u.id_user, fields, ...(groups ? { groups } : {}) });
        await deps.waitForProjections(result.position);
        const row = await userRowById(deps.readDb, result.id);
        ctx.body = row ? [userJson(row, false)] : [];
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/users',
      tags: ['user'],
      summary: 'Delete a user (superadmin), or remove it from the groups a site admin manages',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'User ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted' },
        400: { description: 'Missing or unknown id' },
        403: { description: 'Not allowed, or oneself' },
        409: { description: 'Refused: the user still has sessions, assets or tests' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const position = await deleteUserAsAdministrator(deps.commandContext(ctx, requester), requester, query.id);
        await deps.waitForProjections(position);
        ctx.type = 'application/json';
        ctx.body = '""';
      },
    }),
  ];
}
