import t from 'tap';
import { addUserToGroup, createUser, user, userPersonalData, type UserEvent, type UserProfile } from '../../domain/user.js';
import { deciderSpec } from '../helpers/decider.js';

const profile: UserProfile = {
  id: 3,
  uuid: '5d1c7a90-0000-4000-8000-000000000003',
  username: 'user',
  email: null,
  firstname: 'Site',
  lastname: 'User',
  passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
  enabled: true,
  profile: '',
  notes: null,
  superadmin: false,
  forcePasswordChange: false,
};
const created: UserEvent = { type: 'UserCreated', data: { ...profile } };
const superadminCreated: UserEvent = { type: 'UserCreated', data: { ...profile, id: 1, username: 'admin', superadmin: true } };
const added = (groupId: number, membershipId: number): UserEvent => ({ type: 'UserAddedToGroup', data: { groupId, membershipId } });
const removed = (groupId: number): UserEvent => ({ type: 'UserRemovedFromGroup', data: { groupId } });

t.equal(user.category, 'user', 'streams are user-<uuid>');

t.test('createUser', (t) => {
  const { given } = deciderSpec(t);
  given(user, []).when((s) => createUser(s, profile)).then([created], 'given no user, when created, then UserCreated carries the whole profile');
  given(user, [])
    .when((s) => createUser(s, { ...profile, enabled: false, superadmin: true, email: 'a@b.org', notes: 'n' }))
    .then([{ type: 'UserCreated', data: { ...profile, enabled: false, superadmin: true, email: 'a@b.org', notes: 'n' } }], 'flags, email and notes are carried as given');
  given(user, []).when((s) => createUser(s, { ...profile, username: '' })).thenThrows('invalid', 'an empty username is refused');
  given(user, []).when((s) => createUser(s, { ...profile, username: '  \t' })).thenThrows('invalid', 'a blank username is refused');
  given(user, [created]).when((s) => createUser(s, profile)).thenThrows('conflict', 'an existing user cannot be created again');
  t.end();
});

t.test('createUser does not alias the command', (t) => {
  const command = { ...profile };
  const [event] = createUser(user.initial, command);
  t.not(event?.data, command, 'the event data is a copy');
  t.end();
});

t.test('addUserToGroup', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created]).when((s) => addUserToGroup(s, 1, 10)).then([added(1, 10)], 'a user joins a group');
  given(user, [created, added(1, 10)]).when((s) => addUserToGroup(s, 4, 11)).then([added(4, 11)], 'and a second one');
  given(user, [created, added(1, 10), removed(1)]).when((s) => addUserToGroup(s, 1, 12)).then([added(1, 12)], 'and a group it left');
  t.end();
});

t.test('addUserToGroup is idempotent', (t) => {
  const { given } = deciderSpec(t);
  given(user, [created, added(1, 10)]).when((s) => addUserToGroup(s, 1, 10)).then([], 'joining a group it is in emits nothing');
  given(user, [created, added(1, 10), added(4, 11)]).when((s) => addUserToGroup(s, 1, 99)).then([], 'whatever the membership id');
  t.end();
});

t.test('addUserToGroup refusals', (t) => {
  const { given, givenState } = deciderSpec(t);
  given(user, []).when((s) => addUserToGroup(s, 1, 10)).thenThrows('not-found', 'an absent user cannot join a group');
  givenState(user, { status: 'deleted', id: 3, superadmin: false, enabled: true, groups: [] })
    .when((s) => addUserToGroup(s, 1, 10))
    .thenThrows('not-found', 'a deleted user cannot join a group');
  given(user, [superadminCreated]).when((s) => addUserToGroup(s, 1, 10)).thenThrows('invalid', 'a superadmin is never put in a group');
  t.end();
});

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  const active = { status: 'active', id: 3, superadmin: false, enabled: true, groups: [] } as const;
  given(user, []).thenState({ status: 'absent' }, 'initially absent');
  given(user, [created]).thenState({ ...active, groups: [] }, 'UserCreated: active, no groups, no personal data in the state');
  given(user, [superadminCreated]).thenState({ ...active, id: 1, superadmin: true, groups: [] }, 'UserCreated: superadmin flag kept');
  given(user, [{ type: 'UserCreated', data: { ...profile, enabled: false } }]).thenState({ ...active, enabled: false, groups: [] }, 'UserCreated: enabled flag kept');
  given(user, [created, added(1, 10), added(4, 11)]).thenState({ ...active, groups: [1, 4] }, 'UserAddedToGroup: groups in joining order');
  given(user, [created, added(1, 10), added(4, 11), removed(1)]).thenState({ ...active, groups: [4] }, 'UserRemovedFromGroup: group dropped');
  given(user, [created, added(1, 10), removed(2)]).thenState({ ...active, groups: [1] }, 'UserRemovedFromGroup of another group changes nothing');
  given(user, [added(1, 10), removed(1)]).thenState({ status: 'absent' }, 'events before UserCreated leave the user absent');
  t.end();
});

t.test('personal data declarations', (t) => {
  t.strictSame(
    userPersonalData.UserCreated?.map((f) => f.field).sort(),
    ['email', 'firstname', 'lastname', 'notes', 'passwordHash', 'profile', 'username'],
    'UserCreated declares names, email, username, password hash, profile and notes',
  );
  t.strictSame(
    Object.keys(userPersonalData).sort(),
    ['UserCreated'],
    'group membership events carry no personal data',
  );
  t.end();
});
