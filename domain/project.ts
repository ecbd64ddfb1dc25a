// A project belongs to one site. Creating one also creates its OpenTeraServer `admin` and `user` roles.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';

export type ProjectEvent =
  | {
      type: 'ProjectCreated';
      data: { id: number; uuid: string; siteId: number; name: string; enabled: boolean; description: string | null; adminRoleId: number; userRoleId: number };
    }
  | { type: 'ProjectRenamed'; data: { name: string } }
  | { type: 'ProjectDescriptionChanged'; data: { description: string | null } }
  | { type: 'ProjectEnabled'; data: Record<string, never> }
  | { type: 'ProjectDisabled'; data: Record<string, never> }
  | { type: 'ProjectDeleted'; data: Record<string, never> };

export type ProjectState =
  | { status: 'absent' }
  | { status: 'active' | 'deleted'; id: number; siteId: number; name: string; enabled: boolean; description: string | null };

export const project: Aggregate<ProjectState, ProjectEvent> = {
  category: 'project',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'ProjectCreated') {
      const { id, siteId, name, enabled, description } = event.data;
      return { status: 'active', id, siteId, name, enabled, description };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'ProjectRenamed':
        return { ...state, name: event.data.name };
      case 'ProjectDescriptionChanged':
        return { ...state, description: event.data.description };
      case 'ProjectEnabled':
        return { ...state, enabled: true };
      case 'ProjectDisabled':
        return { ...state, enabled: false };
      case 'ProjectDeleted':
        return { ...state, status: 'deleted' };
    }
  },
};

export type CreateProject = Extract<ProjectEvent, { type: 'ProjectCreated' }>['data'];

export function createProject(state: ProjectState, command: CreateProject): ProjectEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Project already exists');
  const name = command.name.trim();
  if (name === '') throw new DomainError('invalid', 'Missing project_name');
  return [{ type: 'ProjectCreated', data: { ...command, name } }];
}

export interface UpdateProject {
  name?: string;
  description?: string | null;
  enabled?: boolean;
}

/** Emits only what changes. Moving a project to another site is not supported (see docs/compat.md). */
export function updateProject(state: ProjectState, command: UpdateProject): ProjectEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid project');
  const events: ProjectEvent[] = [];
  if (command.name !== undefined) {
    const name = command.name.trim();
    if (name === '') throw new DomainError('invalid', 'Missing project_name');
    if (name !== state.name) events.push({ type: 'ProjectRenamed', data: { name } });
  }
  if (command.description !== undefined && command.description !== state.description) events.push({ type: 'ProjectDescriptionChanged', data: { description: command.description } });
  if (command.enabled !== undefined && command.enabled !== state.enabled) events.push({ type: command.enabled ? 'ProjectEnabled' : 'ProjectDisabled', data: {} });
  return events;
}

/** The caller checks first that no participant of the project has sessions. */
export function deleteProject(state: ProjectState): ProjectEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid project');
  return [{ type: 'ProjectDeleted', data: {} }];
}
