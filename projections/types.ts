import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../commands/eventStore.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
export type AnyDb = Kysely<any>;

/** Applies one event to its read model. Idempotent, and uses only the event (never the clock). */
export interface Projector {
  name: string;
  /** `db` is bound to the schema being written (the live one, or the one a rebuild fills). */
  apply(db: AnyDb, event: RecordedEvent): Promise<void>;
}
