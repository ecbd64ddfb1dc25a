import t from 'tap';
import { createSite, deleteSite, site, updateSite, type CreateSite, type SiteEvent } from '../../domain/site.js';
import { deciderSpec } from '../helpers/decider.js';

const command: CreateSite = { id: 1, uuid: '7f0c2d1e-0000-4000-8000-000000000001', name: 'Default Site', twoFactorRequired: false, adminRoleId: 13, userRoleId: 14 };
const created: SiteEvent = { type: 'SiteCreated', data: command };
const renamed = (name: string): SiteEvent => ({ type: 'SiteRenamed', data: { name } });
const twoFactor = (required: boolean): SiteEvent => ({ type: 'SiteTwoFactorRequirementChanged', data: { required } });
const deleted: SiteEvent = { type: 'SiteDeleted', data: {} };

t.equal(site.category, 'site', 'streams are site-<uuid>');

t.test('createSite', (t) => {
  const { given } = deciderSpec(t);
  given(site, [])
    .when((s) => createSite(s, command))
    .then([created], 'given no site, when created, then SiteCreated carries the id, uuid, name, 2FA flag and both role ids');
  given(site, [])
    .when((s) => createSite(s, { ...command, name: '  Default Site \t' }))
    .then([created], 'the name is trimmed');
  given(site, []).when((s) => createSite(s, { ...command, name: '   ' })).thenThrows('invalid', 'a blank name is refused');
  given(site, []).when((s) => createSite(s, { ...command, name: '' })).thenThrows('invalid', 'an empty name is refused');
  given(site, [created]).when((s) => createSite(s, command)).thenThrows('conflict', 'an existing site cannot be created again');
  given(site, [created, deleted]).when((s) => createSite(s, command)).thenThrows('conflict', 'nor can a deleted one');
  t.end();
});

t.test('updateSite', (t) => {
  const { given } = deciderSpec(t);
  given(site, [created])
    .when((s) => updateSite(s, { name: 'Renamed Site' }))
    .then([renamed('Renamed Site')], 'a new name emits SiteRenamed');
  given(site, [created])
    .when((s) => updateSite(s, { name: '  Renamed Site  ' }))
    .then([renamed('Renamed Site')], 'the new name is trimmed');
  given(site, [created])
    .when((s) => updateSite(s, { twoFactorRequired: true }))
    .then([twoFactor(true)], 'requiring 2FA emits SiteTwoFactorRequirementChanged');
  given(site, [created, twoFactor(true)])
    .when((s) => updateSite(s, { twoFactorRequired: false }))
    .then([twoFactor(false)], 'and so does dropping it');
  given(site, [created])
    .when((s) => updateSite(s, { name: 'Renamed Site', twoFactorRequired: true }))
    .then([renamed('Renamed Site'), twoFactor(true)], 'both changes emit both events, rename first');
  given(site, [created])
    .when((s) => updateSite(s, { name: 'Renamed Site', twoFactorRequired: false }))
    .then([renamed('Renamed Site')], 'only what changes is emitted');
  t.end();
});

t.test('updateSite is idempotent', (t) => {
  const { given } = deciderSpec(t);
  given(site, [created]).when((s) => updateSite(s, {})).then([], 'an empty update emits nothing');
  given(site, [created]).when((s) => updateSite(s, { name: 'Default Site' })).then([], 'the same name emits nothing');
  given(site, [created]).when((s) => updateSite(s, { name: ' Default Site ' })).then([], 'the same name once trimmed emits nothing');
  given(site, [created]).when((s) => updateSite(s, { twoFactorRequired: false })).then([], 'the same 2FA flag emits nothing');
  given(site, [created]).when((s) => updateSite(s, { name: 'Default Site', twoFactorRequired: false })).then([], 'the same name and flag emit nothing');
  given(site, [created, renamed('B'), twoFactor(true)])
    .when((s) => updateSite(s, { name: 'B', twoFactorRequired: true }))
    .then([], 'replaying the last update emits nothing');
  t.end();
});

t.test('updateSite refusals', (t) => {
  const { given } = deciderSpec(t);
  given(site, []).when((s) => updateSite(s, { name: 'X' })).thenThrows('not-found', 'an absent site cannot be updated');
  given(site, [created, deleted]).when((s) => updateSite(s, { name: 'X' })).thenThrows('not-found', 'a deleted site cannot be updated');
  given(site, [created, deleted]).when((s) => updateSite(s, {})).thenThrows('not-found', 'not even with an empty update');
  given(site, [created]).when((s) => updateSite(s, { name: '  ' })).thenThrows('invalid', 'a blank name is refused');
  given(site, [created])
    .when((s) => updateSite(s, { name: '', twoFactorRequired: true }))
    .thenThrows('invalid', 'a blank name refuses the whole update, 2FA change included');
  t.end();
});

t.test('deleteSite', (t) => {
  const { given } = deciderSpec(t);
  given(site, [created]).when((s) => deleteSite(s)).then([deleted], 'an active site is deleted');
  given(site, [created, renamed('B'), twoFactor(true)]).when((s) => deleteSite(s)).then([deleted], 'whatever its history');
  given(site, []).when((s) => deleteSite(s)).thenThrows('not-found', 'an absent site cannot be deleted');
  given(site, [created, deleted]).when((s) => deleteSite(s)).thenThrows('not-found', 'a deleted site cannot be deleted again');
  t.end();
});

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(site, []).thenState({ status: 'absent' }, 'initially absent');
  given(site, [created]).thenState({ status: 'active', id: 1, name: 'Default Site', twoFactorRequired: false }, 'SiteCreated: active, with id, name and 2FA flag');
  given(site, [created, renamed('B')]).thenState({ status: 'active', id: 1, name: 'B', twoFactorRequired: false }, 'SiteRenamed: new name');
  given(site, [created, twoFactor(true)]).thenState({ status: 'active', id: 1, name: 'Default Site', twoFactorRequired: true }, 'SiteTwoFactorRequirementChanged: new flag');
  given(site, [created, twoFactor(true), twoFactor(false)]).thenState(
    { status: 'active', id: 1, name: 'Default Site', twoFactorRequired: false },
    'SiteTwoFactorRequirementChanged back: flag cleared',
  );
  given(site, [created, renamed('B'), deleted]).thenState({ status: 'deleted', id: 1, name: 'B', twoFactorRequired: false }, 'SiteDeleted: deleted, keeping its last facts');
  given(site, [renamed('B'), twoFactor(true), deleted]).thenState({ status: 'absent' }, 'events before SiteCreated leave the site absent');
  t.end();
});
