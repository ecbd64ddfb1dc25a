import type { UserGroupEvent } from '../../domain/userGroup.js';
import type { Projector } from '../types.js';

export const userGroupsProjector: Projector = {
  name: 'userGroups',
  async apply(db, recorded) {
    if (!recorded.streamId.startsWith('userGroup-')) return;
    const groupUuid = recorded.streamId.slice('userGroup-'.length);
    const event = recorded as unknown as UserGroupEvent;
    const groupId = async () => (await db.selectFrom('user_groups').select('id_user_group').where('user_group_uuid', '=', groupUuid).executeTakeFirstOrThrow()).id_user_group as number;
    /** Soft-deletes the group's grants of roles on one site or project. */
    const endGrants = (id: number, scope: { column: 'id_site' | 'id_project'; value: number }) =>
      db
        .updateTable('service_access')
        .set({ deleted_at: recorded.metadata.time })
        .where('id_user_group', '=', id)
        .where('deleted_at', 'is', null)
        .where('id_service_role', 'in', db.selectFrom('service_roles').select('id_service_role').where(scope.column, '=', scope.value))
        .execute();
    switch (event.type) {
      case 'UserGroupCreated':
        await db
          .insertInto('user_groups')
          .values({ id_user_group: event.data.id, user_group_uuid: event.data.uuid, user_group_name: event.data.name })
          .onConflict((oc) => oc.column('id_user_group').doNothing())
          .execute();
        return;
      case 'UserGroupRenamed':
        await db.updateTable('user_groups').set({ user_group_name: event.data.name }).where('user_group_uuid', '=', groupUuid).execute();
        return;
      case 'UserGroupGrantedSiteRole':
      case 'UserGroupGrantedProjectRole': {
        const id = await groupId();
        // A group holds one role per site or project: the new grant replaces the other role's grant.
        await endGrants(id, event.type === 'UserGroupGrantedSiteRole' ? { column: 'id_site', value: event.data.siteId } : { column: 'id_project', value: event.data.projectId });
        await db
          .insertInto('service_access')
          .values({ id_service_access: event.data.accessId, id_user_group: id, id_service_role: event.data.roleId })
          // A role change keeps the grant's id (OpenTera updates the access row): revive it with the new role.
          .onConflict((oc) => oc.column('id_service_access').doUpdateSet({ deleted_at: null, id_user_group: id, id_service_role: event.data.roleId }))
          .execute();
        return;
      }
      case 'UserGroupRevokedSiteRole':
      case 'UserGroupRevokedProjectRole': {
        await endGrants(await groupId(), event.type === 'UserGroupRevokedSiteRole' ? { column: 'id_site', value: event.data.siteId } : { column: 'id_project', value: event.data.projectId });
        return;
      }
      case 'UserGroupDeleted': {
        const id = await groupId();
        await db.updateTable('user_groups').set({ deleted_at: recorded.metadata.time }).where('id_user_group', '=', id).execute();
        await db.updateTable('service_access').set({ deleted_at: recorded.metadata.time }).where('id_user_group', '=', id).where('deleted_at', 'is', null).execute();
        return;
      }
    }
  },
};
