// GET /api/user/stats checked against counts computed here, independently of the server's queries: the rows
// come straight from the read-model tables, and who may reach what comes from OpenTera's access matrix of the
// test data (domain.md 2.2 and 2.7), not from the server's access tables. Counts of assets and tests hold
// whatever those tables contain.
import t, { type Test } from 'tap';
import { LIVE_SCHEMA } from '../../../../projections/schema.js';
import { startServer, type RunningServer } from '../../../../services/teraserver/server.js';
import { testConfig } from '../../../helpers/config.js';
import { seededDatabase, startTestServer } from '../../../helpers/server.js';

type Row = Record<string, unknown>;
type Tables = Record<string, Row[]>;

const TABLES = [
  'users',
  'user_user_groups',
  'user_groups',
  'projects',
  'participant_groups',
  'participants',
  'devices',
  'devices_sites',
  'devices_projects',
  'devices_participants',
  'sessions',
  'sessions_participants',
  'sessions_users',
  'sessions_devices',
  'session_events',
  'assets',
  'tests',
];

// --------------------------------------------------------------------------------------- the access matrix

interface Access {
  id: number;
  superadmin: boolean;
  projects: number[];
  adminProjects: number[];
  sites: number[];
  adminSites: number[];
  /** Users it may reach (get_accessible_users). */
  users: number[];
  /** The same with the site admins of its projects' sites (include_site_access). */
  usersWithSiteAccess: number[];
  userGroups: number[];
  devices: number[];
}

// The seeded data plus what the first test adds: user 7, disabled, member of group 1 ("Users - Projects 1 &
// 2"), and device 3 (disabled) linked to site 1 and project 1.
const ALL = [1, 2, 3, 4, 5, 6, 7];
const ACCESS: Record<string, Access> = {
  admin: { id: 1, superadmin: true, projects: [1, 2, 3], adminProjects: [1, 2, 3], sites: [1, 2], adminSites: [1, 2], users: ALL, usersWithSiteAccess: ALL, userGroups: [1, 2, 3, 4, 5], devices: [1, 2, 3] },
  siteadmin: { id: 2, superadmin: false, projects: [1, 2], adminProjects: [1, 2], sites: [1], adminSites: [1], users: [2, 3, 4, 5, 7], usersWithSiteAccess: [2, 3, 4, 5, 7], userGroups: [1, 2, 3, 4], devices: [1, 2, 3] },
  user: { id: 3, superadmin: false, projects: [1, 2], adminProjects: [], sites: [1], adminSites: [], users: [3, 4, 5, 7], usersWithSiteAccess: [2, 3, 4, 5, 7], userGroups: [1, 2, 3, 4], devices: [1, 2, 3] },
  user2: { id: 4, superadmin: false, projects: [1, 2], adminProjects: [1, 2], sites: [1], adminSites: [1], users: [3, 4, 5, 7], usersWithSiteAccess: [2, 3, 4, 5, 7], userGroups: [1, 2, 3, 4], devices: [1, 2, 3] },
  user3: { id: 5, superadmin: false, projects: [1], adminProjects: [1], sites: [1], adminSites: [], users: [3, 4, 5, 7], usersWithSiteAccess: [2, 3, 4, 5, 7], userGroups: [1, 2, 3, 4], devices: [1, 2, 3] },
  user4: { id: 6, superadmin: false, projects: [], adminProjects: [], sites: [], adminSites: [], users: [6], usersWithSiteAccess: [6], userGroups: [], devices: [] },
};
const USERNAMES = Object.keys(ACCESS);

/** Effective roles of the users (by id) and of the user groups (by id), domain.md 3.2. */
const USER_SITES: Record<number, number[]> = { 2: [1], 3: [1], 4: [1], 5: [1], 7: [1] };
const USER_PROJECTS: Record<number, number[]> = { 2: [1, 2], 3: [1, 2], 4: [1, 2], 5: [1], 7: [1, 2] };
const GROUP_PROJECT_ROLES: Record<number, Record<number, string>> = { 1: { 1: 'user', 2: 'user' }, 2: { 1: 'admin' }, 3: { 1: 'admin', 2: 'admin' }, 4: { 1: 'user' }, 5: {} };
const GROUP_SITE_ROLES: Record<number, Record<number, string>> = { 1: { 1: 'user' }, 2: { 1: 'user' }, 3: { 1: 'admin' }, 4: { 1: 'user' }, 5: {} };

// ---------------------------------------------------------------------------------------- the expectations

const live = (rows: Row[]) => rows.filter((r) => r.deleted_at === null);
const count = (rows: unknown[]) => rows.length;
const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString().replace('Z', '+00:00'));
const months = (now: Date, then: Date) => (now.getUTCFullYear() - then.getUTCFullYear()) * 12 + now.getUTCMonth() - then.getUTCMonth();

class Model {
  constructor(readonly db: Tables) {}

  participants(a: Access) {
    const projects = new Set(live(this.db.projects!).map((p) => p.id_project));
    return live(this.db.participants!).filter((p) => projects.has(p.id_project) && a.projects.includes(p.id_project as number));
  }

  sessions() {
    return live(this.db.sessions!);
  }

  participantsOfSession(id: unknown) {
    const alive = new Set(live(this.db.participants!).map((p) => p.id_participant));
    return this.db.sessions_participants!.filter((sp) => sp.id_session === id && alive.has(sp.id_participant)).map((sp) => sp.id_participant as number);
  }

  /** Who may reach a session (sessions.ts's rule, restated): creator or invitee; a participant's project; else, without participants, an accessible user or device. */
  sessionReachable(a: Access, s: Row): boolean {
    if (a.superadmin) return true;
    const users = this.db.sessions_users!.filter((su) => su.id_session === s.id_session).map((su) => su.id_user);
    if (s.id_creator_user === a.id || users.includes(a.id)) return true;
    const parts = [...this.participantsOfSession(s.id_session), ...(s.id_creator_participant === null ? [] : [s.id_creator_participant as number])];
    const projectOf = new Map(live(this.db.participants!).map((p) => [p.id_participant, p.id_project as number]));
    if (parts.some((p) => a.projects.includes(projectOf.get(p) ?? -1))) return true;
    if (parts.length > 0) return false;
    const devices = this.db.sessions_devices!.filter((sd) => sd.id_session === s.id_session).map((sd) => sd.id_device as number);
    return [s.id_creator_user, ...users].some((u) => a.users.includes(u as number)) || [s.id_creator_device, ...devices].some((d) => a.devices.includes(d as number));
  }

  invitations(participantIds: unknown[]) {
    const sessions = new Set(this.sessions().map((s) => s.id_session));
    return this.db.sessions_participants!.filter((sp) => participantIds.includes(sp.id_participant) && sessions.has(sp.id_session));
  }

  userGroup(a: Access, g: number) {
    const members = new Set(live(this.db.user_user_groups!).filter((m) => m.id_user_group === g).map((m) => m.id_user));
    const users = live(this.db.users!).filter((u) => members.has(u.id_user) && a.users.includes(u.id_user as number));
    const projects = Object.entries(GROUP_PROJECT_ROLES[g]!);
    const sites = Object.entries(GROUP_SITE_ROLES[g]!);
    return {
      users_total_count: count(users),
      users_enabled_count: count(users.filter((u) => u.user_enabled)),
      projects_total_count: count(projects.filter(([p]) => a.projects.includes(Number(p)))),
      projects_admin_count: count(projects.filter(([p, role]) => role === 'admin' && a.adminProjects.includes(Number(p)))),
      sites_total_count: count(sites.filter(([s]) => a.sites.includes(Number(s)))),
      sites_admin_count: count(sites.filter(([s, role]) => role === 'admin' && a.adminSites.includes(Number(s)))),
    };
  }

  user(a: Access, u: number) {
    const sessions = this.sessions().filter((s) => this.sessionReachable(a, s));
    const mine = sessions.filter((s) => s.id_creator_user === u || this.db.sessions_users!.some((su) => su.id_session === s.id_session && su.id_user === u));
    const reachable = new Map(this.participants(a).map((p) => [p.id_participant, p]));
    const involved = new Set(mine.flatMap((s) => this.participantsOfSession(s.id_session)).filter((p) => reachable.has(p)));
    return {
      sessions_created_total_count: count(sessions.filter((s) => s.id_creator_user === u)),
      sessions_total_count: count(mine),
      participants_total_count: involved.size,
      participants_enabled_count: count([...involved].filter((p) => reachable.get(p)!.participant_enabled)),
    };
  }

  usersWithRole(a: Access, roles: Record<number, number[]>, id: number) {
    return live(this.db.users!).filter((u) => !u.user_superadmin && (roles[u.id_user as number] ?? []).includes(id) && a.usersWithSiteAccess.includes(u.id_user as number));
  }

  participantsOfProjects(projects: number[]) {
    const participants = live(this.db.participants!).filter((p) => projects.includes(p.id_project as number));
    return {
      participants_groups_count: count(live(this.db.participant_groups!).filter((g) => projects.includes(g.id_project as number))),
      participants_total_count: count(participants),
      participants_enabled_count: count(participants.filter((p) => p.participant_enabled)),
      sessions_total_count: count(this.invitations(participants.map((p) => p.id_participant))),
    };
  }

  listStats(participants: Row[]) {
    const sessions = new Map(this.sessions().map((s) => [s.id_session as number, s]));
    return [...participants]
      .sort((x, y) => String(x.participant_name).localeCompare(String(y.participant_name)) || (x.id_participant as number) - (y.id_participant as number))
      .map((p) => {
        const ids = this.invitations([p.id_participant]).map((sp) => sp.id_session as number).sort((x, y) => x - y);
        const start = (id: number | undefined) => (id === undefined ? null : iso(sessions.get(id)!.session_start_datetime));
        return {
          id_participant: p.id_participant,
          participant_uuid: p.participant_uuid,
          participant_name: p.participant_name,
          participant_enabled: p.participant_enabled,
          participant_sessions_count: ids.length,
          participant_first_session: start(ids[0]),
          participant_last_session: start(ids.at(-1)),
          participant_last_online: iso(p.participant_lastonline),
        };
      });
  }

  site(a: Access, s: number) {
    const projects = live(this.db.projects!).filter((p) => p.id_site === s && a.projects.includes(p.id_project as number)).map((p) => p.id_project as number);
    const users = this.usersWithRole(a, USER_SITES, s);
    const liveDevices = new Set(live(this.db.devices!).map((d) => d.id_device));
    return {
      users_total_count: count(users),
      users_enabled_count: count(users.filter((u) => u.user_enabled)),
      projects_count: projects.length,
      ...this.participantsOfProjects(projects),
      devices_total_count: count(live(this.db.devices_sites!).filter((ds) => ds.id_site === s && liveDevices.has(ds.id_device))),
    };
  }

  siteParticipants(a: Access, s: number) {
    const projects = new Set(live(this.db.projects!).filter((p) => p.id_site === s).map((p) => p.id_project));
    return this.participants(a).filter((p) => projects.has(p.id_project));
  }

  warnings(a: Access, s: number, now: Date) {
    const projectName = new Map(this.db.projects!.map((p) => [p.id_project, p.project_name]));
    const stats = this.listStats(this.siteParticipants(a, s).filter((p) => p.participant_enabled));
    const participant = (id: unknown) => this.db.participants!.find((p) => p.id_participant === id)!;
    const warning = stats
      .filter((p) => p.participant_last_session !== null && months(now, new Date(p.participant_last_session)) >= 6)
      .map((p) => ({ id_participant: p.id_participant, participant_name: p.participant_name, project_name: projectName.get(participant(p.id_participant).id_project), last_session: p.participant_last_session, months: months(now, new Date(p.participant_last_session!)) }));
    const noSession = stats
      .filter((p) => p.participant_last_session === null && months(now, new Date(participant(p.id_participant).participant_changed_at as string)) >= 1)
      .map((p) => {
        const changed = participant(p.id_participant).participant_changed_at as string;
        return { id_participant: p.id_participant, participant_name: p.participant_name, project_name: projectName.get(participant(p.id_participant).id_project), last_updated: iso(changed), months: months(now, new Date(changed)) };
      });
    const users = this.usersWithRole(a, USER_SITES, s)
      .filter((u) => u.user_enabled && u.user_lastonline !== null && months(now, new Date(u.user_lastonline as string)) >= 3)
      .sort((x, y) => String(x.user_firstname).localeCompare(String(y.user_firstname)))
      .map((u) => ({ id_user: u.id_user, user_fullname: `${String(u.user_firstname)} ${String(u.user_lastname)}`, user_lastonline: iso(u.user_lastonline), months: months(now, new Date(u.user_lastonline as string)) }));
    const neverLogged = this.usersWithRole(a, USER_SITES, s)
      .filter((u) => u.user_enabled && u.user_lastonline === null && months(now, new Date(u.user_changed_at as string)) >= 1)
      .sort((x, y) => String(x.user_firstname).localeCompare(String(y.user_firstname)) || Number(x.id_user) - Number(y.id_user))
      .map((u) => ({ id_user: u.id_user, user_fullname: `${String(u.user_firstname)} ${String(u.user_lastname)}`, last_updated: iso(u.user_changed_at), months: months(now, new Date(u.user_changed_at as string)) }));
    return { warning, noSession, users, neverLogged };
  }

  project(a: Access, p: number) {
    const users = this.usersWithRole(a, USER_PROJECTS, p);
    const liveDevices = new Map(live(this.db.devices!).map((d) => [d.id_device, d]));
    const devices = live(this.db.devices_projects!).filter((dp) => dp.id_project === p && liveDevices.has(dp.id_device)).map((dp) => liveDevices.get(dp.id_device)!);
    const { sessions_total_count, ...participants } = this.participantsOfProjects([p]);
    return {
      users_total_count: count(users),
      users_enabled_count: count(users.filter((u) => u.user_enabled)),
      ...participants,
      devices_total_count: count(devices),
      devices_enabled_count: count(devices.filter((d) => d.device_enabled)),
      sessions_total_count,
    };
  }

  group(a: Access, g: number) {
    const participants = this.participants(a).filter((p) => p.id_participant_group === g);
    return {
      participants_total_count: count(participants),
      participants_enabled_count: count(participants.filter((p) => p.participant_enabled)),
      sessions_total_count: count(this.invitations(participants.map((p) => p.id_participant))),
    };
  }

  session(id: number) {
    const alive = (table: string, key: string) => new Set(live(this.db[table]!).map((r) => r[key]));
    const [users, participants, devices] = [alive('users', 'id_user'), alive('participants', 'id_participant'), alive('devices', 'id_device')];
    const of = (table: string) => this.db[table]!.filter((r) => r.id_session === id);
    return {
      users_total_count: count(of('sessions_users').filter((r) => users.has(r.id_user))),
      participants_total_count: count(of('sessions_participants').filter((r) => participants.has(r.id_participant))),
      devices_total_count: count(of('sessions_devices').filter((r) => devices.has(r.id_device))),
      assets_total_count: count(live(of('assets'))),
      events_total_count: count(live(of('session_events'))),
      tests_total_count: count(live(of('tests'))),
    };
  }

  participant(id: number) {
    const sessionIds = new Set(this.invitations([id]).map((sp) => sp.id_session));
    const sessions = this.sessions().filter((s) => sessionIds.has(s.id_session));
    const time = sessions.reduce((sum, s) => sum + (s.session_duration as number), 0);
    const withStatus = (status: number) => count(sessions.filter((s) => s.session_status === status));
    const liveSessions = new Set(this.sessions().map((s) => s.id_session));
    const attached = (table: string) => count(live(this.db[table]!).filter((r) => liveSessions.has(r.id_session) && (sessionIds.has(r.id_session) || r.id_participant === id)));
    return {
      sessions_total_count: sessions.length,
      sessions_total_time: time,
      sessions_mean_time: sessions.length > 0 ? time / sessions.length : 0,
      sessions_planned_count: withStatus(0),
      sessions_completed_count: withStatus(2),
      sessions_inprogress_count: withStatus(1),
      sessions_cancelled_count: withStatus(3),
      sessions_terminated_count: withStatus(4),
      assets_total_count: attached('assets'),
      tests_total_count: attached('tests'),
    };
  }

  device(a: Access, id: number) {
    const reachable = new Set(this.sessions().filter((s) => this.sessionReachable(a, s)).map((s) => s.id_session));
    const participants = new Set(this.participants(a).map((p) => p.id_participant));
    return {
      assets_total_count: count(live(this.db.assets!).filter((r) => r.id_device === id && reachable.has(r.id_session))),
      projects_total_count: count(live(this.db.devices_projects!).filter((r) => r.id_device === id && a.projects.includes(r.id_project as number))),
      participants_total_count: count(live(this.db.devices_participants!).filter((r) => r.id_device === id && participants.has(r.id_participant))),
      sessions_total_count: count(this.db.sessions_devices!.filter((r) => r.id_device === id && reachable.has(r.id_session))),
    };
  }
}

// ------------------------------------------------------------------------------------------------- tests

async function dump(server: RunningServer): Promise<Tables> {
  const db = server.core.database.db.withSchema(LIVE_SCHEMA);
  return Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await db.selectFrom(table).selectAll().execute()] as const)));
}

t.test('/api/user/stats', async (t) => {
  const server = await startTestServer(t);
  const get = async (query: string, user = 'admin') => {
    const response = await server.request(`/api/user/stats${query}`, { basic: `${user}:${user}` });
    return { status: response.status, body: JSON.parse(await response.text()) as unknown };
  };
  const siteOne = {
    users_total_count: 4,
    users_enabled_count: 4,
    projects_count: 2,
    participants_groups_count: 2,
    participants_total_count: 3,
    participants_enabled_count: 2,
    sessions_total_count: 31,
    devices_total_count: 2,
  };
  t.same(await get('?id_site=1'), { status: 200, body: siteOne }, "site 1 of the test data: OpenTera's example, with its sessions' 31 invitations of participants");

  // A disabled user and a disabled device where the counters look, so that "enabled" counts differ from totals.
  const admin = (path: string, body: unknown) => server.request(path, { method: 'POST', basic: 'admin:admin', body });
  const created = await admin('/api/user/users', {
    user: { id_user: 0, user_username: 'disabled', user_firstname: 'Disabled', user_lastname: 'Member', user_password: 'Disabled-Member-1!', user_enabled: false, user_profile: '', user_user_groups: [{ id_user_group: 1 }] },
  });
  t.equal(created.status, 200, 'user 7 created, disabled, in group 1');
  t.equal(((await created.json()) as { id_user: number }[])[0]!.id_user, 7);
  t.equal((await admin('/api/user/devices/sites', { device_site: { id_device: 3, id_site: 1 } })).status, 200, 'device 3 linked to site 1');
  t.equal((await admin('/api/user/devices/projects', { device_project: { id_device: 3, id_project: 1 } })).status, 200, 'and to project 1');
  t.same((await get('?id_site=1')).body, { ...siteOne, users_total_count: 5, devices_total_count: 3 }, 'site 1 counts them');
  const model = new Model(await dump(server));

  t.test('given the seeded data, then it is the test data set', async (t) => {
    t.equal(model.sessions().length, 28, '28 sessions');
    t.equal(live(model.db.session_events!).length, 24, '24 session events');
    t.equal(live(model.db.users!).filter((u) => !u.user_enabled).length, 1, 'one disabled user');
  });

  const expectFor = (t: Test, kind: string, param: string, ids: number[], reachable: (a: Access, id: number) => boolean, expected: (a: Access, id: number) => unknown) =>
    (async () => {
      for (const user of USERNAMES) {
        const a = ACCESS[user]!;
        for (const id of ids) {
          const { status, body } = await get(`?${param}=${id}`, user);
          if (reachable(a, id)) {
            t.equal(status, 200, `${kind} ${id} as ${user}: 200`);
            t.same(body, expected(a, id), `${kind} ${id} as ${user}`);
          } else {
            t.same({ status, body }, { status: 403, body: 'Forbidden' }, `${kind} ${id} as ${user}: out of reach`);
          }
        }
      }
    })();

  t.test('given each role, then user group stats', (t) =>
    expectFor(t, 'user group', 'id_user_group', [1, 2, 3, 4, 5, 99], (a, id) => a.userGroups.includes(id), (a, id) => model.userGroup(a, id)),
  );

  t.test('given a group with enabled members, then users_enabled_count counts them (OpenTera: always 0)', async (t) => {
    const { body } = await get('?id_user_group=3');
    t.match(body, { users_total_count: 2, users_enabled_count: 2 }, 'siteadmin and user2');
    t.match((await get('?id_user_group=1')).body, { users_total_count: 2, users_enabled_count: 1 }, 'user, and the disabled user 7');
    t.match((await get('?id_project=1')).body, { devices_total_count: 3, devices_enabled_count: 2 }, 'device 3 is disabled');
  });

  t.test('given each role, then user stats', (t) => expectFor(t, 'user', 'id_user', [1, 2, 3, 4, 5, 6, 7, 99], (a, id) => a.users.includes(id), (a, id) => model.user(a, id)));

  t.test('given each role, then site stats', (t) => expectFor(t, 'site', 'id_site', [1, 2, 99], (a, id) => a.sites.includes(id), (a, id) => model.site(a, id)));

  t.test('given each role, then project stats', (t) => expectFor(t, 'project', 'id_project', [1, 2, 3, 99], (a, id) => a.projects.includes(id), (a, id) => model.project(a, id)));

  t.test('given each role, then participant group stats', (t) =>
    expectFor(t, 'group', 'id_group', [1, 2, 99], (a, id) => a.projects.includes(id), (a, id) => model.group(a, id)),
  );

  t.test('given each role, then session stats', (t) =>
    expectFor(
      t,
      'session',
      'id_session',
      [1, 2, 3, 4, 8, 9, 16, 17, 21, 28, 99],
      (a, id) => model.sessions().some((s) => s.id_session === id && model.sessionReachable(a, s)),
      (_a, id) => model.session(id),
    ),
  );

  t.test('given each role, then participant stats', (t) =>
    expectFor(
      t,
      'participant',
      'id_participant',
      [1, 2, 3, 4, 99],
      (a, id) => model.participants(a).some((p) => p.id_participant === id),
      (_a, id) => model.participant(id),
    ),
  );

  t.test('given each role, then device stats', (t) => expectFor(t, 'device', 'id_device', [1, 2, 3, 99], (a, id) => a.devices.includes(id), (a, id) => model.device(a, id)));

  t.test('given participant 1, then its sessions by status and their times', async (t) => {
    const { body } = (await get('?id_participant=1')) as { body: Record<string, number> };
    t.equal(body.sessions_total_count, 28, 'in every seeded session');
    t.equal(body.sessions_planned_count! + body.sessions_inprogress_count! + body.sessions_completed_count! + body.sessions_cancelled_count! + body.sessions_terminated_count!, 28);
    t.equal(body.sessions_planned_count, 12, 'statuses 0,0,0 of each block of 8, and of the last block of 4');
    t.ok(body.sessions_total_time! > 0);
    t.equal(body.sessions_mean_time, body.sessions_total_time! / 28);
    t.same((await get('?id_participant=3')).body, model.participant(3), 'none for participant 3');
    t.match((await get('?id_participant=3')).body, { sessions_total_count: 0, sessions_mean_time: 0 });
  });

  t.test('given with_participants, then the participant list stats of the site, project or group', async (t) => {
    for (const user of USERNAMES) {
      const a = ACCESS[user]!;
      for (const [param, id, participants] of [
        ['id_site', 1, model.siteParticipants(a, 1)],
        ['id_project', 1, model.participants(a).filter((p) => p.id_project === 1)],
        ['id_project', 2, model.participants(a).filter((p) => p.id_project === 2)],
        ['id_group', 1, model.participants(a).filter((p) => p.id_participant_group === 1)],
      ] as const) {
        const { status, body } = await get(`?${param}=${id}&with_participants=true`, user);
        if (status !== 200) {
          t.equal(status, 403, `${param}=${id} as ${user}`);
          continue;
        }
        t.same((body as { participants: unknown }).participants, model.listStats(participants), `${param}=${id} as ${user}`);
      }
    }
    const { body } = (await get('?id_site=1&with_participants=1')) as { body: { participants: { participant_name: string; participant_sessions_count: number }[] } };
    t.same(
      body.participants.map((p) => [p.participant_name, p.participant_sessions_count]),
      [
        ['Participant #1', 28],
        ['Participant #2', 3],
        ['Participant #3', 0],
      ],
    );
    t.notOk('participants' in ((await get('?id_site=1&with_participants=false')).body as object), 'false adds nothing');
    t.notOk('participants' in ((await get('?id_user=1&with_participants=true')).body as object), 'not for a user');
  });

  t.test('given no id, then 400; ids are tried in OpenTera\'s order, the first non-zero one decides', async (t) => {
    t.same(await get(''), { status: 400, body: 'Missing id argument' });
    t.same(await get('?id_site=0&with_participants=true'), { status: 400, body: 'Missing id argument' });
    t.same((await get('?id_site=1&id_device=1')).body, model.site(ACCESS.admin!, 1), 'the site before the device');
    t.same((await get('?id_user=0&id_project=2')).body, model.project(ACCESS.admin!, 2), 'zero counts as absent');
    t.same(await get('?id_user_group=1&id_site=1', 'user4'), { status: 403, body: 'Forbidden' }, 'the first id decides, even when out of reach');
    t.equal((await get('?id_site=abc')).status, 400, 'a non-integer id');
    t.equal((await get('?id_site=1&with_warnings=maybe')).status, 400, 'a non-boolean flag');
    const french = await server.request('/api/user/stats?id_site=2', { basic: 'user:user', headers: { 'Accept-Language': 'fr' } });
    t.same([french.status, await french.json()], [403, 'Accès refusé']);
    const missing = await server.request('/api/user/stats', { basic: 'user:user', headers: { 'Accept-Language': 'fr' } });
    t.same([missing.status, await missing.json()], [400, 'Champ id manquant']);
  });

  t.test('given no or bad credentials, then 401 on GET and 405 on other methods', async (t) => {
    t.equal((await server.request('/api/user/stats?id_site=1')).status, 401);
    t.equal((await server.request('/api/user/stats?id_site=1', { basic: 'admin:nope' })).status, 401);
    t.equal((await server.request('/api/user/stats?id_site=1', { token: 'invalid' })).status, 401);
    for (const method of ['POST', 'DELETE']) {
      t.equal((await server.request('/api/user/stats', { method })).status, 405, `${method} without credentials`);
      t.equal((await server.request('/api/user/stats', { method, basic: 'admin:admin' })).status, 405, `${method} as admin`);
    }
  });
});

t.test('/api/user/stats with_warnings, seven months after the data was made', async (t) => {
  const offsetMs = 213 * 86_400_000;
  const now = () => new Date(Date.now() + offsetMs);
  const server = await startServer(testConfig(), { database: await seededDatabase(t, 'opentera-test'), clock: { now } });
  t.teardown(() => server.close());
  const request = (path: string, user: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { authorization: `Basic ${Buffer.from(`${user}:${user}`).toString('base64')}` } });
  t.equal((await request('/api/user/login', 'siteadmin')).status, 200, 'siteadmin logs in: it was online now');
  const model = new Model(await dump(server));

  for (const user of ['admin', 'siteadmin', 'user3']) {
    const response = await request('/api/user/stats?id_site=1&with_warnings=true', user);
    t.equal(response.status, 200, user);
    const body = (await response.json()) as Record<string, unknown>;
    const at = now();
    const expected = model.warnings(ACCESS[user]!, 1, at);
    t.same(body.warning_participants, expected.warning, `${user}: participants whose last session is 6 months old or more`);
    t.same(body.warning_nosession_participants, expected.noSession, `${user}: participants without sessions changed a month ago or more`);
    t.same(body.warning_users, expected.users, `${user}: users last online 3 months ago or more`);
    t.equal(body.warning_participants_count, expected.warning.length);
    t.equal(body.warning_nosession_participants_count, expected.noSession.length);
    t.equal(body.warning_users_count, expected.users.length);
    t.same(body.warning_neverlogged_users, expected.neverLogged, `${user}: users never online, changed a month ago or more`);
    t.equal(body.warning_neverlogged_users_count, expected.neverLogged.length);
    t.notOk('participants' in body, 'no participant list without with_participants');
    t.same(expected.warning.map((p) => p.id_participant), [1], `${user}: enabled participant 1 has sessions (participant 2, also invited, is disabled)`);
    t.same(expected.noSession.map((p) => p.id_participant), [3], `${user}: participant 3 has none`);
    t.same(expected.users.map((u) => u.id_user), [2], `${user}: siteadmin was online seven months ago; the others never were`);
    t.ok(expected.neverLogged.length > 0, `${user}: the users of site 1 who never logged in are listed`);
    t.notOk(expected.neverLogged.some((u) => u.id_user === 2), `${user}: not siteadmin, who logged in`);
  }
});
