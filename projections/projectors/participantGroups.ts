// Participant groups (OpenTera's t_participants_groups), soft-deleted. Moving a group's participants with it
// is each participant's own event.
import type { ParticipantGroupEvent } from '../../domain/participantGroup.js';
import type { Projector } from '../types.js';

const PREFIX = 'participantGroup-';

export const participantGroupsProjector: Projector = {
  name: 'participantGroups',
  async apply(db, recorded) {
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const event = recorded as unknown as ParticipantGroupEvent;
    const set = (values: Record<string, unknown>) => db.updateTable('participant_groups').set(values).where('participant_group_uuid', '=', recorded.streamId.slice(PREFIX.length)).execute();
    switch (event.type) {
      case 'ParticipantGroupCreated': {
        const { id, uuid, projectId, name } = event.data;
        await db
          .insertInto('participant_groups')
          .values({ id_participant_group: id, participant_group_uuid: uuid, id_project: projectId, participant_group_name: name })
          .onConflict((oc) => oc.column('id_participant_group').doNothing())
          .execute();
        return;
      }
      case 'ParticipantGroupRenamed':
        await set({ participant_group_name: event.data.name });
        return;
      case 'ParticipantGroupMovedToProject':
        await set({ id_project: event.data.projectId });
        return;
      case 'ParticipantGroupDeleted':
        await set({ deleted_at: recorded.metadata.time });
        return;
    }
  },
};
