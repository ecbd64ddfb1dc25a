// GET /api/user/stats (OpenTera api-user-2.md section 18): counters about one user group, user, site, project,
// participant group, session, participant or device, counted in SQL over what the requester may reach
// (projections/queries/stats.ts). Differences from OpenTera are in docs/compat.md ("## /api/user/forms and
// /stats").
import { Type } from '@sinclair/typebox';
import {
  deviceStats,
  participantGroupStats,
  participantStats,
  projectStats,
  reachable,
  sessionStats,
  siteStats,
  userGroupStats,
  userStats,
} from '../../../projections/queries/stats.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Count = Type.Integer({ minimum: 0 });
const ParticipantListStats = Type.Object({
  id_participant: Type.Integer(),
  participant_uuid: Type.String(),
  participant_name: Type.Union([Type.String(), Type.Null()]),
  participant_enabled: Type.Boolean(),
  participant_sessions_count: Count,
  participant_first_session: Type.Union([Type.String({ description: 'Start of the session with the lowest id' }), Type.Null()]),
  participant_last_session: Type.Union([Type.String({ description: 'Start of the session with the highest id' }), Type.Null()]),
  participant_last_online: Type.Union([Type.String(), Type.Null()]),
});
const Stats = Type.Object(
  { participants: Type.Optional(Type.Array(ParticipantListStats, { description: 'with_participants (site, project, participant group)' })) },
  { additionalProperties: true, description: 'The counters of the chosen object (all integers, but sessions_mean_time), and with_warnings\'s lists (site)' },
);

export function statsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/stats',
      tags: ['user'],
      summary: 'Counters about one object the user may reach',
      description:
        'The first non-zero id, in this order, chooses the object: id_user_group, id_user, id_site, id_project, id_group, id_session, id_participant, id_device. Counters cover what the requester may reach.',
      auth: 'user',
      query: Type.Object({
        id_user_group: Type.Optional(Type.Integer({ description: 'ID of the user group to query stats for.' })),
        id_user: Type.Optional(Type.Integer({ description: 'ID of the user to query stats for.' })),
        id_site: Type.Optional(Type.Integer({ description: 'ID of the site to query stats for.' })),
        id_project: Type.Optional(Type.Integer({ description: 'ID of the project to query stats for.' })),
        id_group: Type.Optional(Type.Integer({ description: 'ID of the participant group to query stats for.' })),
        id_session: Type.Optional(Type.Integer({ description: 'ID of the session to query stats for.' })),
        id_participant: Type.Optional(Type.Integer({ description: 'ID of the participant to query stats for.' })),
        id_device: Type.Optional(Type.Integer({ description: 'ID of the device to query stats for.' })),
        with_participants: Type.Optional(Type.Boolean({ description: 'Also includes related participants stats (site, project and participant group).' })),
        with_warnings: Type.Optional(Type.Boolean({ description: 'Also include warning information (site only).' })),
      }),
      responses: {
        200: { description: 'The counters', schema: Stats },
        400: { description: 'Missing id argument, or a bad parameter' },
        401: { description: 'Not authenticated' },
        403: { description: 'The object is unknown or out of reach' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const db = deps.readDb;
        const withParticipants = query.with_participants === true;
        const check = async (ok: Promise<boolean>) => {
          if (!(await ok)) throw endpointError(ctx, 403, 'Forbidden');
        };
        if (query.id_user_group) {
          await check(reachable.userGroup(db, requester, query.id_user_group));
          ctx.body = await userGroupStats(db, requester, query.id_user_group);
        } else if (query.id_user) {
          await check(reachable.user(db, requester, query.id_user));
          ctx.body = await userStats(db, requester, query.id_user);
        } else if (query.id_site) {
          await check(reachable.site(db, requester, query.id_site));
          ctx.body = await siteStats(db, requester, query.id_site, { withParticipants, withWarnings: query.with_warnings === true, now: deps.clock.now() });
        } else if (query.id_project) {
          await check(reachable.project(db, requester, query.id_project));
          ctx.body = await projectStats(db, requester, query.id_project, { withParticipants });
        } else if (query.id_group) {
          await check(reachable.participantGroup(db, requester, query.id_group));
          ctx.body = await participantGroupStats(db, requester, query.id_group, { withParticipants });
        } else if (query.id_session) {
          await check(reachable.session(db, requester, query.id_session));
          ctx.body = await sessionStats(db, query.id_session);
        } else if (query.id_participant) {
          await check(reachable.participant(db, requester, query.id_participant));
          ctx.body = await participantStats(db, query.id_participant);
        } else if (query.id_device) {
          await check(reachable.device(db, requester, query.id_device));
          ctx.body = await deviceStats(db, requester, query.id_device);
        } else {
          throw endpointError(ctx, 400, 'Missing id argument');
        }
      },
    }),
  ];
}
