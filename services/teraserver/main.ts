// `npm start`: the OpenTera server in embedded mode by default (PGlite under ./data, 127.0.0.1:4040).
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    ({ config } = loadConfig(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`teraserver: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const running = await startServer(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.core.logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        running.core.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
