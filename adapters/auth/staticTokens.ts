// Static participant and device tokens (OpenTera's `participant_token` and `device_token`): JWTs without
// expiry whose claims are OpenTera's (`iss`, `jti`, `participant_uuid` + `id_participant`, or `device_uuid` +
// `id_device`). Neither the events nor the read models hold a token: they hold its `jti`, and the token is
// signed again when served. HS256 over the same header and claims is deterministic, so a participant's link
// stays the same string until its token is regenerated (or the signing key rotates; tokens of older keys
// still verify). Whether a token still counts (owner enabled, `jti` current) is the caller's check.
import { createHmac } from 'node:crypto';
import type { KeyKind, SigningKey, SigningKeys } from './signingKeys.js';
import { ISSUER, type Tokens } from './tokens.js';

export interface StaticTokenOwner {
  id: number;
  uuid: string;
  tokenId: string;
}

export interface StaticTokenClaims {
  id: number;
  uuid: string;
  jti: string;
}

export interface StaticTokens {
  participant(owner: StaticTokenOwner): Promise<string>;
  device(owner: StaticTokenOwner): Promise<string>;
  /** The claims of a well-signed participant static token, or undefined. */
  verifyParticipant(token: string): Promise<StaticTokenClaims | undefined>;
  verifyDevice(token: string): Promise<StaticTokenClaims | undefined>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
/** How long a node signs with the key it read before looking for a newer one. */
const KEY_REFRESH_MS = 60_000;

export function createStaticTokens(keys: SigningKeys, tokens: Tokens): StaticTokens {
  const cached = new Map<KeyKind, { key: SigningKey; readAt: number }>();
  async function currentKey(kind: KeyKind): Promise<SigningKey> {
    const entry = cached.get(kind);
    if (entry && Date.now() - entry.readAt < KEY_REFRESH_MS) return entry.key;
    const key = await keys.current(kind);
    cached.set(kind, { key, readAt: Date.now() });
    return key;
  }
  async function sign(kind: KeyKind, claims: Record<string, unknown>): Promise<string> {
    const key = await currentKey(kind);
    const input = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid }))}.${base64url(JSON.stringify(claims))}`;
    return `${input}.${createHmac('sha256', key.secret).update(input).digest('base64url')}`;
  }
  async function verify(kind: KeyKind, token: string, uuidClaim: string, idClaim: string): Promise<StaticTokenClaims | undefined> {
    const payload = await tokens.verify(kind, token);
    if (!payload || payload.exp !== undefined) return undefined;
    const uuid = payload[uuidClaim];
    const id = payload[idClaim];
    if (typeof uuid !== 'string' || typeof id !== 'number' || typeof payload.jti !== 'string') return undefined;
    return { id, uuid, jti: payload.jti };
  }
  return {
    participant: (o) => sign('participant-static', { iss: ISSUER, jti: o.tokenId, participant_uuid: o.uuid, id_participant: o.id }),
    device: (o) => sign('device', { iss: ISSUER, jti: o.tokenId, device_uuid: o.uuid, id_device: o.id }),
    verifyParticipant: (token) => verify('participant-static', token, 'participant_uuid', 'id_participant'),
    verifyDevice: (token) => verify('device', token, 'device_uuid', 'id_device'),
  };
}
