import t from 'tap';
import { linkServiceToProject, linkServiceToSite, registerService, service, unlinkServiceFromProject, unlinkServiceFromSite, type ServiceEvent, type ServiceRegistration } from '../../domain/service.js';
import { deciderSpec } from '../helpers/decider.js';

const registration: ServiceRegistration = {
  id: 3,
  uuid: '3f1c4a2e-6a0b-4c61-9d3e-0a5c1b7e2f10',
  key: 'FileTransferService',
  name: 'File Transfer Service',
  hostname: '127.0.0.1',
  port: 4042,
  endpoint: '/',
  clientEndpoint: '/file',
  endpointUser: null,
  endpointParticipant: null,
  endpointDevice: null,
  enabled: true,
  system: true,
  editableConfig: false,
  defaultConfig: '{}',
  hasAssets: true,
  hasTests: false,
};
const registered: ServiceEvent = { type: 'ServiceRegistered', data: { ...registration } };
const linkedSite = (siteId: number, linkId = siteId): ServiceEvent => ({ type: 'ServiceLinkedToSite', data: { siteId, linkId } });
const linkedProject = (projectId: number, siteId: number, linkId = projectId): ServiceEvent => ({ type: 'ServiceLinkedToProject', data: { projectId, siteId, linkId } });
const unlinkedProject = (projectId: number): ServiceEvent => ({ type: 'ServiceUnlinkedFromProject', data: { projectId } });
const unlinkedSite = (siteId: number): ServiceEvent => ({ type: 'ServiceUnlinkedFromSite', data: { siteId } });

t.equal(service.category, 'service');

t.test('registerService', (t) => {
  const { given } = deciderSpec(t);
  given(service, []).when((s) => registerService(s, registration)).then([registered], 'given no service, when registered, then ServiceRegistered');
  given(service, []).when((s) => registerService(s, { ...registration, key: ' FileTransferService ', name: ' File Transfer Service ' })).then([registered], 'key and name trimmed');
  given(service, [])
    .when((s) => registerService(s, { ...registration, extra: 'x' } as ServiceRegistration))
    .then([registered], 'fields the registration does not declare never reach the event');
  given(service, []).when((s) => registerService(s, { ...registration, key: ' ' })).thenThrows('invalid', 'a blank key is refused');
  given(service, []).when((s) => registerService(s, { ...registration, name: '' })).thenThrows('invalid', 'a blank name is refused');
  given(service, [registered]).when((s) => registerService(s, registration)).thenThrows('conflict', 'twice is refused');
  t.end();
});

t.test('links', (t) => {
  const { given } = deciderSpec(t);
  given(service, [registered]).when((s) => linkServiceToSite(s, { siteId: 1, linkId: 2 })).then([linkedSite(1, 2)], 'given a service, when linked to a site, then linked');
  given(service, [registered, linkedSite(1)]).when((s) => linkServiceToSite(s, { siteId: 1, linkId: 9 })).then([], 'linking again changes nothing');
  given(service, [registered, linkedSite(1)])
    .when((s) => linkServiceToProject(s, { projectId: 2, linkId: 3 }, { siteOfProject: 1 }))
    .then([linkedProject(2, 1, 3)], 'given its site link, when linked to a project of that site, then linked');
  given(service, [registered]).when((s) => linkServiceToProject(s, { projectId: 3, linkId: 4 }, { siteOfProject: 2 })).thenThrows('invalid', 'a project of a site it is not linked to is refused');
  given(service, [registered, linkedSite(1), linkedProject(2, 1)]).when((s) => linkServiceToProject(s, { projectId: 2, linkId: 9 }, { siteOfProject: 1 })).then([], 'again: nothing');
  given(service, [registered, linkedSite(1), linkedProject(2, 1)]).when((s) => unlinkServiceFromProject(s, 2)).then([unlinkedProject(2)], 'unlinked from the project');
  given(service, [registered, linkedSite(1)]).when((s) => unlinkServiceFromProject(s, 2)).then([], 'a project it is not linked to: nothing');
  given(service, [registered, linkedSite(1), linkedSite(2), linkedProject(1, 1), linkedProject(3, 2)])
    .when((s) => unlinkServiceFromSite(s, 1))
    .then([unlinkedProject(1), unlinkedSite(1)], "unlinking a site unlinks that site's projects first, not the others");
  given(service, [registered]).when((s) => unlinkServiceFromSite(s, 1)).then([], 'a site it is not linked to: nothing');
  given(service, [registered, linkedSite(1), linkedProject(2, 1), unlinkedProject(2), unlinkedSite(1)]).thenState(
    { status: 'active', id: 3, key: 'FileTransferService', sites: [], projects: [] },
    'links folded away',
  );
  given(service, []).when((s) => linkServiceToSite(s, { siteId: 1, linkId: 1 })).thenThrows('not-found', 'no service, no link');
  given(service, [linkedSite(1)]).thenState({ status: 'absent' }, 'events before the registration change nothing');
  t.end();
});
