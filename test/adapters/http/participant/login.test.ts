// The participant login, logout and refresh (OpenTera api-participant-device-service.md 2.3, 2.7, 4.1-4.5):
// Basic, static and dynamic tokens, the limited and full roles, revocation, the 5-failures lockout, login events.
import t from 'tap';
import { SignJWT, decodeJwt } from 'jose';
import { createStaticTokens } from '../../../../adapters/auth/staticTokens.js';
import { createTokens } from '../../../../adapters/auth/tokens.js';
import { startServer } from '../../../../services/teraserver/server.js';
import { testConfig } from '../../../helpers/config.js';
import { seededDatabase } from '../../../helpers/server.js';

const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });
const bearer = (token: string) => ({ authorization: `OpenTera ${token}` });

/** The session types of project 1 (OpenTera's test data), minimal JSON, by id. */
const PROJECT_1_TYPES = [
  { id_session_type: 1, id_service: 6, session_type_name: 'Suivi vidéo', session_type_color: '#00FF00', session_type_category: 1 },
  { id_session_type: 2, id_service: null, session_type_name: 'Données Capteur', session_type_color: '#0000FF', session_type_category: 3 },
  { id_session_type: 3, id_service: null, session_type_name: 'Collecte données', session_type_color: '#00FFFF', session_type_category: 2 },
  { id_session_type: 4, id_service: null, session_type_name: 'Exercices individuels', session_type_color: '#FF00FF', session_type_category: 4 },
];

t.test('participant login, logout and refresh', async (t) => {
  // The server's clock, moved by the test: the 120 s lockout window passes without sleeping.
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const server = await startServer(testConfig(), { database: await seededDatabase(t, 'opentera-test'), clock });
  t.teardown(() => server.close());
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(server.url + path, { method, headers });
  const rm = server.core.database.db.withSchema('rm');
  const participant1 = await rm.selectFrom('participants').select(['participant_uuid', 'participant_token_id']).where('id_participant', '=', 1).executeTakeFirstOrThrow();
  const uuid = participant1.participant_uuid as string;
  const staticTokens = createStaticTokens(server.core.signingKeys, createTokens(server.core.signingKeys));
  const staticToken = await staticTokens.participant({ id: 1, uuid, tokenId: participant1.participant_token_id as string });
  const loginEvents = async () => (await server.core.store.readStream(`participantLogin-${uuid}`).catch(() => [])).map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
  const basicLogin = async () => (await (await get('/api/participant/login', basic('participant1:opentera'))).json()) as Record<string, unknown>;

  t.test('given Basic credentials, then the five fields, a one-hour dynamic token, and the static token', async (t) => {
    const before = Date.now();
    const response = await get('/api/participant/login', basic('participant1:opentera'));
    t.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    t.same(Object.keys(body).sort(), ['base_token', 'participant_name', 'participant_token', 'participant_uuid', 'session_types_info']);
    t.match(body, { participant_name: 'Participant #1', participant_uuid: uuid, base_token: staticToken });
    t.same(body.session_types_info, PROJECT_1_TYPES, "the session types of the participant's project, minimal");
    const claims = decodeJwt(body.participant_token as string);
    t.same(Object.keys(claims).sort(), ['exp', 'iat', 'id_participant', 'iss', 'jti', 'participant_uuid', 'user_fullname']);
    t.match(claims, { iss: 'TeraServer', participant_uuid: uuid, id_participant: 1, user_fullname: 'Participant #1', jti: String });
    t.equal(claims.exp! - claims.iat!, 3600);
    t.notOk('websocket_url' in body, 'no websocket URL until the websocket gateway exists');

    const own = (await (await get('/api/participant/participants', basic('participant1:opentera'))).json()) as Record<string, unknown>;
    t.ok(Date.parse(own.participant_lastonline as string) >= before - 1000, 'the next request sees the new participant_lastonline');
    t.match((await loginEvents()).at(-1), { type: 'ParticipantLoggedIn', data: { method: 'password', endpoint: '/api/participant/login' }, metadata: { actor: { kind: 'participant', uuid } } });
  });

  t.test('given the static token, then limited access: base_token and no dynamic token', async (t) => {
    const response = await get('/api/participant/login', bearer(staticToken));
    t.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    t.same(Object.keys(body).sort(), ['base_token', 'participant_name', 'participant_uuid', 'session_types_info']);
    t.equal(body.base_token, staticToken);
    t.same(body.session_types_info, PROJECT_1_TYPES);

    const secret = await rm.selectFrom('participants').select(['participant_uuid', 'participant_token_id']).where('id_participant', '=', 4).executeTakeFirstOrThrow();
    const secretToken = await staticTokens.participant({ id: 4, uuid: secret.participant_uuid as string, tokenId: secret.participant_token_id as string });
    const secretLogin = (await (await get('/api/participant/login', bearer(secretToken))).json()) as Record<string, unknown>;
    t.same(secretLogin.session_types_info, [], 'project 3 has no session type');
    t.match((await loginEvents()).at(-1), { type: 'ParticipantLoggedIn', data: { method: 'token' } });

    t.same(await (await get('/api/participant/participants', bearer(staticToken))).json(), { participant_name: 'Participant #1' }, 'only the name');
    for (const [path, method] of [['/api/participant/devices', 'GET'], ['/api/participant/participants', 'POST'], ['/api/participant/refresh_token', 'GET']] as const) {
      const refused = await get(path, bearer(staticToken), method);
      t.equal(refused.status, 403, `${method} ${path}: the full role is refused`);
      t.equal(await refused.text(), 'Unauthorized');
      t.match(refused.headers.get('content-type'), /^text\/html/);
    }
  });

  t.test('given a dynamic token, then full access and a new dynamic token at login', async (t) => {
    const token = (await basicLogin()).participant_token as string;
    const response = await get('/api/participant/login', bearer(token));
    t.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    t.type(body.participant_token, 'string');
    t.not(body.participant_token, token);
    t.equal(body.base_token, staticToken);
    t.equal((await get('/api/participant/devices', bearer(token))).status, 200);
    const post = await get('/api/participant/participants', bearer(token), 'POST');
    t.equal(post.status, 501);
    t.equal(await post.json(), 'Not implemented');
    const own = (await (await get('/api/participant/participants', bearer(token))).json()) as Record<string, unknown>;
    t.match(own, { id_participant: 1, participant_uuid: uuid, participant_username: 'participant1', participant_token: staticToken, participant_project_enabled: true });
  });

  t.test('given bad or missing credentials, then 401 with the text Unauthorized', async (t) => {
    const forged = await new SignJWT({ participant_uuid: uuid, id_participant: 1, jti: 'x' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new Uint8Array(32));
    const before = (await loginEvents()).length;
    for (const [label, headers] of [
      ['none', {}],
      ['wrong password', basic('participant1:nope')],
      ['unknown username', basic('nobody:opentera')],
      ['another case of the username', basic('Participant1:opentera')],
      ['a user of the user API', basic('admin:admin')],
      ['garbage token', bearer('not.a.token')],
      ['empty token', { authorization: 'OpenTera ' }],
      ['forged token', bearer(forged)],
      ['another scheme', { authorization: `Bearer ${staticToken}` }],
    ] as const) {
      const response = await get('/api/participant/login', headers);
      t.equal(response.status, 401, label);
      t.equal(await response.text(), 'Unauthorized', label);
    }
    const french = await get('/api/participant/login', { 'accept-language': 'fr' });
    t.equal(await french.text(), 'Non autorisé');
    t.equal((await get(`/api/participant/login?token=${staticToken}`)).status, 401, 'a participant cannot use ?token=');
    const reasons = (await loginEvents()).slice(before).map((e) => (e.data as { reason?: string }).reason);
    t.same(reasons, ['wrong_password', 'invalid_token'], 'recorded: the wrong password and the forged token that names participant 1');
    t.match((await server.core.store.readStream('participantLogin-unknown')).at(-1), { type: 'ParticipantLoginFailed', data: { reason: 'unknown_user' } });
    // Reset the failure counter for the lockout test below.
    t.equal((await get('/api/participant/login', basic('participant1:opentera'))).status, 200);
  });

  t.test('given the strict participants query, then an unknown argument is 400', async (t) => {
    const response = await get('/api/participant/participants?invalid=1', basic('participant1:opentera'));
    t.equal(response.status, 400);
    t.same(await response.json(), { message: 'Unknown arguments: invalid' });
    const minimal = (await (await get('/api/participant/participants?list=true', basic('participant1:opentera'))).json()) as Record<string, unknown>;
    t.same(Object.keys(minimal).sort(), ['id_participant', 'id_participant_group', 'id_project', 'participant_email', 'participant_enabled', 'participant_name', 'participant_token_enabled', 'participant_uuid']);
  });

  t.test('given a refresh, then a 30-minute token and the old one refused everywhere', async (t) => {
    const token = (await basicLogin()).participant_token as string;
    const response = await get('/api/participant/refresh_token', bearer(token));
    t.equal(response.status, 200);
    const { refresh_token } = (await response.json()) as { refresh_token: string };
    const claims = decodeJwt(refresh_token);
    t.equal(claims.exp! - claims.iat!, 1800);
    t.match(claims, { participant_uuid: uuid, id_participant: 1, user_fullname: 'Participant #1', iss: 'TeraServer' });
    t.equal((await get('/api/participant/refresh_token', bearer(token))).status, 401, 'refreshing twice with the old token');
    t.equal((await get('/api/participant/participants', bearer(token))).status, 401, 'the old token is revoked');
    t.equal((await get('/api/participant/participants', bearer(refresh_token))).status, 200, 'the new one works');
    t.equal((await get('/api/participant/refresh_token', basic('participant1:opentera'))).status, 401, 'Basic is not accepted');
    t.equal((await get('/api/participant/refresh_token', { authorization: 'OpenTera ' })).status, 401, 'an empty token');
  });

  t.test('given a logout, then the dynamic token is revoked, the static one is not', async (t) => {
    const token = (await basicLogin()).participant_token as string;
    const response = await get('/api/participant/logout', bearer(token));
    t.equal(response.status, 200);
    t.equal(await response.json(), 'Participant logged out.');
    t.equal((await get('/api/participant/logout', bearer(token))).status, 401, 'the same token a second time');
    t.equal((await get('/api/participant/login', bearer(token))).status, 401, 'and anywhere else');
    for (let i = 0; i < 2; i++) t.equal((await get('/api/participant/logout', bearer(staticToken))).status, 200, `static token logout ${i + 1}`);
    t.equal((await get('/api/participant/login', bearer(staticToken))).status, 200, 'the static token still works');
    t.equal((await get('/api/participant/logout', basic('participant1:opentera'))).status, 200, 'a Basic logout');
    t.equal((await get('/api/participant/logout', basic('participant1:bad'))).status, 401);
  });

  t.test('given 5 wrong passwords, then even the right one is refused until 120 s have passed', async (t) => {
    const token = (await basicLogin()).participant_token as string;
    for (let i = 0; i < 5; i++) t.equal((await get('/api/participant/participants', basic('participant1:wrong'))).status, 401, `failure ${i + 1}`);
    t.equal((await get('/api/participant/login', basic('participant1:opentera'))).status, 401, 'the right password while locked');
    t.equal((await get('/api/participant/login', bearer(token))).status, 200, 'tokens are not locked');
    offsetMs = 119_000;
    t.equal((await get('/api/participant/login', basic('participant1:opentera'))).status, 401, 'still locked after 119 s');
    offsetMs = 121_000;
    t.equal((await get('/api/participant/login', basic('participant1:opentera'))).status, 200, 'unlocked after 120 s');
    offsetMs = 0;
    const reasons = (await loginEvents()).filter((e) => e.type === 'ParticipantLoginFailed').slice(-7).map((e) => (e.data as { reason: string }).reason);
    t.same(reasons, ['wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'max_attempts_reached', 'max_attempts_reached']);
  });
});
