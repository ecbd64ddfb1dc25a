// Applies the site 2FA rule (domain/twoFactor.ts) after the read models took in a triggering event: run by
// the active projection runner's node only, so one node decides, and idempotent (a user already under 2FA
// gets no event).
import { usersMissingRequiredTwoFactor } from '../projections/queries/twoFactor.js';
import type { CommandContext } from './context.js';
import { updateUserCommand } from './users.js';

export async function enforceSiteTwoFactor(context: CommandContext): Promise<number> {
  const uuids = await usersMissingRequiredTwoFactor(context.deps.readDb);
  for (const uuid of uuids) await updateUserCommand(context, uuid, { twoFactorEnabled: true });
  return uuids.length;
}
