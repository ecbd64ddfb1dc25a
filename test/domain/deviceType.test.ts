import t from 'tap';
import {
  addDeviceSubtype,
  createDeviceType,
  deleteDeviceType,
  deviceType,
  removeDeviceSubtype,
  renameDeviceSubtype,
  renameDeviceType,
  type DeviceTypeEvent,
  type KnownDeviceType,
} from '../../domain/deviceType.js';
import { deciderSpec } from '../helpers/decider.js';

const command = { id: 1, uuid: '0b3c5a10-0000-4000-8000-000000000001', name: 'Capteur', key: 'capteur' };
const created: DeviceTypeEvent = { type: 'DeviceTypeCreated', data: { ...command } };
const renamed = (name: string): DeviceTypeEvent => ({ type: 'DeviceTypeRenamed', data: { name } });
const subtypeAdded = (subtypeId: number, name: string): DeviceTypeEvent => ({ type: 'DeviceSubtypeAdded', data: { subtypeId, name } });
const subtypeRenamed = (subtypeId: number, name: string): DeviceTypeEvent => ({ type: 'DeviceSubtypeRenamed', data: { subtypeId, name } });
const subtypeRemoved = (subtypeId: number): DeviceTypeEvent => ({ type: 'DeviceSubtypeRemoved', data: { subtypeId } });
const deleted: DeviceTypeEvent = { type: 'DeviceTypeDeleted', data: {} };
const active: KnownDeviceType = { status: 'active', id: 1, name: 'Capteur', key: 'capteur', subtypes: [] };

t.equal(deviceType.category, 'deviceType', 'streams are deviceType-<uuid>');

t.test('createDeviceType', (t) => {
  const { given } = deciderSpec(t);
  given(deviceType, []).when((s) => createDeviceType(s, command)).then([created], 'given no type, when created, then DeviceTypeCreated');
  given(deviceType, []).when((s) => createDeviceType(s, { ...command, name: ' Capteur ', key: ' capteur ' })).then([created], 'name and key are trimmed');
  given(deviceType, [created]).when((s) => createDeviceType(s, command)).thenThrows('conflict', 'an existing type conflicts');
  given(deviceType, [created, deleted]).when((s) => createDeviceType(s, command)).thenThrows('conflict', 'a deleted type conflicts');
  given(deviceType, []).when((s) => createDeviceType(s, { ...command, name: ' ' })).thenThrows('invalid', 'a blank name is refused');
  given(deviceType, []).when((s) => createDeviceType(s, { ...command, key: '' })).thenThrows('invalid', 'an empty key is refused');
  t.end();
});

t.test('renameDeviceType', (t) => {
  const { given } = deciderSpec(t);
  given(deviceType, [created]).when((s) => renameDeviceType(s, 'Sensor')).then([renamed('Sensor')]);
  given(deviceType, [created]).when((s) => renameDeviceType(s, ' Capteur ')).then([], 'the same name emits nothing');
  given(deviceType, [created]).when((s) => renameDeviceType(s, '')).thenThrows('invalid');
  given(deviceType, []).when((s) => renameDeviceType(s, 'Sensor')).thenThrows('not-found', 'an absent type is not found');
  given(deviceType, [created, deleted]).when((s) => renameDeviceType(s, 'Sensor')).thenThrows('not-found', 'a deleted type is not found');
  t.end();
});

t.test('addDeviceSubtype', (t) => {
  const { given } = deciderSpec(t);
  given(deviceType, [created]).when((s) => addDeviceSubtype(s, { subtypeId: 3, name: ' Bureau ' })).then([subtypeAdded(3, 'Bureau')], 'the name is trimmed');
  given(deviceType, [created, subtypeAdded(3, 'Bureau')]).when((s) => addDeviceSubtype(s, { subtypeId: 3, name: 'Bureau' })).then([], 'the same subtype again emits nothing');
  given(deviceType, [created, subtypeAdded(3, 'Bureau')])
    .when((s) => addDeviceSubtype(s, { subtypeId: 3, name: 'Salon' }))
    .thenThrows('conflict', 'the same id with another name conflicts');
  given(deviceType, [created]).when((s) => addDeviceSubtype(s, { subtypeId: 3, name: ' ' })).thenThrows('invalid', 'a blank name is refused');
  given(deviceType, [created, deleted]).when((s) => addDeviceSubtype(s, { subtypeId: 3, name: 'Bureau' })).thenThrows('not-found', 'a deleted type takes no subtype');
  t.end();
});

t.test('renameDeviceSubtype and removeDeviceSubtype', (t) => {
  const { given } = deciderSpec(t);
  const withSubtype = [created, subtypeAdded(3, 'Bureau')];
  given(deviceType, withSubtype).when((s) => renameDeviceSubtype(s, 3, 'Salon')).then([subtypeRenamed(3, 'Salon')]);
  given(deviceType, withSubtype).when((s) => renameDeviceSubtype(s, 3, 'Bureau')).then([], 'the same name emits nothing');
  given(deviceType, withSubtype).when((s) => renameDeviceSubtype(s, 3, '')).thenThrows('invalid');
  given(deviceType, withSubtype).when((s) => renameDeviceSubtype(s, 4, 'Salon')).thenThrows('not-found', 'an unknown subtype is not found');
  given(deviceType, withSubtype).when((s) => removeDeviceSubtype(s, 3)).then([subtypeRemoved(3)]);
  given(deviceType, [...withSubtype, subtypeRemoved(3)]).when((s) => removeDeviceSubtype(s, 3)).thenThrows('not-found', 'a removed subtype is not found');
  given(deviceType, []).when((s) => removeDeviceSubtype(s, 3)).thenThrows('not-found', 'an absent type is not found');
  t.end();
});

t.test('deleteDeviceType', (t) => {
  const { given } = deciderSpec(t);
  given(deviceType, [created, subtypeAdded(3, 'Bureau')]).when((s) => deleteDeviceType(s)).then([deleted]);
  given(deviceType, []).when((s) => deleteDeviceType(s)).thenThrows('not-found');
  given(deviceType, [created, deleted]).when((s) => deleteDeviceType(s)).thenThrows('not-found', 'deleting twice: not found');
  t.end();
});

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(deviceType, [created]).thenState(active, 'DeviceTypeCreated: no subtypes yet');
  given(deviceType, [created, renamed('Sensor'), subtypeAdded(3, 'Bureau'), subtypeAdded(4, 'Salon'), subtypeRenamed(3, 'Cuisine')]).thenState(
    { ...active, name: 'Sensor', subtypes: [{ id: 3, name: 'Cuisine' }, { id: 4, name: 'Salon' }] },
    'renames apply, subtypes keep their order',
  );
  given(deviceType, [created, subtypeAdded(3, 'Bureau'), subtypeAdded(4, 'Salon'), subtypeRemoved(3)]).thenState(
    { ...active, subtypes: [{ id: 4, name: 'Salon' }] },
    'a removed subtype is gone',
  );
  given(deviceType, [created, subtypeAdded(3, 'Bureau'), deleted]).thenState({ ...active, status: 'deleted' }, 'deleting a type drops its subtypes');
  given(deviceType, [renamed('X'), subtypeAdded(3, 'Y')]).thenState({ status: 'absent' }, 'events before creation leave an absent type');
  t.end();
});
