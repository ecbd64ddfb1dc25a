import t from 'tap';
import {
  changeParticipantPassword,
  deleteParticipant,
  moveParticipant,
  participant,
  participantPersonalData,
  registerParticipant,
  updateParticipant,
  type ActiveParticipant,
  type ParticipantEvent,
  type ParticipantRegistration,
  type RegisterParticipant,
} from '../../domain/participant.js';
import { deciderSpec } from '../helpers/decider.js';

const hash = '$2b$12$c2FsdHNhbHRzYWx0c2FsdOaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const tokenA = '0b7c5d2e-0000-4000-8000-00000000000a';
const tokenB = '0b7c5d2e-0000-4000-8000-00000000000b';
const registration: ParticipantRegistration = {
  id: 1,
  uuid: 'bfb7f4dd-d134-4ee8-b0ae-86b67c7ffca0',
  projectId: 1,
  groupId: 1,
  name: 'Participant #1',
  email: 'x@opentera.org',
  username: 'participant1',
  passwordHash: hash,
  enabled: true,
  loginEnabled: true,
  tokenEnabled: false,
};
const register: RegisterParticipant = { ...registration, projectEnabled: true, tokenId: tokenA };
/** The state ParticipantRegistered(registration) folds to. */
const active: ActiveParticipant = {
  status: 'active',
  id: 1,
  projectId: 1,
  groupId: 1,
  name: 'Participant #1',
  email: 'x@opentera.org',
  username: 'participant1',
  passwordHash: hash,
  enabled: true,
  loginEnabled: true,
  tokenEnabled: false,
  tokenId: null,
};

const registered: ParticipantEvent = { type: 'ParticipantRegistered', data: { ...registration } };
const registeredWithToken: ParticipantEvent = { type: 'ParticipantRegistered', data: { ...registration, tokenEnabled: true } };
const detailsChanged = (data: Extract<ParticipantEvent, { type: 'ParticipantDetailsChanged' }>['data']): ParticipantEvent => ({ type: 'ParticipantDetailsChanged', data });
const passwordChanged = (passwordHash: string): ParticipantEvent => ({ type: 'ParticipantPasswordChanged', data: { passwordHash } });
const enabled: ParticipantEvent = { type: 'ParticipantEnabled', data: {} };
const disabled: ParticipantEvent = { type: 'ParticipantDisabled', data: {} };
const loginEnabled: ParticipantEvent = { type: 'ParticipantLoginEnabled', data: {} };
const loginDisabled: ParticipantEvent = { type: 'ParticipantLoginDisabled', data: {} };
const tokenEnabled: ParticipantEvent = { type: 'ParticipantTokenEnabled', data: {} };
const tokenDisabled: ParticipantEvent = { type: 'ParticipantTokenDisabled', data: {} };
const issued = (tokenId: string): ParticipantEvent => ({ type: 'ParticipantStaticTokenIssued', data: { tokenId } });
const revoked = (tokenId: string): ParticipantEvent => ({ type: 'ParticipantStaticTokenRevoked', data: { tokenId } });
const movedToGroup = (groupId: number | null): ParticipantEvent => ({ type: 'ParticipantMovedToGroup', data: { groupId } });
const movedToProject = (projectId: number): ParticipantEvent => ({ type: 'ParticipantMovedToProject', data: { projectId } });
const deleted: ParticipantEvent = { type: 'ParticipantDeleted', data: {} };

/** participant1 of the test defaults: token enabled, holding token A. */
const withToken = [registeredWithToken, issued(tokenA)];

t.equal(participant.category, 'participant', 'streams are participant-<uuid>');

t.test('personal data', (t) => {
  t.strictSame(
    participantPersonalData,
    {
      ParticipantRegistered: [{ field: 'name' }, { field: 'email' }, { field: 'username' }, { field: 'passwordHash' }],
      ParticipantDetailsChanged: [{ field: 'name' }, { field: 'email' }, { field: 'username' }],
      ParticipantPasswordChanged: [{ field: 'passwordHash' }],
    },
    'names, emails, usernames and password hashes are encrypted with the participant key; token ids are not personal data',
  );
  t.end();
});

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(participant, []).thenState({ status: 'absent' }, 'no events: absent');
  given(participant, [registered]).thenState(active, 'registered: every fact of the registration, no token');
  given(participant, withToken).thenState({ ...active, tokenEnabled: true, tokenId: tokenA }, 'a token issued is the current token');
  given(participant, [...withToken, revoked(tokenA), issued(tokenB)]).thenState({ ...active, tokenEnabled: true, tokenId: tokenB }, 'revoked then reissued: the new one');
  given(participant, [...withToken, tokenDisabled, revoked(tokenA)]).thenState(active, 'token flag off and token revoked');
  given(participant, [registered, detailsChanged({ email: null }), detailsChanged({ name: 'P', username: null })]).thenState(
    { ...active, name: 'P', email: null, username: null },
    'details change only the fields they carry, and null is a value',
  );
  given(participant, [registered, passwordChanged('h2'), disabled, loginDisabled]).thenState(
    { ...active, passwordHash: 'h2', enabled: false, loginEnabled: false },
    'password, enabled and login flags',
  );
  given(participant, [registered, disabled, enabled, loginDisabled, loginEnabled, tokenEnabled]).thenState({ ...active, tokenEnabled: true }, 'flags back and forth');
  given(participant, [registered, movedToProject(2), movedToGroup(null)]).thenState({ ...active, projectId: 2, groupId: null }, 'moved to another project, out of its group');
  given(participant, [registered, movedToGroup(3)]).thenState({ ...active, groupId: 3 }, 'moved to another group');
  given(participant, [registered, deleted]).thenState({ ...active, status: 'deleted' }, 'deleted keeps its last facts');
  given(participant, [enabled, detailsChanged({ name: 'P' }), deleted]).thenState({ status: 'absent' }, 'events before the registration change nothing');
  t.end();
});

t.test('registerParticipant', (t) => {
  const { given } = deciderSpec(t);
  given(participant, []).when((s) => registerParticipant(s, register)).then([registered], 'ParticipantRegistered carries the registration, not the command extras');
  given(participant, [])
    .when((s) => registerParticipant(s, { ...register, password: 'plain' } as RegisterParticipant))
    .then([registered], 'a field the registration does not declare (a plain password) never reaches the event');
  given(participant, [])
    .when((s) => registerParticipant(s, { ...register, tokenEnabled: true }))
    .then([registeredWithToken, issued(tokenA)], 'token enabled and participant enabled: a token is issued with the given id');
  given(participant, [])
    .when((s) => registerParticipant(s, { ...register, tokenEnabled: true, enabled: false }))
    .then([{ type: 'ParticipantRegistered', data: { ...registration, tokenEnabled: true, enabled: false } }], 'token enabled but participant disabled: no token');
  given(participant, [])
    .when((s) => registerParticipant(s, { ...register, groupId: null, email: null, username: null, passwordHash: null, loginEnabled: false }))
    .then(
      [{ type: 'ParticipantRegistered', data: { ...registration, groupId: null, email: null, username: null, passwordHash: null, loginEnabled: false } }],
      'no group, email, username or password',
    );
  given(participant, []).when((s) => registerParticipant(s, { ...register, name: ' Participant #1\n' })).then([registered], 'the name is trimmed');
  given(participant, []).when((s) => registerParticipant(s, { ...register, name: '  ' })).thenThrows('invalid', 'a blank name is refused');
  given(participant, []).when((s) => registerParticipant(s, { ...register, projectEnabled: false })).thenThrows('invalid', 'a disabled project is refused');
  given(participant, [])
    .when((s) => registerParticipant(s, { ...register, projectEnabled: false, enabled: false }))
    .thenThrows('invalid', 'even for a disabled participant, as OpenTera');
  given(participant, [registered]).when((s) => registerParticipant(s, register)).thenThrows('conflict', 'an existing participant cannot be registered again');
  given(participant, [registered, deleted]).when((s) => registerParticipant(s, register)).thenThrows('conflict', 'nor can a deleted one');
  t.end();
});

t.test('updateParticipant: details and flags', (t) => {
  const { given } = deciderSpec(t);
  const update = { projectEnabled: true, tokenId: tokenB };
  given(participant, [registered])
    .when((s) => updateParticipant(s, { ...update, name: ' P2 ', email: null, username: 'p2' }))
    .then([detailsChanged({ name: 'P2', email: null, username: 'p2' })], 'changed details in one event, the name trimmed');
  given(participant, [registered])
    .when((s) => updateParticipant(s, { ...update, name: 'Participant #1', email: 'y@opentera.org', username: 'participant1' }))
    .then([detailsChanged({ email: 'y@opentera.org' })], 'only the fields that change');
  given(participant, [registered])
    .when((s) => updateParticipant(s, { ...update, name: 'Participant #1', email: 'x@opentera.org', username: 'participant1', enabled: true, loginEnabled: true, tokenEnabled: false }))
    .then([], 'the same values again emit nothing');
  given(participant, [registered]).when((s) => updateParticipant(s, update)).then([], 'an empty update emits nothing');
  given(participant, [registered]).when((s) => updateParticipant(s, { ...update, name: '' })).thenThrows('invalid', 'a blank name is refused');
  given(participant, [registered]).when((s) => updateParticipant(s, { ...update, enabled: false })).then([disabled], 'disabling');
  given(participant, [registered, disabled]).when((s) => updateParticipant(s, { ...update, enabled: true })).then([enabled], 'enabling');
  given(participant, [registered]).when((s) => updateParticipant(s, { ...update, loginEnabled: false })).then([loginDisabled], 'login off');
  given(participant, [registered, loginDisabled]).when((s) => updateParticipant(s, { ...update, loginEnabled: true })).then([loginEnabled], 'login on');
  given(participant, [registered])
    .when((s) => updateParticipant(s, { ...update, email: null, enabled: false, loginEnabled: false }))
    .then([detailsChanged({ email: null }), disabled, loginDisabled], 'details, then enabled, then login');
  given(participant, []).when((s) => updateParticipant(s, update)).thenThrows('not-found', 'an unknown participant');
  given(participant, [registered, deleted]).when((s) => updateParticipant(s, update)).thenThrows('not-found', 'a deleted participant');
  t.end();
});

t.test('updateParticipant: a disabled project', (t) => {
  const { given } = deciderSpec(t);
  const update = { projectEnabled: false, tokenId: tokenB };
  given(participant, [registered, disabled]).when((s) => updateParticipant(s, { ...update, enabled: true })).thenThrows('invalid', 'enabling is refused');
  given(participant, [registered])
    .when((s) => updateParticipant(s, { ...update, enabled: true }))
    .thenThrows('invalid', 'posting enabled: true is refused even when already enabled, as OpenTera');
  given(participant, [registered]).when((s) => updateParticipant(s, { ...update, name: 'P2', enabled: false })).then([detailsChanged({ name: 'P2' }), disabled], 'disabling goes through');
  given(participant, [registered]).when((s) => updateParticipant(s, { ...update, email: null })).then([detailsChanged({ email: null })], 'so do other fields');
  t.end();
});

t.test('updateParticipant: the static token', (t) => {
  const { given } = deciderSpec(t);
  const update = { projectEnabled: true, tokenId: tokenB };
  given(participant, [registered]).when((s) => updateParticipant(s, { ...update, tokenEnabled: true })).then([tokenEnabled, issued(tokenB)], 'token on: issued with the new id');
  given(participant, withToken).when((s) => updateParticipant(s, { ...update, tokenEnabled: false })).then([tokenDisabled, revoked(tokenA)], 'token off: the current one revoked');
  given(participant, withToken).when((s) => updateParticipant(s, { ...update, tokenEnabled: true })).then([], 'token on again: the same token stays');
  given(participant, withToken).when((s) => updateParticipant(s, { ...update, enabled: false })).then([disabled], 'disabling the participant keeps its token (authentication refuses it while disabled)');
  given(participant, [...withToken, disabled])
    .when((s) => updateParticipant(s, { ...update, enabled: true }))
    .then([enabled], 'enabling it again: the same token works again, as in OpenTera');
  given(participant, [...withToken, disabled])
    .when((s) => updateParticipant(s, { ...update, enabled: false, tokenEnabled: false }))
    .then([tokenDisabled, revoked(tokenA)], 'token off while disabled: cleared');
  given(participant, [registered, disabled])
    .when((s) => updateParticipant(s, { ...update, tokenEnabled: true }))
    .then([tokenEnabled], 'token on for a disabled participant: the flag only');
  given(participant, [registeredWithToken, disabled])
    .when((s) => updateParticipant(s, { ...update, tokenEnabled: false }))
    .then([tokenDisabled], 'token off for a disabled participant: the flag only');
  given(participant, [registered, disabled])
    .when((s) => updateParticipant(s, { ...update, enabled: true, tokenEnabled: true }))
    .then([enabled, tokenEnabled, issued(tokenB)], 'both on at once: one token');
  given(participant, withToken)
    .when((s) => updateParticipant(s, { ...update, enabled: false, tokenEnabled: false }))
    .then([disabled, tokenDisabled, revoked(tokenA)], 'both off at once: one revocation');
  given(participant, [...withToken, tokenDisabled, revoked(tokenA)])
    .when((s) => updateParticipant(s, { ...update, tokenEnabled: true }))
    .then([tokenEnabled, issued(tokenB)], 'toggled off and on: a new token, as OpenTera regenerates it');
  given(participant, withToken)
    .when((s) => updateParticipant(s, { ...update, name: 'P2', loginEnabled: false }))
    .then([detailsChanged({ name: 'P2' }), loginDisabled], 'other changes leave the token alone');
  t.end();
});

t.test('changeParticipantPassword', (t) => {
  const { given } = deciderSpec(t);
  given(participant, [registered]).when((s) => changeParticipantPassword(s, 'h2')).then([passwordChanged('h2')], 'a new hash');
  given(participant, [registered]).when((s) => changeParticipantPassword(s, hash)).then([passwordChanged(hash)], 'always emitted: hashes are salted');
  given(participant, [{ type: 'ParticipantRegistered', data: { ...registration, passwordHash: null } }])
    .when((s) => changeParticipantPassword(s, 'h2'))
    .then([passwordChanged('h2')], 'a first password');
  given(participant, withToken).when((s) => changeParticipantPassword(s, 'h2')).then([passwordChanged('h2')], 'the static token is not touched');
  given(participant, []).when((s) => changeParticipantPassword(s, 'h2')).thenThrows('not-found', 'an unknown participant');
  given(participant, [registered, deleted]).when((s) => changeParticipantPassword(s, 'h2')).thenThrows('not-found', 'a deleted participant');
  t.end();
});

t.test('moveParticipant', (t) => {
  const { given } = deciderSpec(t);
  given(participant, [registered]).when((s) => moveParticipant(s, { groupId: 2, projectId: 1 })).then([movedToGroup(2)], 'another group of the same project');
  given(participant, [registered]).when((s) => moveParticipant(s, { groupId: null, projectId: 1 })).then([movedToGroup(null)], 'out of its group');
  given(participant, [registered]).when((s) => moveParticipant(s, { groupId: 3, projectId: 2 })).then([movedToProject(2), movedToGroup(3)], 'a group of another project: the project first');
  given(participant, [registered]).when((s) => moveParticipant(s, { groupId: null, projectId: 2 })).then([movedToProject(2), movedToGroup(null)], 'another project without a group');
  given(participant, [registered]).when((s) => moveParticipant(s, { groupId: 1, projectId: 2 })).then([movedToProject(2)], 'its group moved to another project takes it along');
  given(participant, [registered]).when((s) => moveParticipant(s, { groupId: 1, projectId: 1 })).then([], 'where it is already: nothing');
  given(participant, withToken).when((s) => moveParticipant(s, { groupId: 3, projectId: 2 })).then([movedToProject(2), movedToGroup(3)], 'the static token stays');
  given(participant, []).when((s) => moveParticipant(s, { groupId: 2, projectId: 1 })).thenThrows('not-found', 'an unknown participant');
  given(participant, [registered, deleted]).when((s) => moveParticipant(s, { groupId: 2, projectId: 1 })).thenThrows('not-found', 'a deleted participant');
  t.end();
});

t.test('deleteParticipant', (t) => {
  const { given } = deciderSpec(t);
  given(participant, [registered]).when((s) => deleteParticipant(s)).then([deleted], 'without a token: deleted');
  given(participant, withToken).when((s) => deleteParticipant(s)).then([revoked(tokenA), deleted], 'with a token: revoked first, then deleted');
  given(participant, []).when((s) => deleteParticipant(s)).thenThrows('not-found', 'an unknown participant');
  given(participant, [registered, deleted]).when((s) => deleteParticipant(s)).thenThrows('not-found', 'a deleted participant');
  t.end();
});
