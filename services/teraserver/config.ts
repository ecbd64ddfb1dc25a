// Configuration from a JSON file, the environment and command-line flags (flags override the environment,
// which overrides the file), validated at start with a message that names the bad value.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const ConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Address to listen on (HOST, --host)' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 4040, description: 'Port to listen on (PORT, --port)' }),
    dataDir: Type.String({ minLength: 1, default: './data', description: 'Folder of the embedded PGlite database (DATA_DIR, --data-dir)' }),
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL for read models and, without EventStoreDB, events (DATABASE_URL, --database-url)' })),
    eventstoreUrl: Type.Optional(Type.String({ pattern: '^(esdb|esdb\\+discover|kurrentdb|kdb)://', description: 'EventStoreDB connection string (EVENTSTORE_URL, --eventstore-url)' })),
    seed: Type.Optional(Type.Union([Type.Literal('opentera-test')], { description: 'Data set loaded into an empty store (SEED, --seed)' })),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info', description: 'LOG_LEVEL, --log-level' }),
    serverName: Type.String({ minLength: 1, default: 'Development Server', description: 'Display name, 2FA issuer (SERVER_NAME)' }),
    argon2MemoryKiB: Type.Integer({ minimum: 8, default: 19456, description: 'argon2id memory cost in KiB; OWASP minimum 19456 (ARGON2_MEMORY_KIB)' }),
    argon2Iterations: Type.Integer({ minimum: 1, default: 2, description: 'argon2id time cost (ARGON2_ITERATIONS)' }),
    argon2Parallelism: Type.Integer({ minimum: 1, maximum: 16, default: 1, description: 'argon2id lanes (ARGON2_PARALLELISM)' }),
    trustedProxies: Type.Array(Type.String(), { default: [], description: 'Proxy addresses whose forwarded headers are trusted (TRUSTED_PROXIES, comma-separated)' }),
    projectionWaitMs: Type.Integer({ minimum: 0, default: 5000, description: 'Longest wait for read models after a write (PROJECTION_WAIT_MS)' }),
    shutdownTimeoutMs: Type.Integer({ minimum: 0, default: 10000, description: 'Longest wait for in-flight requests at shutdown (SHUTDOWN_TIMEOUT_MS)' }),
    // null (the example file's value) is the same as absent.
    caCertificateFile: Type.Optional(
      Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
        description: 'PEM certificate of the CA that signs device certificates, with caPrivateKeyFile; without them, a CA generated once and kept in the database (CA_CERTIFICATE_FILE)',
      }),
    ),
    caPrivateKeyFile: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { description: 'Unencrypted PEM private key (RSA or EC) of caCertificateFile (CA_PRIVATE_KEY_FILE)' })),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;

const ENV: Record<string, keyof Config> = {
  HOST: 'host',
  PORT: 'port',
  DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  EVENTSTORE_URL: 'eventstoreUrl',
  SEED: 'seed',
  LOG_LEVEL: 'logLevel',
  SERVER_NAME: 'serverName',
  ARGON2_MEMORY_KIB: 'argon2MemoryKiB',
  ARGON2_ITERATIONS: 'argon2Iterations',
  ARGON2_PARALLELISM: 'argon2Parallelism',
  TRUSTED_PROXIES: 'trustedProxies',
  PROJECTION_WAIT_MS: 'projectionWaitMs',
  SHUTDOWN_TIMEOUT_MS: 'shutdownTimeoutMs',
  CA_CERTIFICATE_FILE: 'caCertificateFile',
  CA_PRIVATE_KEY_FILE: 'caPrivateKeyFile',
};

const FLAGS = {
  config: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'eventstore-url': { type: 'string' },
  seed: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function coerce(key: keyof Config, value: string): unknown {
  const schema = ConfigSchema.properties[key] as { type?: string };
  if (schema.type === 'integer') return /^\d+$/.test(value) ? Number(value) : value;
  if (schema.type === 'array') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return value;
}

/** Builds the configuration; the remaining positional arguments are returned for commands. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): { config: Config; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const file = parsed.values.config ?? env.TERA_CONFIG ?? (existsSync('config.json') ? 'config.json' : undefined);
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV)) if (env[name] !== undefined && env[name] !== '') fromEnv[key] = coerce(key, env[name]);
  const fromFlags: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(parsed.values)) {
    if (flag === 'config' || value === undefined) continue;
    const key = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof Config;
    fromFlags[key] = coerce(key, value);
  }
  const merged = Value.Default(ConfigSchema, { ...fromFile, ...fromEnv, ...fromFlags }) as Record<string, unknown>;
  const error = Value.Errors(ConfigSchema, merged).First();
  if (error) {
    const key = error.path.replace(/^\//, '') || 'config';
    throw new ConfigError(`Invalid configuration value for ${key}: ${JSON.stringify(error.value)} (${error.message})`);
  }
  // A certificate without its key (or the reverse) cannot sign: half a CA would silently fall back to the generated one.
  if ((merged.caCertificateFile == null) !== (merged.caPrivateKeyFile == null)) {
    throw new ConfigError('Invalid configuration: caCertificateFile and caPrivateKeyFile go together (set both or neither)');
  }
  return { config: merged as Config, positionals: parsed.positionals };
}
