// A device (OpenTera's TeraDevice) and its links to sites, projects and participants (the association tables
// t_devices_sites, t_devices_projects, t_devices_participants, whose ids the link events carry as `linkId`).
//
// Every device gets a static token at registration: a JWT (no expiry) whose `jti` is the `tokenId` the events
// carry; the adapter signs it, and a token whose jti is not the device's current `tokenId` is refused. A
// certificate is issued when the device registers with a CSR. Name, config, notes and infos are personal data
// (they may name a person or describe their home): the event codec encrypts them with the device's key.
//
// Rules, as OpenTera's:
// - a project link requires the device to be linked to the project's site (the caller passes `siteOfProject`);
// - a participant link requires the device to be linked to the participant's project (`projectOfParticipant`);
// - unlinking a site unlinks the device from that site's projects: this decider emits those unlinks first;
// - unlinking a project (so a site too) is refused while a participant of that project is linked to the device
//   (the caller passes the current project of each linked participant, since participants move between
//   projects); the caller checks the device's sessions in the project;
// - deleting is refused while the device is linked to a participant; the caller checks sessions, assets and
//   tests. DeviceDeleted ends the remaining site and project links with it.
// Linking again what is linked, or unlinking what is not, emits nothing. The caller resolves OpenTera's
// association ids (and reuses a former link's id when OpenTera would restore the soft-deleted row).
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';
import type { PersonalDataDeclarations } from './personalData.js';

export interface DeviceRegistration {
  id: number;
  uuid: string;
  name: string;
  typeId: number;
  /** OpenTera's 0 means none. */
  subtypeId: number | null;
  enabled: boolean;
  onlineable: boolean;
  config: string | null;
  notes: string | null;
  infos: string | null;
  /** The jti of the device's static token. */
  tokenId: string;
}

/** The fields a device update may change (each absent field is left as it is). */
export type DeviceDetails = {
  name?: string;
  config?: string | null;
  notes?: string | null;
  infos?: string | null;
  typeId?: number;
  subtypeId?: number | null;
};

export type DeviceEvent =
  | { type: 'DeviceRegistered'; data: DeviceRegistration & Record<string, unknown> }
  | { type: 'DeviceDetailsChanged'; data: DeviceDetails & Record<string, unknown> }
  | { type: 'DeviceEnabled'; data: Record<string, never> }
  | { type: 'DeviceDisabled'; data: Record<string, never> }
  | { type: 'DeviceOnlineableSet'; data: { onlineable: boolean } }
  /** A new static token replaces the previous one, which stops working. */
  | { type: 'DeviceTokenIssued'; data: { tokenId: string } }
  | { type: 'DeviceCertificateIssued'; data: { certificate: string; serial: string } }
  | { type: 'DeviceLinkedToSite'; data: { siteId: number; linkId: number } }
  | { type: 'DeviceUnlinkedFromSite'; data: { siteId: number } }
  | { type: 'DeviceLinkedToProject'; data: { projectId: number; siteId: number; linkId: number } }
  | { type: 'DeviceUnlinkedFromProject'; data: { projectId: number } }
  | { type: 'DeviceLinkedToParticipant'; data: { participantId: number; linkId: number } }
  | { type: 'DeviceUnlinkedFromParticipant'; data: { participantId: number } }
  | { type: 'DeviceDeleted'; data: Record<string, never> };

const pii = (...fields: string[]) => fields.map((field) => ({ field }));

export const devicePersonalData: PersonalDataDeclarations = {
  DeviceRegistered: pii('name', 'config', 'notes', 'infos'),
  DeviceDetailsChanged: pii('name', 'config', 'notes', 'infos'),
};

/** The registration's facts as they stand now, with the device's certificate and links. */
export interface KnownDevice extends Omit<DeviceRegistration, 'uuid'> {
  status: 'active' | 'deleted';
  certificateSerial: string | null;
  sites: number[];
  /** Each linked project with its site. */
  projects: { projectId: number; siteId: number }[];
  participants: number[];
}

export type DeviceState = { status: 'absent' } | KnownDevice;

function evolveKnown(state: KnownDevice, event: DeviceEvent): KnownDevice {
  switch (event.type) {
    case 'DeviceRegistered':
      return state;
    case 'DeviceDetailsChanged': {
      const { name, config, notes, infos, typeId, subtypeId } = event.data;
      return {
        ...state,
        ...(name !== undefined ? { name } : {}),
        ...(config !== undefined ? { config } : {}),
        ...(notes !== undefined ? { notes } : {}),
        ...(infos !== undefined ? { infos } : {}),
        ...(typeId !== undefined ? { typeId } : {}),
        ...(subtypeId !== undefined ? { subtypeId } : {}),
      };
    }
    case 'DeviceEnabled':
      return { ...state, enabled: true };
    case 'DeviceDisabled':
      return { ...state, enabled: false };
    case 'DeviceOnlineableSet':
      return { ...state, onlineable: event.data.onlineable };
    case 'DeviceTokenIssued':
      return { ...state, tokenId: event.data.tokenId };
    case 'DeviceCertificateIssued':
      return { ...state, certificateSerial: event.data.serial };
    case 'DeviceLinkedToSite':
      return { ...state, sites: [...state.sites, event.data.siteId] };
    case 'DeviceUnlinkedFromSite':
      return { ...state, sites: state.sites.filter((s) => s !== event.data.siteId) };
    case 'DeviceLinkedToProject':
      return { ...state, projects: [...state.projects, { projectId: event.data.projectId, siteId: event.data.siteId }] };
    case 'DeviceUnlinkedFromProject':
      return { ...state, projects: state.projects.filter((p) => p.projectId !== event.data.projectId) };
    case 'DeviceLinkedToParticipant':
      return { ...state, participants: [...state.participants, event.data.participantId] };
    case 'DeviceUnlinkedFromParticipant':
      return { ...state, participants: state.participants.filter((p) => p !== event.data.participantId) };
    case 'DeviceDeleted':
      return { ...state, status: 'deleted', sites: [], projects: [] };
  }
}

export const device: Aggregate<DeviceState, DeviceEvent> = {
  category: 'device',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'DeviceRegistered') {
      const d = event.data;
      return {
        status: 'active',
        id: d.id,
        name: d.name,
        typeId: d.typeId,
        subtypeId: d.subtypeId,
        enabled: d.enabled,
        onlineable: d.onlineable,
        config: d.config,
        notes: d.notes,
        infos: d.infos,
        tokenId: d.tokenId,
        certificateSerial: null,
        sites: [],
        projects: [],
        participants: [],
      };
    }
    return state.status === 'absent' ? state : evolveKnown(state, event);
  },
};

function active(state: DeviceState): KnownDevice {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid device');
  return state;
}

function requiredName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new DomainError('invalid', 'Missing device_name');
  return trimmed;
}

/** What the caller knows of the subtype a command names: the type it belongs to, null when it is unknown. */
export interface SubtypeFacts {
  subtypeTypeId: number | null;
}

const noSubtype = (subtypeId: number | null | undefined) => (subtypeId === 0 ? null : subtypeId);

function checkSubtype(typeId: number, subtypeId: number | null, facts: SubtypeFacts): void {
  if (subtypeId !== null && facts.subtypeTypeId !== typeId) throw new DomainError('invalid', 'Invalid device subtype for this device type');
}

/** The caller checks that the type exists and passes the subtype's type when a subtype is given. */
export function registerDevice(state: DeviceState, command: DeviceRegistration, facts: SubtypeFacts = { subtypeTypeId: null }): DeviceEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Device already exists');
  const name = requiredName(command.name);
  const subtypeId = noSubtype(command.subtypeId) ?? null;
  checkSubtype(command.typeId, subtypeId, facts);
  if (command.tokenId === '') throw new DomainError('invalid', 'Missing token id');
  // Field by field: whatever else the caller's object carries never reaches the event.
  const { id, uuid, typeId, enabled, onlineable, config, notes, infos, tokenId } = command;
  const registration: DeviceRegistration = { id, uuid, name, typeId, subtypeId, enabled, onlineable, config, notes, infos, tokenId };
  return [{ type: 'DeviceRegistered', data: { ...registration } }];
}

export interface UpdateDevice extends DeviceDetails {
  enabled?: boolean;
  onlineable?: boolean;
}

/**
 * Emits one event per fact that changes; an update that changes nothing emits nothing. When the type or the
 * subtype changes, the resulting subtype must belong to the resulting type: `facts.subtypeTypeId` is the
 * type of `command.subtypeId` (only read when a subtype is given).
 */
export function updateDevice(state: DeviceState, command: UpdateDevice, facts: SubtypeFacts = { subtypeTypeId: null }): DeviceEvent[] {
  const current = active(state);
  const events: DeviceEvent[] = [];
  const details: DeviceDetails = {};
  if (command.name !== undefined) {
    const name = requiredName(command.name);
    if (name !== current.name) details.name = name;
  }
  for (const key of ['config', 'notes', 'infos'] as const) {
    if (command[key] !== undefined && command[key] !== current[key]) details[key] = command[key];
  }
  const typeId = command.typeId ?? current.typeId;
  const subtypeId = command.subtypeId !== undefined ? noSubtype(command.subtypeId) ?? null : current.subtypeId;
  if (typeId !== current.typeId || subtypeId !== current.subtypeId) {
    // The current subtype belongs to the current type; a given one is checked against the facts.
    const subtypeFacts = command.subtypeId !== undefined ? facts : { subtypeTypeId: current.typeId };
    checkSubtype(typeId, subtypeId, subtypeFacts);
    if (typeId !== current.typeId) details.typeId = typeId;
    if (subtypeId !== current.subtypeId) details.subtypeId = subtypeId;
  }
  if (Object.keys(details).length > 0) events.push({ type: 'DeviceDetailsChanged', data: { ...details } });
  if (command.enabled !== undefined && command.enabled !== current.enabled) events.push({ type: command.enabled ? 'DeviceEnabled' : 'DeviceDisabled', data: {} });
  if (command.onlineable !== undefined && command.onlineable !== current.onlineable) events.push({ type: 'DeviceOnlineableSet', data: { onlineable: command.onlineable } });
  return events;
}

/** Replaces the static token; the same token id again emits nothing. */
export function issueDeviceToken(state: DeviceState, tokenId: string): DeviceEvent[] {
  const current = active(state);
  if (tokenId === '') throw new DomainError('invalid', 'Missing token id');
  return tokenId === current.tokenId ? [] : [{ type: 'DeviceTokenIssued', data: { tokenId } }];
}

/** Records the certificate signed from the device's CSR; the same serial again emits nothing. */
export function issueDeviceCertificate(state: DeviceState, command: { certificate: string; serial: string }): DeviceEvent[] {
  const current = active(state);
  if (command.certificate.trim() === '' || command.serial === '') throw new DomainError('invalid', 'Missing certificate');
  if (command.serial === current.certificateSerial) return [];
  return [{ type: 'DeviceCertificateIssued', data: { certificate: command.certificate, serial: command.serial } }];
}

export function linkDeviceToSite(state: DeviceState, command: { siteId: number; linkId: number }): DeviceEvent[] {
  const current = active(state);
  if (current.sites.includes(command.siteId)) return [];
  return [{ type: 'DeviceLinkedToSite', data: { siteId: command.siteId, linkId: command.linkId } }];
}

export function linkDeviceToProject(state: DeviceState, command: { projectId: number; linkId: number }, facts: { siteOfProject: number }): DeviceEvent[] {
  const current = active(state);
  if (current.projects.some((p) => p.projectId === command.projectId)) return [];
  if (!current.sites.includes(facts.siteOfProject)) throw new DomainError('forbidden', 'At least one device is not part of the allowed device for that project site');
  return [{ type: 'DeviceLinkedToProject', data: { projectId: command.projectId, siteId: facts.siteOfProject, linkId: command.linkId } }];
}

export function linkDeviceToParticipant(
  state: DeviceState,
  command: { participantId: number; linkId: number },
  facts: { projectOfParticipant: number },
): DeviceEvent[] {
  const current = active(state);
  if (current.participants.includes(command.participantId)) return [];
  if (!current.projects.some((p) => p.projectId === facts.projectOfParticipant)) throw new DomainError('forbidden', 'Device not assigned to project or participant');
  return [{ type: 'DeviceLinkedToParticipant', data: { participantId: command.participantId, linkId: command.linkId } }];
}

export function unlinkDeviceFromParticipant(state: DeviceState, participantId: number): DeviceEvent[] {
  const current = active(state);
  return current.participants.includes(participantId) ? [{ type: 'DeviceUnlinkedFromParticipant', data: { participantId } }] : [];
}

/** The current project of each participant the device is linked to (a participant absent here is ignored). */
export interface LinkedParticipantFacts {
  projectOfParticipant: Readonly<Record<number, number>>;
}

function refuseWhileParticipantsIn(current: KnownDevice, projectIds: readonly number[], facts: LinkedParticipantFacts): void {
  const used = current.participants.some((p) => {
    const projectId = facts.projectOfParticipant[p];
    return projectId !== undefined && projectIds.includes(projectId);
  });
  if (used) {
    throw new DomainError(
      'conflict',
      "Can't delete device from project. Please remove all participants associated with the device or all sessions in the project referring to the device before deleting.",
    );
  }
}

/** The caller checks that no session in the project refers to the device. */
export function unlinkDeviceFromProject(state: DeviceState, projectId: number, facts: LinkedParticipantFacts): DeviceEvent[] {
  const current = active(state);
  if (!current.projects.some((p) => p.projectId === projectId)) return [];
  refuseWhileParticipantsIn(current, [projectId], facts);
  return [{ type: 'DeviceUnlinkedFromProject', data: { projectId } }];
}

/** Unlinks the device from the site's projects first, as OpenTera's cascade; the caller checks their sessions. */
export function unlinkDeviceFromSite(state: DeviceState, siteId: number, facts: LinkedParticipantFacts): DeviceEvent[] {
  const current = active(state);
  if (!current.sites.includes(siteId)) return [];
  const projectIds = current.projects.filter((p) => p.siteId === siteId).map((p) => p.projectId);
  refuseWhileParticipantsIn(current, projectIds, facts);
  return [
    ...projectIds.map((projectId): DeviceEvent => ({ type: 'DeviceUnlinkedFromProject', data: { projectId } })),
    { type: 'DeviceUnlinkedFromSite', data: { siteId } },
  ];
}

/** Refused while linked to a participant; the caller checks sessions, assets and tests. */
export function deleteDevice(state: DeviceState): DeviceEvent[] {
  const current = active(state);
  if (current.participants.length > 0) throw new DomainError('conflict', 'Device still associated to participants');
  return [{ type: 'DeviceDeleted', data: {} }];
}
