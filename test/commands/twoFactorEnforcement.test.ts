import t from 'tap';
import { startTestServer } from '../helpers/server.js';

async function loginReply(server: Awaited<ReturnType<typeof startTestServer>>, user: string): Promise<Record<string, unknown>> {
  return (await (await server.request('/api/user/login', { basic: `${user}:${user}` })).json()) as Record<string, unknown>;
}

t.test('given a site that starts requiring 2FA, then its site-level users and the superadmins get 2FA, and only they', async (t) => {
  const server = await startTestServer(t);
  const token = await server.login('admin');
  const response = await server.request('/api/user/sites', { method: 'POST', token, body: { site: { id_site: 1, site_2fa_required: true } } });
  t.equal(response.status, 200);

  // The rule reacts to the applied event on the projection node: wait for its decisions to be projected.
  const deadline = Date.now() + 10_000;
  let siteadmin = await loginReply(server, 'siteadmin');
  while (siteadmin.reason !== '2fa_setup' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    siteadmin = await loginReply(server, 'siteadmin');
  }
  t.equal(siteadmin.reason, '2fa_setup', 'site admin of the site (a site-level role)');
  t.equal((await loginReply(server, 'user2')).reason, '2fa_setup', 'site admin through another of its groups');
  t.equal((await loginReply(server, 'admin')).reason, '2fa_setup', 'superadmins');
  t.type((await loginReply(server, 'user')).user_token, 'string', 'project-level roles do not count, as in OpenTera');
  t.type((await loginReply(server, 'user3')).user_token, 'string');
  t.type((await loginReply(server, 'user4')).user_token, 'string', 'no access, no 2FA');

  const events = (await server.core.store.readAll({ direction: 'backwards', maxCount: 50 })).filter((e) => e.type === 'UserTwoFactorSet');
  t.equal(events.length, 3, 'one decision per user');
  t.ok(events.every((e) => e.metadata.actor.kind === 'system' && e.metadata.actor.uuid === 'site-2fa-rule'), 'made by the rule, visible as such in the history');
});
