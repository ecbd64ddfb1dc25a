import t from 'tap';
import { creationStatus, deviceDeleteRefusal, postedDatetime, sameParticipants, userDeleteRefusal, utcDay } from '../../domain/sessionPolicy.js';

t.test('creationStatus: OpenTera turns 0 or nothing into 1 (in progress) on creation', (t) => {
  t.equal(creationStatus(undefined), 1);
  t.equal(creationStatus(null), 1);
  t.equal(creationStatus(0), 1, 'not started is never stored on creation (a kept quirk)');
  for (const status of [1, 2, 3, 4]) t.equal(creationStatus(status), status);
  t.end();
});

t.test('postedDatetime reads what Python\'s fromisoformat reads, as UTC instants', (t) => {
  t.equal(postedDatetime('2025-01-20T14:03:11.512345-05:00'), '2025-01-20T19:03:11.512Z', 'an offset');
  t.equal(postedDatetime('2025-01-20T14:03:11+0130'), '2025-01-20T12:33:11.000Z', 'an offset without colon');
  t.equal(postedDatetime('2025-01-20 14:03:11.512345'), '2025-01-20T14:03:11.512Z', "OpenTera's own tests post this: naive is UTC");
  t.equal(postedDatetime('2025-01-20T14:03:11Z'), '2025-01-20T14:03:11.000Z');
  t.equal(postedDatetime('2025-01-20T14:03'), '2025-01-20T14:03:00.000Z', 'no seconds');
  t.equal(postedDatetime('2025-01-20'), '2025-01-20T00:00:00.000Z', 'a date is its midnight');
  t.equal(postedDatetime(' 2025-01-20T00:00:00+00:00 '), '2025-01-20T00:00:00.000Z', 'surrounding spaces');
  for (const bad of ['', 'now', '2025-02-30', '2025-13-01', '2025-01-20T24:00', '2025-01-20T10:61', '20/01/2025', '2025-01-20T10:00+24:00', '2025-01-20T10:00:00.1234567']) {
    t.equal(postedDatetime(bad), undefined, `not a datetime: ${JSON.stringify(bad)}`);
  }
  t.equal(utcDay('2025-01-20T23:59:59.000Z'), '2025-01-20');
  t.end();
});

t.test('sameParticipants: exactly the same set, whatever the order or case', (t) => {
  const a = '3f1c4a2e-6a0b-4c61-9d3e-0a5c1b7e2f10';
  const b = 'bfb7f4dd-d134-4ee8-b0ae-86b67c7ffca0';
  t.ok(sameParticipants([a, b], [b, a]));
  t.ok(sameParticipants([a.toUpperCase()], [a]));
  t.ok(sameParticipants([a, a], [a]), 'a uuid listed twice counts once');
  t.ok(sameParticipants([], []));
  t.notOk(sameParticipants([a], [a, b]), 'fewer');
  t.notOk(sameParticipants([a, b], [a]), 'more');
  t.end();
});

t.test('delete refusals follow OpenTera\'s order: invited, created, assets, tests', (t) => {
  const none = { sessions: 0, createdSessions: 0, assets: 0, tests: 0 };
  t.equal(userDeleteRefusal(none), undefined);
  t.equal(userDeleteRefusal({ ...none, sessions: 1, createdSessions: 1, assets: 1, tests: 1 }), "Can't delete user: please remove all sessions that this user is part of before deleting.");
  t.equal(userDeleteRefusal({ ...none, createdSessions: 2, assets: 1 }), "Can't delete user: please remove all sessions created by this user before deleting.");
  t.equal(userDeleteRefusal({ ...none, assets: 1, tests: 1 }), "Can't delete user: please remove all assets created by this user before deleting.");
  t.equal(userDeleteRefusal({ ...none, tests: 1 }), "Can't delete user: please remove all tests created by this user before deleting.");
  t.equal(deviceDeleteRefusal(none), undefined);
  t.equal(deviceDeleteRefusal({ ...none, sessions: 1, createdSessions: 1 }), "Can't delete device: please remove all sessions referring to that device before deleting.");
  t.equal(deviceDeleteRefusal({ ...none, createdSessions: 1, tests: 1 }), "Can't delete device: please remove all related sessions, assets and tests before deleting.");
  t.equal(deviceDeleteRefusal({ ...none, assets: 3, tests: 1 }), "Can't delete device: please delete all assets created by that device before deleting.");
  t.equal(deviceDeleteRefusal({ ...none, tests: 1 }), "Can't delete device: please delete all tests created by that device before deleting.");
  t.end();
});
