import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { CommandContext } from '../../commands/context.js';
import type { Position } from '../../commands/eventStore.js';
import type { AuthDeps, AuthenticatedUser } from './auth.js';
import type { AuthenticatedDevice } from './deviceAuth.js';
import type { AuthenticatedParticipant } from './participantAuth.js';
import type { CertificateAuthority } from '../auth/certificateAuthority.js';
import type { RateLimits } from '../auth/rateLimit.js';
import type { StaticTokens } from '../auth/staticTokens.js';
import type { Tokens } from '../auth/tokens.js';
import type { ServerSettings } from '../db/serverSettings.js';

/** What the API routes need, wired by the composition root. */
export interface ApiDeps extends AuthDeps {
  tokens: Tokens;
  /** Participant and device static tokens, signed when served. */
  staticTokens: StaticTokens;
  logger: Logger;
  /** The configured display name (`serverName`): the 2FA issuer is `OpenTera-<serverName>`. */
  serverName: string;
  /** Addresses of the reverse proxies whose forwarded headers (X-Forwarded-Proto) are trusted. */
  trustedProxies: readonly string[];
  serverSettings: ServerSettings;
  /** Signs device certificates (`POST /api/device/register`). */
  certificateAuthority: CertificateAuthority;
  /** Request rate limits shared by every node. */
  rateLimits: RateLimits;
  /** Revokes a token id on every node until `expiresAt`. */
  revoke(jti: string, expiresAt: Date): Promise<void>;
  /**
   * The command context for this request: its ports and the actor (a user, participant or device: the events'
   * actor kind follows), request id, IP and user agent.
   */
  commandContext(ctx: Context, actor: AuthenticatedUser | AuthenticatedParticipant | AuthenticatedDevice): CommandContext;
  /** Read-your-writes: resolves once the read models include `position` (bounded wait). */
  waitForProjections(position: Position | undefined): Promise<void>;
}
