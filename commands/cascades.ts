// What OpenTera's soft-delete cascades take with a project or a site, as events of each entity's own
// stream: the project's participants (their device links first), its participant groups, and the device
// links to it; a site's projects' contents and the device links to the site. The caller checks the delete
// integrity (sessions) before, and deletes the project or site itself after.
import { devicesLinkedTo } from '../projections/queries/deviceRefs.js';
import { contentsOfProject } from '../projections/queries/participantRefs.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { unlinkDeviceFromProjectCommand, unlinkDeviceFromSiteCommand } from './devices.js';
import { deleteParticipantGroupCommand } from './participantGroups.js';
import { deleteParticipantCommand } from './participants.js';

export async function deleteProjectContents(context: CommandContext, projectId: number): Promise<Position | undefined> {
  const { readDb } = context.deps;
  let position: Position | undefined;
  const keep = (p: Position | undefined) => (position = p ?? position);
  const contents = await contentsOfProject(readDb, projectId);
  for (const uuid of contents.participants) keep(await deleteParticipantCommand(context, uuid));
  // The groups' participants are gone already: each group deletion deletes only the group.
  for (const group of contents.groups) keep(await deleteParticipantGroupCommand(context, group));
  for (const device of await devicesLinkedTo(readDb, 'project', projectId)) keep(await unlinkDeviceFromProjectCommand(context, device, projectId));
  return position;
}

export async function deleteSiteContents(context: CommandContext, siteId: number, projectIds: readonly number[]): Promise<Position | undefined> {
  let position: Position | undefined;
  const keep = (p: Position | undefined) => (position = p ?? position);
  for (const projectId of projectIds) keep(await deleteProjectContents(context, projectId));
  for (const device of await devicesLinkedTo(context.deps.readDb, 'site', siteId)) keep(await unlinkDeviceFromSiteCommand(context, device, siteId));
  return position;
}
