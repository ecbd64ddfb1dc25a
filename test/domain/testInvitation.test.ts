import t from 'tap';
import {
  changeTestInvitation,
  createTestInvitation,
  deleteTestInvitation,
  testInvitation,
  testInvitationPersonalData,
  type TestInvitationCreation,
  type TestInvitationEvent,
} from '../../domain/testInvitation.js';
import { deciderSpec } from '../helpers/decider.js';

const command: TestInvitationCreation = {
  id: 1,
  uuid: '1a000000-0000-4000-8000-000000000001',
  key: '0123456789abcdef',
  typeId: 2,
  projectId: 1,
  sessionId: null,
  target: { userId: 1 },
  maxCount: 1,
  creationDate: '2025-01-20T14:00:00.000Z',
  expirationDate: '2025-01-21T14:00:00.000Z',
  message: null,
};
const created: TestInvitationEvent = { type: 'TestInvitationCreated', data: { ...command } };
const changed = (data: Record<string, unknown>): TestInvitationEvent => ({ type: 'TestInvitationChanged', data });
const deleted: TestInvitationEvent = { type: 'TestInvitationDeleted', data: {} };

t.equal(testInvitation.category, 'testInvitation', 'streams are testInvitation-<uuid>');
t.strictSame(testInvitationPersonalData, { TestInvitationCreated: [{ field: 'key' }, { field: 'message' }] }, 'the key (a secret) and the message are personal data');

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(testInvitation, []).thenState({ status: 'absent' });
  given(testInvitation, [created]).thenState({ status: 'active', id: 1, maxCount: 1, count: 0, expirationDate: '2025-01-21T14:00:00.000Z' }, 'created with a count of 0');
  given(testInvitation, [created, changed({ count: 1, maxCount: 3 }), deleted]).thenState({ status: 'deleted', id: 1, maxCount: 3, count: 1, expirationDate: '2025-01-21T14:00:00.000Z' });
  given(testInvitation, [changed({ count: 1 })]).thenState({ status: 'absent' }, 'events before the creation change nothing');
  t.end();
});

t.test('createTestInvitation', (t) => {
  const { given } = deciderSpec(t);
  given(testInvitation, []).when((s) => createTestInvitation(s, command)).then([created]);
  given(testInvitation, [])
    .when((s) => createTestInvitation(s, { ...command, creationDate: '2025-01-20T14:00:00', expirationDate: '2025-01-21T09:00:00-05:00' }))
    .then([created], 'times are UTC instants; without an offset a time is UTC');
  given(testInvitation, [])
    .when((s) => createTestInvitation(s, { ...command, target: { participantId: 3 }, sessionId: 2, message: 'Bonjour' }))
    .then([{ type: 'TestInvitationCreated', data: { ...command, target: { participantId: 3 }, sessionId: 2, message: 'Bonjour' } }], 'for a participant, in a session');
  given(testInvitation, []).when((s) => createTestInvitation(s, { ...command, key: '0123456789ABCDEF' })).thenThrows('invalid', 'the key is lowercase hex');
  given(testInvitation, []).when((s) => createTestInvitation(s, { ...command, key: '0123' })).thenThrows('invalid', 'of 16 characters');
  given(testInvitation, [])
    .when((s) => createTestInvitation(s, { ...command, target: { userId: 1, deviceId: 2 } }))
    .thenThrows('invalid', 'two targets are refused');
  given(testInvitation, []).when((s) => createTestInvitation(s, { ...command, target: {} as never })).thenThrows('invalid', 'no target is refused');
  given(testInvitation, []).when((s) => createTestInvitation(s, { ...command, maxCount: -1 })).thenThrows('invalid', 'a negative maximum');
  given(testInvitation, []).when((s) => createTestInvitation(s, { ...command, expirationDate: 'tomorrow' })).thenThrows('invalid', 'a bad expiry');
  given(testInvitation, [created]).when((s) => createTestInvitation(s, command)).thenThrows('conflict');
  t.end();
});

t.test('changeTestInvitation', (t) => {
  const { given } = deciderSpec(t);
  given(testInvitation, [created]).when((s) => changeTestInvitation(s, { count: 1, maxCount: 1 })).then([changed({ count: 1 })], 'only what changes');
  given(testInvitation, [created])
    .when((s) => changeTestInvitation(s, { expirationDate: '2025-01-22T09:00:00+01:00' }))
    .then([changed({ expirationDate: '2025-01-22T08:00:00.000Z' })], 'a new expiry, as a UTC instant');
  given(testInvitation, [created]).when((s) => changeTestInvitation(s, { expirationDate: '2025-01-21T15:00:00+01:00' })).then([], 'the same instant: nothing');
  given(testInvitation, [created]).when((s) => changeTestInvitation(s, { count: 1.5 })).thenThrows('invalid');
  given(testInvitation, [created, deleted]).when((s) => changeTestInvitation(s, { count: 1 })).thenThrows('not-found');
  t.end();
});

t.test('deleteTestInvitation', (t) => {
  const { given } = deciderSpec(t);
  given(testInvitation, [created]).when(deleteTestInvitation).then([deleted]);
  given(testInvitation, [created, deleted]).when(deleteTestInvitation).thenThrows('not-found');
  given(testInvitation, []).when(deleteTestInvitation).thenThrows('not-found');
  t.end();
});
