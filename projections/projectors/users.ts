import type { RecordedEvent } from '../../commands/eventStore.js';
import type { LoginEvent } from '../../domain/login.js';
import type { UserEvent } from '../../domain/user.js';
import { PERSONAL_DATA_ERASED } from '../../domain/personalData.js';
import type { AnyDb, Projector } from '../types.js';

const ERASED = { user_username: null, user_email: null, user_firstname: null, user_lastname: null, user_password: null, user_profile: null, user_notes: null, user_2fa_otp_secret: null };

async function userId(db: AnyDb, uuid: string): Promise<number | undefined> {
  return (await db.selectFrom('users').select('id_user').where('user_uuid', '=', uuid).executeTakeFirst())?.id_user as number | undefined;
}

async function applyUserEvent(db: AnyDb, recorded: RecordedEvent, userUuid: string): Promise<void> {
  const event = recorded as unknown as UserEvent;
  const set = (values: Record<string, unknown>) => db.updateTable('users').set(values).where('user_uuid', '=', userUuid).execute();
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
    case 'UserDetailsChanged': {
      const columns: Record<string, unknown> = {};
      for (const [field, column] of [['email', 'user_email'], ['firstname', 'user_firstname'], ['lastname', 'user_lastname'], ['profile', 'user_profile'], ['notes', 'user_notes']] as const) {
        if (field in event.data) columns[column] = event.data[field] ?? null;
      }
      if (Object.keys(columns).length > 0) await set(columns);
      return;
    }
    case 'UserEnabled':
    case 'UserDisabled':
      await set({ user_enabled: event.type === 'UserEnabled' });
      return;
    case 'UserPasswordChanged':
      await set({ user_password: event.data.passwordHash });
      return;
    case 'UserPasswordChangeRequirementSet':
      await set({ user_force_password_change: event.data.required });
      return;
    case 'UserSuperadminSet':
      await set({ user_superadmin: event.data.superadmin });
      return;
    case 'UserTwoFactorSet':
      await set({ user_2fa_enabled: event.data.enabled });
      return;
    case 'UserOtpConfigured':
      await set({ user_2fa_otp_enabled: true, user_2fa_otp_secret: event.data.secret, user_2fa_email_enabled: event.data.emailEnabled });
      return;
    case 'UserOtpReset':
      await set({ user_2fa_otp_enabled: false, user_2fa_otp_secret: null, user_2fa_email_enabled: false });
      return;
    case 'UserAddedToGroup': {
      const id = await userId(db, userUuid);
      await db
        .insertInto('user_user_groups')
        .values({ id_user_user_group: event.data.membershipId, id_user: id, id_user_group: event.data.groupId })
        .onConflict((oc) => oc.column('id_user_user_group').doUpdateSet({ deleted_at: null }))
        .execute();
      return;
    }
    case 'UserRemovedFromGroup': {
      const id = await userId(db, userUuid);
      await db
        .updateTable('user_user_groups')
        .set({ deleted_at: recorded.metadata.time })
        .where('id_user', '=', id)
        .where('id_user_group', '=', event.data.groupId)
        .where('deleted_at', 'is', null)
        .execute();
      return;
    }
    case 'UserPreferenceSaved': {
      const id = await userId(db, userUuid);
      await db
        .insertInto('user_preferences')
        .values({ id_user_preference: event.data.id, id_user: id, user_preference_app_tag: event.data.appTag, user_preference_preference: event.data.preference ?? '' })
        .onConflict((oc) => oc.columns(['id_user', 'user_preference_app_tag']).doUpdateSet({ user_preference_preference: event.data.preference ?? '' }))
        .execute();
      return;
    }
    case 'UserPreferenceDeleted': {
      const id = await userId(db, userUuid);
      await db.deleteFrom('user_preferences').where('id_user', '=', id).where('user_preference_app_tag', '=', event.data.appTag).execute();
      return;
    }
    case 'UserDeleted': {
      const id = await userId(db, userUuid);
      await set({ deleted_at: recorded.metadata.time });
      await db.updateTable('user_user_groups').set({ deleted_at: recorded.metadata.time }).where('id_user', '=', id).where('deleted_at', 'is', null).execute();
      return;
    }
  }
}

export const usersProjector: Projector = {
  name: 'users',
  async apply(db, recorded) {
    if (recorded.streamId.startsWith('userLogin-')) {
      const event = recorded as unknown as LoginEvent;
      // OpenTera's user_lastonline: the time of the last successful login.
      if (event.type === 'UserLoggedIn') await db.updateTable('users').set({ user_lastonline: recorded.metadata.time }).where('user_uuid', '=', recorded.streamId.slice('userLogin-'.length)).execute();
      return;
    }
    if (!recorded.streamId.startsWith('user-')) return;
    const userUuid = recorded.streamId.slice('user-'.length);
    if (recorded.type === PERSONAL_DATA_ERASED) {
      await db.updateTable('users').set(ERASED).where('user_uuid', '=', userUuid).execute();
      await db.deleteFrom('user_preferences').where('id_user', '=', (await userId(db, userUuid)) ?? -1).execute();
      return;
    }
    await applyUserEvent(db, recorded, userUuid);
    // When the user last changed (OpenTera's version_id): the site warnings name users never online since.
    await db.updateTable('users').set({ user_changed_at: recorded.metadata.time }).where('user_uuid', '=', userUuid).execute();
  },
};
