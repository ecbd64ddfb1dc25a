import type { AnyDb } from '../projections/types.js';
import type { CommandDeps, PasswordHasher, RequestContext } from './ports.js';

/** Everything a command needs: its ports, the read models for checks, and who asks. */
export interface CommandContext {
  deps: CommandDeps & { readDb: AnyDb; passwords: PasswordHasher };
  request: RequestContext;
}
