// OpenTera's test data set, continued (domain.md 3.2): services with their site and project links, session
// types with theirs, the 28 sessions and the 24 session events. Where OpenTera draws at random (each
// session's type and duration, the events' times) ours are fixed, so that every build of the data set is the
// same: the type cycles 1, 2, 3 within each block, the duration is 60 + (number × 577 mod 4741) seconds
// (60 to 4800, as OpenTera's range), and the events of a session are 40 minutes apart, ending now.
import type { CommandContext } from '../../../commands/context.js';
import type { Position } from '../../../commands/eventStore.js';
import { linkServiceToProjectCommand, linkServiceToSiteCommand } from '../../../commands/services.js';
import { createSessionCommand, logSessionEventCommand } from '../../../commands/sessions.js';
import { addSessionTypeServiceCommand, createSessionTypeCommand, linkSessionTypeToProjectCommand, linkSessionTypeToSiteCommand } from '../../../commands/sessionTypes.js';
import type { SessionCreators } from '../../../domain/session.js';
import { registerServices, TEST_SERVICES } from './services.js';

/** [link id, service, site or project], in OpenTera's order. */
const SERVICE_SITES = [
  [1, 6, 1],
  [2, 3, 1],
  [3, 2, 1],
  [4, 3, 2],
] as const;
const SERVICE_PROJECTS = [
  [1, 3, 1],
  [2, 6, 1],
  [3, 3, 2],
  [4, 3, 3],
] as const;

const SESSION_TYPES = [
  { id: 1, name: 'Suivi vidéo', online: true, color: '#00FF00', category: 1, serviceId: 6 },
  { id: 2, name: 'Données Capteur', online: false, color: '#0000FF', category: 3, serviceId: null },
  { id: 3, name: 'Collecte données', online: true, color: '#00FFFF', category: 2, serviceId: null },
  { id: 4, name: 'Exercices individuels', online: false, color: '#FF00FF', category: 4, serviceId: null },
  { id: 5, name: 'FileTransfer', online: false, color: '#FF00FF', category: 1, serviceId: 3 },
];
const TYPE_SITES = [
  [1, 1, 1],
  [2, 2, 1],
  [3, 3, 1],
  [4, 4, 1],
  [5, 5, 1],
  [6, 4, 2],
] as const;
const TYPE_PROJECTS = [
  [1, 1, 1],
  [2, 2, 1],
  [3, 3, 1],
  [4, 4, 1],
  [5, 5, 2],
] as const;

const STATUSES = [0, 0, 0, 1, 2, 2, 3, 4];
const EVENT_NAMES = [
  'GENERAL_ERROR',
  'GENERAL_INFO',
  'GENERAL_WARNING',
  'SESSION_START',
  'SESSION_STOP',
  'DEVICE_ON_CHARGE',
  'DEVICE_OFF_CHARGE',
  'DEVICE_LOW_BATT',
  'DEVICE_STORAGE_LOW',
  'DEVICE_STORAGE_FULL',
  'DEVICE_EVENT',
  'USER_EVENT',
];

interface SeedSession {
  creators: SessionCreators;
  participants: number[];
  users: number[];
  devices: number[];
}

const none: SessionCreators = { userId: null, deviceId: null, participantId: null, serviceId: null };

/** The 28 sessions in OpenTera's four blocks (creator user 1, device 1, participant 1, service 6). */
function sessions(): SeedSession[] {
  const list: SeedSession[] = [];
  for (let i = 0; i < 8; i++) {
    const n = i + 1;
    list.push({
      creators: { ...none, userId: 1, ...(n === 2 ? { participantId: 1, serviceId: 6 } : {}) },
      participants: n === 8 ? [1, 2] : [1],
      users: n === 2 ? [1, 2] : n <= 4 ? [1] : [1, 2, 3],
      devices: n === 4 ? [2] : [],
    });
  }
  for (let i = 0; i < 8; i++) {
    list.push({ creators: { ...none, deviceId: 1, ...(i === 0 ? { serviceId: 3 } : {}) }, participants: i === 7 ? [1, 2] : [1], users: [], devices: [1] });
  }
  for (let i = 0; i < 8; i++) {
    list.push({ creators: { ...none, participantId: 1 }, participants: [1], users: i < 4 ? [] : [5], devices: i < 4 ? [1] : [] });
  }
  for (let i = 0; i < 4; i++) {
    list.push({ creators: { ...none, serviceId: 6 }, participants: i === 3 ? [1, 2] : [1], users: i === 3 ? [3] : [], devices: [] });
  }
  return list;
}

const DAY_MS = 86_400_000;

export async function seedOpenTeraTestSessions(context: CommandContext, projects: readonly { id: number; siteId: number }[]): Promise<Position | undefined> {
  let last: Position | undefined;
  const track = (p: Position | undefined) => (last = p ?? last);
  const project = (id: number) => projects.find((p) => p.id === id)!;
  const serviceUuids = await registerServices(context, TEST_SERVICES, track);
  for (const [linkId, serviceId, siteId] of SERVICE_SITES) track(await linkServiceToSiteCommand(context, serviceUuids.get(serviceId)!, siteId, linkId));
  for (const [linkId, serviceId, projectId] of SERVICE_PROJECTS) track(await linkServiceToProjectCommand(context, serviceUuids.get(serviceId)!, project(projectId), linkId));

  const typeUuids = new Map<number, string>();
  for (const { id, ...fields } of SESSION_TYPES) {
    const created = await createSessionTypeCommand(context, { ...fields, config: '' }, id);
    typeUuids.set(id, created.uuid);
    track(created.position);
  }
  for (const [linkId, typeId, siteId] of TYPE_SITES) track(await linkSessionTypeToSiteCommand(context, typeUuids.get(typeId)!, siteId, linkId));
  for (const [linkId, typeId, projectId] of TYPE_PROJECTS) track(await linkSessionTypeToProjectCommand(context, typeUuids.get(typeId)!, project(projectId), linkId));
  track(await addSessionTypeServiceCommand(context, typeUuids.get(3)!, 3, 1));

  const now = context.deps.clock.now().getTime();
  const sessionUuids: string[] = [];
  for (const [index, s] of sessions().entries()) {
    const n = index + 1;
    const position = index % 8;
    const created = await createSessionCommand(context, {
      id: n,
      typeId: (position % 3) + 1,
      name: `Séance #${n}`,
      startDatetime: new Date(now - position * DAY_MS).toISOString(),
      duration: 60 + ((n * 577) % 4741),
      status: STATUSES[position]!,
      comments: null,
      parameters: null,
      ...s,
    });
    sessionUuids.push(created.uuid);
    track(created.position);
  }
  let eventId = 0;
  for (const sessionUuid of sessionUuids.slice(0, 2)) {
    for (const [eventType, name] of EVENT_NAMES.entries()) {
      const datetime = new Date(now - (EVENT_NAMES.length - 1 - eventType) * 40 * 60_000).toISOString();
      track((await logSessionEventCommand(context, sessionUuid, { eventType, datetime, text: `SessionEventTypes.${name}`, context: 'Défaut' }, ++eventId)).position);
    }
  }
  return last;
}

/** The highest ids the part above gives, for the sequences. */
export const SESSIONS_SEED_IDS = {
  service: 7,
  service_site: 4,
  service_project: 4,
  session_type: 5,
  session_type_site: 6,
  session_type_project: 5,
  session_type_service: 1,
  session: 28,
  session_event: 24,
} as const;
