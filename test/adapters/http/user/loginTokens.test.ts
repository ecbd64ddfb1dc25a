// The client version check of the login, logout (the token revoked for good), and token refresh.
import t from 'tap';
import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { configureOtpCommand, createUserCommand, updateUserCommand } from '../../../../commands/users.js';
import { startTestServer } from '../../../helpers/server.js';

const openTeraPlus = {
  client_name: 'OpenTeraPlus',
  client_description: 'OpenTeraPlus Qt Client',
  client_version: '1.0.0',
  client_documentation_url: 'https://github.com/introlab/openteraplus',
  client_windows_download_url: null,
  client_mac_download_url: null,
  client_linux_download_url: null,
};

t.test('login client version check', async (t) => {
  const server = await startTestServer(t);
  const login = (name: string, version: string, basic = 'admin:admin') => server.request('/api/user/login', { basic, headers: { 'x-client-name': name, 'x-client-version': version } });

  t.test('given the latest version, then version_latest and a token', async (t) => {
    const response = await login('OpenTeraPlus', '1.0.0');
    t.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    t.same(body.version_latest, openTeraPlus);
    t.notOk('version_error' in body);
    t.type(body.user_token, 'string');
  });

  t.test('given another minor version, then version_error too, and the login goes on', async (t) => {
    const response = await login('OpenTeraPlus', '1.4.2');
    t.equal(response.status, 200);
    t.match(await response.json(), { version_latest: openTeraPlus, version_error: 'Client major version mismatch', user_token: String });
  });

  t.test('given another major version, then 426 with no token', async (t) => {
    const response = await login('OpenTeraPlus', '0.0.0');
    t.equal(response.status, 426);
    t.same(await response.json(), {
      version_latest: openTeraPlus,
      current_version: ['0', '0', '0'],
      version_error: 'Client major version mismatch',
      message: 'Client major version too old, not accepting login',
    });
  });

  t.test('given an unknown client or only one header, then a plain login', async (t) => {
    for (const response of [await login('test', '0.0.0'), await server.request('/api/user/login', { basic: 'admin:admin', headers: { 'x-client-name': 'OpenTeraPlus' } })]) {
      t.equal(response.status, 200);
      t.same(Object.keys((await response.json()) as object).sort(), ['user_fullname', 'user_token', 'user_uuid']);
    }
  });

  t.test('given a user with a step left, then the version fields come with the step', async (t) => {
    const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
    const created = await createUserCommand(context, { username: 'versioned', password: 'Secret123!pass', firstname: 'V', lastname: 'U', email: null, enabled: true, profile: '', notes: null, superadmin: false, forcePasswordChange: false });
    const secret = new Secret({ size: 20 }).base32;
    await updateUserCommand(context, created.uuid, { twoFactorEnabled: true });
    await server.core.runner.waitFor((await configureOtpCommand(context, created.uuid, secret, false))!);
    const step = await login('OpenTeraPlus', '1.1.0', 'versioned:Secret123!pass');
    t.match(await step.json(), { version_latest: openTeraPlus, version_error: 'Client major version mismatch', reason: '2fa' });
    const cookie = step.headers.getSetCookie()[0]!.split(';')[0]!;
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    const old = await server.request(`/api/user/login/2fa?otp_code=${code}`, { headers: { cookie, 'x-client-name': 'OpenTeraPlus', 'x-client-version': '0.9' } });
    t.equal(old.status, 426, 'the 2FA step checks the version too');
    t.match(old.headers.getSetCookie().join(), /session=; Path=\/; Max-Age=0/, 'and ends the session');
  });
});

t.test('logout', async (t) => {
  const server = await startTestServer(t);

  t.test('given a token, when logging out, then "User logged out." and the token is refused for good', async (t) => {
    const token = await server.login('user');
    const other = await server.login('user');
    const response = await server.request('/api/user/logout', { token });
    t.equal(response.status, 200);
    t.match(response.headers.get('content-type'), /application\/json/);
    t.equal(await response.json(), 'User logged out.');
    t.match(response.headers.getSetCookie().join(), /session=; Path=\/; Max-Age=0/, 'the session cookie is cleared');
    t.equal((await server.request('/api/user/sites', { token })).status, 401, 'refused afterwards');
    t.equal((await server.request('/api/user/logout', { token })).status, 401, 'a second logout is refused');
    t.equal((await server.request('/api/user/sites', { token: other })).status, 200, 'other tokens of the user still work');
    const row = await server.core.database.db.selectFrom('revoked_tokens').select('expires_at').where('jti', '=', decodeJwt(token).jti!).executeTakeFirstOrThrow();
    t.equal(new Date(row.expires_at as Date).getTime(), decodeJwt(token).exp! * 1000, 'revoked until the token would expire');
  });

  t.test('given Basic credentials, then logged out and nothing to revoke', async (t) => {
    const response = await server.request('/api/user/logout', { basic: 'user:user' });
    t.equal(response.status, 200);
    t.equal((await server.request('/api/user/logout', { basic: 'user:user' })).status, 200);
  });

  t.test('given no or bad credentials, then 401', async (t) => {
    t.equal((await server.request('/api/user/logout')).status, 401);
    t.equal((await server.request('/api/user/logout', { basic: 'user:bad' })).status, 401);
    t.equal((await server.request('/api/user/logout', { method: 'POST' })).status, 405);
  });
});

t.test('refresh_token', async (t) => {
  const server = await startTestServer(t);

  t.test('given a token, then a 30-minute token and the old one revoked', async (t) => {
    const token = await server.login('siteadmin');
    const response = await server.request('/api/user/refresh_token', { token });
    t.equal(response.status, 200);
    const body = (await response.json()) as { refresh_token: string };
    t.same(Object.keys(body), ['refresh_token']);
    const claims = decodeJwt(body.refresh_token);
    t.equal(claims.exp! - claims.iat!, 1800);
    t.match(claims, { iss: 'TeraServer', user_uuid: decodeJwt(token).user_uuid, id_user: 2, user_superadmin: false, service_access: {} });
    t.not(claims.jti, decodeJwt(token).jti);
    t.equal((await server.request('/api/user/sites', { token })).status, 401, 'the old token is refused');
    t.equal((await server.request('/api/user/refresh_token', { token })).status, 401, 'and cannot be refreshed again');
    t.equal((await server.request('/api/user/sites', { token: body.refresh_token })).status, 200, 'the new one works');
    t.equal((await server.request('/api/user/refresh_token?with_websocket=true', { token: body.refresh_token })).status, 200, 'with_websocket is accepted');
  });

  t.test('given Basic credentials or nothing, then 401 (token only)', async (t) => {
    const basic = await server.request('/api/user/refresh_token', { basic: 'siteadmin:siteadmin' });
    t.equal(basic.status, 401);
    t.equal(await basic.text(), 'Unauthorized');
    t.equal((await server.request('/api/user/refresh_token')).status, 401);
    t.equal((await server.request('/api/user/refresh_token', { method: 'POST' })).status, 405);
  });
});
