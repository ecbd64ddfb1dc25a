// A participant group (OpenTera's TeraParticipantGroup) gathers participants of one project.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';

export type ParticipantGroupEvent =
  | { type: 'ParticipantGroupCreated'; data: { id: number; uuid: string; projectId: number; name: string } }
  | { type: 'ParticipantGroupRenamed'; data: { name: string } }
  /**
   * OpenTera moves every participant of the group to the new project with it. That is not this stream's
   * fact: the caller moves each participant (`moveParticipant` with the group kept and the new project).
   */
  | { type: 'ParticipantGroupMovedToProject'; data: { projectId: number } }
  | { type: 'ParticipantGroupDeleted'; data: Record<string, never> };

export type ParticipantGroupState = { status: 'absent' } | { status: 'active' | 'deleted'; id: number; projectId: number; name: string };

export const participantGroup: Aggregate<ParticipantGroupState, ParticipantGroupEvent> = {
  category: 'participantGroup',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'ParticipantGroupCreated') {
      const { id, projectId, name } = event.data;
      return { status: 'active', id, projectId, name };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'ParticipantGroupRenamed':
        return { ...state, name: event.data.name };
      case 'ParticipantGroupMovedToProject':
        return { ...state, projectId: event.data.projectId };
      case 'ParticipantGroupDeleted':
        return { ...state, status: 'deleted' };
    }
  },
};

export type CreateParticipantGroup = Extract<ParticipantGroupEvent, { type: 'ParticipantGroupCreated' }>['data'];

function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new DomainError('invalid', 'Missing participant_group_name');
  return trimmed;
}

function active(state: ParticipantGroupState): Extract<ParticipantGroupState, { status: 'active' | 'deleted' }> {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid participant group');
  return state;
}

export function createParticipantGroup(state: ParticipantGroupState, command: CreateParticipantGroup): ParticipantGroupEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Participant group already exists');
  return [{ type: 'ParticipantGroupCreated', data: { ...command, name: validName(command.name) } }];
}

export function renameParticipantGroup(state: ParticipantGroupState, name: string): ParticipantGroupEvent[] {
  const current = active(state);
  const trimmed = validName(name);
  return trimmed === current.name ? [] : [{ type: 'ParticipantGroupRenamed', data: { name: trimmed } }];
}

/** The caller checks that the project exists and is accessible, then moves the group's participants too. */
export function moveParticipantGroup(state: ParticipantGroupState, projectId: number): ParticipantGroupEvent[] {
  const current = active(state);
  return projectId === current.projectId ? [] : [{ type: 'ParticipantGroupMovedToProject', data: { projectId } }];
}

export interface UpdateParticipantGroup {
  name?: string;
  projectId?: number;
}

/** A POST of OpenTera's group form: the rename, then the move, each only when it changes something. */
export function updateParticipantGroup(state: ParticipantGroupState, command: UpdateParticipantGroup): ParticipantGroupEvent[] {
  active(state);
  return [
    ...(command.name !== undefined ? renameParticipantGroup(state, command.name) : []),
    ...(command.projectId !== undefined ? moveParticipantGroup(state, command.projectId) : []),
  ];
}

/**
 * OpenTera's delete cascades to the group's participants and is refused while any of them cannot be deleted
 * (domain.md 1.4): the caller checks every participant first, then deletes each one and the group.
 */
export function deleteParticipantGroup(state: ParticipantGroupState): ParticipantGroupEvent[] {
  active(state);
  return [{ type: 'ParticipantGroupDeleted', data: {} }];
}
