import t from 'tap';
import {
  deleteDevice,
  device,
  devicePersonalData,
  issueDeviceCertificate,
  issueDeviceToken,
  linkDeviceToParticipant,
  linkDeviceToProject,
  linkDeviceToSite,
  registerDevice,
  unlinkDeviceFromParticipant,
  unlinkDeviceFromProject,
  unlinkDeviceFromSite,
  updateDevice,
  type DeviceEvent,
  type DeviceRegistration,
  type KnownDevice,
} from '../../domain/device.js';
import { deciderSpec } from '../helpers/decider.js';

const registration: DeviceRegistration = {
  id: 1,
  uuid: 'b707e0b2-0000-4000-8000-000000000001',
  name: 'Apple Watch #W05P1',
  typeId: 2,
  subtypeId: null,
  enabled: true,
  onlineable: false,
  config: null,
  notes: null,
  infos: null,
  tokenId: 'c0ffee00-0000-4000-8000-000000000001',
};
/** The state DeviceRegistered(registration) folds to. */
const active: KnownDevice = {
  status: 'active',
  id: 1,
  name: 'Apple Watch #W05P1',
  typeId: 2,
  subtypeId: null,
  enabled: true,
  onlineable: false,
  config: null,
  notes: null,
  infos: null,
  tokenId: 'c0ffee00-0000-4000-8000-000000000001',
  certificateSerial: null,
  sites: [],
  projects: [],
  participants: [],
};

const registered: DeviceEvent = { type: 'DeviceRegistered', data: { ...registration } };
const detailsChanged = (data: Extract<DeviceEvent, { type: 'DeviceDetailsChanged' }>['data']): DeviceEvent => ({ type: 'DeviceDetailsChanged', data });
const enabled: DeviceEvent = { type: 'DeviceEnabled', data: {} };
const disabled: DeviceEvent = { type: 'DeviceDisabled', data: {} };
const onlineableSet = (onlineable: boolean): DeviceEvent => ({ type: 'DeviceOnlineableSet', data: { onlineable } });
const tokenIssued = (tokenId: string): DeviceEvent => ({ type: 'DeviceTokenIssued', data: { tokenId } });
const certificateIssued = (serial: string): DeviceEvent => ({ type: 'DeviceCertificateIssued', data: { certificate: `PEM ${serial}`, serial } });
const linkedToSite = (siteId: number, linkId: number): DeviceEvent => ({ type: 'DeviceLinkedToSite', data: { siteId, linkId } });
const unlinkedFromSite = (siteId: number): DeviceEvent => ({ type: 'DeviceUnlinkedFromSite', data: { siteId } });
const linkedToProject = (projectId: number, siteId: number, linkId: number): DeviceEvent => ({ type: 'DeviceLinkedToProject', data: { projectId, siteId, linkId } });
const unlinkedFromProject = (projectId: number): DeviceEvent => ({ type: 'DeviceUnlinkedFromProject', data: { projectId } });
const linkedToParticipant = (participantId: number, linkId: number): DeviceEvent => ({ type: 'DeviceLinkedToParticipant', data: { participantId, linkId } });
const unlinkedFromParticipant = (participantId: number): DeviceEvent => ({ type: 'DeviceUnlinkedFromParticipant', data: { participantId } });
const deleted: DeviceEvent = { type: 'DeviceDeleted', data: {} };

/** Linked to site 1 and its projects 1 and 2, and to participant 5 (of project 1). */
const linked = [registered, linkedToSite(1, 10), linkedToProject(1, 1, 20), linkedToProject(2, 1, 21), linkedToParticipant(5, 30)];
const noParticipants = { projectOfParticipant: {} };

t.equal(device.category, 'device', 'streams are device-<uuid>');

t.test('registerDevice', (t) => {
  const { given } = deciderSpec(t);
  given(device, []).when((s) => registerDevice(s, registration)).then([registered], 'given no device, when registered, then DeviceRegistered carries it all, token id included');
  given(device, []).when((s) => registerDevice(s, { ...registration, name: ' Apple Watch #W05P1 ' })).then([registered], 'the name is trimmed');
  given(device, [])
    .when((s) => registerDevice(s, { ...registration, device_token: 'chosen' } as typeof registration))
    .then([registered], 'a field the registration does not declare never reaches the event');
  given(device, []).when((s) => registerDevice(s, { ...registration, subtypeId: 0 })).then([registered], "OpenTera's subtype 0 means none");
  given(device, [])
    .when((s) => registerDevice(s, { ...registration, subtypeId: 3 }, { subtypeTypeId: 2 }))
    .then([{ type: 'DeviceRegistered', data: { ...registration, subtypeId: 3 } }], 'a subtype of the type is kept');
  given(device, []).when((s) => registerDevice(s, { ...registration, subtypeId: 3 }, { subtypeTypeId: 4 })).thenThrows('invalid', 'a subtype of another type is refused');
  given(device, []).when((s) => registerDevice(s, { ...registration, subtypeId: 3 })).thenThrows('invalid', 'an unknown subtype is refused');
  given(device, []).when((s) => registerDevice(s, { ...registration, name: ' ' })).thenThrows('invalid', 'a blank name is refused');
  given(device, []).when((s) => registerDevice(s, { ...registration, tokenId: '' })).thenThrows('invalid', 'a token id is required');
  given(device, [registered]).when((s) => registerDevice(s, registration)).thenThrows('conflict', 'an existing device conflicts');
  t.end();
});

t.test('registerDevice does not alias the command', (t) => {
  const command = { ...registration };
  const [event] = registerDevice({ status: 'absent' }, command);
  t.not(event?.data, command, 'the event data is a copy');
  t.end();
});

t.test('updateDevice: details, flags', (t) => {
  const { given } = deciderSpec(t);
  given(device, [registered]).when((s) => updateDevice(s, { name: 'Montre', config: '{"a":1}' })).then([detailsChanged({ name: 'Montre', config: '{"a":1}' })], 'changed details in one event');
  given(device, [registered]).when((s) => updateDevice(s, { notes: 'chez M. X', infos: 'v2' })).then([detailsChanged({ notes: 'chez M. X', infos: 'v2' })]);
  given(device, [registered]).when((s) => updateDevice(s, { enabled: false })).then([disabled]);
  given(device, [registered, disabled]).when((s) => updateDevice(s, { enabled: true })).then([enabled]);
  given(device, [registered]).when((s) => updateDevice(s, { onlineable: true })).then([onlineableSet(true)]);
  given(device, [registered])
    .when((s) => updateDevice(s, { onlineable: true, enabled: false, name: 'Montre' }))
    .then([detailsChanged({ name: 'Montre' }), disabled, onlineableSet(true)], 'several changes, in a fixed order');
  t.end();
});

t.test('updateDevice is idempotent', (t) => {
  const { given } = deciderSpec(t);
  given(device, [registered])
    .when((s) => updateDevice(s, { name: ' Apple Watch #W05P1 ', config: null, notes: null, infos: null, typeId: 2, subtypeId: 0, enabled: true, onlineable: false }))
    .then([], 'an update that changes nothing emits nothing');
  given(device, [registered]).when((s) => updateDevice(s, {})).then([], 'an empty update emits nothing');
  t.end();
});

t.test('updateDevice: type and subtype', (t) => {
  const { given } = deciderSpec(t);
  const withSubtype: DeviceEvent = { type: 'DeviceRegistered', data: { ...registration, subtypeId: 3 } };
  given(device, [registered]).when((s) => updateDevice(s, { typeId: 4 })).then([detailsChanged({ typeId: 4 })], 'a device without subtype changes type');
  given(device, [registered]).when((s) => updateDevice(s, { subtypeId: 3 }, { subtypeTypeId: 2 })).then([detailsChanged({ subtypeId: 3 })], 'a subtype of its type');
  given(device, [registered]).when((s) => updateDevice(s, { subtypeId: 3 }, { subtypeTypeId: 4 })).thenThrows('invalid', 'a subtype of another type is refused');
  given(device, [withSubtype]).when((s) => updateDevice(s, { subtypeId: 0 })).then([detailsChanged({ subtypeId: null })], 'subtype 0 clears it');
  given(device, [withSubtype]).when((s) => updateDevice(s, { typeId: 4 })).thenThrows('invalid', 'the current subtype does not follow to another type');
  given(device, [withSubtype])
    .when((s) => updateDevice(s, { typeId: 4, subtypeId: 7 }, { subtypeTypeId: 4 }))
    .then([detailsChanged({ typeId: 4, subtypeId: 7 })], 'type and subtype change together');
  given(device, [withSubtype]).when((s) => updateDevice(s, { typeId: 4, subtypeId: null })).then([detailsChanged({ typeId: 4, subtypeId: null })]);
  t.end();
});

t.test('updateDevice refusals', (t) => {
  const { given } = deciderSpec(t);
  given(device, [registered]).when((s) => updateDevice(s, { name: '' })).thenThrows('invalid', 'a blank name is refused');
  given(device, []).when((s) => updateDevice(s, { name: 'X' })).thenThrows('not-found', 'an absent device is not found');
  given(device, [registered, deleted]).when((s) => updateDevice(s, { name: 'X' })).thenThrows('not-found', 'a deleted device is not found');
  t.end();
});

t.test('issueDeviceToken', (t) => {
  const { given } = deciderSpec(t);
  given(device, [registered]).when((s) => issueDeviceToken(s, 'new-jti')).then([tokenIssued('new-jti')], 'a new token replaces the old');
  given(device, [registered]).when((s) => issueDeviceToken(s, registration.tokenId)).then([], 'the current token id again emits nothing');
  given(device, [registered]).when((s) => issueDeviceToken(s, '')).thenThrows('invalid');
  given(device, [registered, deleted]).when((s) => issueDeviceToken(s, 'new-jti')).thenThrows('not-found');
  t.end();
});

t.test('issueDeviceCertificate', (t) => {
  const { given } = deciderSpec(t);
  given(device, [registered]).when((s) => issueDeviceCertificate(s, { certificate: 'PEM 01', serial: '01' })).then([certificateIssued('01')]);
  given(device, [registered, certificateIssued('01')]).when((s) => issueDeviceCertificate(s, { certificate: 'PEM 01', serial: '01' })).then([], 'the same serial again emits nothing');
  given(device, [registered, certificateIssued('01')]).when((s) => issueDeviceCertificate(s, { certificate: 'PEM 02', serial: '02' })).then([certificateIssued('02')], 'a new certificate replaces the old');
  given(device, [registered]).when((s) => issueDeviceCertificate(s, { certificate: ' ', serial: '01' })).thenThrows('invalid', 'a certificate is required');
  given(device, [registered]).when((s) => issueDeviceCertificate(s, { certificate: 'PEM', serial: '' })).thenThrows('invalid', 'a serial is required');
  given(device, []).when((s) => issueDeviceCertificate(s, { certificate: 'PEM', serial: '01' })).thenThrows('not-found');
  t.end();
});

t.test('linking', (t) => {
  const { given } = deciderSpec(t);
  given(device, [registered]).when((s) => linkDeviceToSite(s, { siteId: 1, linkId: 10 })).then([linkedToSite(1, 10)]);
  given(device, [registered, linkedToSite(1, 10)]).when((s) => linkDeviceToSite(s, { siteId: 1, linkId: 11 })).then([], 'a linked site again emits nothing');
  given(device, [registered, linkedToSite(1, 10)])
    .when((s) => linkDeviceToProject(s, { projectId: 1, linkId: 20 }, { siteOfProject: 1 }))
    .then([linkedToProject(1, 1, 20)], 'a project of a linked site');
  given(device, [registered, linkedToSite(1, 10)])
    .when((s) => linkDeviceToProject(s, { projectId: 3, linkId: 20 }, { siteOfProject: 2 }))
    .thenThrows('forbidden', 'a project whose site is not linked is refused');
  given(device, linked).when((s) => linkDeviceToProject(s, { projectId: 1, linkId: 22 }, { siteOfProject: 1 })).then([], 'a linked project again emits nothing');
  given(device, linked)
    .when((s) => linkDeviceToParticipant(s, { participantId: 6, linkId: 31 }, { projectOfParticipant: 2 }))
    .then([linkedToParticipant(6, 31)], 'a participant of a linked project');
  given(device, linked)
    .when((s) => linkDeviceToParticipant(s, { participantId: 6, linkId: 31 }, { projectOfParticipant: 3 }))
    .thenThrows('forbidden', 'a participant whose project is not linked is refused');
  given(device, linked).when((s) => linkDeviceToParticipant(s, { participantId: 5, linkId: 32 }, { projectOfParticipant: 1 })).then([], 'a linked participant again emits nothing');
  given(device, [registered, deleted]).when((s) => linkDeviceToSite(s, { siteId: 1, linkId: 10 })).thenThrows('not-found', 'a deleted device links nothing');
  t.end();
});

t.test('unlinking', (t) => {
  const { given } = deciderSpec(t);
  const facts = { projectOfParticipant: { 5: 1 } };
  given(device, linked).when((s) => unlinkDeviceFromParticipant(s, 5)).then([unlinkedFromParticipant(5)]);
  given(device, linked).when((s) => unlinkDeviceFromParticipant(s, 6)).then([], 'an unlinked participant emits nothing');
  given(device, linked).when((s) => unlinkDeviceFromProject(s, 2, facts)).then([unlinkedFromProject(2)], 'a project without linked participants');
  given(device, linked).when((s) => unlinkDeviceFromProject(s, 1, facts)).thenThrows('conflict', 'a project with a linked participant is refused');
  given(device, linked)
    .when((s) => unlinkDeviceFromProject(s, 2, { projectOfParticipant: { 5: 2 } }))
    .thenThrows('conflict', "the participant's current project counts, not the one it had when linked");
  given(device, linked).when((s) => unlinkDeviceFromProject(s, 1, { projectOfParticipant: { 5: 3 } })).then([unlinkedFromProject(1)], 'a participant that moved away does not hold the project');
  given(device, linked).when((s) => unlinkDeviceFromProject(s, 9, facts)).then([], 'an unlinked project emits nothing');
  given(device, linked).when((s) => unlinkDeviceFromSite(s, 1, facts)).thenThrows('conflict', 'a site whose project has a linked participant is refused');
  given(device, [...linked, unlinkedFromParticipant(5)])
    .when((s) => unlinkDeviceFromSite(s, 1, noParticipants))
    .then([unlinkedFromProject(1), unlinkedFromProject(2), unlinkedFromSite(1)], "unlinking a site unlinks its projects first");
  given(device, [...linked, linkedToSite(2, 11), linkedToProject(3, 2, 22)])
    .when((s) => unlinkDeviceFromSite(s, 2, facts))
    .then([unlinkedFromProject(3), unlinkedFromSite(2)], "another site's projects stay");
  given(device, linked).when((s) => unlinkDeviceFromSite(s, 2, facts)).then([], 'an unlinked site emits nothing');
  given(device, []).when((s) => unlinkDeviceFromSite(s, 1, facts)).thenThrows('not-found');
  t.end();
});

t.test('deleteDevice', (t) => {
  const { given } = deciderSpec(t);
  given(device, [registered, linkedToSite(1, 10), linkedToProject(1, 1, 20)]).when((s) => deleteDevice(s)).then([deleted], 'site and project links do not hold it');
  given(device, linked).when((s) => deleteDevice(s)).thenThrows('conflict', 'refused while linked to a participant');
  given(device, [...linked, unlinkedFromParticipant(5)]).when((s) => deleteDevice(s)).then([deleted]);
  given(device, []).when((s) => deleteDevice(s)).thenThrows('not-found');
  given(device, [registered, deleted]).when((s) => deleteDevice(s)).thenThrows('not-found', 'deleting twice: not found');
  t.end();
});

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(device, [registered]).thenState(active, 'DeviceRegistered: no certificate, no links');
  given(device, [registered, detailsChanged({ name: 'Montre', config: 'c', notes: 'n', infos: 'i', typeId: 4, subtypeId: 7 })]).thenState(
    { ...active, name: 'Montre', config: 'c', notes: 'n', infos: 'i', typeId: 4, subtypeId: 7 },
    'DeviceDetailsChanged sets what it carries',
  );
  given(device, [registered, detailsChanged({ notes: 'n' })]).thenState({ ...active, notes: 'n' }, 'and leaves the rest');
  given(device, [registered, disabled, onlineableSet(true), tokenIssued('t2'), certificateIssued('01')]).thenState(
    { ...active, enabled: false, onlineable: true, tokenId: 't2', certificateSerial: '01' },
    'flags, token and certificate',
  );
  given(device, [registered, disabled, enabled]).thenState(active, 'enabled again');
  given(device, linked).thenState(
    { ...active, sites: [1], projects: [{ projectId: 1, siteId: 1 }, { projectId: 2, siteId: 1 }], participants: [5] },
    'links with the site of each project',
  );
  given(device, [...linked, unlinkedFromParticipant(5), unlinkedFromProject(1), unlinkedFromProject(2), unlinkedFromSite(1)]).thenState(active, 'all unlinked');
  given(device, [registered, linkedToSite(1, 10), linkedToProject(1, 1, 20), deleted]).thenState({ ...active, status: 'deleted' }, 'deleting ends its links');
  given(device, [disabled, linkedToSite(1, 10)]).thenState({ status: 'absent' }, 'events before registration leave an absent device');
  t.end();
});

t.test('personal data declarations', (t) => {
  const fields = (type: string) => devicePersonalData[type]?.map((f) => f.field).sort();
  t.strictSame(fields('DeviceRegistered'), ['config', 'infos', 'name', 'notes'], 'DeviceRegistered declares name, config, notes and infos');
  t.strictSame(fields('DeviceDetailsChanged'), ['config', 'infos', 'name', 'notes'], 'DeviceDetailsChanged declares the same');
  t.strictSame(Object.keys(devicePersonalData).sort(), ['DeviceDetailsChanged', 'DeviceRegistered'], 'flags, tokens, certificates and links carry no personal data');
  t.end();
});
