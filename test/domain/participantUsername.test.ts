import t from 'tap';
import { participantUsername, releaseParticipantUsername, reserveParticipantUsername, type ParticipantUsernameEvent } from '../../domain/participantUsername.js';
import { deciderSpec } from '../helpers/decider.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const reserved = (participantUuid: string): ParticipantUsernameEvent => ({ type: 'ParticipantUsernameReserved', data: { participantUuid } });
const released = (participantUuid: string): ParticipantUsernameEvent => ({ type: 'ParticipantUsernameReleased', data: { participantUuid } });

t.equal(participantUsername.category, 'participantUsername');

t.test('reserve', (t) => {
  const { given } = deciderSpec(t);
  given(participantUsername, []).when((s) => reserveParticipantUsername(s, A)).then([reserved(A)], 'given a free name, when A reserves it, then A holds it');
  given(participantUsername, [reserved(A)]).when((s) => reserveParticipantUsername(s, A)).then([], 'given A holds it, when A reserves it again, then nothing changes');
  given(participantUsername, [reserved(A)]).when((s) => reserveParticipantUsername(s, B)).thenThrows('conflict', 'given A holds it, when B reserves it, then refused');
  given(participantUsername, [reserved(A), released(A)]).when((s) => reserveParticipantUsername(s, B)).then([reserved(B)], 'given A released it, when B reserves it, then B holds it');
  t.end();
});

t.test('release', (t) => {
  const { given } = deciderSpec(t);
  given(participantUsername, [reserved(A)]).when((s) => releaseParticipantUsername(s, A)).then([released(A)], 'given A holds it, when A releases it, then it is free');
  given(participantUsername, [reserved(A)]).when((s) => releaseParticipantUsername(s, B)).then([], 'given A holds it, when B releases it, then nothing changes');
  given(participantUsername, []).when((s) => releaseParticipantUsername(s, A)).then([], 'given a free name, when released, then nothing changes');
  given(participantUsername, [reserved(A), released(A)]).thenState({ holder: null }, 'released: free');
  t.end();
});
