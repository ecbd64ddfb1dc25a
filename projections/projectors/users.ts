import type { UserEvent } from '../../domain/user.js';
import { PERSONAL_DATA_ERASED } from '../../domain/personalData.js';
import type { Projector } from '../types.js';

export const usersProjector: Projector = {
  name: 'users',
  async apply(db, recorded) {
    if (!recorded.streamId.startsWith('user-')) return;
    const userUuid = recorded.streamId.slice('user-'.length);
    if (recorded.type === PERSONAL_DATA_ERASED) {
      await db
        .updateTable('users')
        .set({ user_username: null, user_email: null, user_firstname: null, user_lastname: null, user_password: null, user_profile: null, user_notes: null })
        .where('user_uuid', '=', userUuid)
        .execute();
      return;
    }
    const event = recorded as unknown as UserEvent;
    switch (event.type) {
      case 'UserCreated': {
        const d = event.data;
        await db
          .insertInto('users')
          .values({
            id_user: d.id,
            user_uuid: d.uuid,
            user_username: d.username,
            user_email: d.email,
            user_firstname: d.firstname,
            user_lastname: d.lastname,
            user_password: d.passwordHash,
            user_enabled: d.enabled,
            user_profile: d.profile,
            user_notes: d.notes,
            user_superadmin: d.superadmin,
            user_force_password_change: d.forcePasswordChange,
          })
          .onConflict((oc) => oc.column('id_user').doNothing())
          .execute();
        return;
      }
      case 'UserAddedToGroup': {
        const user = await db.selectFrom('users').select('id_user').where('user_uuid', '=', userUuid).executeTakeFirstOrThrow();
        await db
          .insertInto('user_user_groups')
          .values({ id_user_user_group: event.data.membershipId, id_user: user.id_user, id_user_group: event.data.groupId })
          .onConflict((oc) => oc.column('id_user_user_group').doUpdateSet({ deleted_at: null }))
          .execute();
        return;
      }
      case 'UserRemovedFromGroup': {
        const user = await db.selectFrom('users').select('id_user').where('user_uuid', '=', userUuid).executeTakeFirstOrThrow();
        await db
          .updateTable('user_user_groups')
          .set({ deleted_at: recorded.metadata.time })
          .where('id_user', '=', user.id_user)
          .where('id_user_group', '=', event.data.groupId)
          .where('deleted_at', 'is', null)
          .execute();
        return;
      }
    }
  },
};
