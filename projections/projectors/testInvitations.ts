// Test invitations (OpenTera's t_tests_invitations), from each invitation's stream. Erasing an invitation's
// personal data takes its key: an invitation without a key is of no use, so it is deleted too.
import { PERSONAL_DATA_ERASED } from '../../domain/personalData.js';
import type { InvitationCounts, TestInvitationEvent } from '../../domain/testInvitation.js';
import type { Projector } from '../types.js';

const PREFIX = 'testInvitation-';

const COLUMNS: Record<keyof InvitationCounts, string> = {
  maxCount: 'test_invitation_max_count',
  count: 'test_invitation_count',
  expirationDate: 'test_invitation_expiration_date',
};

export const testInvitationsProjector: Projector = {
  name: 'testInvitations',
  async apply(db, recorded) {
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const uuid = recorded.streamId.slice(PREFIX.length);
    const at = recorded.metadata.time;
    if (recorded.type === PERSONAL_DATA_ERASED) {
      await db.updateTable('test_invitations').set({ test_invitation_key: null, test_invitation_message: null }).where('test_invitation_uuid', '=', uuid).execute();
      await db.updateTable('test_invitations').set({ deleted_at: at }).where('test_invitation_uuid', '=', uuid).where('deleted_at', 'is', null).execute();
      return;
    }
    const event = recorded as unknown as TestInvitationEvent;
    switch (event.type) {
      case 'TestInvitationCreated': {
        const d = event.data;
        const target = d.target as { userId?: number; participantId?: number; deviceId?: number };
        await db
          .insertInto('test_invitations')
          .values({
            id_test_invitation: d.id,
            test_invitation_uuid: d.uuid,
            id_test_type: d.typeId,
            id_session: d.sessionId,
            id_user: target.userId ?? null,
            id_participant: target.participantId ?? null,
            id_device: target.deviceId ?? null,
            id_project: d.projectId,
            test_invitation_key: d.key,
            test_invitation_max_count: d.maxCount,
            test_invitation_count: 0,
            test_invitation_creation_date: d.creationDate,
            test_invitation_expiration_date: d.expirationDate,
            test_invitation_message: d.message,
          })
          .onConflict((oc) => oc.column('id_test_invitation').doNothing())
          .execute();
        return;
      }
      case 'TestInvitationChanged': {
        const columns = Object.fromEntries(Object.entries(event.data).flatMap(([field, value]) => (field in COLUMNS ? [[COLUMNS[field as keyof InvitationCounts], value]] : [])));
        if (Object.keys(columns).length > 0) await db.updateTable('test_invitations').set(columns).where('test_invitation_uuid', '=', uuid).execute();
        return;
      }
      case 'TestInvitationDeleted':
        await db.updateTable('test_invitations').set({ deleted_at: at }).where('test_invitation_uuid', '=', uuid).where('deleted_at', 'is', null).execute();
        return;
    }
  },
};
