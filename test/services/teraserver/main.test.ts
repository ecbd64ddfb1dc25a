// `npm start` as an operator runs it: a real process on an embedded store, stopped by a signal.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';

// The children run with this test's own TypeScript loader (not tsx, whose source maps differ), so that
// their coverage merges with the suite's.
function run(args: string[], env: Record<string, string> = {}) {
  const [script, ...rest] = args;
  const child = spawn(process.execPath, [...process.execArgv, script!, ...rest], {
    env: { ...process.env, DATABASE_URL: '', ARGON2_MEMORY_KIB: '64', ARGON2_ITERATIONS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor(predicate: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

t.test('given a fresh data folder, when the server starts, then it serves, a tera command reaches it, and SIGTERM stops it cleanly', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tera-main-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const server = run(['services/teraserver/main.ts', '--port', '0', '--data-dir', dataDir]);
  t.teardown(() => server.child.kill('SIGKILL'));
  await waitFor(() => /"url":"http:\/\/[^"]+"/.test(server.output()), 'the listening line');
  const url = /"url":"(http:\/\/[^"]+)"/.exec(server.output())![1]!;

  const health = await fetch(`${url}/health`);
  t.equal(health.status, 200);
  t.match(await health.json(), { ok: true, eventStore: 'pglite' });
  const login = await fetch(`${url}/api/user/login`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } });
  t.match(await login.json(), { reason: 'password_change' }, 'production defaults were created');

  const tera = run(['services/teraserver/tera.ts', 'rebuild', '--data-dir', dataDir]);
  t.equal(await tera.exited, 0, tera.output());
  t.match(tera.output(), /"events":\d+/, 'the running server rebuilt its read models for the command');
  t.equal((await fetch(`${url}/api/user/sites`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } })).status, 401, 'still serving');

  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0);
  t.match(server.output(), /server stopped/);

  const offline = run(['services/teraserver/tera.ts', 'rebuild', '--data-dir', dataDir]);
  t.equal(await offline.exited, 0, offline.output());
  t.match(offline.output(), /"events":\d+/, 'with no server, the command opens the store itself');
});

t.test('given a bad setting, then the server refuses to start and says which', async (t) => {
  const server = run(['services/teraserver/main.ts', '--port', 'abc']);
  t.equal(await server.exited, 2);
  t.match(server.output(), /Invalid configuration value for port: "abc"/);
});

t.test('given an unknown command, then tera prints its usage', async (t) => {
  const tera = run(['services/teraserver/tera.ts', 'bogus']);
  t.equal(await tera.exited, 2);
  t.match(tera.output(), /Commands:\n {2}rebuild/);
});
