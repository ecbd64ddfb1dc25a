// Participant group commands at the aggregate level. A group's move to another project moves each of its
// participants (their own streams), and a group's deletion deletes them first, as OpenTera's cascades.
// Who may run them belongs to the use cases that call them.
import { streamName } from '../domain/aggregate.js';
import { createParticipantGroup, deleteParticipantGroup, participantGroup, updateParticipantGroup, type UpdateParticipantGroup } from '../domain/participantGroup.js';
import { participantsOfGroup } from '../projections/queries/participantRefs.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';
import { deleteParticipantCommand, moveParticipantCommand } from './participants.js';

const groupStream = (uuid: string) => streamName(participantGroup.category, uuid);

export async function createParticipantGroupCommand(
  context: CommandContext,
  input: { projectId: number; name: string },
  id?: number,
): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const { deps, request } = context;
  const groupId = id ?? (await deps.ids.next('participant_group'));
  const uuid = deps.newUuid();
  const result = await handle(deps, request, participantGroup, groupStream(uuid), (state) => createParticipantGroup(state, { id: groupId, uuid, projectId: input.projectId, name: input.name }));
  return { id: groupId, uuid, position: result.position };
}

/** Renames and/or moves the group; a move takes every participant of the group to the new project too. */
export async function updateParticipantGroupCommand(context: CommandContext, group: { id: number; uuid: string }, changes: UpdateParticipantGroup): Promise<Position | undefined> {
  const { deps, request } = context;
  const result = await handle(deps, request, participantGroup, groupStream(group.uuid), (state) => updateParticipantGroup(state, changes));
  let position = result.position;
  const moved = result.events.some((e) => e.type === 'ParticipantGroupMovedToProject');
  if (moved && changes.projectId !== undefined) {
    for (const participantUuid of await participantsOfGroup(deps.readDb, group.id)) {
      position = (await moveParticipantCommand(context, participantUuid, { groupId: group.id, projectId: changes.projectId })) ?? position;
    }
  }
  return position;
}

/** Deletes the group's participants, then the group. The caller checks their delete integrity first. */
export async function deleteParticipantGroupCommand(context: CommandContext, group: { id: number; uuid: string }): Promise<Position | undefined> {
  let position: Position | undefined;
  for (const participantUuid of await participantsOfGroup(context.deps.readDb, group.id)) position = (await deleteParticipantCommand(context, participantUuid)) ?? position;
  return (await handle(context.deps, context.request, participantGroup, groupStream(group.uuid), deleteParticipantGroup)).position ?? position;
}
