import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { sql } from 'kysely';
import { startServer } from '../../../../services/teraserver/server.js';
import { testConfig } from '../../../helpers/config.js';
import { startTestServer } from '../../../helpers/server.js';
import { createPostgresDatabase, dropPostgresDatabase } from '../../../../adapters/db/database.js';

t.test('GET /api/user/login on the test data', async (t) => {
  const server = await startTestServer(t);

  t.test('given the right password, then a one-hour OpenTera user token', async (t) => {
    const response = await server.request('/api/user/login', { basic: 'admin:admin' });
    t.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    t.same(Object.keys(body).sort(), ['user_fullname', 'user_token', 'user_uuid']);
    t.equal(body.user_fullname, 'Super Admin');
    const claims = decodeJwt(String(body.user_token));
    t.match(claims, { iss: 'TeraServer', user_uuid: body.user_uuid, id_user: 1, user_fullname: 'Super Admin', user_superadmin: true, service_access: {} });
    t.equal(claims.exp! - claims.iat!, 3600);
    t.type(claims.jti, 'string');
    t.match(decodeProtectedHeader(String(body.user_token)), { alg: 'HS256', typ: 'JWT', kid: String });
  });

  t.test('given the token, then it authenticates on user endpoints but not on the login', async (t) => {
    const token = await server.login('siteadmin');
    t.equal((await server.request('/api/user/sites', { token })).status, 200);
    t.equal((await server.request('/api/user/login', { token })).status, 401, 'the login takes Basic only');
  });

  t.test('given usernames in another case, then they match', async (t) => {
    t.equal((await server.request('/api/user/login', { basic: 'SiteAdmin:siteadmin' })).status, 200);
  });

  t.test('given bad credentials, then 401 Unauthorized as text', async (t) => {
    for (const basic of ['admin:wrong', 'nobody:admin', 'admin:', ':']) {
      const response = await server.request('/api/user/login', { basic });
      t.equal(response.status, 401, basic);
      t.equal(await response.text(), 'Unauthorized');
    }
    const malformed = await server.request('/api/user/login', { headers: { authorization: 'Basic ###' } });
    t.equal(malformed.status, 401, 'a malformed header is a 401, never a 500');
  });

  t.test('given an unknown argument, then 400 as OpenTera\'s strict parser', async (t) => {
    const response = await server.request('/api/user/login?foo=1&bar=2', { basic: 'admin:admin' });
    t.equal(response.status, 400);
    t.same(await response.json(), { message: 'Unknown arguments: foo, bar' });
  });

  t.test('given forged, expired or foreign tokens, then 401', async (t) => {
    const real = await server.login('admin');
    const claims = decodeJwt(real);
    const kid = decodeProtectedHeader(real).kid!;
    const forged = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', kid }).sign(new Uint8Array(32));
    const key = await server.core.signingKeys.current('user');
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }).setProtectedHeader({ alg: 'HS256', kid }).sign(key.secret);
    const noExpiry = await new SignJWT({ ...claims, exp: undefined }).setProtectedHeader({ alg: 'HS256', kid }).sign(key.secret);
    const participantKey = await server.core.signingKeys.current('participant');
    const otherKind = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', kid: participantKey.kid }).sign(participantKey.secret);
    for (const [name, token] of Object.entries({ forged, expired, noExpiry, otherKind, truncated: real.slice(0, -5) })) {
      t.equal((await server.request('/api/user/sites', { token })).status, 401, name);
    }
  });

  t.test('given a revoked token, then 401', async (t) => {
    const token = await server.login('user');
    await sql`insert into revoked_tokens (jti, expires_at) values (${decodeJwt(token).jti!}, now() + interval '1 hour')`.execute(server.core.database.db);
    t.equal((await server.request('/api/user/sites', { token })).status, 401);
  });
});

t.test('given the production defaults, then admin must change the password first', async (t) => {
  const server = await startTestServer(t, { seed: 'production' });
  const response = await server.request('/api/user/login', { basic: 'admin:admin' });
  t.equal(response.status, 200);
  t.same(await response.json(), { message: 'Password change required for this user.', reason: 'password_change', redirect_url: '/login_change_password' });
  const sites = await server.request('/api/user/sites', { basic: 'admin:admin' });
  t.equal(sites.status, 401);
  t.same(await sites.json(), { message: 'Unauthorized - User must login first to change password' });
  const rows = await server.core.database.db.withSchema('rm').selectFrom('sites').select(['id_site', 'site_name']).execute();
  t.same(rows, [{ id_site: 1, site_name: 'Default Site' }]);
});

t.test('given a token, when the server restarts on the same store, then the token still works', async (t) => {
  let config;
  if (process.env.DATABASE_URL) {
    const name = `tera_t_restart_${process.pid}`;
    const databaseUrl = await createPostgresDatabase(process.env.DATABASE_URL, name, { dropFirst: true });
    t.teardown(() => dropPostgresDatabase(process.env.DATABASE_URL!, name));
    config = testConfig({ seed: 'opentera-test', databaseUrl });
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tera-restart-'));
    t.teardown(() => rm(dataDir, { recursive: true, force: true }));
    config = testConfig({ seed: 'opentera-test', dataDir });
  }
  const first = await startServer(config);
  const login = await fetch(`${first.url}/api/user/login`, { headers: { authorization: `Basic ${Buffer.from('user:user').toString('base64')}` } });
  const { user_token } = (await login.json()) as { user_token: string };
  await first.close();
  const second = await startServer(config);
  t.teardown(() => second.close());
  const sites = await fetch(`${second.url}/api/user/sites`, { headers: { authorization: `OpenTera ${user_token}` } });
  t.equal(sites.status, 200);
});
