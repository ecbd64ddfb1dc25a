import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { CommandContext } from '../../commands/context.js';
import type { Position } from '../../commands/eventStore.js';
import type { Clock } from '../../commands/ports.js';
import type { AuthDeps, AuthenticatedUser } from './auth.js';
import type { Tokens } from '../auth/tokens.js';

/** What the API routes need, wired by the composition root. */
export interface ApiDeps extends AuthDeps {
  tokens: Tokens;
  clock: Clock;
  logger: Logger;
  /** The command context for this request: its ports and the actor, request id, IP and user agent. */
  commandContext(ctx: Context, actor: AuthenticatedUser): CommandContext;
  /** Read-your-writes: resolves once the read models include `position` (bounded wait). */
  waitForProjections(position: Position | undefined): Promise<void>;
}
