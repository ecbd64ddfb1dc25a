import type { CommandContext } from '../../../commands/context.js';
import type { IdSequence } from '../../../commands/ports.js';

/** Seeds give explicit ids; the sequences must then continue after them. */
export async function advanceSequences(context: CommandContext, highest: Partial<Record<IdSequence, number>>): Promise<void> {
  for (const [sequence, id] of Object.entries(highest)) await context.deps.ids.ensureAbove(sequence as IdSequence, id);
}
