import t from 'tap';
import { asset, assetPersonalData, createAsset, deleteAsset, renameAsset, type AssetCreation, type AssetEvent } from '../../domain/asset.js';
import { deciderSpec } from '../helpers/decider.js';

const command: AssetCreation = {
  id: 4,
  uuid: '5a1e0000-0000-4000-8000-000000000004',
  sessionId: 3,
  creators: { userId: null, participantId: null, deviceId: 1, serviceId: 1 },
  name: 'Device Asset',
  ownerServiceUuid: '00000000-0000-0000-0000-000000000001',
  mimeType: 'video/mpeg',
  datetime: null,
  expirationDatetime: null,
};
const created: AssetEvent = { type: 'AssetCreated', data: { ...command } };
const renamed = (name: string): AssetEvent => ({ type: 'AssetRenamed', data: { name } });
const deleted: AssetEvent = { type: 'AssetDeleted', data: {} };

t.equal(asset.category, 'asset', 'streams are asset-<uuid>');
t.strictSame(assetPersonalData, { AssetCreated: [{ field: 'name' }], AssetRenamed: [{ field: 'name' }] }, 'the name is personal data, in every event that carries it');

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(asset, []).thenState({ status: 'absent' });
  given(asset, [created]).thenState({ status: 'active', id: 4, sessionId: 3, name: 'Device Asset' }, 'created: active in its session');
  given(asset, [created, renamed('B'), deleted]).thenState({ status: 'deleted', id: 4, sessionId: 3, name: 'B' }, 'renamed, then deleted');
  given(asset, [renamed('B'), deleted]).thenState({ status: 'absent' }, 'events before the creation change nothing');
  t.end();
});

t.test('createAsset', (t) => {
  const { given } = deciderSpec(t);
  given(asset, []).when((s) => createAsset(s, command)).then([created], 'given no asset, when created, then AssetCreated');
  given(asset, []).when((s) => createAsset(s, { ...command, name: ' Device Asset\n' })).then([created], 'the name is trimmed');
  given(asset, [])
    .when((s) => createAsset(s, { ...command, datetime: '2025-01-20T14:03:11.512345-05:00', expirationDatetime: '2025-02-20T00:00:00+00:00' }))
    .then([{ type: 'AssetCreated', data: { ...command, datetime: '2025-01-20T14:03:11.512345-05:00', expirationDatetime: '2025-02-20T00:00:00+00:00' } }], 'with its times');
  given(asset, []).when((s) => createAsset(s, { ...command, name: ' ' })).thenThrows('invalid', 'a blank name is refused');
  given(asset, []).when((s) => createAsset(s, { ...command, mimeType: 'video' })).thenThrows('invalid', 'a type that is not a MIME type is refused');
  given(asset, []).when((s) => createAsset(s, { ...command, datetime: 'yesterday' })).thenThrows('invalid', 'a bad time is refused');
  given(asset, []).when((s) => createAsset(s, { ...command, expirationDatetime: '2025-13-45' })).thenThrows('invalid', 'a bad expiry is refused');
  given(asset, [created]).when((s) => createAsset(s, command)).thenThrows('conflict', 'an asset is created once');
  t.end();
});

t.test('renameAsset', (t) => {
  const { given } = deciderSpec(t);
  given(asset, [created]).when((s) => renameAsset(s, ' Gait video ')).then([renamed('Gait video')], 'a new name, trimmed');
  given(asset, [created]).when((s) => renameAsset(s, 'Device Asset')).then([], 'the same name emits nothing');
  given(asset, [created]).when((s) => renameAsset(s, '')).thenThrows('invalid', 'a blank name is refused');
  given(asset, []).when((s) => renameAsset(s, 'B')).thenThrows('not-found', 'an unknown asset');
  given(asset, [created, deleted]).when((s) => renameAsset(s, 'B')).thenThrows('not-found', 'a deleted asset');
  t.end();
});

t.test('deleteAsset', (t) => {
  const { given } = deciderSpec(t);
  given(asset, [created]).when(deleteAsset).then([deleted], 'AssetDeleted');
  given(asset, [created, deleted]).when(deleteAsset).then([], 'deleting again changes nothing');
  given(asset, []).when(deleteAsset).thenThrows('not-found', 'an unknown asset');
  t.end();
});
