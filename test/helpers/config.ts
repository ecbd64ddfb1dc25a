import { loadConfig, type Config } from '../../services/teraserver/config.js';

/** The server configuration of tests: ephemeral port, silent logs, a cheap argon2 cost. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const { config } = loadConfig([], {});
  return { ...config, port: 0, logLevel: 'silent', argon2MemoryKiB: 64, argon2Iterations: 1, argon2Parallelism: 1, ...overrides };
}
