// Device commands at the aggregate level: ids, token ids, link ids (a former link's id is reused, as
// OpenTera restores the row), the facts each decision needs from the read models, then the decision. Who may
// run them belongs to the use cases that call them.
import { streamName } from '../domain/aggregate.js';
import {
  deleteDevice,
  device,
  issueDeviceCertificate,
  issueDeviceToken,
  linkDeviceToParticipant,
  linkDeviceToProject,
  linkDeviceToSite,
  registerDevice,
  unlinkDeviceFromParticipant,
  unlinkDeviceFromProject,
  unlinkDeviceFromSite,
  updateDevice,
  type DeviceRegistration,
  type SubtypeFacts,
  type UpdateDevice,
} from '../domain/device.js';
import type { IdSequence } from './ports.js';
import { formerDeviceLinkId, projectsOfLinkedParticipants, type DeviceLink } from '../projections/queries/deviceRefs.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export const deviceStream = (uuid: string) => streamName(device.category, uuid);

export interface NewDevice extends Omit<DeviceRegistration, 'id' | 'uuid' | 'tokenId'> {
  id?: number;
  /** OpenTera lets a device come with its uuid (the test data's device 1 has a fixed one). */
  uuid?: string;
}

export interface DeviceWritten {
  id: number;
  uuid: string;
  position: Position | undefined;
}

/**
 * The caller checks that the type exists and passes the subtype's type (`facts`) when a subtype is given. The
 * static token's id comes back so that self-registration can hand the new device its token at once.
 */
export async function registerDeviceCommand(context: CommandContext, input: NewDevice, facts?: SubtypeFacts): Promise<DeviceWritten & { tokenId: string }> {
  const { deps, request } = context;
  const id = input.id ?? (await deps.ids.next('device'));
  const uuid = input.uuid ?? deps.newUuid();
  const tokenId = deps.newUuid();
  const result = await handle(deps, request, device, deviceStream(uuid), (state) => registerDevice(state, { ...input, id, uuid, tokenId }, facts));
  return { id, uuid, tokenId, position: result.position };
}

export async function updateDeviceCommand(context: CommandContext, uuid: string, changes: UpdateDevice, facts?: SubtypeFacts): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, device, deviceStream(uuid), (state) => updateDevice(state, changes, facts))).position;
}

/** A new static token: the previous one stops working. */
export async function renewDeviceTokenCommand(context: CommandContext, uuid: string): Promise<Position | undefined> {
  const tokenId = context.deps.newUuid();
  return (await handle(context.deps, context.request, device, deviceStream(uuid), (state) => issueDeviceToken(state, tokenId))).position;
}

export async function issueDeviceCertificateCommand(context: CommandContext, uuid: string, certificate: { certificate: string; serial: string }): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, device, deviceStream(uuid), (state) => issueDeviceCertificate(state, certificate))).position;
}

const LINK_SEQUENCES: Record<DeviceLink, IdSequence> = { site: 'device_site', project: 'device_project', participant: 'device_participant' };

async function linkId(context: CommandContext, link: DeviceLink, deviceId: number, otherId: number, given?: number): Promise<number> {
  if (given !== undefined) return given;
  return (await formerDeviceLinkId(context.deps.readDb, link, deviceId, otherId)) ?? (await context.deps.ids.next(LINK_SEQUENCES[link]));
}

type Target = { id: number; uuid: string };

export async function linkDeviceToSiteCommand(context: CommandContext, target: Target, siteId: number, givenLinkId?: number): Promise<Position | undefined> {
  const id = await linkId(context, 'site', target.id, siteId, givenLinkId);
  return (await handle(context.deps, context.request, device, deviceStream(target.uuid), (state) => linkDeviceToSite(state, { siteId, linkId: id }))).position;
}

export async function linkDeviceToProjectCommand(context: CommandContext, target: Target, project: { id: number; siteId: number }, givenLinkId?: number): Promise<Position | undefined> {
  const id = await linkId(context, 'project', target.id, project.id, givenLinkId);
  return (
    await handle(context.deps, context.request, device, deviceStream(target.uuid), (state) =>
      linkDeviceToProject(state, { projectId: project.id, linkId: id }, { siteOfProject: project.siteId }),
    )
  ).position;
}

export async function linkDeviceToParticipantCommand(context: CommandContext, target: Target, participant: { id: number; projectId: number }, givenLinkId?: number): Promise<Position | undefined> {
  const id = await linkId(context, 'participant', target.id, participant.id, givenLinkId);
  return (
    await handle(context.deps, context.request, device, deviceStream(target.uuid), (state) =>
      linkDeviceToParticipant(state, { participantId: participant.id, linkId: id }, { projectOfParticipant: participant.projectId }),
    )
  ).position;
}

export async function unlinkDeviceFromParticipantCommand(context: CommandContext, target: Target, participantId: number): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, device, deviceStream(target.uuid), (state) => unlinkDeviceFromParticipant(state, participantId))).position;
}

/** The caller checks that no session in the project refers to the device. */
export async function unlinkDeviceFromProjectCommand(context: CommandContext, target: Target, projectId: number): Promise<Position | undefined> {
  const projectOfParticipant = await projectsOfLinkedParticipants(context.deps.readDb, target.id);
  return (await handle(context.deps, context.request, device, deviceStream(target.uuid), (state) => unlinkDeviceFromProject(state, projectId, { projectOfParticipant }))).position;
}

/** Unlinks the site's projects too; the caller checks their sessions. */
export async function unlinkDeviceFromSiteCommand(context: CommandContext, target: Target, siteId: number): Promise<Position | undefined> {
  const projectOfParticipant = await projectsOfLinkedParticipants(context.deps.readDb, target.id);
  return (await handle(context.deps, context.request, device, deviceStream(target.uuid), (state) => unlinkDeviceFromSite(state, siteId, { projectOfParticipant }))).position;
}

/** Refused while linked to participants; the caller checks sessions, assets and tests. */
export async function deleteDeviceCommand(context: CommandContext, uuid: string): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, device, deviceStream(uuid), deleteDevice)).position;
}
