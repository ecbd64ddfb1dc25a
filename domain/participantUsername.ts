// A participant username is held by at most one participant at a time. Each name has its own stream
// (named by a keyed hash: a stream name is never encrypted); a change of name or a deletion releases it, as
// OpenTera frees the username of a deleted participant.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';

export type ParticipantUsernameEvent =
  | { type: 'ParticipantUsernameReserved'; data: { participantUuid: string } }
  | { type: 'ParticipantUsernameReleased'; data: { participantUuid: string } };

export interface ParticipantUsernameState {
  holder: string | null;
}

export const participantUsername: Aggregate<ParticipantUsernameState, ParticipantUsernameEvent> = {
  category: 'participantUsername',
  initial: { holder: null },
  evolve(state, event) {
    return event.type === 'ParticipantUsernameReserved' ? { holder: event.data.participantUuid } : { holder: null };
  },
};

/** Reserving the name one already holds changes nothing (OpenTera refuses even that: see docs/compat.md). */
export function reserveParticipantUsername(state: ParticipantUsernameState, participantUuid: string): ParticipantUsernameEvent[] {
  if (state.holder === participantUuid) return [];
  if (state.holder !== null) throw new DomainError('conflict', 'Participant username already in use.');
  return [{ type: 'ParticipantUsernameReserved', data: { participantUuid } }];
}

export function releaseParticipantUsername(state: ParticipantUsernameState, participantUuid: string): ParticipantUsernameEvent[] {
  return state.holder === participantUuid ? [{ type: 'ParticipantUsernameReleased', data: { participantUuid } }] : [];
}
