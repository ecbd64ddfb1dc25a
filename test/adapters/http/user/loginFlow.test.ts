// The login sub-steps end to end, as OpenTeraPlus and the web pages drive them: the session cookie, the
// TOTP setup and check (with real codes), the 2FA lockout, and the forced password change.
import t from 'tap';
import { Secret, TOTP } from 'otpauth';
import { configureOtpCommand, createUserCommand, updateUserCommand } from '../../../../commands/users.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
const codeOf = (secret: string) => totp(secret).generate();
/** A code valid at no step of the window. */
function wrongCode(secret: string): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => totp(secret).generate({ timestamp: Date.now() + d })));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

interface Reply {
  status: number;
  body: unknown;
  setCookie: string[];
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // text
  }
  return { status: response.status, body, setCookie: response.headers.getSetCookie() };
}

/** The `session=...` pair of a Set-Cookie list, to send back as a Cookie header. */
function sessionOf(r: Reply): string {
  const cookie = r.setCookie.find((c) => c.startsWith('session='));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(r)}`);
  return cookie.split(';')[0]!;
}

async function addUser(server: TestServer, username: string, password: string, options: { twoFactor?: boolean; secret?: string; forcePasswordChange?: boolean } = {}) {
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  const created = await createUserCommand(context, {
    username,
    password,
    firstname: 'Test',
    lastname: username,
    email: null,
    enabled: true,
    profile: '',
    notes: null,
    superadmin: false,
    forcePasswordChange: options.forcePasswordChange ?? false,
  });
  let position = created.position;
  if (options.twoFactor) position = (await updateUserCommand(context, created.uuid, { twoFactorEnabled: true })) ?? position;
  if (options.secret) position = (await configureOtpCommand(context, created.uuid, options.secret, false)) ?? position;
  await server.core.runner.waitFor(position!);
  return created.uuid;
}

t.test('2FA: setup then login with a real TOTP code', async (t) => {
  const server = await startTestServer(t);
  const uuid = await addUser(server, 'newtwofa', 'Secret123!pass', { twoFactor: true });
  const call = async (path: string, options: Parameters<TestServer['request']>[1] = {}) => reply(await server.request(path, options));
  const withCookie = (cookie: string, extra: { method?: string; body?: string; headers?: Record<string, string> } = {}) => ({ ...extra, headers: { ...extra.headers, cookie } });
  const post = (fields: Record<string, string>) => ({ method: 'POST', ...form(fields) });
  const userRow = () =>
    server.core.database.db.withSchema('rm').selectFrom('users').select(['user_2fa_otp_enabled', 'user_2fa_otp_secret']).where('user_uuid', '=', uuid).executeTakeFirstOrThrow();

  const login = await call('/api/user/login', { basic: 'newtwofa:Secret123!pass' });
  t.equal(login.status, 200);
  t.same(login.body, { message: '2FA enabled but OTP not set for this user.Please setup 2FA.', reason: '2fa_setup', redirect_url: '/login_setup_2fa' }, 'no token yet');
  const cookieHeader = login.setCookie.find((c) => c.startsWith('session='))!;
  t.match(cookieHeader, /; Path=\/; Max-Age=300; HttpOnly; SameSite=Strict$/, '5-minute HttpOnly SameSite=Strict cookie, not Secure over plain http');
  let session = sessionOf(login);

  t.test('given no session or a token instead, then 401 "Unauthorized"', async (t) => {
    const none = await call('/api/user/login/setup_2fa');
    t.equal(none.status, 401);
    t.equal(none.body, 'Unauthorized');
    const token = await server.login('admin');
    t.equal((await call('/api/user/login/setup_2fa', { token })).status, 401);
    t.equal((await call('/api/user/login/setup_2fa', withCookie('session=garbage'))).status, 401);
  });

  t.test('given the session, then the setup offers a new secret and its QR code, and stores nothing yet', async (t) => {
    const setup = await call('/api/user/login/setup_2fa', withCookie(session));
    t.equal(setup.status, 200);
    const { qr_code, otp_secret } = setup.body as { qr_code: string; otp_secret: string };
    t.match(otp_secret, /^[A-Z2-7]{32}$/, '160-bit base32 secret');
    t.equal(Buffer.from(qr_code, 'base64').subarray(1, 4).toString(), 'PNG', 'a base64 PNG');
    t.match(await userRow(), { user_2fa_otp_enabled: false, user_2fa_otp_secret: null });
    t.equal((await call('/api/user/login/setup_2fa?foo=1', withCookie(session))).status, 400, 'strict arguments');

    const other = new Secret({ size: 20 }).base32;
    const wrong = await call('/api/user/login/setup_2fa', withCookie(session, post({ otp_secret, otp_code: wrongCode(otp_secret) })));
    t.same([wrong.status, wrong.body], [401, 'Invalid OTP code']);
    t.equal((await call('/api/user/login/setup_2fa', withCookie(session, post({ otp_secret, otp_code: codeOf(other) })))).status, 401, 'a code of another secret');
    t.equal((await call('/api/user/login/setup_2fa', withCookie(session, post({ otp_secret, otp_code: '' })))).status, 401, 'an empty code is no code');
    t.equal((await call('/api/user/login/setup_2fa', withCookie(session, post({ otp_secret: 'SHORT', otp_code: '123456' })))).status, 400, 'not a usable secret');
    t.equal((await call('/api/user/login/setup_2fa', withCookie(session, post({ otp_secret })))).status, 400, 'missing otp_code');

    const code = codeOf(otp_secret);
    const done = await call('/api/user/login/setup_2fa', withCookie(session, post({ otp_secret, otp_code: code })));
    t.equal(done.status, 200);
    t.same(done.body, { message: '2FA enabled for this user.', redirect_url: `/login_validate_2fa?code=${code}` });
    t.match(await userRow(), { user_2fa_otp_enabled: true, user_2fa_otp_secret: otp_secret });

    const again = await call('/api/user/login/setup_2fa', withCookie(session));
    t.same([again.status, again.body], [403, 'User already has 2FA OTP secret set']);
    t.match(again.setCookie.join(), /session=; Path=\/; Max-Age=0/, 'the refusal ends the session');
    t.equal((await call('/api/user/login/setup_2fa', withCookie(session))).status, 401, 'and the ended session is refused on the server too');

    t.test('given a 2FA login, when the code is checked, then a token and a login event', async (t) => {
      const second = await call('/api/user/login', { basic: 'newtwofa:Secret123!pass' });
      t.same(second.body, { message: '2FA required for this user.', reason: '2fa', redirect_url: '/login_validate_2fa' });
      session = sessionOf(second);
      t.equal((await call('/api/user/login/2fa', withCookie(session))).status, 400, 'missing otp_code');
      const wrong = await call('/api/user/login/2fa', withCookie(session, post({ otp_code: wrongCode(otp_secret) })));
      t.same([wrong.status, wrong.body], [401, 'Invalid OTP code'], 'a wrong code keeps the session');
      const ok = await call('/api/user/login/2fa', withCookie(session, { method: 'POST', body: JSON.stringify({ otp_code: codeOf(otp_secret), with_websocket: true }), headers: { 'content-type': 'application/json' } }));
      t.equal(ok.status, 200);
      const body = ok.body as Record<string, string>;
      t.same(Object.keys(body).sort(), ['user_fullname', 'user_token', 'user_uuid']);
      t.equal(body.user_uuid, uuid);
      t.equal((await server.request('/api/user/sites', { token: body.user_token })).status, 200, 'the token works');
      t.match(ok.setCookie.join(), /session=; Path=\/; Max-Age=0/, 'the session ends with the login');
      t.equal((await call('/api/user/login/2fa', withCookie(session, post({ otp_code: codeOf(otp_secret) })))).status, 401, 'the session cannot be replayed');

      const basicOnSites = await call('/api/user/sites', { basic: 'newtwofa:Secret123!pass' });
      t.same([basicOnSites.status, basicOnSites.body], [401, { message: 'Unauthorized - 2FA is enabled, must login first and use token' }]);

      const events = (await server.core.store.readStream(`userLogin-${uuid}`)).map((e) => [e.type, e.data.reason ?? e.data.method, e.data.endpoint]);
      t.same(events, [
        ['UserLoginFailed', 'invalid_otp', '/api/user/login/setup_2fa'],
        ['UserLoginFailed', 'invalid_otp', '/api/user/login/setup_2fa'],
        ['UserLoginFailed', 'invalid_otp', '/api/user/login/setup_2fa'],
        ['UserLoginFailed', 'invalid_otp', '/api/user/login/2fa'],
        ['UserLoggedIn', '2fa', '/api/user/login/2fa'],
      ]);
    });
  });

  t.test('given a user without 2FA, then no session is opened', async (t) => {
    const admin = await call('/api/user/login', { basic: 'admin:admin' });
    t.same(admin.setCookie, [], 'no cookie for a completed login');
  });
});

t.test('2FA lockout: 5 wrong codes lock 2FA logins', async (t) => {
  const server = await startTestServer(t);
  const secret = new Secret({ size: 20 }).base32;
  const uuid = await addUser(server, 'locked2fa', 'Secret123!pass', { twoFactor: true, secret });
  const login = async () => reply(await server.request('/api/user/login', { basic: 'locked2fa:Secret123!pass' }));
  const check = async (cookie: string, code: string) => reply(await server.request('/api/user/login/2fa', { method: 'POST', ...form({ otp_code: code }), headers: { ...form({}).headers, cookie } }));

  const session = sessionOf(await login());
  const viaGet = await reply(await server.request(`/api/user/login/2fa?otp_code=${wrongCode(secret)}`, { headers: { cookie: session } }));
  t.same([viaGet.status, viaGet.body], [401, 'Invalid OTP code'], 'GET with the code in the query works the same');
  for (let i = 2; i <= 4; i++) t.equal((await check(session, wrongCode(secret))).status, 401, `wrong code ${i}`);
  const fifth = await check(session, wrongCode(secret));
  t.same([fifth.status, fifth.body], [403, 'Too many 2FA attempts. Please wait and try again.']);
  t.equal((await check(session, codeOf(secret))).status, 401, 'the session is over');
  const again = await login();
  t.same([again.status, again.body], [403, 'Too many 2FA attempts. Please wait and try again.'], 'the login refuses 2FA users while locked');
  const reasons = (await server.core.store.readStream(`userLogin-${uuid}`)).map((e) => e.data.reason);
  t.same(reasons, ['invalid_otp', 'invalid_otp', 'invalid_otp', 'invalid_otp', 'max_attempts_reached', 'max_attempts_reached']);
});

t.test('forced password change', async (t) => {
  const server = await startTestServer(t);
  const uuid = await addUser(server, 'forced', 'Password12345!!', { forcePasswordChange: true });
  const login = await reply(await server.request('/api/user/login', { basic: 'forced:Password12345!!' }));
  t.same(login.body, { message: 'Password change required for this user.', reason: 'password_change', redirect_url: '/login_change_password' });
  const session = sessionOf(login);
  const change = async (fields: Record<string, string>) =>
    reply(await server.request('/api/user/login/change_password', { method: 'POST', ...form(fields), headers: { ...form({}).headers, cookie: session } }));

  t.equal((await reply(await server.request('/api/user/login/change_password', { headers: { cookie: session } }))).status, 405, 'GET is 405');
  t.equal((await reply(await server.request('/api/user/login/change_password', { method: 'POST', ...form({ new_password: 'x', confirm_password: 'x' }) }))).status, 401, 'no session');
  const mismatch = await change({ new_password: 'Password12345!!a', confirm_password: 'Password12345!!b' });
  t.same([mismatch.status, mismatch.body], [400, 'New password and confirm password do not match']);
  t.equal((await change({ new_password: 'x' })).status, 400, 'missing confirm_password');
  t.equal((await change({ new_password: 'x', confirm_password: 'x', extra: '1' })).status, 400, 'unknown argument');
  const weak = {
    password: ['Password not long enough (10 characters)', 'Password missing numeric character', 'Password missing upper case letter', 'Password missing special character'],
    'password12345!': ['Password missing upper case letter'],
    'PASSWORD12345!': ['Password missing lower case letter'],
    Password12345: ['Password missing special character'],
    'Password!!!!': ['Password missing numeric character'],
  };
  for (const [password, reasons] of Object.entries(weak)) {
    const refused = await change({ new_password: password, confirm_password: password });
    t.equal(refused.status, 400, password);
    t.equal(refused.body, `Password not strong enough: ${reasons.join(',')}`, `${password}: the reasons`);
  }
  const same = await change({ new_password: 'Password12345!!', confirm_password: 'Password12345!!' });
  t.same([same.status, same.body], [400, 'New password same as old password']);

  const done = await change({ new_password: 'Another12345!!', confirm_password: 'Another12345!!' });
  t.same([done.status, done.body], [200, 'Password changed']);
  t.match(done.setCookie.join(), /session=; Path=\/; Max-Age=0/, 'the session ends');
  t.equal((await change({ new_password: 'Third12345!!x', confirm_password: 'Third12345!!x' })).status, 401, 'and cannot be used again');
  t.equal((await server.request('/api/user/login', { basic: 'forced:Password12345!!' })).status, 401, 'the old password is gone');
  const relogin = await reply(await server.request('/api/user/login', { basic: 'forced:Another12345!!' }));
  t.equal((relogin.body as { user_uuid: string }).user_uuid, uuid, 'the new password logs in, with no step left');

  t.test('given a session of a user not required to change, then 400', async (t) => {
    await addUser(server, 'other2fa', 'Secret123!pass', { twoFactor: true });
    const other = sessionOf(await reply(await server.request('/api/user/login', { basic: 'other2fa:Secret123!pass' })));
    const r = await reply(await server.request('/api/user/login/change_password', { method: 'POST', ...form({ new_password: 'Another12345!!', confirm_password: 'Another12345!!' }), headers: { ...form({}).headers, cookie: other } }));
    t.same([r.status, r.body], [400, 'User not required to change password']);
  });
});

t.test('the session cookie is Secure only over https through a trusted proxy', async (t) => {
  const server = await startTestServer(t, { config: { trustedProxies: ['127.0.0.1', '::ffff:127.0.0.1'] } });
  await addUser(server, 'proxied', 'Password12345!!', { forcePasswordChange: true });
  const cookie = async (headers: Record<string, string>) => (await reply(await server.request('/api/user/login', { basic: 'proxied:Password12345!!', headers }))).setCookie.join();
  t.match(await cookie({ 'x-forwarded-proto': 'https' }), /; Secure$/);
  t.notMatch(await cookie({}), /Secure/);
  t.notMatch(await cookie({ 'x-forwarded-proto': 'http' }), /Secure/);

  const untrusted = await startTestServer(t);
  await addUser(untrusted, 'direct', 'Password12345!!', { forcePasswordChange: true });
  const direct = await reply(await untrusted.request('/api/user/login', { basic: 'direct:Password12345!!', headers: { 'x-forwarded-proto': 'https' } }));
  t.notMatch(direct.setCookie.join(), /Secure/, 'a client cannot claim https itself');
});

t.test('the login pages', async (t) => {
  const server = await startTestServer(t);
  await addUser(server, 'pageuser<b>', 'Password12345!!', { forcePasswordChange: true });
  const page = async (path: string, cookie?: string) => fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

  const login = await page('/login');
  t.equal(login.status, 200);
  t.match(login.headers.get('content-type'), /text\/html/);
  const html = await login.text();
  for (const field of ['id="username"', 'id="password"', "'/api/user/login'", 'qrc:///qtwebchannel/qwebchannel.js', 'sendLoginSuccess']) t.match(html, field);
  t.notMatch(html, /https?:\/\//, 'no external asset');
  t.equal(login.headers.get('x-frame-options'), 'DENY');

  for (const path of ['/login_change_password', '/login_setup_2fa', '/login_validate_2fa']) {
    const response = await page(path);
    t.equal(response.status, 302, `${path} without a session`);
    t.equal(response.headers.get('location'), '/login');
  }
  const session = sessionOf(await reply(await server.request('/api/user/login', { basic: 'pageuser<b>:Password12345!!' })));
  const change = await page('/login_change_password', session);
  t.equal(change.status, 200);
  const changeHtml = await change.text();
  t.match(changeHtml, 'pageuser&#60;b&#62;', 'the username is escaped');
  t.match(changeHtml, "'/api/user/login/change_password'");
  t.match(await (await page('/login_validate_2fa?code=123456', session)).text(), "'/api/user/login/2fa'");
  t.match(await (await page('/login_setup_2fa', session)).text(), "'/api/user/login/setup_2fa'");
});
