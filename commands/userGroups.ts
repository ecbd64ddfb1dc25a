import { streamName } from '../domain/aggregate.js';
import type { Role } from '../domain/roles.js';
import { createUserGroup, grantProjectRole, grantSiteRole, userGroup } from '../domain/userGroup.js';
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
