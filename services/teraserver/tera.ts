// `npm run tera -- <command>`: operator commands. On PGlite, when a server holds the data folder, the
// command runs inside that server through its control socket; otherwise it opens the stores itself
// (PostgreSQL allows both at once: a rebuild swaps its tables in under a lock).
import { ConfigError, loadConfig } from './config.js';
import { controlSocketPath, sendControlCommand } from './control.js';
import { OPERATIONS, type Progress } from './operations.js';
import { createLogger, openCore } from './server.js';

function progressBar(): Progress {
  let last = 0;
  return (done, total) => {
    if (process.stderr.isTTY) {
      const ratio = total ? done / total : 0;
      const width = 30;
      const bar = '#'.repeat(Math.round(ratio * width)).padEnd(width, '.');
      process.stderr.write(`\r[${bar}] ${total ? Math.floor(ratio * 100) : '?'}% ${done}${total ? `/${total}` : ''} events`);
      if (total && done >= total) process.stderr.write('\n');
    } else if (Date.now() - last > 1000 || (total && done >= total)) {
      last = Date.now();
      process.stderr.write(`${done}${total ? `/${total}` : ''} events\n`);
    }
  };
}

function usage(): string {
  return ['Usage: npm run tera -- <command> [args] [--data-dir DIR | --database-url URL] [--eventstore-url URL]', '', 'Commands:', ...Object.entries(OPERATIONS).map(([name, op]) => `  ${name.padEnd(14)} ${op.help}`)].join('\n');
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = loadConfig(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`tera: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const { config, positionals } = parsed;
  const name = OPERATIONS[`${positionals[0]} ${positionals[1]}`] ? `${positionals[0]} ${positionals[1]}` : positionals[0];
  const operation = name ? OPERATIONS[name] : undefined;
  if (!name || !operation) {
    console.error(usage());
    return 2;
  }
  const args = positionals.slice(name.split(' ').length);
  const progress = progressBar();
  if (!config.databaseUrl) {
    let failed = false;
    const handled = await sendControlCommand(controlSocketPath(config.dataDir), name, args, (message) => {
      if ('progress' in message) progress(message.progress[0], message.progress[1] ?? undefined);
      else if ('done' in message) console.log(JSON.stringify(message.done));
      else {
        failed = true;
        console.error(`tera: ${message.error}`);
      }
    });
    if (handled) return failed ? 1 : 0;
  }
  const core = await openCore({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel }, createLogger({ logLevel: 'warn' }), { startRunner: false });
  try {
    console.log(JSON.stringify(await operation.run(core, args, progress)));
    return 0;
  } catch (error) {
    console.error(`tera: ${(error as Error).message}`);
    return 1;
  } finally {
    await core.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
