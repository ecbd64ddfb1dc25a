// The 5-failures lockout of Basic authentication (on the login and on every user endpoint), its expiry by
// the server's clock, and the login events it leaves.
import t from 'tap';
import { SignJWT, decodeJwt } from 'jose';
import { updateUserCommand } from '../../../../commands/users.js';
import { startServer } from '../../../../services/teraserver/server.js';
import { testConfig } from '../../../helpers/config.js';
import { seededDatabase } from '../../../helpers/server.js';

const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

t.test('Basic authentication lockout', async (t) => {
  // The server's clock, moved by the test: the 120 s window passes without sleeping.
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const server = await startServer(testConfig(), { database: await seededDatabase(t, 'opentera-test'), clock });
  t.teardown(() => server.close());
  const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });
  const uuidOf = async (username: string) =>
    (await server.core.database.db.withSchema('rm').selectFrom('users').select('user_uuid').where('user_username', '=', username).executeTakeFirstOrThrow()).user_uuid as string;
  const loginEvents = async (stream: string) => (await server.core.store.readStream(stream).catch(() => [])).map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));

  t.test('given 5 wrong passwords, then even the right password is refused until 120 s have passed', async (t) => {
    const uuid = await uuidOf('user3');
    for (let i = 0; i < 5; i++) t.equal((await get('/api/user/login', basic('user3:wrong'))).status, 401, `failure ${i + 1}`);
    const locked = await get('/api/user/login', basic('user3:user3'));
    t.equal(locked.status, 401, 'the right password is refused while locked');
    t.equal(await locked.text(), 'Unauthorized');
    t.equal((await get('/api/user/sites', basic('user3:user3'))).status, 401, 'on every user endpoint too');
    offsetMs = 119_000;
    t.equal((await get('/api/user/login', basic('user3:user3'))).status, 401, 'still locked after 119 s');
    offsetMs = 121_000;
    t.equal((await get('/api/user/login', basic('user3:user3'))).status, 200, 'unlocked once 120 s have passed since the last failure');

    const events = await loginEvents(`userLogin-${uuid}`);
    t.same(
      events.map((e) => (e.type === 'UserLoginFailed' ? e.data.reason : e.type)),
      ['wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'max_attempts_reached', 'max_attempts_reached', 'max_attempts_reached', 'UserLoggedIn'],
    );
    t.match(events.at(-1), { data: { method: 'password', endpoint: '/api/user/login' }, metadata: { actor: { kind: 'user', uuid } } });
    t.match(events[0], { metadata: { actor: { kind: 'system', uuid: 'anonymous' } } }, 'a failure is no one\'s act');
    offsetMs = 0;
  });

  t.test('given failures on another endpoint, then they count towards the same lockout', async (t) => {
    for (let i = 0; i < 5; i++) t.equal((await get('/api/user/sites', basic('user2:nope'))).status, 401);
    t.equal((await get('/api/user/login', basic('user2:user2'))).status, 401, 'locked on the login too');
    const events = await loginEvents(`userLogin-${await uuidOf('user2')}`);
    t.match(events[0], { data: { reason: 'wrong_password', endpoint: '/api/user/sites' } });
  });

  t.test('given fewer than 5 failures, then a success resets the counter', async (t) => {
    for (let i = 0; i < 4; i++) await get('/api/user/login', basic('siteadmin:bad'));
    t.equal((await get('/api/user/login', basic('siteadmin:siteadmin'))).status, 200);
    for (let i = 0; i < 4; i++) await get('/api/user/login', basic('siteadmin:bad'));
    t.equal((await get('/api/user/login', basic('siteadmin:siteadmin'))).status, 200, 'four more failures do not lock');
  });

  t.test('given an unknown username, then the failure is recorded without a name, with the client\'s headers', async (t) => {
    const response = await get('/api/user/login', { ...basic('ghost:whatever'), 'x-client-name': 'OpenTeraPlus', 'x-client-version': '1.2.3', 'x-os-name': 'Linux', 'user-agent': 'probe/1.0' });
    t.equal(response.status, 401);
    const events = await loginEvents('userLogin-unknown');
    t.match(events.at(-1), {
      type: 'UserLoginFailed',
      data: { reason: 'unknown_user', clientName: 'OpenTeraPlus', clientVersion: '1.2.3', osName: 'Linux', endpoint: '/api/user/login' },
      metadata: { userAgent: 'probe/1.0' },
    });
    t.notMatch(JSON.stringify(events.at(-1)), /ghost/, 'the unknown username is not stored');
  });

  t.test('given a disabled user, then even the right password fails, recorded as such', async (t) => {
    const uuid = await uuidOf('user4');
    const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
    await server.core.runner.waitFor((await updateUserCommand(context, uuid, { enabled: false }))!);
    t.equal((await get('/api/user/login', basic('user4:user4'))).status, 401);
    t.match((await loginEvents(`userLogin-${uuid}`)).at(-1), { type: 'UserLoginFailed', data: { reason: 'disabled_account' } });
  });

  t.test('given invalid tokens, then a failure is recorded only when the token names a known user', async (t) => {
    const uuid = await uuidOf('admin');
    const token = (await (await get('/api/user/login', basic('admin:admin'))).json()).user_token as string;
    const before = (await loginEvents(`userLogin-${uuid}`)).length;
    const forged = await new SignJWT({ ...decodeJwt(token) }).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    t.equal((await get('/api/user/sites', { authorization: `OpenTera ${forged}` })).status, 401);
    t.equal((await get('/api/user/sites', { authorization: 'OpenTera not.a.token' })).status, 401);
    const stranger = await new SignJWT({ user_uuid: '00000000-0000-4000-8000-000000000000' }).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    t.equal((await get('/api/user/sites', { authorization: `OpenTera ${stranger}` })).status, 401);
    const events = await loginEvents(`userLogin-${uuid}`);
    t.equal(events.length, before + 1, 'one failure, for the forged token of a known user');
    t.match(events.at(-1), { type: 'UserLoginFailed', data: { reason: 'invalid_token', endpoint: '/api/user/sites' } });
    t.same(await loginEvents('userLogin-00000000-0000-4000-8000-000000000000'), [], 'nothing for a user that does not exist');
  });
});
