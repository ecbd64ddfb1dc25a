// The counters of `GET /api/user/stats` (OpenTera api-user-2.md section 18), each counted in SQL from the
// read models, over what the requester may reach: the rules of roleAccess.ts (users, user groups, sites,
// projects), participants.ts (participants: any role on their project), devices.ts (devices) and sessions.ts
// (sessions). Soft-deleted rows never count, nor do links to them, nor the invitations of deleted sessions.
// Where OpenTera counts rows the requester cannot reach (a user's sessions in other projects, a device's
// other projects and participants), ours does not; where it answers a constant (`users_enabled_count` of a
// user group and `sessions_total_count` of a project always 0, `tests_total_count` of a participant always
// 0), ours counts (docs/compat.md).
import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Requester } from '../../domain/access.js';
import { SESSION_STATUS } from '../../domain/session.js';
import type { AnyDb } from '../types.js';
import { deviceVisibleTo } from './devices.js';
import { projectAccessibleTo } from './participants.js';
import { accessibleGroupIds, accessibleProjectIds, accessibleSiteIds, accessibleUserIds, groupProjectRoles, groupSiteRoles } from './roleAccess.js';
import { sessionAccessibleTo } from './sessions.js';
import { fullName } from './users.js';
import { isoTime, userVisibleTo } from './usersAdmin.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
type Eb = ExpressionBuilder<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
type Query = SelectQueryBuilder<any, any, any>;

/** The number of rows a query selects. */
async function countOf(db: AnyDb, query: Query): Promise<number> {
  const row = await db
    .selectFrom(query.as('counted'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function exists(query: Query): Promise<boolean> {
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** Live participants (of live projects) the requester may reach, as `p`. */
function reachableParticipants(db: AnyDb, requester: Requester) {
  return db
    .selectFrom('participants as p')
    .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
    .where('p.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null)
    .where(projectAccessibleTo(requester, 'p.id_project'));
}

/** The live sessions the participant (in `column`) is invited to, as `sp` and `s`. */
function invitationsOf(db: AnyDb, column: string) {
  return db
    .selectFrom('sessions_participants as sp')
    .innerJoin('sessions as s', 's.id_session', 'sp.id_session')
    .whereRef('sp.id_participant', '=', column)
    .where('s.deleted_at', 'is', null);
}

/** The invitations, to live sessions, of the participants the subquery selects (`id_participant`). */
function invitationsOfParticipants(db: AnyDb, participantIds: Query) {
  return db
    .selectFrom('sessions_participants as sp')
    .innerJoin('sessions as s', 's.id_session', 'sp.id_session')
    .select(['sp.id_session', 'sp.id_participant'])
    .where('s.deleted_at', 'is', null)
    .where('sp.id_participant', 'in', participantIds);
}

/** `where` clause: the session aliased `s` is one the participant is invited to. */
function invites(participantId: number) {
  return (eb: Eb): Expression<SqlBool> =>
    eb.exists(eb.selectFrom('sessions_participants as inv').select('inv.id_session').whereRef('inv.id_session', '=', 's.id_session').where('inv.id_participant', '=', participantId));
}

/** Whether the id is one of those the subquery selects. */
async function isIn(db: AnyDb, ids: Query, column: string, id: number): Promise<boolean> {
  return exists(db.selectFrom(ids.as('ids')).select(`ids.${column}`).where(`ids.${column}`, '=', id));
}

// --------------------------------------------------------------------------------------------- reachability

export const reachable = {
  userGroup: (db: AnyDb, requester: Requester, id: number) => isIn(db, accessibleGroupIds(db, requester), 'id_user_group', id),
  user: (db: AnyDb, requester: Requester, id: number) => isIn(db, accessibleUserIds(db, requester), 'id_user', id),
  site: (db: AnyDb, requester: Requester, id: number) => isIn(db, accessibleSiteIds(db, requester), 'id_site', id),
  project: (db: AnyDb, requester: Requester, id: number) => isIn(db, accessibleProjectIds(db, requester), 'id_project', id),
  participantGroup: (db: AnyDb, requester: Requester, id: number) =>
    exists(
      db
        .selectFrom('participant_groups as g')
        .innerJoin('projects as pr', 'pr.id_project', 'g.id_project')
        .select('g.id_participant_group')
        .where('g.id_participant_group', '=', id)
        .where('g.deleted_at', 'is', null)
        .where('pr.deleted_at', 'is', null)
        .where(projectAccessibleTo(requester, 'g.id_project')),
    ),
  session: (db: AnyDb, requester: Requester, id: number) =>
    exists(db.selectFrom('sessions as s').select('s.id_session').where('s.id_session', '=', id).where('s.deleted_at', 'is', null).where(sessionAccessibleTo(db, requester))),
  participant: (db: AnyDb, requester: Requester, id: number) => exists(reachableParticipants(db, requester).select('p.id_participant').where('p.id_participant', '=', id)),
  device: (db: AnyDb, requester: Requester, id: number) =>
    exists(db.selectFrom('devices as d').select('d.id_device').where('d.id_device', '=', id).where('d.deleted_at', 'is', null).where(deviceVisibleTo(requester))),
};

// ---------------------------------------------------------------------------------------------- counters

export async function userGroupStats(db: AnyDb, requester: Requester, groupId: number) {
  const members = db
    .selectFrom('user_user_groups as m')
    .innerJoin('users as u', 'u.id_user', 'm.id_user')
    .select('u.id_user')
    .distinct()
    .where('m.id_user_group', '=', groupId)
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null)
    .where('u.id_user', 'in', accessibleUserIds(db, requester));
  const projects = (adminOnly: boolean) =>
    db
      .selectFrom(groupProjectRoles(db).as('gp'))
      .select('gp.id_project')
      .distinct()
      .where('gp.id_user_group', '=', groupId)
      .where('gp.id_project', 'in', accessibleProjectIds(db, requester, adminOnly))
      .$if(adminOnly, (q) => q.where('gp.role', '=', 'admin'));
  const sites = (adminOnly: boolean) =>
    db
      .selectFrom(groupSiteRoles(db).as('gs'))
      .select('gs.id_site')
      .distinct()
      .where('gs.id_user_group', '=', groupId)
      .where('gs.id_site', 'in', accessibleSiteIds(db, requester, adminOnly))
      .$if(adminOnly, (q) => q.where('gs.role', '=', 'admin'));
  return {
    users_total_count: await countOf(db, members),
    users_enabled_count: await countOf(db, members.where('u.user_enabled', '=', true)),
    projects_total_count: await countOf(db, projects(false)),
    projects_admin_count: await countOf(db, projects(true)),
    sites_total_count: await countOf(db, sites(false)),
    sites_admin_count: await countOf(db, sites(true)),
  };
}

export async function userStats(db: AnyDb, requester: Requester, userId: number) {
  const sessions = db.selectFrom('sessions as s').select('s.id_session').where('s.deleted_at', 'is', null).where(sessionAccessibleTo(db, requester));
  const ofUser = sessions.where((eb) =>
    eb.or([eb('s.id_creator_user', '=', userId), eb.exists(eb.selectFrom('sessions_users as su').select('su.id_user').whereRef('su.id_session', '=', 's.id_session').where('su.id_user', '=', userId))]),
  );
  const participants = reachableParticipants(db, requester)
    .select('p.id_participant')
    .distinct()
    .where(({ exists: has, selectFrom }) =>
      has(
        selectFrom('sessions_participants as usp')
          .select('usp.id_session')
          .whereRef('usp.id_participant', '=', 'p.id_participant')
          .where('usp.id_session', 'in', ofUser),
      ),
    );
  return {
    sessions_created_total_count: await countOf(db, sessions.where('s.id_creator_user', '=', userId)),
    sessions_total_count: await countOf(db, ofUser),
    participants_total_count: await countOf(db, participants),
    participants_enabled_count: await countOf(db, participants.where('p.participant_enabled', '=', true)),
  };
}

/** Live non-superadmin users with a role in the site or project, the requester's site-admin groups' members included. */
function usersWithRole(db: AnyDb, requester: Requester, scope: { siteId: number } | { projectId: number }) {
  return db
    .selectFrom('users as u')
    .where('u.deleted_at', 'is', null)
    .where('u.user_superadmin', '=', false)
    .where(({ exists: has, selectFrom }) =>
      'siteId' in scope
        ? has(selectFrom('user_site_access as ur').select('ur.id_user').whereRef('ur.id_user', '=', 'u.id_user').where('ur.id_site', '=', scope.siteId))
        : has(selectFrom('user_project_access as ur').select('ur.id_user').whereRef('ur.id_user', '=', 'u.id_user').where('ur.id_project', '=', scope.projectId)),
    )
    .where(userVisibleTo(requester, { includeSiteAccess: true }));
}

/** Participant groups, participants and their session invitations of a set of projects. */
async function participantCounts(db: AnyDb, projectIds: Query) {
  const participants = db.selectFrom('participants as p').select('p.id_participant').where('p.deleted_at', 'is', null).where('p.id_project', 'in', projectIds);
  return {
    participants_groups_count: await countOf(db, db.selectFrom('participant_groups as g').select('g.id_participant_group').where('g.deleted_at', 'is', null).where('g.id_project', 'in', projectIds)),
    participants_total_count: await countOf(db, participants),
    participants_enabled_count: await countOf(db, participants.where('p.participant_enabled', '=', true)),
    sessions_total_count: await countOf(db, invitationsOfParticipants(db, participants)),
  };
}

export interface ParticipantListStats {
  id_participant: number;
  participant_uuid: string;
  participant_name: string | null;
  participant_enabled: boolean;
  participant_sessions_count: number;
  participant_first_session: string | null;
  participant_last_session: string | null;
  participant_last_online: string | null;
}

/** The start of the participant's (in `p`) invited live session of the lowest (`asc`) or highest id. */
function sessionStartBy(eb: Eb, direction: 'asc' | 'desc') {
  return eb
    .selectFrom('sessions_participants as fsp')
    .innerJoin('sessions as fs', 'fs.id_session', 'fsp.id_session')
    .select('fs.session_start_datetime')
    .whereRef('fsp.id_participant', '=', 'p.id_participant')
    .where('fs.deleted_at', 'is', null)
    .orderBy('fs.id_session', direction)
    .limit(1);
}

/**
 * OpenTera's participant list stats of the reachable participants of a site, project or participant group, by
 * name. First and last session are those of the lowest and highest id, as OpenTera's.
 */
export async function participantListStats(db: AnyDb, requester: Requester, scope: { siteId: number } | { projectId: number } | { groupId: number }): Promise<ParticipantListStats[]> {
  let query = reachableParticipants(db, requester);
  if ('siteId' in scope) query = query.where('pr.id_site', '=', scope.siteId);
  else if ('projectId' in scope) query = query.where('p.id_project', '=', scope.projectId);
  else query = query.where('p.id_participant_group', '=', scope.groupId);
  const rows = await query
    .select((eb) => [
      'p.id_participant',
      'p.participant_uuid',
      'p.participant_name',
      'p.participant_enabled',
      'p.participant_lastonline',
      invitationsOf(db, 'p.id_participant').select((inner) => inner.fn.countAll().as('n')).as('sessions_count'),
      sessionStartBy(eb, 'asc').as('first_session'),
      sessionStartBy(eb, 'desc').as('last_session'),
    ])
    .orderBy('p.participant_name')
    .orderBy('p.id_participant')
    .execute();
  return rows.map((row) => ({
    id_participant: row.id_participant as number,
    participant_uuid: row.participant_uuid as string,
    participant_name: row.participant_name as string | null,
    participant_enabled: row.participant_enabled as boolean,
    participant_sessions_count: Number(row.sessions_count),
    participant_first_session: isoTime(row.first_session as Date | null),
    participant_last_session: isoTime(row.last_session as Date | null),
    participant_last_online: isoTime(row.participant_lastonline as Date | null),
  }));
}

/** Calendar months from `then` to `now` (OpenTera's `diff_month`), in UTC. */
export function monthsBetween(now: Date, then: Date): number {
  return (now.getUTCFullYear() - then.getUTCFullYear()) * 12 + now.getUTCMonth() - then.getUTCMonth();
}

/**
 * The site's warnings: its reachable enabled participants whose last session (the highest id) is 6 months old
 * or more, or who have none and were last changed a month ago or more; its enabled non-superadmin users last
 * online 3 months ago or more, and those never online whose last change is a month old or more.
 */
async function siteWarnings(db: AnyDb, requester: Requester, siteId: number, now: Date) {
  const participants = await reachableParticipants(db, requester)
    .select((eb) => ['p.id_participant', 'p.participant_name', 'pr.project_name', 'p.participant_changed_at', sessionStartBy(eb, 'desc').as('last_session')])
    .where('pr.id_site', '=', siteId)
    .where('p.participant_enabled', '=', true)
    .orderBy('p.participant_name')
    .orderBy('p.id_participant')
    .execute();
  const warningParticipants = [];
  const noSessionParticipants = [];
  for (const p of participants) {
    const base = { id_participant: p.id_participant as number, participant_name: p.participant_name as string | null, project_name: p.project_name as string };
    if (p.last_session !== null) {
      const last = new Date(p.last_session as Date | string);
      const months = monthsBetween(now, last);
      if (months >= 6) warningParticipants.push({ ...base, last_session: isoTime(last), months });
    } else {
      const updated = new Date(p.participant_changed_at as Date | string);
      const months = monthsBetween(now, updated);
      if (months >= 1) noSessionParticipants.push({ ...base, last_updated: isoTime(updated), months });
    }
  }
  const users = await usersWithRole(db, requester, { siteId })
    .select(['u.id_user', 'u.user_firstname', 'u.user_lastname', 'u.user_lastonline'])
    .where('u.user_enabled', '=', true)
    .where('u.user_lastonline', 'is not', null)
    .orderBy('u.user_firstname')
    .orderBy('u.id_user')
    .execute();
  const warningUsers = users.flatMap((u) => {
    const online = new Date(u.user_lastonline as Date | string);
    const months = monthsBetween(now, online);
    return months >= 3
      ? [{ id_user: u.id_user as number, user_fullname: fullName({ user_firstname: u.user_firstname as string | null, user_lastname: u.user_lastname as string | null }), user_lastonline: isoTime(online), months }]
      : [];
  });
  const neverOnline = await usersWithRole(db, requester, { siteId })
    .select(['u.id_user', 'u.user_firstname', 'u.user_lastname', 'u.user_changed_at'])
    .where('u.user_enabled', '=', true)
    .where('u.user_lastonline', 'is', null)
    .orderBy('u.user_firstname')
    .orderBy('u.id_user')
    .execute();
  const neverLogged = neverOnline.flatMap((u) => {
    const updated = new Date(u.user_changed_at as Date | string);
    const months = monthsBetween(now, updated);
    return months >= 1
      ? [{ id_user: u.id_user as number, user_fullname: fullName({ user_firstname: u.user_firstname as string | null, user_lastname: u.user_lastname as string | null }), last_updated: isoTime(updated), months }]
      : [];
  });
  return {
    warning_participants_count: warningParticipants.length,
    warning_participants: warningParticipants,
    warning_nosession_participants_count: noSessionParticipants.length,
    warning_nosession_participants: noSessionParticipants,
    warning_users_count: warningUsers.length,
    warning_users: warningUsers,
    warning_neverlogged_users_count: neverLogged.length,
    warning_neverlogged_users: neverLogged,
  };
}

export async function siteStats(db: AnyDb, requester: Requester, siteId: number, options: { withParticipants: boolean; withWarnings: boolean; now: Date }) {
  const projects = db.selectFrom('projects as sp').select('sp.id_project').where('sp.id_site', '=', siteId).where('sp.deleted_at', 'is', null).where('sp.id_project', 'in', accessibleProjectIds(db, requester));
  const users = usersWithRole(db, requester, { siteId }).select('u.id_user');
  const counts = await participantCounts(db, projects);
  const stats = {
    users_total_count: await countOf(db, users),
    users_enabled_count: await countOf(db, users.where('u.user_enabled', '=', true)),
    projects_count: await countOf(db, projects),
    participants_groups_count: counts.participants_groups_count,
    participants_total_count: counts.participants_total_count,
    participants_enabled_count: counts.participants_enabled_count,
    sessions_total_count: counts.sessions_total_count,
    devices_total_count: await countOf(
      db,
      db
        .selectFrom('devices_sites as ds')
        .innerJoin('devices as d', 'd.id_device', 'ds.id_device')
        .select('ds.id_device')
        .distinct()
        .where('ds.id_site', '=', siteId)
        .where('ds.deleted_at', 'is', null)
        .where('d.deleted_at', 'is', null),
    ),
  };
  return {
    ...stats,
    ...(options.withParticipants ? { participants: await participantListStats(db, requester, { siteId }) } : {}),
    ...(options.withWarnings ? await siteWarnings(db, requester, siteId, options.now) : {}),
  };
}

export async function projectStats(db: AnyDb, requester: Requester, projectId: number, options: { withParticipants: boolean }) {
  const users = usersWithRole(db, requester, { projectId }).select('u.id_user');
  const devices = db
    .selectFrom('devices_projects as dp')
    .innerJoin('devices as d', 'd.id_device', 'dp.id_device')
    .select('d.id_device')
    .distinct()
    .where('dp.id_project', '=', projectId)
    .where('dp.deleted_at', 'is', null)
    .where('d.deleted_at', 'is', null);
  const counts = await participantCounts(db, db.selectFrom('projects as pp').select('pp.id_project').where('pp.id_project', '=', projectId).where('pp.deleted_at', 'is', null));
  return {
    users_total_count: await countOf(db, users),
    users_enabled_count: await countOf(db, users.where('u.user_enabled', '=', true)),
    participants_groups_count: counts.participants_groups_count,
    participants_total_count: counts.participants_total_count,
    participants_enabled_count: counts.participants_enabled_count,
    devices_total_count: await countOf(db, devices),
    devices_enabled_count: await countOf(db, devices.where('d.device_enabled', '=', true)),
    sessions_total_count: counts.sessions_total_count,
    ...(options.withParticipants ? { participants: await participantListStats(db, requester, { projectId }) } : {}),
  };
}

export async function participantGroupStats(db: AnyDb, requester: Requester, groupId: number, options: { withParticipants: boolean }) {
  const participants = reachableParticipants(db, requester).select('p.id_participant').where('p.id_participant_group', '=', groupId);
  return {
    participants_total_count: await countOf(db, participants),
    participants_enabled_count: await countOf(db, participants.where('p.participant_enabled', '=', true)),
    sessions_total_count: await countOf(db, invitationsOfParticipants(db, participants)),
    ...(options.withParticipants ? { participants: await participantListStats(db, requester, { groupId }) } : {}),
  };
}

export async function sessionStats(db: AnyDb, sessionId: number) {
  const invitees = (table: string, column: string, target: string) =>
    db
      .selectFrom(`${table} as i`)
      .innerJoin(`${target} as x`, `x.${column}`, `i.${column}`)
      .select(`i.${column}`)
      .where('i.id_session', '=', sessionId)
      .where('x.deleted_at', 'is', null);
  const contents = (table: string) => db.selectFrom(table).select('id_session').where('id_session', '=', sessionId).where('deleted_at', 'is', null);
  return {
    users_total_count: await countOf(db, invitees('sessions_users', 'id_user', 'users')),
    participants_total_count: await countOf(db, invitees('sessions_participants', 'id_participant', 'participants')),
    devices_total_count: await countOf(db, invitees('sessions_devices', 'id_device', 'devices')),
    assets_total_count: await countOf(db, contents('assets')),
    events_total_count: await countOf(db, contents('session_events')),
    tests_total_count: await countOf(db, contents('tests')),
  };
}

/** Assets or tests (`table`) of live sessions the participant is invited to, or that name the participant. */
function ofParticipantSessions(db: AnyDb, table: 'assets' | 'tests', participantId: number) {
  return db
    .selectFrom(`${table} as a`)
    .innerJoin('sessions as s', 's.id_session', 'a.id_session')
    .select('a.id_session')
    .where('a.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where((eb) => eb.or([invites(participantId)(eb), eb('a.id_participant', '=', participantId)]));
}

export async function participantStats(db: AnyDb, participantId: number) {
  const row = await db
    .selectFrom('sessions as s')
    .select((eb) => {
      const withStatus = (status: number) => eb.fn.countAll().filterWhere('s.session_status', '=', status);
      return [
        eb.fn.countAll().as('total'),
        eb.fn.coalesce(eb.fn.sum('s.session_duration'), eb.lit(0)).as('time'),
        withStatus(SESSION_STATUS.notStarted).as('planned'),
        withStatus(SESSION_STATUS.completed).as('completed'),
        withStatus(SESSION_STATUS.inProgress).as('inprogress'),
        withStatus(SESSION_STATUS.cancelled).as('cancelled'),
        withStatus(SESSION_STATUS.terminated).as('terminated'),
      ];
    })
    .where('s.deleted_at', 'is', null)
    .where(invites(participantId))
    .executeTakeFirstOrThrow();
  const total = Number(row.total);
  const time = Number(row.time);
  return {
    sessions_total_count: total,
    sessions_total_time: time,
    sessions_mean_time: total > 0 ? time / total : 0,
    sessions_planned_count: Number(row.planned),
    sessions_completed_count: Number(row.completed),
    sessions_inprogress_count: Number(row.inprogress),
    sessions_cancelled_count: Number(row.cancelled),
    sessions_terminated_count: Number(row.terminated),
    assets_total_count: await countOf(db, ofParticipantSessions(db, 'assets', participantId)),
    tests_total_count: await countOf(db, ofParticipantSessions(db, 'tests', participantId)),
  };
}

export async function deviceStats(db: AnyDb, requester: Requester, deviceId: number) {
  const sessions = db.selectFrom('sessions as s').select('s.id_session').where('s.deleted_at', 'is', null).where(sessionAccessibleTo(db, requester));
  return {
    assets_total_count: await countOf(
      db,
      db.selectFrom('assets as a').select('a.id_asset').where('a.id_device', '=', deviceId).where('a.deleted_at', 'is', null).where('a.id_session', 'in', sessions),
    ),
    projects_total_count: await countOf(
      db,
      db
        .selectFrom('devices_projects as dp')
        .select('dp.id_project')
        .distinct()
        .where('dp.id_device', '=', deviceId)
        .where('dp.deleted_at', 'is', null)
        .where('dp.id_project', 'in', accessibleProjectIds(db, requester)),
    ),
    participants_total_count: await countOf(
      db,
      reachableParticipants(db, requester)
        .innerJoin('devices_participants as dl', 'dl.id_participant', 'p.id_participant')
        .select('p.id_participant')
        .distinct()
        .where('dl.id_device', '=', deviceId)
        .where('dl.deleted_at', 'is', null),
    ),
    sessions_total_count: await countOf(
      db,
      db.selectFrom('sessions_devices as sd').select('sd.id_session').where('sd.id_device', '=', deviceId).where('sd.id_session', 'in', sessions),
    ),
  };
}
