import t from 'tap';
import { createProject, project, type CreateProject, type ProjectEvent, type ProjectState } from '../../domain/project.js';
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
