import t from 'tap';
import { changeTest, createTest, deleteTest, test as testAggregate, testPersonalData, type TestCreation, type TestEvent } from '../../domain/test.js';
import { deciderSpec } from '../helpers/decider.js';

const command: TestCreation = {
  id: 1,
  uuid: '7e570000-0000-4000-8000-000000000001',
  typeId: 1,
  sessionId: 2,
  subjects: { participantId: 1, userId: null, deviceId: null, serviceId: null },
  name: 'Test #0',
  datetime: '2025-01-20T14:03:11.512345+00:00',
  status: 0,
  summary: null,
};
const created: TestEvent = { type: 'TestCreated', data: { ...command } };
const changed = (data: Record<string, unknown>): TestEvent => ({ type: 'TestChanged', data });
const deleted: TestEvent = { type: 'TestDeleted', data: {} };
const state = { id: 1, typeId: 1, sessionId: 2, name: 'Test #0', datetime: '2025-01-20T14:03:11.512345+00:00', status: 0, summary: null };

t.equal(testAggregate.category, 'test', 'streams are test-<uuid>');
t.strictSame(testPersonalData, { TestCreated: [{ field: 'summary' }], TestChanged: [{ field: 'summary' }] }, "the summary (a person's results) is personal data");

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(testAggregate, []).thenState({ lifecycle: 'absent' });
  given(testAggregate, [created]).thenState({ lifecycle: 'active', ...state }, 'created');
  given(testAggregate, [created, changed({ status: 2, summary: '{"score": 3}' }), deleted]).thenState({ lifecycle: 'deleted', ...state, status: 2, summary: '{"score": 3}' }, 'changed, then deleted');
  given(testAggregate, [changed({ status: 2 })]).thenState({ lifecycle: 'absent' }, 'events before the creation change nothing');
  t.end();
});

t.test('createTest', (t) => {
  const { given } = deciderSpec(t);
  given(testAggregate, []).when((s) => createTest(s, command)).then([created], 'TestCreated');
  given(testAggregate, []).when((s) => createTest(s, { ...command, name: ' Test #0 ' })).then([created], 'the name is trimmed');
  given(testAggregate, []).when((s) => createTest(s, { ...command, name: '' })).thenThrows('invalid', 'a name is needed');
  given(testAggregate, []).when((s) => createTest(s, { ...command, status: 3 })).thenThrows('invalid', "a status is one of OpenTera's three");
  given(testAggregate, []).when((s) => createTest(s, { ...command, datetime: 'now' })).thenThrows('invalid', 'a bad time is refused');
  given(testAggregate, [created]).when((s) => createTest(s, command)).thenThrows('conflict', 'a test is created once');
  t.end();
});

t.test('changeTest', (t) => {
  const { given } = deciderSpec(t);
  given(testAggregate, [created]).when((s) => changeTest(s, { status: 2, summary: '{}', name: 'Test #0' })).then([changed({ status: 2, summary: '{}' })], 'only what changes');
  given(testAggregate, [created]).when((s) => changeTest(s, { status: 0 })).then([], 'nothing new: no event');
  given(testAggregate, [created]).when((s) => changeTest(s, { status: 7 })).thenThrows('invalid');
  given(testAggregate, [created, deleted]).when((s) => changeTest(s, { status: 2 })).thenThrows('not-found', 'a deleted test');
  given(testAggregate, []).when((s) => changeTest(s, { status: 2 })).thenThrows('not-found', 'an unknown test');
  t.end();
});

t.test('deleteTest', (t) => {
  const { given } = deciderSpec(t);
  given(testAggregate, [created]).when(deleteTest).then([deleted]);
  given(testAggregate, [created, deleted]).when(deleteTest).then([], 'deleting again changes nothing');
  given(testAggregate, []).when(deleteTest).thenThrows('not-found');
  t.end();
});
