import t from 'tap';
import { createProject, deleteProject, project, updateProject, type CreateProject, type ProjectEvent, type ProjectState } from '../../domain/project.js';
import { deciderSpec } from '../helpers/decider.js';

const command: CreateProject = {
  id: 1,
  uuid: '2b8e6f1a-0000-4000-8000-000000000001',
  siteId: 1,
  name: 'Default Project #1',
  enabled: true,
  description: null,
  adminRoleId: 17,
  userRoleId: 18,
};
const created: ProjectEvent = { type: 'ProjectCreated', data: command };
const deleted: ProjectEvent = { type: 'ProjectDeleted', data: {} };
const renamed = (name: string): ProjectEvent => ({ type: 'ProjectRenamed', data: { name } });
const described = (description: string | null): ProjectEvent => ({ type: 'ProjectDescriptionChanged', data: { description } });
const enabled: ProjectEvent = { type: 'ProjectEnabled', data: {} };
const disabled: ProjectEvent = { type: 'ProjectDisabled', data: {} };
const active: ProjectState = { status: 'active', id: 1, siteId: 1, name: 'Default Project #1', enabled: true, description: null };

t.equal(project.category, 'project', 'streams are project-<uuid>');

t.test('createProject', (t) => {
  const { given } = deciderSpec(t);
  given(project, [])
    .when((s) => createProject(s, command))
    .then([created], 'given no project, when created, then ProjectCreated carries the site, name, flags and both role ids');
  given(project, [])
    .when((s) => createProject(s, { ...command, name: ' Default Project #1  ' }))
    .then([created], 'the name is trimmed');
  given(project, [])
    .when((s) => createProject(s, { ...command, enabled: false, description: 'A study' }))
    .then([{ type: 'ProjectCreated', data: { ...command, enabled: false, description: 'A study' } }], 'a disabled project with a description');
  given(project, []).when((s) => createProject(s, { ...command, name: '' })).thenThrows('invalid', 'an empty name is refused');
  given(project, []).when((s) => createProject(s, { ...command, name: ' \n ' })).thenThrows('invalid', 'a blank name is refused');
  given(project, [created]).when((s) => createProject(s, command)).thenThrows('conflict', 'an existing project cannot be created again');
  given(project, [created, deleted]).when((s) => createProject(s, command)).thenThrows('conflict', 'nor can a deleted one');
  t.end();
});

t.test('updateProject', (t) => {
  const { given } = deciderSpec(t);
  given(project, [created]).when((s) => updateProject(s, { name: 'Renamed' })).then([renamed('Renamed')], 'a new name emits ProjectRenamed');
  given(project, [created]).when((s) => updateProject(s, { name: '  Renamed \n' })).then([renamed('Renamed')], 'the new name is trimmed');
  given(project, [created]).when((s) => updateProject(s, { description: 'A study' })).then([described('A study')], 'a description emits ProjectDescriptionChanged');
  given(project, [created, described('A study')])
    .when((s) => updateProject(s, { description: null }))
    .then([described(null)], 'clearing the description to null emits it too');
  given(project, [created, described('A study')])
    .when((s) => updateProject(s, { description: '' }))
    .then([described('')], 'an empty description is a value, not null');
  given(project, [created]).when((s) => updateProject(s, { enabled: false })).then([disabled], 'disabling emits ProjectDisabled');
  given(project, [created, disabled]).when((s) => updateProject(s, { enabled: true })).then([enabled], 'enabling a disabled project emits ProjectEnabled');
  given(project, [created])
    .when((s) => updateProject(s, { name: 'Renamed', description: 'A study', enabled: false }))
    .then([renamed('Renamed'), described('A study'), disabled], 'all three changes emit all three events: name, description, then the flag');
  given(project, [created])
    .when((s) => updateProject(s, { name: 'Default Project #1', description: 'A study', enabled: true }))
    .then([described('A study')], 'only what changes is emitted');
  t.end();
});

t.test('updateProject is idempotent', (t) => {
  const { given } = deciderSpec(t);
  given(project, [created]).when((s) => updateProject(s, {})).then([], 'an empty update emits nothing');
  given(project, [created]).when((s) => updateProject(s, { name: 'Default Project #1' })).then([], 'the same name emits nothing');
  given(project, [created]).when((s) => updateProject(s, { name: ' Default Project #1 ' })).then([], 'the same name once trimmed emits nothing');
  given(project, [created]).when((s) => updateProject(s, { description: null })).then([], 'the same (null) description emits nothing');
  given(project, [created]).when((s) => updateProject(s, { enabled: true })).then([], 'enabling an enabled project emits nothing');
  given(project, [created, disabled]).when((s) => updateProject(s, { enabled: false })).then([], 'disabling a disabled project emits nothing');
  given(project, [created, renamed('B'), described('About'), disabled])
    .when((s) => updateProject(s, { name: 'B', description: 'About', enabled: false }))
    .then([], 'replaying the last update emits nothing');
  t.end();
});

t.test('updateProject refusals', (t) => {
  const { given } = deciderSpec(t);
  given(project, []).when((s) => updateProject(s, { name: 'X' })).thenThrows('not-found', 'an absent project cannot be updated');
  given(project, [created, deleted]).when((s) => updateProject(s, { name: 'X' })).thenThrows('not-found', 'a deleted project cannot be updated');
  given(project, [created, deleted]).when((s) => updateProject(s, {})).thenThrows('not-found', 'not even with an empty update');
  given(project, [created]).when((s) => updateProject(s, { name: '' })).thenThrows('invalid', 'an empty name is refused');
  given(project, [created]).when((s) => updateProject(s, { name: ' \t ' })).thenThrows('invalid', 'a blank name is refused');
  given(project, [created])
    .when((s) => updateProject(s, { name: '', enabled: false }))
    .thenThrows('invalid', 'a blank name refuses the whole update, the other changes included');
  t.end();
});

t.test('deleteProject', (t) => {
  const { given } = deciderSpec(t);
  given(project, [created]).when((s) => deleteProject(s)).then([deleted], 'an active project is deleted');
  given(project, [created, renamed('B'), disabled]).when((s) => deleteProject(s)).then([deleted], 'whatever its history, disabled included');
  given(project, []).when((s) => deleteProject(s)).thenThrows('not-found', 'an absent project cannot be deleted');
  given(project, [created, deleted]).when((s) => deleteProject(s)).thenThrows('not-found', 'a deleted project cannot be deleted again');
  t.end();
});

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(project, []).thenState({ status: 'absent' }, 'initially absent');
  given(project, [created]).thenState(active, 'ProjectCreated: active, with id, site, name, enabled and description (no uuid, no role ids)');
  given(project, [created, { type: 'ProjectRenamed', data: { name: 'P' } }]).thenState({ ...active, name: 'P' }, 'ProjectRenamed: new name');
  given(project, [created, { type: 'ProjectDescriptionChanged', data: { description: 'About' } }]).thenState(
    { ...active, description: 'About' },
    'ProjectDescriptionChanged: new description',
  );
  given(project, [created, { type: 'ProjectDescriptionChanged', data: { description: 'About' } }, { type: 'ProjectDescriptionChanged', data: { description: null } }]).thenState(
    active,
    'ProjectDescriptionChanged to null: description cleared',
  );
  given(project, [created, { type: 'ProjectDisabled', data: {} }]).thenState({ ...active, enabled: false }, 'ProjectDisabled: disabled');
  given(project, [created, { type: 'ProjectDisabled', data: {} }, { type: 'ProjectEnabled', data: {} }]).thenState(active, 'ProjectEnabled: enabled again');
  given(project, [created, deleted]).thenState({ ...active, status: 'deleted' }, 'ProjectDeleted: deleted, keeping its last facts');
  given(project, [{ type: 'ProjectRenamed', data: { name: 'P' } }, { type: 'ProjectDisabled', data: {} }, deleted]).thenState(
    { status: 'absent' },
    'events before ProjectCreated leave the project absent',
  );
  t.end();
});
