// Event store on PostgreSQL (and PGlite, same SQL). Positions are dense and gap-free: every append takes
// the single head row's lock before numbering its events, so a reader can never see position N+1 before N
// has committed. NOTIFY only wakes subscribers; they also poll, so a lost notification costs latency only.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../../commands/eventStore.js';

const CHANNEL = 'es_appended';

export async function migrateEventStore(database: Database): Promise<void> {
  await sql`
    create table if not exists es_events (
      position bigint primary key,
      event_id uuid not null unique,
      stream_id text not null,
      revision integer not null,
      type text not null,
      data jsonb not null,
      metadata jsonb not null,
      unique (stream_id, revision)
    )`.execute(database.db);
  await sql`create table if not exists es_streams (stream_id text primary key, revision integer not null)`.execute(database.db);
  await sql`create table if not exists es_head (id integer primary key check (id = 1), position bigint not null)`.execute(database.db);
  await sql`insert into es_head (id, position) values (1, 0) on conflict do nothing`.execute(database.db);
}

interface EventRow {
  position: string | number | bigint;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: RecordedEvent['metadata'];
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: String(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
  };
}

export interface PostgresEventStoreOptions {
  /** How often a caught-up subscription looks for events when no notification arrives. */
  pollIntervalMs?: number;
  pageSize?: number;
}

export async function createPostgresEventStore(database: Database, options: PostgresEventStoreOptions = {}): Promise<EventStore> {
  await migrateEventStore(database);
  const { db } = database;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const pageSize = options.pageSize ?? 500;
  const wake = new EventEmitter();
  wake.setMaxListeners(0);
  const unlisten = await database.listen(CHANNEL, () => wake.emit('appended'));
  const subscriptions = new Set<Subscription>();

  async function append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const result = await db.transaction().execute(async (trx) => {
      const head = await sql<{ position: string }>`select position::text as position from es_head where id = 1 for update`.execute(trx);
      const headPosition = BigInt(head.rows[0]!.position);
      const current = await sql<{ revision: number }>`select revision from es_streams where stream_id = ${streamId}`.execute(trx);
      const actual = current.rows[0]?.revision;
      checkExpected(streamId, expected, actual);
      const firstRevision = actual === undefined ? 0 : actual + 1;
      const values = events.map((e, i) => ({
        position: (headPosition + BigInt(i + 1)).toString(),
        event_id: e.id ?? randomUUID(),
        stream_id: streamId,
        revision: firstRevision + i,
        type: e.type,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify(e.metadata),
      }));
      await trx.insertInto('es_events').values(values).execute();
      const lastRevision = firstRevision + events.length - 1;
      const lastPosition = headPosition + BigInt(events.length);
      await sql`insert into es_streams (stream_id, revision) values (${streamId}, ${lastRevision})
                on conflict (stream_id) do update set revision = excluded.revision`.execute(trx);
      await sql`update es_head set position = ${lastPosition.toString()} where id = 1`.execute(trx);
      await sql`select pg_notify(${CHANNEL}, ${lastPosition.toString()})`.execute(trx);
      return { revision: lastRevision, position: lastPosition.toString() };
    });
    wake.emit('appended');
    return result;
  }

  async function readStream(streamId: string, opts: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = opts.direction === 'backwards';
    let query = db.selectFrom('es_events').selectAll().where('stream_id', '=', streamId);
    if (opts.fromRevision !== undefined) query = query.where('revision', backwards ? '<=' : '>=', opts.fromRevision);
    query = query.orderBy('revision', backwards ? 'desc' : 'asc');
    if (opts.maxCount !== undefined) query = query.limit(opts.maxCount);
    const rows = (await query.execute()) as EventRow[];
    if (rows.length === 0) {
      const exists = await db.selectFrom('es_streams').select('revision').where('stream_id', '=', streamId).executeTakeFirst();
      if (!exists) throw new StreamNotFoundError(streamId);
    }
    return rows.map(toRecorded);
  }

  async function readAll(opts: ReadAllOptions): Promise<RecordedEvent[]> {
    const backwards = opts.direction === 'backwards';
    let query = db.selectFrom('es_events').selectAll();
    if (opts.from !== undefined) query = query.where('position', backwards ? '<' : '>', opts.from);
    const rows = (await query.orderBy('position', backwards ? 'desc' : 'asc').limit(opts.maxCount).execute()) as EventRow[];
    return rows.map(toRecorded);
  }

  function subscribeToAll(opts: SubscribeOptions): Subscription {
    let stopped = false;
    let after = opts.after;
    let wakeUp: (() => void) | undefined;
    // An append noticed while the loop is busy must not wait for the next poll: remember it.
    let appendedSinceRead = false;
    const onAppended = () => {
      appendedSinceRead = true;
      wakeUp?.();
    };
    wake.on('appended', onAppended);
    const sleep = () =>
      new Promise<void>((resolve) => {
        if (appendedSinceRead) return resolve();
        const timer = setTimeout(done, pollIntervalMs);
        function done() {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        }
        wakeUp = done;
      });
    const loop = (async () => {
      try {
        while (!stopped) {
          appendedSinceRead = false;
          const page = await readAll({ from: after, maxCount: pageSize });
          for (const event of page) {
            if (stopped) return;
            await opts.onEvent(event);
            after = event.position;
          }
          if (page.length < pageSize && !stopped) {
            await opts.onCaughtUp?.();
            if (!stopped) await sleep();
          }
        }
      } catch (error) {
        if (!stopped) {
          stopped = true;
          opts.onDropped?.(error);
        }
      } finally {
        wake.off('appended', onAppended);
      }
    })();
    const subscription: Subscription = {
      async stop() {
        stopped = true;
        wakeUp?.();
        subscriptions.delete(subscription);
        await loop;
      },
    };
    subscriptions.add(subscription);
    return subscription;
  }

  async function headPosition(): Promise<Position | undefined> {
    const row = await sql<{ position: string }>`select position::text as position from es_head where id = 1`.execute(db);
    const position = row.rows[0]?.position;
    return position === undefined || position === '0' ? undefined : position;
  }

  return {
    append,
    readStream,
    readAll,
    subscribeToAll,
    headPosition,
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      await unlisten().catch(() => undefined);
    },
  };
}

function checkExpected(streamId: string, expected: ExpectedRevision, actual: number | undefined): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'number' && actual === expected);
  if (!ok) throw new WrongExpectedVersionError(streamId, expected, actual ?? 'no_stream');
}
