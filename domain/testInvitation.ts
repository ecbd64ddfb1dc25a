// A test invitation (OpenTera's TeraTestInvitation): a key that lets exactly one user, participant or device
// fill a test of a type, in a project (and optionally for a session), up to a number of times until it
// expires. The key is 16 lowercase hex characters drawn by the caller (the domain has no randomness); it is
// a bearer secret, and the message may address a person: both are personal data, encrypted with the
// invitation's key. The key and the test type never change; only the count, the maximum and the expiry do.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';
import type { PersonalDataDeclarations } from './personalData.js';

/** Exactly one is set. */
export type InvitationTarget = { userId: number } | { participantId: number } | { deviceId: number };

export interface InvitationCounts {
  maxCount: number;
  count: number;
  /** ISO 8601 with offset. */
  expirationDate: string;
}

export interface TestInvitationCreation {
  id: number;
  uuid: string;
  key: string;
  typeId: number;
  projectId: number;
  sessionId: number | null;
  target: InvitationTarget;
  maxCount: number;
  /** ISO 8601 with offset. */
  creationDate: string;
  expirationDate: string;
  message: string | null;
}

export type TestInvitationEvent =
  /** The count starts at 0, as OpenTera forces it. */
  | { type: 'TestInvitationCreated'; data: TestInvitationCreation & Record<string, unknown> }
  | { type: 'TestInvitationChanged'; data: Partial<InvitationCounts> & Record<string, unknown> }
  | { type: 'TestInvitationDeleted'; data: Record<string, never> };

export const testInvitationPersonalData: PersonalDataDeclarations = {
  TestInvitationCreated: [{ field: 'key' }, { field: 'message' }],
};

export type TestInvitationState = { status: 'absent' } | ({ status: 'active' | 'deleted'; id: number } & InvitationCounts);

const COUNTS: readonly (keyof InvitationCounts)[] = ['maxCount', 'count', 'expirationDate'];

export const testInvitation: Aggregate<TestInvitationState, TestInvitationEvent> = {
  category: 'testInvitation',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'TestInvitationCreated') {
      const { id, maxCount, expirationDate } = event.data;
      return { status: 'active', id, maxCount, count: 0, expirationDate };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'TestInvitationChanged':
        return { ...state, ...Object.fromEntries(Object.entries(event.data).filter(([key]) => COUNTS.includes(key as keyof InvitationCounts))) };
      case 'TestInvitationDeleted':
        return { ...state, status: 'deleted' };
    }
  },
};

export const INVITATION_KEY = /^[0-9a-f]{16}$/;

/**
 * An instant as ISO 8601 UTC, so that the same instant written twice is the same value. A date and time
 * without an offset (what OpenTera's Python clients send) is UTC, whatever the server's zone.
 */
function instant(value: string, field: string): string {
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim()) ? `${value.trim()}Z` : value.trim();
  const time = Date.parse(withZone);
  if (Number.isNaN(time)) throw new DomainError('invalid', `Invalid ${field}`);
  return new Date(time).toISOString();
}

/** The counts and expiry as they will be recorded; refuses a negative count or a bad date. */
export function checkedCounts(fields: Partial<InvitationCounts>): Partial<InvitationCounts> {
  const result: Partial<InvitationCounts> = {};
  for (const field of ['maxCount', 'count'] as const) {
    const value = fields[field];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) throw new DomainError('invalid', `Invalid test_invitation_${field === 'maxCount' ? 'max_count' : 'count'}`);
    result[field] = value;
  }
  if (fields.expirationDate !== undefined) result.expirationDate = instant(fields.expirationDate, 'test_invitation_expiration_date');
  return result;
}

function checkedTarget(target: InvitationTarget): InvitationTarget {
  const ids = Object.entries(target).filter(([key, value]) => ['userId', 'participantId', 'deviceId'].includes(key) && value !== undefined && value !== null);
  if (ids.length !== 1) throw new DomainError('invalid', 'You must specify one of id_user, id_participant or id_device');
  const [key, value] = ids[0]!;
  return { [key]: value } as InvitationTarget;
}

/** The caller checks that the type, project, session and target exist and that the key is not taken. */
export function createTestInvitation(state: TestInvitationState, command: TestInvitationCreation): TestInvitationEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Test invitation already exists');
  if (!INVITATION_KEY.test(command.key)) throw new DomainError('invalid', 'Invalid test_invitation_key');
  const counts = checkedCounts({ maxCount: command.maxCount, expirationDate: command.expirationDate });
  const creation: TestInvitationCreation = {
    id: command.id,
    uuid: command.uuid,
    key: command.key,
    typeId: command.typeId,
    projectId: command.projectId,
    sessionId: command.sessionId,
    target: checkedTarget(command.target),
    maxCount: counts.maxCount!,
    creationDate: instant(command.creationDate, 'test_invitation_creation_date'),
    expirationDate: counts.expirationDate!,
    message: command.message,
  };
  return [{ type: 'TestInvitationCreated', data: { ...creation } }];
}

/** Only what changes. */
export function changeTestInvitation(state: TestInvitationState, command: Partial<InvitationCounts>): TestInvitationEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid test invitation');
  const changes = Object.fromEntries(Object.entries(checkedCounts(command)).filter(([key, value]) => value !== undefined && state[key as keyof InvitationCounts] !== value));
  return Object.keys(changes).length === 0 ? [] : [{ type: 'TestInvitationChanged', data: changes }];
}

export function deleteTestInvitation(state: TestInvitationState): TestInvitationEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid test invitation');
  return [{ type: 'TestInvitationDeleted', data: {} }];
}
