// OpenTera's test data set (OpenTera domain.md 3.2), with its ids, names, usernames and passwords. This
// part covers sites, projects, user groups with their site and project roles, users, device types,
// participant groups, participants and devices with their links; openteraTestSessions.ts adds services,
// session types, sessions and their events.
import type { CommandContext } from '../../../commands/context.js';
import type { Position } from '../../../commands/eventStore.js';
import { createDeviceTypeCommand, seedDeviceSubtype } from '../../../commands/deviceTypes.js';
import { linkDeviceToParticipantCommand, linkDeviceToProjectCommand, linkDeviceToSiteCommand, registerDeviceCommand } from '../../../commands/devices.js';
import { createParticipantGroupCommand } from '../../../commands/participantGroups.js';
import { registerParticipantCommand } from '../../../commands/participants.js';
import { createProjectCommand } from '../../../commands/projects.js';
import { createSiteCommand } from '../../../commands/sites.js';
import { createUserGroupCommand, grantRoleCommand } from '../../../commands/userGroups.js';
import { addUserToGroupCommand, createUserCommand, saveUserPreferenceCommand } from '../../../commands/users.js';
import type { Role } from '../../../domain/roles.js';
import { seedOpenTeraTestSessions, SESSIONS_SEED_IDS } from './openteraTestSessions.js';
import { ASSETS_SEED_IDS, seedOpenTeraTestAssets } from './openteraTestAssets.js';
import { advanceSequences } from './sequences.js';

const SITES = [
  { id: 1, name: 'Default Site', adminRoleId: 13, userRoleId: 14 },
  { id: 2, name: 'Top Secret Site', adminRoleId: 15, userRoleId: 16 },
];

const PROJECTS = [
  { id: 1, siteId: 1, name: 'Default Project #1', adminRoleId: 17, userRoleId: 18 },
  { id: 2, siteId: 1, name: 'Default Project #2', adminRoleId: 19, userRoleId: 20 },
  { id: 3, siteId: 2, name: 'Secret Project #1', adminRoleId: 21, userRoleId: 22 },
];

const GROUPS = ['Users - Projects 1 & 2', 'Admins - Project 1', 'Admins - Default Site', 'Users - Project 1', 'No access!'];

/** OpenTera's service accesses 1 to 5; 6 and 7 are global service roles, which come with the services. */
const ACCESSES: { id: number; group: number; site?: number; project?: number; role: Role }[] = [
  { id: 1, group: 1, project: 1, role: 'user' },
  { id: 2, group: 1, project: 2, role: 'user' },
  { id: 3, group: 3, site: 1, role: 'admin' },
  { id: 4, group: 2, project: 1, role: 'admin' },
  { id: 5, group: 4, project: 1, role: 'user' },
];

const DEVICE_TYPES = [
  { id: 1, name: 'Vidéoconférence', key: 'videoconference' },
  { id: 2, name: 'Capteur', key: 'capteur' },
  { id: 3, name: 'Robot', key: 'robot' },
  { id: 4, name: 'Bureau Actif', key: 'bureau_actif' },
];

const DEVICE_SUBTYPES = [
  { id: 1, typeId: 4, name: 'Bureau modèle #1' },
  { id: 2, typeId: 4, name: 'Bureau modèle #2' },
];

const PARTICIPANT_GROUPS = [
  { id: 1, projectId: 1, name: 'Default Participant Group A' },
  { id: 2, projectId: 2, name: 'Default Participant Group B' },
];

// OpenTera never generates participant 3's token although its token is enabled; ours does (docs/compat.md).
const PARTICIPANTS = [
  { id: 1, name: 'Participant #1', projectId: 1, groupId: 1, enabled: true, loginEnabled: true, username: 'participant1', password: 'opentera', email: 'x@opentera.org', tokenEnabled: true },
  { id: 2, name: 'Participant #2', projectId: 1, groupId: null, enabled: false, loginEnabled: false, username: null, password: null, email: null, tokenEnabled: false },
  { id: 3, name: 'Participant #3', projectId: 1, groupId: null, enabled: true, loginEnabled: false, username: null, password: null, email: null, tokenEnabled: true },
  { id: 4, name: 'Secret Participant', projectId: 3, groupId: null, enabled: true, loginEnabled: false, username: null, password: null, email: null, tokenEnabled: true },
];

const DEVICES = [
  { id: 1, name: 'Apple Watch #W05P1', uuid: 'b707e0b2-e649-47e7-a938-2b949c423f73', typeId: 2, enabled: true, onlineable: true },
  { id: 2, name: 'Kit Télé #1', typeId: 1, enabled: true, onlineable: true },
  { id: 3, name: 'Robot A', typeId: 3, enabled: false, onlineable: true },
];

/** [link id, device, site / project / participant], in OpenTera's order. */
const DEVICE_SITES = [
  [1, 1, 1],
  [2, 2, 1],
  [3, 1, 2],
] as const;
const DEVICE_PROJECTS = [
  [1, 1, 1],
  [2, 2, 1],
  [3, 1, 3],
] as const;
const DEVICE_PARTICIPANTS = [
  [1, 1, 1],
  [2, 1, 2],
  [3, 2, 2],
] as const;

const USERS = [
  { id: 1, username: 'admin', firstname: 'Super', lastname: 'Admin', email: 'admin@opentera.org', superadmin: true, groups: [] },
  { id: 2, username: 'siteadmin', firstname: 'Site', lastname: 'Admin', email: null, superadmin: false, groups: [3] },
  { id: 3, username: 'user', firstname: 'Site', lastname: 'User', email: null, superadmin: false, groups: [1] },
  { id: 4, username: 'user2', firstname: 'MultiSite', lastname: 'User', email: null, superadmin: false, groups: [4, 3] },
  { id: 5, username: 'user3', firstname: 'Project', lastname: 'Admin', email: null, superadmin: false, groups: [2] },
  { id: 6, username: 'user4', firstname: 'No Access', lastname: 'User!', email: 'noaccess@opentera.org', superadmin: false, groups: [] },
];

const PREFERENCES: [number, string, string][] = [
  [1, 'openteraplus', '{"language": "fr", "notification_sounds": true}'],
  [2, 'openteraplus', '{"language": "en", "notification_sounds": false}'],
  [1, 'anotherapp', '{"gui_style": 1, "auto_save": false}'],
];

export async function seedOpenTeraTest(context: CommandContext): Promise<Position | undefined> {
  let last: Position | undefined;
  const track = (p: Position | undefined) => (last = p ?? last);
  for (const s of SITES) track((await createSiteCommand(context, 'system', { name: s.name }, s)).position);
  for (const p of PROJECTS) track((await createProjectCommand(context, { siteId: p.siteId, name: p.name }, p)).position);
  const typeUuids = new Map<number, string>();
  for (const d of DEVICE_TYPES) {
    const created = await createDeviceTypeCommand(context, 'system', d, d.id);
    typeUuids.set(d.id, created.uuid);
    track(created.position);
  }
  for (const st of DEVICE_SUBTYPES) track((await seedDeviceSubtype(context, typeUuids.get(st.typeId)!, st.name, st.id)).position);
  const groupUuids = new Map<number, string>();
  for (const [index, name] of GROUPS.entries()) {
    const group = await createUserGroupCommand(context, name, index + 1);
    groupUuids.set(group.id, group.uuid);
    track(group.position);
  }
  for (const a of ACCESSES) {
    const scope = a.site !== undefined ? { siteId: a.site, roleId: roleId(SITES, a.site, a.role) } : { projectId: a.project!, roleId: roleId(PROJECTS, a.project!, a.role) };
    track(await grantRoleCommand(context, groupUuids.get(a.group)!, scope, a.role, a.id));
  }
  let membership = 0;
  const userUuids = new Map<number, string>();
  for (const u of USERS) {
    const created = await createUserCommand(context, {
      id: u.id,
      username: u.username,
      password: u.username,
      firstname: u.firstname,
      lastname: u.lastname,
      email: u.email,
      enabled: true,
      profile: '',
      notes: null,
      superadmin: u.superadmin,
      forcePasswordChange: false,
    });
    track(created.position);
    userUuids.set(u.id, created.uuid);
    for (const group of u.groups) track(await addUserToGroupCommand(context, created.uuid, group, ++membership));
  }
  // Preferences 1 to 3, in OpenTera's order (ids come from the fresh sequence).
  for (const [userId, appTag, preference] of PREFERENCES) track(await saveUserPreferenceCommand(context, userUuids.get(userId)!, appTag, preference));
  for (const g of PARTICIPANT_GROUPS) track((await createParticipantGroupCommand(context, g, g.id)).position);
  for (const p of PARTICIPANTS) track((await registerParticipantCommand(context, { ...p, projectEnabled: true })).position);
  const devices = new Map<number, { id: number; uuid: string }>();
  for (const d of DEVICES) {
    const created = await registerDeviceCommand(context, { ...d, subtypeId: null, config: null, notes: null, infos: null });
    devices.set(d.id, created);
    track(created.position);
  }
  for (const [linkId, deviceId, siteId] of DEVICE_SITES) track(await linkDeviceToSiteCommand(context, devices.get(deviceId)!, siteId, linkId));
  for (const [linkId, deviceId, projectId] of DEVICE_PROJECTS) {
    track(await linkDeviceToProjectCommand(context, devices.get(deviceId)!, { id: projectId, siteId: PROJECTS.find((p) => p.id === projectId)!.siteId }, linkId));
  }
  for (const [linkId, deviceId, participantId] of DEVICE_PARTICIPANTS) {
    track(await linkDeviceToParticipantCommand(context, devices.get(deviceId)!, { id: participantId, projectId: PARTICIPANTS.find((p) => p.id === participantId)!.projectId }, linkId));
  }
  track(await seedOpenTeraTestSessions(context, PROJECTS));
  track(await seedOpenTeraTestAssets(context, PROJECTS));
  await advanceSequences(context, {
    ...SESSIONS_SEED_IDS,
    ...ASSETS_SEED_IDS,
    site: 2,
    project: 3,
    user_group: 5,
    user: 6,
    user_user_group: membership,
    service_role: 22,
    service_access: 9,
    device_type: 4,
    device_subtype: 2,
    participant_group: 2,
    participant: 4,
    device: 3,
    device_site: 3,
    device_project: 3,
    device_participant: 3,
  });
  return last;
}

function roleId(rows: { id: number; adminRoleId: number; userRoleId: number }[], id: number, role: Role): number {
  const row = rows.find((r) => r.id === id)!;
  return role === 'admin' ? row.adminRoleId : row.userRoleId;
}
