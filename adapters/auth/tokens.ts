// OpenTera's JWTs (HS256, issuer "TeraServer", its claim names per token kind), signed with our persisted
// keys and a `kid` header so that keys can rotate without logging everyone out.
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { KeyKind, SigningKeys } from './signingKeys.js';

export const ISSUER = 'TeraServer';
export const USER_TOKEN_SECONDS = 3600;

export interface UserTokenClaims {
  user_uuid: string;
  id_user: number;
  user_fullname: string;
  user_superadmin: boolean;
  service_access: Record<string, string[]>;
}

export interface Tokens {
  sign(kind: KeyKind, claims: Record<string, unknown>, options?: { expiresInSeconds?: number; now?: Date }): Promise<string>;
  /** The verified payload, or undefined for any bad token (malformed, unknown key, bad signature, expired). */
  verify(kind: KeyKind, token: string): Promise<JWTPayload | undefined>;
}

export function createTokens(keys: SigningKeys): Tokens {
  return {
    async sign(kind, claims, options = {}) {
      const key = await keys.current(kind);
      const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
      const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid }).setIssuedAt(iat).setIssuer(ISSUER).setJti(randomUUID());
      if (options.expiresInSeconds !== undefined) jwt.setExpirationTime(iat + options.expiresInSeconds);
      return jwt.sign(key.secret);
    },
    async verify(kind, token) {
      try {
        const { kid } = decodeProtectedHeader(token);
        if (typeof kid !== 'string') return undefined;
        const key = await keys.byKid(kind, kid);
        if (!key) return undefined;
        const { payload } = await jwtVerify(token, key.secret, { algorithms: ['HS256'] });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}
