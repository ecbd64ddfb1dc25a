import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../../../services/teraserver/config.js';

t.test('given nothing, then the embedded defaults', async (t) => {
  const { config } = loadConfig([], {});
  t.match(config, { host: '127.0.0.1', port: 4040, dataDir: './data', argon2MemoryKiB: 19456, argon2Iterations: 2, argon2Parallelism: 1 });
  t.equal(config.databaseUrl, undefined);
});

t.test('given the example file, then it is a valid configuration', async (t) => {
  const { config } = loadConfig(['--config', 'config.example.json'], {});
  t.equal(config.port, 4040);
});

t.test('given a file, the environment and flags, then flags win over the environment, which wins over the file', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tera-config-'));
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify({ port: 5000, host: '0.0.0.0', logLevel: 'debug' }));
  const { config, positionals } = loadConfig(['--config', file, '--port', '7000', 'rebuild'], { PORT: '6000', HOST: '10.0.0.1', TRUSTED_PROXIES: '127.0.0.1, ::1' });
  t.equal(config.port, 7000, 'flag');
  t.equal(config.host, '10.0.0.1', 'environment');
  t.equal(config.logLevel, 'debug', 'file');
  t.same(config.trustedProxies, ['127.0.0.1', '::1']);
  t.same(positionals, ['rebuild']);
});

t.test('given bad values, then a clear error naming the value', async (t) => {
  t.throws(() => loadConfig(['--port', 'eighty'], {}), new ConfigError('Invalid configuration value for port: "eighty" (Expected integer)'));
  t.throws(() => loadConfig([], { PORT: '70000' }), { message: /port: 70000/ });
  t.throws(() => loadConfig(['--seed', 'nonsense'], {}), { message: /seed/ });
  t.throws(() => loadConfig([], { DATABASE_URL: 'mysql://x' }), { message: /databaseUrl/ });
  t.throws(() => loadConfig(['--unknown-flag'], {}), ConfigError);
  t.throws(() => loadConfig(['--config', '/nonexistent/config.json'], {}), { message: /Cannot read config file/ });
});

t.test('given the CA files, then both come from the file or the environment, and one without the other is refused', async (t) => {
  const { config } = loadConfig([], { CA_CERTIFICATE_FILE: '/etc/tera/ca_cert.pem', CA_PRIVATE_KEY_FILE: '/etc/tera/ca_key.pem' });
  t.equal(config.caCertificateFile, '/etc/tera/ca_cert.pem');
  t.equal(config.caPrivateKeyFile, '/etc/tera/ca_key.pem');
  const { config: example } = loadConfig(['--config', 'config.example.json'], {});
  t.equal(example.caCertificateFile, null, 'the example file leaves them unset');
  t.throws(() => loadConfig([], { CA_CERTIFICATE_FILE: '/etc/tera/ca_cert.pem' }), { message: /caCertificateFile and caPrivateKeyFile go together/ });
  t.throws(() => loadConfig([], { CA_PRIVATE_KEY_FILE: '/etc/tera/ca_key.pem' }), ConfigError);
});
