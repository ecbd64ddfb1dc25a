// Wraps an event store so that declared personal-data fields are encrypted on append and decrypted on
// read, with AES-256-GCM under the subject's key. A field whose key is gone reads as null and is listed in
// `erased`, so events still replay after an erasure.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent } from '../../commands/eventStore.js';
import type { PersonalDataDeclarations } from '../../domain/personalData.js';
import type { Keyring } from './keyring.js';

interface Sealed {
  $pii: string;
  subject: string;
}

function isSealed(value: unknown): value is Sealed {
  return typeof value === 'object' && value !== null && typeof (value as Sealed).$pii === 'string' && typeof (value as Sealed).subject === 'string';
}

function seal(value: unknown, subject: string, key: Buffer): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subject));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { $pii: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), subject };
}

function unseal(sealed: Sealed, key: Buffer): unknown {
  const raw = Buffer.from(sealed.$pii, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(sealed.subject));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
}

export function withPersonalDataEncryption(store: EventStore, keyring: Keyring, declarations: PersonalDataDeclarations): EventStore {
  async function encrypt(streamId: string, events: NewEvent[]): Promise<NewEvent[]> {
    const subjectsOf = (e: NewEvent) =>
      (declarations[e.type] ?? []).filter((f) => e.data[f.field] !== undefined && e.data[f.field] !== null).map((f) => ({ field: f.field, subject: f.subject ? f.subject(e.data, streamId) : streamId }));
    const plan = events.map(subjectsOf);
    const subjects = plan.flat().map((p) => p.subject);
    if (subjects.length === 0) return events;
    const keys = await keyring.keysFor(subjects);
    return events.map((e, i) => {
      const fields = plan[i]!;
      if (fields.length === 0) return e;
      const data = { ...e.data };
      for (const { field, subject } of fields) data[field] = seal(data[field], subject, keys.get(subject)!);
      return { ...e, data };
    });
  }

  async function decrypt(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const subjects = events.flatMap((e) => Object.values(e.data).filter(isSealed).map((s) => s.subject));
    if (subjects.length === 0) return events;
    const keys = await keyring.existingKeys(subjects);
    return events.map((e) => {
      let data: Record<string, unknown> | undefined;
      const erased: string[] = [];
      for (const [field, value] of Object.entries(e.data)) {
        if (!isSealed(value)) continue;
        data ??= { ...e.data };
        const key = keys.get(value.subject);
        if (key) data[field] = unseal(value, key);
        else {
          data[field] = null;
          erased.push(field);
        }
      }
      return data ? { ...e, data, ...(erased.length ? { erased } : {}) } : e;
    });
  }

  return {
    async append(streamId, events, expected) {
      return store.append(streamId, await encrypt(streamId, events), expected);
    },
    async readStream(streamId, options) {
      return decrypt(await store.readStream(streamId, options));
    },
    async readAll(options) {
      return decrypt(await store.readAll(options));
    },
    subscribeToAll(options) {
      return store.subscribeToAll({
        ...options,
        onEvent: async (event) => {
          const [decoded] = await decrypt([event]);
          await options.onEvent(decoded!);
        },
      });
    },
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}
