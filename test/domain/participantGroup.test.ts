import t from 'tap';
import {
  createParticipantGroup,
  deleteParticipantGroup,
  moveParticipantGroup,
  participantGroup,
  renameParticipantGroup,
  updateParticipantGroup,
  type CreateParticipantGroup,
  type ParticipantGroupEvent,
} from '../../domain/participantGroup.js';
import { deciderSpec } from '../helpers/decider.js';

const command: CreateParticipantGroup = { id: 1, uuid: '7c3a9e20-0000-4000-8000-000000000001', projectId: 1, name: 'Default Participant Group A' };
const created: ParticipantGroupEvent = { type: 'ParticipantGroupCreated', data: command };
const renamed = (name: string): ParticipantGroupEvent => ({ type: 'ParticipantGroupRenamed', data: { name } });
const moved = (projectId: number): ParticipantGroupEvent => ({ type: 'ParticipantGroupMovedToProject', data: { projectId } });
const deleted: ParticipantGroupEvent = { type: 'ParticipantGroupDeleted', data: {} };

t.equal(participantGroup.category, 'participantGroup', 'streams are participantGroup-<uuid>');

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(participantGroup, []).thenState({ status: 'absent' }, 'no events: absent');
  given(participantGroup, [created]).thenState({ status: 'active', id: 1, projectId: 1, name: 'Default Participant Group A' }, 'created: active in its project');
  given(participantGroup, [created, renamed('B'), moved(2)]).thenState({ status: 'active', id: 1, projectId: 2, name: 'B' }, 'renamed and moved');
  given(participantGroup, [created, deleted]).thenState({ status: 'deleted', id: 1, projectId: 1, name: 'Default Participant Group A' }, 'deleted keeps its last facts');
  given(participantGroup, [renamed('B'), moved(2), deleted]).thenState({ status: 'absent' }, 'events before the creation change nothing');
  t.end();
});

t.test('createParticipantGroup', (t) => {
  const { given } = deciderSpec(t);
  given(participantGroup, []).when((s) => createParticipantGroup(s, command)).then([created], 'given no group, when created, then ParticipantGroupCreated');
  given(participantGroup, [])
    .when((s) => createParticipantGroup(s, { ...command, name: '  Default Participant Group A \n' }))
    .then([created], 'the name is trimmed');
  given(participantGroup, []).when((s) => createParticipantGroup(s, { ...command, name: ' ' })).thenThrows('invalid', 'a blank name is refused');
  given(participantGroup, [created]).when((s) => createParticipantGroup(s, command)).thenThrows('conflict', 'an existing group cannot be created again');
  given(participantGroup, [created, deleted]).when((s) => createParticipantGroup(s, command)).thenThrows('conflict', 'nor can a deleted one');
  t.end();
});

t.test('renameParticipantGroup', (t) => {
  const { given } = deciderSpec(t);
  given(participantGroup, [created]).when((s) => renameParticipantGroup(s, ' Group B ')).then([renamed('Group B')], 'a new name, trimmed');
  given(participantGroup, [created]).when((s) => renameParticipantGroup(s, 'Default Participant Group A ')).then([], 'the same name emits nothing');
  given(participantGroup, [created]).when((s) => renameParticipantGroup(s, '')).thenThrows('invalid', 'an empty name is refused');
  given(participantGroup, []).when((s) => renameParticipantGroup(s, 'B')).thenThrows('not-found', 'an unknown group');
  given(participantGroup, [created, deleted]).when((s) => renameParticipantGroup(s, 'B')).thenThrows('not-found', 'a deleted group');
  t.end();
});

t.test('moveParticipantGroup', (t) => {
  const { given } = deciderSpec(t);
  given(participantGroup, [created]).when((s) => moveParticipantGroup(s, 2)).then([moved(2)], 'another project emits ParticipantGroupMovedToProject');
  given(participantGroup, [created]).when((s) => moveParticipantGroup(s, 1)).then([], 'its own project emits nothing');
  given(participantGroup, [created, moved(2)]).when((s) => moveParticipantGroup(s, 1)).then([moved(1)], 'and back again');
  given(participantGroup, []).when((s) => moveParticipantGroup(s, 2)).thenThrows('not-found', 'an unknown group');
  given(participantGroup, [created, deleted]).when((s) => moveParticipantGroup(s, 2)).thenThrows('not-found', 'a deleted group');
  t.end();
});

t.test('updateParticipantGroup', (t) => {
  const { given } = deciderSpec(t);
  given(participantGroup, [created]).when((s) => updateParticipantGroup(s, { name: 'B', projectId: 2 })).then([renamed('B'), moved(2)], 'rename, then move');
  given(participantGroup, [created])
    .when((s) => updateParticipantGroup(s, { name: 'Default Participant Group A', projectId: 2 }))
    .then([moved(2)], 'only what changes');
  given(participantGroup, [created]).when((s) => updateParticipantGroup(s, {})).then([], 'nothing posted, nothing emitted');
  given(participantGroup, [created]).when((s) => updateParticipantGroup(s, { name: ' ', projectId: 2 })).thenThrows('invalid', 'a blank name refuses the whole update');
  given(participantGroup, []).when((s) => updateParticipantGroup(s, {})).thenThrows('not-found', 'an unknown group, even with nothing to change');
  t.end();
});

t.test('deleteParticipantGroup', (t) => {
  const { given } = deciderSpec(t);
  given(participantGroup, [created]).when((s) => deleteParticipantGroup(s)).then([deleted], 'an active group is deleted');
  given(participantGroup, []).when((s) => deleteParticipantGroup(s)).thenThrows('not-found', 'an unknown group');
  given(participantGroup, [created, deleted]).when((s) => deleteParticipantGroup(s)).thenThrows('not-found', 'a deleted group, as OpenTera finds no such id');
  t.end();
});
