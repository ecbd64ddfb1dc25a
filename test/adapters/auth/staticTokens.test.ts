import t from 'tap';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createSigningKeys } from '../../../adapters/auth/signingKeys.js';
import { createStaticTokens } from '../../../adapters/auth/staticTokens.js';
import { createTokens } from '../../../adapters/auth/tokens.js';
import { freshDatabase } from '../../helpers/database.js';

t.test('static tokens', async (t) => {
  const database = await freshDatabase(t);
  const keys = await createSigningKeys(database);
  const tokens = createTokens(keys);
  const statics = createStaticTokens(keys, tokens);
  const owner = { id: 7, uuid: '0b7c2b1e-52a4-4d63-a9a4-2a4a5f0c9d11', tokenId: 'a5f1c8a4-3a8f-4d0b-9d62-1c9f0e7b6a55' };

  t.test('given a participant, when its token is signed twice, then it is the same string with OpenTera claims and no expiry', async (t) => {
    const first = await statics.participant(owner);
    t.equal(await statics.participant(owner), first);
    t.same(decodeJwt(first), { iss: 'TeraServer', jti: owner.tokenId, participant_uuid: owner.uuid, id_participant: 7 });
    t.equal(decodeProtectedHeader(first).alg, 'HS256');
    t.same(await statics.verifyParticipant(first), { id: 7, uuid: owner.uuid, jti: owner.tokenId });
  });

  t.test('given a participant token, then it does not verify as a device token, nor when tampered with', async (t) => {
    const token = await statics.participant(owner);
    t.equal(await statics.verifyDevice(token), undefined);
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ iss: 'TeraServer', jti: owner.tokenId, participant_uuid: owner.uuid, id_participant: 1 })).toString('base64url')}.${signature}`;
    t.equal(await statics.verifyParticipant(forged), undefined);
    t.equal(await statics.verifyParticipant('garbage'), undefined);
  });

  t.test('given a device, then its token carries device claims and verifies', async (t) => {
    const token = await statics.device(owner);
    t.same(decodeJwt(token), { iss: 'TeraServer', jti: owner.tokenId, device_uuid: owner.uuid, id_device: 7 });
    t.same(await statics.verifyDevice(token), { id: 7, uuid: owner.uuid, jti: owner.tokenId });
  });

  t.test('given a dynamic token (with exp) signed with the static key, then it is not a static token', async (t) => {
    const dynamic = await tokens.sign('participant-static', { participant_uuid: owner.uuid, id_participant: 7 }, { expiresInSeconds: 60 });
    t.equal(await statics.verifyParticipant(dynamic), undefined);
  });

  t.test('given a rotated key, then the older token still verifies', async (t) => {
    const before = await statics.device(owner);
    await keys.rotate('device');
    t.ok(await statics.verifyDevice(before));
  });
});
