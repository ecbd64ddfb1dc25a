// Participants (OpenTera's t_participants), soft-deleted, and their last login time.
import type { RecordedEvent } from '../../commands/eventStore.js';
import type { PartyLoginEvent } from '../../domain/login.js';
import type { ParticipantEvent } from '../../domain/participant.js';
import { PERSONAL_DATA_ERASED } from '../../domain/personalData.js';
import type { AnyDb, Projector } from '../types.js';

const PREFIX = 'participant-';
const LOGIN_PREFIX = 'participantLogin-';
const ERASED = { participant_name: null, participant_email: null, participant_username: null, participant_password: null };

async function applyParticipantEvent(db: AnyDb, recorded: RecordedEvent, uuid: string): Promise<void> {
  const event = recorded as unknown as ParticipantEvent;
  const changedAt = recorded.metadata.time;
  const set = (values: Record<string, unknown>) =>
    db
      .updateTable('participants')
      .set({ ...values, participant_changed_at: changedAt })
      .where('participant_uuid', '=', uuid)
      .execute();
  switch (event.type) {
    case 'ParticipantRegistered': {
      const d = event.data;
      await db
        .insertInto('participants')
        .values({
          id_participant: d.id,
          participant_uuid: d.uuid,
          id_project: d.projectId,
          id_participant_group: d.groupId,
          participant_name: d.name,
          participant_email: d.email,
          participant_username: d.username,
          participant_password: d.passwordHash,
          participant_enabled: d.enabled,
          participant_login_enabled: d.loginEnabled,
          participant_token_enabled: d.tokenEnabled,
          participant_changed_at: changedAt,
        })
        .onConflict((oc) => oc.column('id_participant').doNothing())
        .execute();
      return;
    }
    case 'ParticipantDetailsChanged': {
      const columns: Record<string, unknown> = {};
      for (const [field, column] of [['name', 'participant_name'], ['email', 'participant_email'], ['username', 'participant_username']] as const) {
        if (field in event.data) columns[column] = event.data[field] ?? null;
      }
      await set(columns);
      return;
    }
    case 'ParticipantPasswordChanged':
      await set({ participant_password: event.data.passwordHash });
      return;
    case 'ParticipantEnabled':
    case 'ParticipantDisabled':
      await set({ participant_enabled: event.type === 'ParticipantEnabled' });
      return;
    case 'ParticipantLoginEnabled':
    case 'ParticipantLoginDisabled':
      await set({ participant_login_enabled: event.type === 'ParticipantLoginEnabled' });
      return;
    case 'ParticipantTokenEnabled':
    case 'ParticipantTokenDisabled':
      await set({ participant_token_enabled: event.type === 'ParticipantTokenEnabled' });
      return;
    case 'ParticipantStaticTokenIssued':
      await set({ participant_token_id: event.data.tokenId });
      return;
    case 'ParticipantStaticTokenRevoked':
      await set({ participant_token_id: null });
      return;
    case 'ParticipantMovedToGroup':
      await set({ id_participant_group: event.data.groupId });
      return;
    case 'ParticipantMovedToProject':
      await set({ id_project: event.data.projectId });
      return;
    case 'ParticipantDeleted':
      await set({ deleted_at: changedAt });
      return;
  }
}

export const participantsProjector: Projector = {
  name: 'participants',
  async apply(db, recorded) {
    if (recorded.streamId.startsWith(LOGIN_PREFIX)) {
      const event = recorded as unknown as PartyLoginEvent;
      // OpenTera's participant_lastonline: the time of the last successful login. Not a change of the
      // participant for `orderby_recents`.
      if (event.type === 'ParticipantLoggedIn') {
        await db.updateTable('participants').set({ participant_lastonline: recorded.metadata.time }).where('participant_uuid', '=', recorded.streamId.slice(LOGIN_PREFIX.length)).execute();
      }
      return;
    }
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const uuid = recorded.streamId.slice(PREFIX.length);
    if (recorded.type === PERSONAL_DATA_ERASED) {
      await db.updateTable('participants').set(ERASED).where('participant_uuid', '=', uuid).execute();
      return;
    }
    await applyParticipantEvent(db, recorded, uuid);
  },
};
