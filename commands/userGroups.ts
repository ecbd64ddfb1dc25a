import { streamName } from '../domain/aggregate.js';
import type { Role } from '../domain/roles.js';
import { createUserGroup, deleteUserGroup, grantProjectRole, grantSiteRole, renameUserGroup, revokeProjectRole, revokeSiteRole, userGroup } from '../domain/userGroup.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export async function createUserGroupCommand({ deps, request }: CommandContext, name: string, id?: number): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const groupId = id ?? (await deps.ids.next('user_group'));
  const uuid = deps.newUuid();
  const result = await handle(deps, request, userGroup, streamName(userGroup.category, uuid), (state) => createUserGroup(state, { id: groupId, uuid, name }));
  return { id: groupId, uuid, position: result.position };
}

export type Scope = { siteId: number; roleId: number } | { projectId: number; roleId: number };

export async function grantRoleCommand({ deps, request }: CommandContext, groupUuid: string, scope: Scope, role: Role, accessId?: number): Promise<Position | undefined> {
  const id = accessId ?? (await deps.ids.next('service_access'));
  const result = await handle(deps, request, userGroup, streamName(userGroup.category, groupUuid), (state) =>
    'siteId' in scope
      ? grantSiteRole(state, { accessId: id, roleId: scope.roleId, siteId: scope.siteId, role })
      : grantProjectRole(state, { accessId: id, roleId: scope.roleId, projectId: scope.projectId, role }),
  );
  return result.position;
}

export async function renameUserGroupCommand({ deps, request }: CommandContext, groupUuid: string, name: string): Promise<Position | undefined> {
  return (await handle(deps, request, userGroup, streamName(userGroup.category, groupUuid), (state) => renameUserGroup(state, name))).position;
}

export async function revokeRoleCommand({ deps, request }: CommandContext, groupUuid: string, scope: { siteId: number } | { projectId: number }): Promise<Position | undefined> {
  return (
    await handle(deps, request, userGroup, streamName(userGroup.category, groupUuid), (state) =>
      'siteId' in scope ? revokeSiteRole(state, scope.siteId) : revokeProjectRole(state, scope.projectId),
    )
  ).position;
}

/** The caller checks first that the group has no member left. */
export async function deleteUserGroupCommand({ deps, request }: CommandContext, groupUuid: string): Promise<Position | undefined> {
  return (await handle(deps, request, userGroup, streamName(userGroup.category, groupUuid), deleteUserGroup)).position;
}
