// A test (OpenTera's TeraTest): one evaluation of a test type, made in a session, about or by any of a
// participant, user, device and service (OpenTera allows several at once), with its status and a summary of
// its results. The answers themselves live with the test type's service. The summary describes a person's
// results: it is personal data, encrypted with the test's key. Tests are written by services (the service API);
// users read and delete them.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';
import type { PersonalDataDeclarations } from './personalData.js';

/** OpenTera's test statuses. */
export const TEST_STATUS = { incomplete: 0, inProgress: 1, completed: 2 } as const;

export interface TestSubjects {
  participantId: number | null;
  userId: number | null;
  deviceId: number | null;
  serviceId: number | null;
}

export interface TestDetails {
  name: string;
  /** ISO 8601 with offset. */
  datetime: string;
  status: number;
  /** Usually JSON text (OpenTera stores a posted object as JSON). */
  summary: string | null;
}

export interface TestCreation extends TestDetails {
  id: number;
  uuid: string;
  typeId: number;
  sessionId: number;
  subjects: TestSubjects;
}

export type TestEvent =
  | { type: 'TestCreated'; data: TestCreation & Record<string, unknown> }
  | { type: 'TestChanged'; data: Partial<TestDetails> & Record<string, unknown> }
  | { type: 'TestDeleted'; data: Record<string, never> };

export const testPersonalData: PersonalDataDeclarations = {
  TestCreated: [{ field: 'summary' }],
  TestChanged: [{ field: 'summary' }],
};

export type TestState = { lifecycle: 'absent' } | ({ lifecycle: 'active' | 'deleted'; id: number; typeId: number; sessionId: number } & TestDetails);

const DETAILS: readonly (keyof TestDetails)[] = ['name', 'datetime', 'status', 'summary'];

export const test: Aggregate<TestState, TestEvent> = {
  category: 'test',
  initial: { lifecycle: 'absent' },
  evolve(state, event) {
    if (event.type === 'TestCreated') {
      const { id, typeId, sessionId, name, datetime, status, summary } = event.data;
      return { lifecycle: 'active', id, typeId, sessionId, name, datetime, status, summary };
    }
    if (state.lifecycle === 'absent') return state;
    switch (event.type) {
      case 'TestChanged':
        return { ...state, ...Object.fromEntries(Object.entries(event.data).filter(([key]) => DETAILS.includes(key as keyof TestDetails))) };
      case 'TestDeleted':
        return { ...state, lifecycle: 'deleted' };
    }
  },
};

function checkedDetails(fields: Partial<TestDetails>): Partial<TestDetails> {
  const result: Partial<TestDetails> = {};
  if (fields.name !== undefined) {
    if (fields.name.trim() === '') throw new DomainError('invalid', 'Missing test_name');
    result.name = fields.name.trim();
  }
  if (fields.datetime !== undefined) {
    if (Number.isNaN(Date.parse(fields.datetime))) throw new DomainError('invalid', 'Invalid test_datetime');
    result.datetime = fields.datetime;
  }
  if (fields.status !== undefined) {
    if (!Object.values(TEST_STATUS).includes(fields.status as 0)) throw new DomainError('invalid', 'Invalid test_status');
    result.status = fields.status;
  }
  if (fields.summary !== undefined) result.summary = fields.summary;
  return result;
}

/** The caller checks the session, the type and the subjects. */
export function createTest(state: TestState, command: TestCreation): TestEvent[] {
  if (state.lifecycle !== 'absent') throw new DomainError('conflict', 'Test already exists');
  const details = checkedDetails(command) as TestDetails;
  const { id, uuid, typeId, sessionId, subjects } = command;
  const creation: TestCreation = {
    id,
    uuid,
    typeId,
    sessionId,
    subjects: { participantId: subjects.participantId, userId: subjects.userId, deviceId: subjects.deviceId, serviceId: subjects.serviceId },
    name: details.name,
    datetime: details.datetime,
    status: details.status,
    summary: details.summary,
  };
  return [{ type: 'TestCreated', data: { ...creation } }];
}

/** Only the details that change. */
export function changeTest(state: TestState, command: Partial<TestDetails>): TestEvent[] {
  if (state.lifecycle !== 'active') throw new DomainError('not-found', 'Invalid test');
  const changes = Object.fromEntries(Object.entries(checkedDetails(command)).filter(([key, value]) => value !== undefined && state[key as keyof TestDetails] !== value));
  return Object.keys(changes).length === 0 ? [] : [{ type: 'TestChanged', data: changes }];
}

/** Deleting what is deleted already changes nothing (a session's deletion and the test's may cross). */
export function deleteTest(state: TestState): TestEvent[] {
  if (state.lifecycle === 'absent') throw new DomainError('not-found', 'Invalid test');
  return state.lifecycle === 'deleted' ? [] : [{ type: 'TestDeleted', data: {} }];
}
