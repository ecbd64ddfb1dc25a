import t from 'tap';
import { fold } from '../../domain/aggregate.js';
import {
  addUserToGroup,
  changePassword,
  configureOtp,
  createUser,
  deleteUser,
  removeUserFromGroup,
  savePreference,
  updateUser,
  user,
  userPersonalData,
  type ActiveUser,
  type UserEvent,
  type UserProfile,
} from '../../domain/user.js';
import { deciderSpec } from '../helpers/decider.js';

const hash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';
const newHash = '$argon2id$v=19$m=65536,t=3,p=4$bm91dmVhdQ$bm91dmVhdQ';
const profile: UserProfile = {
  id: 3,
  uuid: '5d1c7a90-0000-4000-8000-000000000003',
  username: 'user',
  email: null,
  firstname: 'Site',
  lastname: 'User',
  passwordHash: hash,
  enabled: true,
  profile: '',
  notes: null,
  superadmin: false,
  forcePasswordChange: false,
};
/** The state UserCreated(profile) folds to. */
const active: ActiveUser = {
  status: 'active',
  id: 3,
  firstname: 'Site',
  lastname: 'User',
  email: null,
  profile: '',
  notes: null,
  passwordHash: hash,
  superadmin: false,
  enabled: true,
  forcePasswordChange: false,
  twoFactorEnabled: false,
  otpEnabled: false,
  groups: [],
  preferences: {},
};

const created: UserEvent = { type: 'UserCreated', data: { ...profile } };
const superadminCreated: UserEvent = { type: 'UserCreated', data: { ...profile, id: 1, username: 'admin', superadmin: true } };
const forcedCreated: UserEvent = { type: 'UserCreated', data: { ...profile, forcePasswordChange: true } };
const detailsChanged = (data: Extract<UserEvent, { type: 'UserDetailsChanged' }>['data']): UserEvent => ({ type: 'UserDetailsChanged', data });
const enabled: UserEvent = { type: 'UserEnabled', data: {} };
const disabled: UserEvent = { type: 'UserDisabled', data: {} };
const passwordChanged = (passwordHash: string): UserEvent => ({ type: 'UserPasswordChanged', data: { passwordHash } });
const requirementSet = (required: boolean): UserEvent => ({ type: 'UserPasswordChangeRequirementSet', data: { required } });
const superadminSet = (superadmin: boolean): UserEvent => ({ type: 'UserSuperadminSet', data: { superadmin } });
const twoFactorSet = (on: boolean): UserEvent => ({ type: 'UserTwoFactorSet', data: { enabled: on } });
const otpConfigured = (secret: string, emailEnabled = false): UserEvent => ({ type: 'UserOtpConfigured', data: { secret, emailEnabled } });
const otpReset: UserEvent = { type: 'UserOtpReset', data: {} };
const added = (groupId: number, membershipId: number): UserEvent => ({ type: 'UserAddedToGroup', data: { groupId, membershipId } });
const removed = (groupId: number): UserEvent => ({ type: 'UserRemovedFromGroup', data: { groupId } });
const preferenceSaved = (id: number, appTag: string, preference: string): UserEvent => ({ type: 'UserPreferenceSaved', data: { id, appTag, preference } });
const preferenceDeleted = (appTag: string): UserEvent => ({ type: 'UserPreferenceDeleted', data: { appTag } });
const deleted: UserEvent = { type: 'UserDeleted', data: {} };

/** A user with 2FA on and its OTP set up. */
const withOtp = [created, twoFactorSet(true), otpConfigured('JBSWY3DPEHPK3PXP')];

t.equal(user.category, 'user', 'streams are user-<uuid>');

t.test('createUser', (t) => {
  const { given } = deciderSpec(t);
  given(user, []).when((s) => createUser(s, profile)).then([created], 'given no user, when created, then UserCreated carries the whole profile');
  given(user, [])
    .when((s) => createUser(s, { ...profile, enabled: false, superadmin: true, email: 'a@b.org', notes: 'n', forcePasswordChange: true }))
    .then(
      [{ type: 'UserCreated', data: { ...profile, enabled: false, superadmin: true, email: 'a@b.org', notes: 'n', forcePasswordChange: true } }],
      'flags, email and notes are carried as given',
    );
  given(user, []).when((s) => createUser(s, { ...profile, username: '' })).thenThrows('invalid', 'an empty username is refused');
  given(user, []).when((s) => createUser(s, { ...profile, username: '  \t' })).thenThrows('invalid', 'a blank username is refused');
  given(user, [created]).when((s) => createUser(s, profile)).thenThrows('conflict', 'an existing user cannot be created again');
  given(user, [created, deleted]).when((s) => createUser(s, profile)).thenThrows('conflict', 'nor can a deleted one');
  t.end();
});

t.test('createUser does not alias the command', (t) => {
  const command = { ...profile };
  const [event] = createUser(user.initial, command);
  t.not(event?.data, command, 'the event data is a copy');
  t.end();
});

t.test('updateUser: details', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created]).when((s) => updateUser(s, { firstname: 'Jane' })).then([detailsChanged({ firstname: 'Jane' })], 'a new first name');
  given(user, [created]).when((s) => updateUser(s, { lastname: 'Doe' })).then([detailsChanged({ lastname: 'Doe' })], 'a new last name');
  given(user, [created]).when((s) => updateUser(s, { email: 'jane@example.org' })).then([detailsChanged({ email: 'jane@example.org' })], 'a new email');
  given(user, [created]).when((s) => updateUser(s, { profile: '{"lang":"fr"}' })).then([detailsChanged({ profile: '{"lang":"fr"}' })], 'a new profile');
  given(user, [created]).when((s) => updateUser(s, { notes: 'Physio' })).then([detailsChanged({ notes: 'Physio' })], 'new notes');
  given(user, [created, detailsChanged({ email: 'jane@example.org', notes: 'Physio' })])
    .when((s) => updateUser(s, { email: null, notes: null }))
    .then([detailsChanged({ email: null, notes: null })], 'null clears the email and the notes');
  given(user, [created])
    .when((s) => updateUser(s, { firstname: 'Jane', lastname: 'User', email: null, profile: '', notes: 'n' }))
    .then([detailsChanged({ firstname: 'Jane', notes: 'n' })], 'one UserDetailsChanged with only the fields that change');
  t.end();
});

t.test('updateUser: flags', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created]).when((s) => updateUser(s, { enabled: false })).then([disabled], 'disabling emits UserDisabled');
  given(user, [created, disabled]).when((s) => updateUser(s, { enabled: true })).then([enabled], 'enabling emits UserEnabled');
  given(user, [created]).when((s) => updateUser(s, { forcePasswordChange: true })).then([requirementSet(true)], 'requiring a password change');
  given(user, [forcedCreated]).when((s) => updateUser(s, { forcePasswordChange: false })).then([requirementSet(false)], 'clearing the requirement');
  given(user, [created]).when((s) => updateUser(s, { passwordHash: newHash })).then([passwordChanged(newHash)], 'a new password hash');
  given(user, [created])
    .when((s) => updateUser(s, { passwordHash: hash }))
    .then([passwordChanged(hash)], 'a password hash is always recorded (salted hashes never repeat; the same-password check is left to the caller)');
  t.end();
});

t.test('updateUser: superadmin', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created]).when((s) => updateUser(s, { superadmin: true })).then([superadminSet(true)], 'a user without groups is made superadmin');
  given(user, [created, added(1, 10), added(4, 11)])
    .when((s) => updateUser(s, { superadmin: true }))
    .then([removed(1), removed(4), superadminSet(true)], 'a superadmin is in no group: its groups are left first, in order');
  given(user, [created, added(1, 10), removed(1)])
    .when((s) => updateUser(s, { superadmin: true }))
    .then([superadminSet(true)], 'a group already left is not left again');
  given(user, [superadminCreated]).when((s) => updateUser(s, { superadmin: false })).then([superadminSet(false)], 'a superadmin is demoted, with no group event');
  t.end();
});

t.test('updateUser: two-factor', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created]).when((s) => updateUser(s, { twoFactorEnabled: true })).then([twoFactorSet(true)], 'turning 2FA on');
  given(user, [created, twoFactorSet(true)])
    .when((s) => updateUser(s, { twoFactorEnabled: false }))
    .then([twoFactorSet(false)], 'turning 2FA off before any OTP setup resets nothing');
  given(user, withOtp).when((s) => updateUser(s, { twoFactorEnabled: false })).then([twoFactorSet(false), otpReset], 'turning 2FA off resets the OTP setup');
  given(user, withOtp).when((s) => updateUser(s, { twoFactorEnabled: true })).then([], '2FA already on keeps the OTP setup');
  t.end();
});

t.test('updateUser: several changes, in a fixed order', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, added(2, 20), twoFactorSet(true), otpConfigured('S')])
    .when((s) =>
      updateUser(s, {
        twoFactorEnabled: false,
        forcePasswordChange: true,
        passwordHash: newHash,
        superadmin: true,
        enabled: false,
        lastname: 'Doe',
      }),
    )
    .then(
      [detailsChanged({ lastname: 'Doe' }), disabled, removed(2), superadminSet(true), passwordChanged(newHash), requirementSet(true), twoFactorSet(false), otpReset],
      'details, enabled, groups and superadmin, password, requirement, 2FA and OTP',
    );
  t.end();
});

t.test('updateUser is idempotent', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created]).when((s) => updateUser(s, {})).then([], 'an empty update emits nothing');
  given(user, [created])
    .when((s) => updateUser(s, { firstname: 'Site', lastname: 'User', email: null, profile: '', notes: null }))
    .then([], 'the same details emit nothing');
  given(user, [created])
    .when((s) => updateUser(s, { enabled: true, superadmin: false, forcePasswordChange: false, twoFactorEnabled: false }))
    .then([], 'the same flags emit nothing');
  given(user, [superadminCreated]).when((s) => updateUser(s, { superadmin: true })).then([], 'a superadmin made superadmin again emits nothing');
  given(user, [created, disabled]).when((s) => updateUser(s, { enabled: false })).then([], 'a disabled user disabled again emits nothing');
  given(user, [created, detailsChanged({ email: 'jane@example.org' })])
    .when((s) => updateUser(s, { email: 'jane@example.org' }))
    .then([], 'an email already changed to emits nothing');
  t.end();
});

t.test('updateUser refusals', (t) => {
  const { given } = deciderSpec(t);
  given(user, []).when((s) => updateUser(s, { firstname: 'Jane' })).thenThrows('not-found', 'an absent user cannot be updated');
  given(user, [created, deleted]).when((s) => updateUser(s, { firstname: 'Jane' })).thenThrows('not-found', 'a deleted user cannot be updated');
  given(user, [created, deleted]).when((s) => updateUser(s, {})).thenThrows('not-found', 'not even with an empty update');
  t.end();
});

t.test('changePassword', (t) => {
  const { given } = deciderSpec(t);
  given(user, [forcedCreated])
    .when((s) => changePassword(s, newHash))
    .then([passwordChanged(newHash), requirementSet(false)], 'the forced change records the hash and clears the requirement');
  given(user, [created, requirementSet(true)])
    .when((s) => changePassword(s, newHash))
    .then([passwordChanged(newHash), requirementSet(false)], 'also when the requirement was set by an update');
  given(user, [created]).when((s) => changePassword(s, newHash)).then([passwordChanged(newHash)], 'without the requirement only the hash is recorded');
  given(user, []).when((s) => changePassword(s, newHash)).thenThrows('not-found', 'an absent user has no password to change');
  given(user, [forcedCreated, deleted]).when((s) => changePassword(s, newHash)).thenThrows('not-found', 'nor has a deleted user');
  t.end();
});

t.test('configureOtp', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, twoFactorSet(true)])
    .when((s) => configureOtp(s, 'JBSWY3DPEHPK3PXP', false))
    .then([otpConfigured('JBSWY3DPEHPK3PXP', false)], 'with 2FA on, the OTP secret is set up');
  given(user, [created, twoFactorSet(true)])
    .when((s) => configureOtp(s, 'JBSWY3DPEHPK3PXP', true))
    .then([otpConfigured('JBSWY3DPEHPK3PXP', true)], 'the email flag is carried');
  given(user, withOtp).when((s) => configureOtp(s, 'NEWSECRET', false)).then([otpConfigured('NEWSECRET', false)], 'a new setup replaces the former');
  given(user, [created]).when((s) => configureOtp(s, 'S', false)).thenThrows('invalid', 'without 2FA, no OTP setup');
  given(user, [...withOtp, twoFactorSet(false), otpReset]).when((s) => configureOtp(s, 'S', false)).thenThrows('invalid', 'nor once 2FA is turned off');
  given(user, []).when((s) => configureOtp(s, 'S', false)).thenThrows('not-found', 'an absent user');
  given(user, [created, twoFactorSet(true), deleted]).when((s) => configureOtp(s, 'S', false)).thenThrows('not-found', 'a deleted user');
  t.end();
});

t.test('addUserToGroup', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created]).when((s) => addUserToGroup(s, 1, 10)).then([added(1, 10)], 'a user joins a group');
  given(user, [created, added(1, 10)]).when((s) => addUserToGroup(s, 4, 11)).then([added(4, 11)], 'and a second one');
  given(user, [created, added(1, 10), removed(1)]).when((s) => addUserToGroup(s, 1, 12)).then([added(1, 12)], 'and a group it left');
  given(user, [superadminCreated, superadminSet(false)]).when((s) => addUserToGroup(s, 1, 10)).then([added(1, 10)], 'a demoted superadmin may join a group');
  t.end();
});

t.test('addUserToGroup is idempotent', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, added(1, 10)]).when((s) => addUserToGroup(s, 1, 10)).then([], 'joining a group it is in emits nothing');
  given(user, [created, added(1, 10), added(4, 11)]).when((s) => addUserToGroup(s, 1, 99)).then([], 'whatever the membership id');
  t.end();
});

t.test('addUserToGroup refusals', (t) => {
  const { given } = deciderSpec(t);
  given(user, []).when((s) => addUserToGroup(s, 1, 10)).thenThrows('not-found', 'an absent user cannot join a group');
  given(user, [created, deleted]).when((s) => addUserToGroup(s, 1, 10)).thenThrows('not-found', 'a deleted user cannot join a group');
  given(user, [superadminCreated]).when((s) => addUserToGroup(s, 1, 10)).thenThrows('invalid', 'a superadmin is never put in a group');
  given(user, [created, superadminSet(true)]).when((s) => addUserToGroup(s, 1, 10)).thenThrows('invalid', 'nor is a user made superadmin');
  t.end();
});

t.test('removeUserFromGroup', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, added(1, 10), added(4, 11)]).when((s) => removeUserFromGroup(s, 4)).then([removed(4)], 'a member leaves its group');
  given(user, [created, added(1, 10)]).when((s) => removeUserFromGroup(s, 4)).then([], 'leaving a group it is not in emits nothing');
  given(user, [created, added(1, 10), removed(1)]).when((s) => removeUserFromGroup(s, 1)).then([], 'leaving a group already left emits nothing');
  given(user, []).when((s) => removeUserFromGroup(s, 1)).thenThrows('not-found', 'an absent user');
  given(user, [created, added(1, 10), deleted]).when((s) => removeUserFromGroup(s, 1)).thenThrows('not-found', 'a deleted user');
  t.end();
});

t.test('savePreference', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created])
    .when((s) => savePreference(s, 'openteraplus', '{"language":"fr"}', 7))
    .then([preferenceSaved(7, 'openteraplus', '{"language":"fr"}')], 'a new preference is saved with its id');
  given(user, [created, preferenceSaved(7, 'openteraplus', '{"language":"fr"}')])
    .when((s) => savePreference(s, 'openteraplus', '{"language":"en"}', 8))
    .then([preferenceSaved(8, 'openteraplus', '{"language":"en"}')], 'a changed preference is saved again');
  given(user, [created, preferenceSaved(7, 'openteraplus', '{"language":"fr"}')])
    .when((s) => savePreference(s, 'other', '{}', 8))
    .then([preferenceSaved(8, 'other', '{}')], 'each application has its own preference');
  t.end();
});

t.test('savePreference: unchanged, empty and null', (t) => {
  const { given } = deciderSpec(t);
  const saved = preferenceSaved(7, 'openteraplus', '{"language":"fr"}');
  given(user, [created, saved]).when((s) => savePreference(s, 'openteraplus', '{"language":"fr"}', 8)).then([], 'an unchanged preference emits nothing');
  given(user, [created, saved]).when((s) => savePreference(s, 'openteraplus', '', 8)).then([preferenceDeleted('openteraplus')], 'an empty preference deletes it');
  given(user, [created, saved]).when((s) => savePreference(s, 'openteraplus', null, 8)).then([preferenceDeleted('openteraplus')], 'a null preference deletes it');
  given(user, [created]).when((s) => savePreference(s, 'openteraplus', '', 8)).then([], 'deleting an absent preference (empty) emits nothing');
  given(user, [created]).when((s) => savePreference(s, 'openteraplus', null, 8)).then([], 'deleting an absent preference (null) emits nothing');
  given(user, [created, saved, preferenceDeleted('openteraplus')])
    .when((s) => savePreference(s, 'openteraplus', null, 8))
    .then([], 'deleting a preference already deleted emits nothing');
  given(user, [created, saved]).when((s) => savePreference(s, 'other', null, 8)).then([], "deleting another application's absent preference emits nothing");
  t.end();
});

// App tags come from clients: one named like an Object.prototype member must not count as present.
t.test('savePreference: deleting an absent preference named like an Object.prototype member emits nothing', (t) => {
  const { given } = deciderSpec(t);
  for (const appTag of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
    given(user, [created]).when((s) => savePreference(s, appTag, null, 8)).then([], `deleting an absent '${appTag}' preference emits nothing`);
  }
  t.end();
});

t.test('savePreference refusals', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created]).when((s) => savePreference(s, '', '{}', 7)).thenThrows('invalid', 'an empty app tag is refused');
  given(user, [created]).when((s) => savePreference(s, ' \t', '{}', 7)).thenThrows('invalid', 'a blank app tag is refused');
  given(user, [created]).when((s) => savePreference(s, '  ', null, 7)).thenThrows('invalid', 'also for a delete');
  given(user, []).when((s) => savePreference(s, 'openteraplus', '{}', 7)).thenThrows('not-found', 'an absent user has no preferences');
  given(user, [created, deleted]).when((s) => savePreference(s, 'openteraplus', '{}', 7)).thenThrows('not-found', 'nor has a deleted user');
  t.end();
});

t.test('deleteUser', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created]).when((s) => deleteUser(s)).then([deleted], 'a user is deleted');
  given(user, [created, added(1, 10), preferenceSaved(7, 'openteraplus', '{}')]).when((s) => deleteUser(s)).then([deleted], 'groups and preferences included');
  given(user, []).when((s) => deleteUser(s)).thenThrows('not-found', 'an absent user cannot be deleted');
  given(user, [created, deleted]).when((s) => deleteUser(s)).thenThrows('not-found', 'a deleted user cannot be deleted again');
  t.end();
});

t.test('evolve: UserCreated', (t) => {
  const { given } = deciderSpec(t);
  given(user, []).thenState({ status: 'absent' }, 'initially absent');
  given(user, [created]).thenState(active, 'active, every detail kept, 2FA and OTP off, no groups, no preferences');
  given(user, [superadminCreated]).thenState({ ...active, id: 1, superadmin: true }, 'superadmin flag kept');
  given(user, [forcedCreated]).thenState({ ...active, forcePasswordChange: true }, 'password change requirement kept');
  given(user, [{ type: 'UserCreated', data: { ...profile, enabled: false, email: 'a@b.org', notes: 'n', profile: '{}' } }]).thenState(
    { ...active, enabled: false, email: 'a@b.org', notes: 'n', profile: '{}' },
    'enabled flag, email, notes and profile kept',
  );
  t.end();
});

t.test('evolve: details and flags', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, detailsChanged({ firstname: 'Jane' })]).thenState({ ...active, firstname: 'Jane' }, 'UserDetailsChanged: only the given fields change');
  given(user, [created, detailsChanged({ firstname: 'Jane', lastname: 'Doe', email: 'j@d.org', profile: '{}', notes: 'n' })]).thenState(
    { ...active, firstname: 'Jane', lastname: 'Doe', email: 'j@d.org', profile: '{}', notes: 'n' },
    'UserDetailsChanged: every field',
  );
  given(user, [created, detailsChanged({ email: 'j@d.org', notes: 'n' }), detailsChanged({ email: null, notes: null })]).thenState(
    active,
    'UserDetailsChanged: null clears email and notes',
  );
  given(user, [created, disabled]).thenState({ ...active, enabled: false }, 'UserDisabled');
  given(user, [created, disabled, enabled]).thenState(active, 'UserEnabled');
  given(user, [created, passwordChanged(newHash)]).thenState({ ...active, passwordHash: newHash }, 'UserPasswordChanged: the new hash');
  given(user, [created, requirementSet(true)]).thenState({ ...active, forcePasswordChange: true }, 'UserPasswordChangeRequirementSet true');
  given(user, [forcedCreated, requirementSet(false)]).thenState(active, 'UserPasswordChangeRequirementSet false');
  t.end();
});

t.test('evolve: superadmin', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, added(1, 10), added(4, 11), superadminSet(true)]).thenState(
    { ...active, superadmin: true, groups: [] },
    'UserSuperadminSet true: a superadmin keeps no group',
  );
  given(user, [superadminCreated, superadminSet(false)]).thenState({ ...active, id: 1 }, 'UserSuperadminSet false');
  given(user, [created, added(1, 10), superadminSet(false)]).thenState({ ...active, groups: [1] }, 'UserSuperadminSet false keeps the groups');
  t.end();
});

t.test('evolve: two-factor and OTP', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, twoFactorSet(true)]).thenState({ ...active, twoFactorEnabled: true }, 'UserTwoFactorSet true');
  given(user, withOtp).thenState({ ...active, twoFactorEnabled: true, otpEnabled: true }, 'UserOtpConfigured: OTP on (the secret stays out of the state)');
  given(user, [...withOtp, twoFactorSet(false)]).thenState({ ...active, otpEnabled: true }, 'UserTwoFactorSet false alone leaves the OTP flag');
  given(user, [...withOtp, twoFactorSet(false), otpReset]).thenState(active, 'UserOtpReset: OTP off');
  t.end();
});

t.test('evolve: groups', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, added(1, 10), added(4, 11)]).thenState({ ...active, groups: [1, 4] }, 'UserAddedToGroup: groups in joining order');
  given(user, [created, added(1, 10), added(4, 11), removed(1)]).thenState({ ...active, groups: [4] }, 'UserRemovedFromGroup: group dropped');
  given(user, [created, added(1, 10), removed(2)]).thenState({ ...active, groups: [1] }, 'UserRemovedFromGroup of another group changes nothing');
  t.end();
});

t.test('evolve: preferences', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, preferenceSaved(7, 'openteraplus', '{"a":1}'), preferenceSaved(8, 'other', '{}')]).thenState(
    { ...active, preferences: { openteraplus: '{"a":1}', other: '{}' } },
    'UserPreferenceSaved: preference by app tag',
  );
  given(user, [created, preferenceSaved(7, 'openteraplus', '{"a":1}'), preferenceSaved(8, 'openteraplus', '{"a":2}')]).thenState(
    { ...active, preferences: { openteraplus: '{"a":2}' } },
    'UserPreferenceSaved again: the latest replaces the former',
  );
  given(user, [created, preferenceSaved(7, 'openteraplus', '{}'), preferenceSaved(8, 'other', '{}'), preferenceDeleted('openteraplus')]).thenState(
    { ...active, preferences: { other: '{}' } },
    'UserPreferenceDeleted: only that preference goes',
  );
  given(user, [created, preferenceDeleted('openteraplus')]).thenState(active, 'UserPreferenceDeleted of an absent preference changes nothing');
  t.end();
});

t.test('evolve: UserDeleted and out-of-order events', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, added(1, 10), preferenceSaved(7, 'openteraplus', '{}'), deleted]).thenState(
    { ...active, status: 'deleted', groups: [1], preferences: { openteraplus: '{}' } },
    'UserDeleted: deleted, keeping its last facts',
  );
  given(user, [added(1, 10), removed(1), detailsChanged({ firstname: 'X' }), enabled, deleted]).thenState(
    { status: 'absent' },
    'events before UserCreated leave the user absent',
  );
  t.end();
});

t.test('evolve does not mutate the state it is given', (t) => {
  const before = fold(user, [created, added(1, 10), preferenceSaved(7, 'openteraplus', '{}')]);
  const snapshot = structuredClone(before);
  for (const event of [added(4, 11), removed(1), superadminSet(true), preferenceSaved(8, 'other', '{}'), preferenceDeleted('openteraplus'), deleted]) {
    user.evolve(before, event);
  }
  t.strictSame(before, snapshot, 'groups and preferences are copied, never changed in place');
  t.end();
});

t.test('decisions fold to the expected state', (t) => {
  let state = fold(user, [created, added(1, 10), added(4, 11), twoFactorSet(true), otpConfigured('S')]);
  const apply = (events: readonly UserEvent[]) => {
    state = events.reduce(user.evolve, state);
  };
  apply(updateUser(state, { superadmin: true, twoFactorEnabled: false }));
  t.strictSame(state, { ...active, superadmin: true, groups: [] }, 'made superadmin with 2FA off: no groups, no OTP');
  apply(savePreference(state, 'openteraplus', '{}', 7));
  apply(savePreference(state, 'openteraplus', '', 8));
  t.strictSame(state, { ...active, superadmin: true, groups: [] }, 'a preference saved then emptied is gone');
  t.end();
});

t.test('personal data declarations', (t) => {
  const fields = (type: string) => userPersonalData[type]?.map((f) => f.field).sort();
  t.strictSame(
    fields('UserCreated'),
    ['email', 'firstname', 'lastname', 'notes', 'passwordHash', 'profile', 'username'],
    'UserCreated declares names, email, username, password hash, profile and notes',
  );
  t.strictSame(fields('UserDetailsChanged'), ['email', 'firstname', 'lastname', 'notes', 'profile'], 'UserDetailsChanged declares every detail');
  t.strictSame(fields('UserPasswordChanged'), ['passwordHash'], 'UserPasswordChanged declares the hash');
  t.strictSame(fields('UserOtpConfigured'), ['secret'], 'UserOtpConfigured declares the TOTP secret');
  t.strictSame(fields('UserPreferenceSaved'), ['preference'], 'UserPreferenceSaved declares the preference');
  t.strictSame(
    Object.keys(userPersonalData).sort(),
    ['UserCreated', 'UserDetailsChanged', 'UserOtpConfigured', 'UserPasswordChanged', 'UserPreferenceSaved'],
    'flags, groups, preference deletion and UserDeleted carry no personal data',
  );
  t.end();
});
