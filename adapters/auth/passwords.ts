// argon2id password hashes. The cost is configurable: OWASP's minimum (19 MiB, 2 iterations, 1 lane) in
// production, a cheap setting in tests. Hashes carry their parameters, so a cost change keeps old hashes valid.
import argon2 from 'argon2';
import type { PasswordHasher } from '../../commands/ports.js';

export interface Argon2Cost {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export const OWASP_MINIMUM: Argon2Cost = { memoryKiB: 19456, iterations: 2, parallelism: 1 };

export function createPasswordHasher(cost: Argon2Cost = OWASP_MINIMUM): PasswordHasher {
  return {
    hash: (password) => argon2.hash(password, { type: argon2.argon2id, memoryCost: cost.memoryKiB, timeCost: cost.iterations, parallelism: cost.parallelism }),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        // A malformed stored hash (or an erased one) never verifies.
        return false;
      }
    },
  };
}
