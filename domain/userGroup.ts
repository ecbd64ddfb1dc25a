// A user group holds site and project roles; users get roles only through their groups.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';
import type { Role } from './roles.js';

export type UserGroupEvent =
  | { type: 'UserGroupCreated'; data: { id: number; uuid: string; name: string } }
  | { type: 'UserGroupRenamed'; data: { name: string } }
  /** `accessId` is OpenTera's id_service_access of the grant, `roleId` the site's admin or user role. */
  | { type: 'UserGroupGrantedSiteRole'; data: { accessId: number; roleId: number; siteId: number; role: Role } }
  | { type: 'UserGroupGrantedProjectRole'; data: { accessId: number; roleId: number; projectId: number; role: Role } }
  | { type: 'UserGroupRevokedSiteRole'; data: { siteId: number } }
  | { type: 'UserGroupRevokedProjectRole'; data: { projectId: number } }
  | { type: 'UserGroupDeleted'; data: Record<string, never> };

export type UserGroupState =
  | { status: 'absent' }
  | { status: 'active' | 'deleted'; id: number; name: string; siteRoles: Record<number, Role>; projectRoles: Record<number, Role> };

export const userGroup: Aggregate<UserGroupState, UserGroupEvent> = {
  category: 'userGroup',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'UserGroupCreated') return { status: 'active', id: event.data.id, name: event.data.name, siteRoles: {}, projectRoles: {} };
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'UserGroupRenamed':
        return { ...state, name: event.data.name };
      case 'UserGroupGrantedSiteRole':
        return { ...state, siteRoles: { ...state.siteRoles, [event.data.siteId]: event.data.role } };
      case 'UserGroupGrantedProjectRole':
        return { ...state, projectRoles: { ...state.projectRoles, [event.data.projectId]: event.data.role } };
      case 'UserGroupRevokedSiteRole': {
        const { [event.data.siteId]: _revoked, ...siteRoles } = state.siteRoles;
        return { ...state, siteRoles };
      }
      case 'UserGroupRevokedProjectRole': {
        const { [event.data.projectId]: _revoked, ...projectRoles } = state.projectRoles;
        return { ...state, projectRoles };
      }
      case 'UserGroupDeleted':
        return { ...state, status: 'deleted' };
    }
  },
};

export function createUserGroup(state: UserGroupState, command: { id: number; uuid: string; name: string }): UserGroupEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'User group already exists');
  const name = command.name.trim();
  if (name === '') throw new DomainError('invalid', 'Missing user_group_name');
  return [{ type: 'UserGroupCreated', data: { ...command, name } }];
}

export function grantSiteRole(state: UserGroupState, grant: { accessId: number; roleId: number; siteId: number; role: Role }): UserGroupEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid user group');
  if (state.siteRoles[grant.siteId] === grant.role) return [];
  return [{ type: 'UserGroupGrantedSiteRole', data: grant }];
}

export function grantProjectRole(state: UserGroupState, grant: { accessId: number; roleId: number; projectId: number; role: Role }): UserGroupEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid user group');
  if (state.projectRoles[grant.projectId] === grant.role) return [];
  return [{ type: 'UserGroupGrantedProjectRole', data: grant }];
}

export function renameUserGroup(state: UserGroupState, name: string): UserGroupEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid user group');
  const trimmed = name.trim();
  if (trimmed === '') throw new DomainError('invalid', 'Missing user group name');
  return trimmed === state.name ? [] : [{ type: 'UserGroupRenamed', data: { name: trimmed } }];
}

export function revokeSiteRole(state: UserGroupState, siteId: number): UserGroupEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid user group');
  return siteId in state.siteRoles ? [{ type: 'UserGroupRevokedSiteRole', data: { siteId } }] : [];
}

export function revokeProjectRole(state: UserGroupState, projectId: number): UserGroupEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid user group');
  return projectId in state.projectRoles ? [{ type: 'UserGroupRevokedProjectRole', data: { projectId } }] : [];
}

/** The caller checks first that no user is still a member (OpenTera refuses the delete otherwise). */
export function deleteUserGroup(state: UserGroupState): UserGroupEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid user group');
  return [{ type: 'UserGroupDeleted', data: {} }];
}
