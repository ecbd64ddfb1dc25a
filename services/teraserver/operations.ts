// Operator commands, run by `tera` directly on the stores or by the server that holds them.
import { rebuildReadModels } from '../../adapters/projection/rebuild.js';
import type { KeyKind } from '../../adapters/auth/signingKeys.js';
import { projectors } from '../../projections/index.js';
import type { Core } from './server.js';

export type Progress = (done: number, total: number | undefined) => void;

export const OPERATIONS: Record<string, { help: string; run(core: Core, args: string[], progress: Progress): Promise<Record<string, unknown>> }> = {
  rebuild: {
    help: 'rebuild the read models from the events (into fresh tables, then swapped in)',
    async run(core, _args, progress) {
      const started = Date.now();
      const result = await rebuildReadModels({ store: core.store, database: core.database, projectors, onProgress: progress });
      return { events: result.events, seconds: (Date.now() - started) / 1000 };
    },
  },
  'keys rotate': {
    help: 'add a new signing key for a token kind (user, participant, device, service, session); older tokens stay valid until they expire',
    async run(core, args) {
      const kind = (args[0] ?? 'user') as KeyKind;
      if (!['user', 'participant', 'participant-static', 'device', 'service', 'session'].includes(kind)) throw new Error(`Unknown token kind ${kind}`);
      const key = await core.signingKeys.rotate(kind);
      return { kind, kid: key.kid };
    },
  },
};
