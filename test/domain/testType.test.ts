import t from 'tap';
import {
  changeTestType,
  createTestType,
  deleteTestType,
  linkTestTypeToProject,
  linkTestTypeToSite,
  testType,
  unlinkTestTypeFromProject,
  unlinkTestTypeFromSite,
  type TestTypeCreation,
  type TestTypeEvent,
} from '../../domain/testType.js';
import { deciderSpec } from '../helpers/decider.js';

const command: TestTypeCreation = {
  id: 1,
  uuid: '7e570000-0000-4000-8000-0000000000a1',
  name: 'Pre-session evaluation',
  description: 'Evaluation shown before a session',
  key: 'PRE',
  serviceId: 6,
  hasJsonFormat: true,
  hasWebFormat: false,
  hasWebEditor: false,
};
const created: TestTypeEvent = { type: 'TestTypeCreated', data: { ...command } };
const changed = (data: Record<string, unknown>): TestTypeEvent => ({ type: 'TestTypeChanged', data });
const toSite = (siteId: number, linkId = siteId): TestTypeEvent => ({ type: 'TestTypeLinkedToSite', data: { siteId, linkId } });
const offSite = (siteId: number): TestTypeEvent => ({ type: 'TestTypeUnlinkedFromSite', data: { siteId } });
const toProject = (projectId: number, siteId: number, linkId = projectId): TestTypeEvent => ({ type: 'TestTypeLinkedToProject', data: { projectId, siteId, linkId } });
const offProject = (projectId: number): TestTypeEvent => ({ type: 'TestTypeUnlinkedFromProject', data: { projectId } });
const deleted: TestTypeEvent = { type: 'TestTypeDeleted', data: {} };
const { id: _id, uuid: _uuid, ...fields } = command;

t.equal(testType.category, 'testType', 'streams are testType-<uuid>');

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(testType, []).thenState({ status: 'absent' });
  given(testType, [created, toSite(1), toSite(2), toProject(1, 1), toProject(3, 2)]).thenState(
    { status: 'active', id: 1, ...fields, sites: [1, 2], projects: [{ projectId: 1, siteId: 1 }, { projectId: 3, siteId: 2 }] },
    'created and linked',
  );
  given(testType, [created, toSite(1), toSite(2), toProject(3, 2), offProject(3), offSite(2), changed({ name: 'B', key: null })]).thenState(
    { status: 'active', id: 1, ...fields, name: 'B', key: null, sites: [1], projects: [] },
    'unlinked and changed',
  );
  given(testType, [created, toSite(1), toProject(1, 1), deleted]).thenState({ status: 'deleted', id: 1, ...fields, sites: [], projects: [] }, 'deleted: no links left');
  given(testType, [toSite(1), deleted]).thenState({ status: 'absent' }, 'events before the creation change nothing');
  t.end();
});

t.test('createTestType', (t) => {
  const { given } = deciderSpec(t);
  given(testType, []).when((s) => createTestType(s, command)).then([created]);
  given(testType, []).when((s) => createTestType(s, { ...command, name: ' Pre-session evaluation ', key: ' PRE ' })).then([created], 'name and key trimmed');
  given(testType, [])
    .when((s) => createTestType(s, { ...command, key: '', description: ' ' }))
    .then([{ type: 'TestTypeCreated', data: { ...command, key: null, description: null } }], 'a blank key or description is none');
  given(testType, []).when((s) => createTestType(s, { ...command, name: '' })).thenThrows('invalid', 'a name is needed');
  given(testType, []).when((s) => createTestType(s, { ...command, serviceId: 0 })).thenThrows('invalid', 'a service is needed');
  given(testType, [created]).when((s) => createTestType(s, command)).thenThrows('conflict');
  t.end();
});

t.test('changeTestType', (t) => {
  const { given } = deciderSpec(t);
  given(testType, [created]).when((s) => changeTestType(s, { name: 'Test 2', hasJsonFormat: true, hasWebFormat: true })).then([changed({ name: 'Test 2', hasWebFormat: true })], 'only what changes');
  given(testType, [created]).when((s) => changeTestType(s, { key: 'PRE', serviceId: 6 })).then([], 'nothing new: no event');
  given(testType, [created]).when((s) => changeTestType(s, { key: '' })).then([changed({ key: null })], 'a blank key clears it');
  given(testType, [created]).when((s) => changeTestType(s, { name: ' ' })).thenThrows('invalid');
  given(testType, [created, deleted]).when((s) => changeTestType(s, { name: 'B' })).thenThrows('not-found');
  t.end();
});

t.test('links', (t) => {
  const { given } = deciderSpec(t);
  given(testType, [created]).when((s) => linkTestTypeToSite(s, { siteId: 1, linkId: 7 })).then([toSite(1, 7)], 'to a site');
  given(testType, [created, toSite(1)]).when((s) => linkTestTypeToSite(s, { siteId: 1, linkId: 8 })).then([], 'again: nothing');
  given(testType, [created, toSite(1)]).when((s) => linkTestTypeToProject(s, { projectId: 2, linkId: 5 }, { siteOfProject: 1 })).then([toProject(2, 1, 5)], 'to a project of a linked site');
  given(testType, [created, toSite(1), toProject(2, 1)]).when((s) => linkTestTypeToProject(s, { projectId: 2, linkId: 6 }, { siteOfProject: 1 })).then([], 'again: nothing');
  given(testType, [created, toSite(1)]).when((s) => linkTestTypeToProject(s, { projectId: 3, linkId: 5 }, { siteOfProject: 2 })).thenThrows('invalid', 'not in a linked site');
  given(testType, [created, toSite(1), toProject(2, 1)]).when((s) => unlinkTestTypeFromProject(s, 2)).then([offProject(2)]);
  given(testType, [created, toSite(1)]).when((s) => unlinkTestTypeFromProject(s, 2)).then([], 'not linked: nothing');
  given(testType, [created, toSite(1), toSite(2), toProject(1, 1), toProject(2, 1), toProject(3, 2)])
    .when((s) => unlinkTestTypeFromSite(s, 1))
    .then([offProject(1), offProject(2), offSite(1)], "a site takes the type's projects there with it");
  given(testType, [created]).when((s) => unlinkTestTypeFromSite(s, 1)).then([], 'not linked: nothing');
  given(testType, []).when((s) => linkTestTypeToSite(s, { siteId: 1, linkId: 1 })).thenThrows('not-found');
  t.end();
});

t.test('deleteTestType', (t) => {
  const { given } = deciderSpec(t);
  given(testType, [created]).when(deleteTestType).then([deleted]);
  given(testType, [created, deleted]).when(deleteTestType).thenThrows('not-found');
  t.end();
});
