import t from 'tap';
import {
  addSessionTypeService,
  changeSessionType,
  createSessionType,
  deleteSessionType,
  linkSessionTypeToProject,
  linkSessionTypeToSite,
  removeSessionTypeService,
  sessionType,
  unlinkSessionTypeFromProject,
  unlinkSessionTypeFromSite,
  type KnownSessionType,
  type SessionTypeCreation,
  type SessionTypeEvent,
} from '../../domain/sessionType.js';
import { deciderSpec } from '../helpers/decider.js';

const command: SessionTypeCreation = { id: 1, uuid: '5e55a0a1-0000-4000-8000-000000000001', name: 'Suivi vidéo', online: true, config: '', color: '#00FF00', category: 1, serviceId: 6 };
const created: SessionTypeEvent = { type: 'SessionTypeCreated', data: { ...command } };
const changed = (data: Record<string, unknown>): SessionTypeEvent => ({ type: 'SessionTypeChanged', data });
const siteLinked = (siteId: number, linkId = siteId): SessionTypeEvent => ({ type: 'SessionTypeLinkedToSite', data: { siteId, linkId } });
const siteUnlinked = (siteId: number): SessionTypeEvent => ({ type: 'SessionTypeUnlinkedFromSite', data: { siteId } });
const projectLinked = (projectId: number, siteId: number, linkId = projectId): SessionTypeEvent => ({ type: 'SessionTypeLinkedToProject', data: { projectId, siteId, linkId } });
const projectUnlinked = (projectId: number): SessionTypeEvent => ({ type: 'SessionTypeUnlinkedFromProject', data: { projectId } });
const serviceAdded = (serviceId: number, linkId = serviceId): SessionTypeEvent => ({ type: 'SessionTypeServiceAdded', data: { serviceId, linkId } });
const serviceRemoved = (serviceId: number): SessionTypeEvent => ({ type: 'SessionTypeServiceRemoved', data: { serviceId } });
const deleted: SessionTypeEvent = { type: 'SessionTypeDeleted', data: {} };
const active: KnownSessionType = {
  status: 'active',
  id: 1,
  name: 'Suivi vidéo',
  online: true,
  config: '',
  color: '#00FF00',
  category: 1,
  serviceId: 6,
  sites: [],
  projects: [],
  services: [],
};
/** Linked to sites 1 and 2, projects 1 and 2 of site 1 and project 3 of site 2. */
const linked = [created, siteLinked(1), siteLinked(2), projectLinked(1, 1), projectLinked(2, 1), projectLinked(3, 2)];

t.equal(sessionType.category, 'sessionType', 'streams are sessionType-<uuid>');

t.test('createSessionType', (t) => {
  const { given } = deciderSpec(t);
  given(sessionType, []).when((s) => createSessionType(s, command)).then([created], 'given no type, when created, then SessionTypeCreated');
  given(sessionType, [])
    .when((s) => createSessionType(s, { ...command, name: ' Suivi vidéo ' }))
    .then([created], 'the name is trimmed');
  given(sessionType, [])
    .when((s) => createSessionType(s, { ...command, serviceId: 0 }))
    .then([{ type: 'SessionTypeCreated', data: { ...command, serviceId: null } }], "OpenTera's service 0 is none");
  given(sessionType, [])
    .when((s) => createSessionType(s, { ...command, color: 'red' }))
    .then([{ type: 'SessionTypeCreated', data: { ...command, color: 'red' } }], "a color name fits OpenTera's 7 characters (its own tests post 'red')");
  given(sessionType, [created]).when((s) => createSessionType(s, command)).thenThrows('conflict', 'an existing type conflicts');
  given(sessionType, [created, deleted]).when((s) => createSessionType(s, command)).thenThrows('conflict', 'a deleted type conflicts');
  given(sessionType, []).when((s) => createSessionType(s, { ...command, name: ' ' })).thenThrows('invalid', 'a blank name is refused');
  given(sessionType, []).when((s) => createSessionType(s, { ...command, color: '#00FF00FF' })).thenThrows('invalid', 'a color longer than 7 characters is refused');
  given(sessionType, []).when((s) => createSessionType(s, { ...command, color: '' })).thenThrows('invalid', 'an empty color is refused');
  given(sessionType, []).when((s) => createSessionType(s, { ...command, category: 5 })).thenThrows('invalid', 'an unknown category is refused');
  t.end();
});

t.test('changeSessionType', (t) => {
  const { given } = deciderSpec(t);
  given(sessionType, [created])
    .when((s) => changeSessionType(s, { name: 'Test 2', category: 2 }))
    .then([changed({ name: 'Test 2', category: 2 })], 'only the posted fields');
  given(sessionType, [created])
    .when((s) => changeSessionType(s, { name: 'Suivi vidéo', color: '#00FF00', online: true }))
    .then([], 'the same values emit nothing');
  given(sessionType, [created]).when((s) => changeSessionType(s, { serviceId: 0 })).then([], 'a service 0 is ignored on update, as OpenTera');
  given(sessionType, [created]).when((s) => changeSessionType(s, { serviceId: null, category: 2 })).then([changed({ serviceId: null, category: 2 })], 'null clears the service');
  given(sessionType, [created]).when((s) => changeSessionType(s, { color: 'too long!' })).thenThrows('invalid');
  given(sessionType, []).when((s) => changeSessionType(s, { name: 'X' })).thenThrows('not-found', 'an absent type is not found');
  given(sessionType, [created, deleted]).when((s) => changeSessionType(s, { name: 'X' })).thenThrows('not-found', 'a deleted type is not found');
  t.end();
});

t.test('site and project links', (t) => {
  const { given } = deciderSpec(t);
  given(sessionType, [created]).when((s) => linkSessionTypeToSite(s, { siteId: 1, linkId: 7 })).then([siteLinked(1, 7)]);
  given(sessionType, [created, siteLinked(1)]).when((s) => linkSessionTypeToSite(s, { siteId: 1, linkId: 7 })).then([], 'linking again emits nothing');
  given(sessionType, [created, deleted]).when((s) => linkSessionTypeToSite(s, { siteId: 1, linkId: 7 })).thenThrows('not-found');
  given(sessionType, [created, siteLinked(1)])
    .when((s) => linkSessionTypeToProject(s, { projectId: 2, linkId: 9 }, { siteOfProject: 1 }))
    .then([projectLinked(2, 1, 9)], 'a project of a linked site');
  given(sessionType, [created, siteLinked(1)])
    .when((s) => linkSessionTypeToProject(s, { projectId: 3, linkId: 9 }, { siteOfProject: 2 }))
    .thenThrows('invalid', "a project needs the type linked to the project's site");
  given(sessionType, [created, siteLinked(1), projectLinked(2, 1)]).when((s) => linkSessionTypeToProject(s, { projectId: 2, linkId: 9 }, { siteOfProject: 1 })).then([], 'linking again emits nothing');
  given(sessionType, linked).when((s) => unlinkSessionTypeFromProject(s, 2)).then([projectUnlinked(2)]);
  given(sessionType, linked).when((s) => unlinkSessionTypeFromProject(s, 4)).then([], 'a project not linked emits nothing');
  given(sessionType, linked).when((s) => unlinkSessionTypeFromSite(s, 1)).then([projectUnlinked(1), projectUnlinked(2), siteUnlinked(1)], "unlinking a site unlinks the type's projects there first");
  given(sessionType, linked).when((s) => unlinkSessionTypeFromSite(s, 2)).then([projectUnlinked(3), siteUnlinked(2)], 'and only those');
  given(sessionType, linked).when((s) => unlinkSessionTypeFromSite(s, 3)).then([], 'a site not linked emits nothing');
  given(sessionType, []).when((s) => unlinkSessionTypeFromSite(s, 1)).thenThrows('not-found');
  t.end();
});

t.test('secondary services', (t) => {
  const { given } = deciderSpec(t);
  given(sessionType, [created]).when((s) => addSessionTypeService(s, { serviceId: 3, linkId: 1 })).then([serviceAdded(3, 1)]);
  given(sessionType, [created, serviceAdded(3)]).when((s) => addSessionTypeService(s, { serviceId: 3, linkId: 5 })).then([], 'adding again emits nothing');
  given(sessionType, [created, serviceAdded(3)]).when((s) => removeSessionTypeService(s, 3)).then([serviceRemoved(3)]);
  given(sessionType, [created]).when((s) => removeSessionTypeService(s, 3)).then([], 'a service not there emits nothing');
  given(sessionType, [created, deleted]).when((s) => addSessionTypeService(s, { serviceId: 3, linkId: 1 })).thenThrows('not-found');
  t.end();
});

t.test('deleteSessionType', (t) => {
  const { given } = deciderSpec(t);
  given(sessionType, linked).when((s) => deleteSessionType(s)).then([deleted]);
  given(sessionType, []).when((s) => deleteSessionType(s)).thenThrows('not-found');
  given(sessionType, [created, deleted]).when((s) => deleteSessionType(s)).thenThrows('not-found', 'deleting twice: not found');
  t.end();
});

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(sessionType, [created]).thenState(active, 'SessionTypeCreated: no links yet');
  given(sessionType, [...linked, serviceAdded(3), changed({ name: 'Vidéo', serviceId: null, unknown: 'ignored' })]).thenState(
    {
      ...active,
      name: 'Vidéo',
      serviceId: null,
      sites: [1, 2],
      projects: [
        { projectId: 1, siteId: 1 },
        { projectId: 2, siteId: 1 },
        { projectId: 3, siteId: 2 },
      ],
      services: [3],
    },
    'links accumulate; a change applies its known fields only',
  );
  given(sessionType, [...linked, serviceAdded(3), projectUnlinked(1), siteUnlinked(2), serviceRemoved(3)]).thenState(
    { ...active, sites: [1], projects: [{ projectId: 2, siteId: 1 }, { projectId: 3, siteId: 2 }], services: [] },
    'unlink events remove exactly what they name',
  );
  given(sessionType, [...linked, serviceAdded(3), deleted]).thenState({ ...active, status: 'deleted' }, 'a deleted type keeps no links');
  given(sessionType, [siteLinked(1), changed({ name: 'X' })]).thenState({ status: 'absent' }, 'events before creation leave an absent type');
  t.end();
});
