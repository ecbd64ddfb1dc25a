// A first start fills an empty store: OpenTera's production defaults, or its test data set with `--seed`.
import type { Core } from '../server.js';
import { seedOpenTeraTest } from './openteraTest.js';
import { seedProduction } from './production.js';

export async function seedStore(core: Core): Promise<void> {
  if ((await core.store.headPosition()) !== undefined) {
    if (core.config.seed) core.logger.info({ seed: core.config.seed }, 'store not empty: seed skipped');
    return;
  }
  const context = core.commandContext({ actor: { kind: 'system', uuid: 'seed' }, correlationId: `seed-${core.config.seed ?? 'production'}` });
  let last;
  if (core.config.seed === 'opentera-test') last = await seedOpenTeraTest(context);
  else last = await seedProduction(context);
  if (last !== undefined) await core.runner.waitFor(last, 60_000);
  core.logger.info({ seed: core.config.seed ?? 'production defaults' }, 'store seeded');
}
