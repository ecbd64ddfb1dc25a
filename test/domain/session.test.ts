import t from 'tap';
import {
  addSessionInvitee,
  changeSession,
  changeSessionEvent,
  createSession,
  deleteSession,
  deleteSessionEvent,
  logSessionEvent,
  removeSessionInvitee,
  session,
  sessionPersonalData,
  setSessionInvitees,
  type KnownSession,
  type SessionCreation,
  type SessionEvent,
} from '../../domain/session.js';
import { deciderSpec } from '../helpers/decider.js';

const creation: SessionCreation = {
  id: 7,
  uuid: '5c3adf9d-0000-4000-8000-000000000007',
  typeId: 1,
  name: 'Séance #7',
  startDatetime: '2025-01-20T14:03:11.512Z',
  duration: 600,
  status: 2,
  comments: null,
  parameters: null,
  creators: { userId: 1, deviceId: null, participantId: null, serviceId: null },
  participants: [1],
  users: [1, 2],
  devices: [],
};
/** The state SessionCreated(creation) folds to. */
const active: KnownSession = {
  lifecycle: 'active',
  id: 7,
  typeId: 1,
  name: 'Séance #7',
  startDatetime: '2025-01-20T14:03:11.512Z',
  duration: 600,
  status: 2,
  comments: null,
  parameters: null,
  creators: { userId: 1, deviceId: null, participantId: null, serviceId: null },
  participants: [1],
  users: [1, 2],
  devices: [],
  eventIds: [],
};

const created: SessionEvent = { type: 'SessionCreated', data: { ...creation } };
const changed = (data: Extract<SessionEvent, { type: 'SessionChanged' }>['data']): SessionEvent => ({ type: 'SessionChanged', data });
const added = (invitee: 'participant' | 'user' | 'device', id: number): SessionEvent => ({ type: 'SessionInviteeAdded', data: { invitee, id } });
const removed = (invitee: 'participant' | 'user' | 'device', id: number): SessionEvent => ({ type: 'SessionInviteeRemoved', data: { invitee, id } });
const event = { eventType: 3, datetime: '2025-01-20T14:05:00.000Z', text: 'start', context: 'VideoRehabService' };
const logged = (eventId: number): SessionEvent => ({ type: 'SessionEventLogged', data: { eventId, ...event } });
const eventDeleted = (eventId: number): SessionEvent => ({ type: 'SessionEventDeleted', data: { eventId } });
const deleted: SessionEvent = { type: 'SessionDeleted', data: {} };
const inProgress = changed({ status: 1 });

t.equal(session.category, 'session', 'streams are session-<uuid>');

t.test('createSession', (t) => {
  const { given } = deciderSpec(t);
  given(session, []).when((s) => createSession(s, creation)).then([created], 'given no session, when created, then SessionCreated carries it all, invitees included');
  given(session, []).when((s) => createSession(s, { ...creation, name: '  Séance #7 ' })).then([created], 'the name is trimmed');
  given(session, [])
    .when((s) => createSession(s, { ...creation, participants: [1, 1], users: [1, 2, 2, 1] }))
    .then([created], 'an invitee listed twice is invited once');
  given(session, [])
    .when((s) => createSession(s, { ...creation, session_token: 'x' } as SessionCreation))
    .then([created], 'a field the creation does not declare never reaches the event');
  given(session, []).when((s) => createSession(s, { ...creation, name: ' ' })).thenThrows('invalid', 'a blank name is refused');
  given(session, []).when((s) => createSession(s, { ...creation, status: 5 })).thenThrows('invalid', 'a status outside 0-4 is refused');
  given(session, []).when((s) => createSession(s, { ...creation, duration: -1 })).thenThrows('invalid', 'a negative duration is refused');
  given(session, []).when((s) => createSession(s, { ...creation, startDatetime: 'yesterday' })).thenThrows('invalid', 'a start that is no datetime is refused');
  given(session, [created]).when((s) => createSession(s, creation)).thenThrows('conflict', 'an existing session conflicts');
  given(session, [created]).thenState(active, 'then the state holds the details, creators and invitees');
  t.end();
});

t.test('createSession keeps OpenTera\'s statuses as given: its defaults belong to the use cases', (t) => {
  const { given } = deciderSpec(t);
  given(session, []).when((s) => createSession(s, { ...creation, status: 0 })).then([{ type: 'SessionCreated', data: { ...creation, status: 0 } }]);
  t.end();
});

t.test('changeSession', (t) => {
  const { given } = deciderSpec(t);
  given(session, [created]).when((s) => changeSession(s, { name: 'Test Session 2', status: 2 })).then([changed({ name: 'Test Session 2' })], 'only what changes');
  given(session, [created])
    .when((s) => changeSession(s, { parameters: 'ParametersXYZJSONString', comments: 'Went well' }))
    .then([changed({ parameters: 'ParametersXYZJSONString', comments: 'Went well' })], 'comments and parameters');
  given(session, [created]).when((s) => changeSession(s, { status: 1 })).then([inProgress], 'a status');
  given(session, [created]).when((s) => changeSession(s, { ...creation, name: ' Séance #7' })).then([], 'the same details again change nothing');
  given(session, [created]).when((s) => changeSession(s, {})).then([], 'nothing posted, nothing changes');
  given(session, [created]).when((s) => changeSession(s, { status: 9 })).thenThrows('invalid');
  given(session, [created]).when((s) => changeSession(s, { name: '' })).thenThrows('invalid');
  given(session, []).when((s) => changeSession(s, { name: 'x' })).thenThrows('not-found', 'an unknown session');
  given(session, [created, deleted]).when((s) => changeSession(s, { name: 'x' })).thenThrows('not-found', 'a deleted session');
  given(session, [created, changed({ name: 'B', duration: 30 })]).thenState({ ...active, name: 'B', duration: 30 }, 'then the state follows');
  t.end();
});

t.test('invitees', (t) => {
  const { given } = deciderSpec(t);
  given(session, [created])
    .when((s) => setSessionInvitees(s, 'participant', [2, 3]))
    .then([removed('participant', 1), added('participant', 2), added('participant', 3)], 'a list replaces the invitees of its kind: removals, then additions');
  given(session, [created]).when((s) => setSessionInvitees(s, 'user', [2, 1, 2])).then([], 'the same set, in any order, changes nothing');
  given(session, [created]).when((s) => setSessionInvitees(s, 'device', [])).then([], 'no devices, none to remove');
  given(session, [created]).when((s) => addSessionInvitee(s, 'device', 2)).then([added('device', 2)]);
  given(session, [created]).when((s) => addSessionInvitee(s, 'user', 2)).then([], 'adding an invitee twice changes nothing');
  given(session, [created]).when((s) => removeSessionInvitee(s, 'user', 2)).then([removed('user', 2)]);
  given(session, [created]).when((s) => removeSessionInvitee(s, 'user', 9)).then([], 'removing a stranger changes nothing');
  given(session, [created, deleted]).when((s) => addSessionInvitee(s, 'user', 3)).thenThrows('not-found');
  given(session, [created, removed('participant', 1), added('participant', 2), added('device', 4)]).thenState(
    { ...active, participants: [2], devices: [4] },
    'then the state follows',
  );
  t.end();
});

t.test('session events', (t) => {
  const { given } = deciderSpec(t);
  given(session, [created]).when((s) => logSessionEvent(s, { ...event, eventId: 25 })).then([logged(25)], 'given a session, when an event is logged, then SessionEventLogged');
  given(session, [created]).when((s) => logSessionEvent(s, { ...event, eventType: 105, eventId: 25 })).then([{ type: 'SessionEventLogged', data: { ...event, eventType: 105, eventId: 25 } }], 'custom events 100-109');
  given(session, [created]).when((s) => logSessionEvent(s, { ...event, eventType: 15, eventId: 25 })).thenThrows('invalid', 'no event type 15');
  given(session, [created]).when((s) => logSessionEvent(s, { ...event, eventType: 110, eventId: 25 })).thenThrows('invalid', 'nor 110');
  given(session, [created]).when((s) => logSessionEvent(s, { ...event, datetime: 'soon', eventId: 25 })).thenThrows('invalid');
  given(session, [created, logged(25)]).when((s) => logSessionEvent(s, { ...event, eventId: 25 })).thenThrows('conflict', 'the same event twice');
  given(session, [created, deleted]).when((s) => logSessionEvent(s, { ...event, eventId: 25 })).thenThrows('not-found', 'not on a deleted session');

  given(session, [created, logged(25)])
    .when((s) => changeSessionEvent(s, { eventId: 25, text: 'stop', eventType: 4 }))
    .then([{ type: 'SessionEventChanged', data: { eventId: 25, text: 'stop', eventType: 4 } }]);
  given(session, [created, logged(25)]).when((s) => changeSessionEvent(s, { eventId: 25 })).then([], 'nothing posted, nothing changes');
  given(session, [created, logged(25)]).when((s) => changeSessionEvent(s, { eventId: 26, text: 'x' })).thenThrows('not-found', "another session's event (OpenTera changes it)");
  given(session, [created, logged(25)]).when((s) => changeSessionEvent(s, { eventId: 25, eventType: -1 })).thenThrows('invalid');

  given(session, [created, logged(25)]).when((s) => deleteSessionEvent(s, 25)).then([eventDeleted(25)]);
  given(session, [created, logged(25), eventDeleted(25)]).when((s) => deleteSessionEvent(s, 25)).thenThrows('not-found', 'a deleted event is gone');
  given(session, [created, logged(25), eventDeleted(25)]).when((s) => changeSessionEvent(s, { eventId: 25, text: 'x' })).thenThrows('not-found', 'and cannot change');
  given(session, [created, logged(25), logged(26), eventDeleted(25)]).thenState({ ...active, eventIds: [26] });
  t.end();
});

t.test('deleteSession', (t) => {
  const { given } = deciderSpec(t);
  given(session, [created]).when(deleteSession).then([deleted], 'given a completed session, when deleted, then SessionDeleted');
  given(session, [created, inProgress]).when(deleteSession).thenThrows('conflict', 'a session in progress stays (OpenTera: 403)');
  given(session, [created, inProgress, changed({ status: 4 })]).when(deleteSession).then([deleted], 'once terminated it may go');
  given(session, [created, deleted]).when(deleteSession).thenThrows('not-found', 'twice: unknown');
  given(session, []).when(deleteSession).thenThrows('not-found');
  given(session, [created, deleted]).thenState({ ...active, lifecycle: 'deleted' });
  t.end();
});

t.test('personal data: comments, parameters and event texts', (t) => {
  t.same(sessionPersonalData.SessionCreated?.map((f) => f.field), ['comments', 'parameters']);
  t.same(sessionPersonalData.SessionChanged?.map((f) => f.field), ['comments', 'parameters']);
  t.same(sessionPersonalData.SessionEventLogged?.map((f) => f.field), ['text', 'context']);
  t.same(sessionPersonalData.SessionEventChanged?.map((f) => f.field), ['text', 'context']);
  t.notOk(sessionPersonalData.SessionEventDeleted, 'a deletion carries none');
  t.end();
});

t.test('the decisions do not alias their commands', (t) => {
  const command = { ...creation, participants: [1] };
  const [event] = createSession({ lifecycle: 'absent' }, command);
  t.not((event?.data as SessionCreation).participants, command.participants, 'the invitee lists are copies');
  t.end();
});
