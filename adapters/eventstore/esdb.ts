// Event store on EventStoreDB (@eventstore/db-client 6.x). The client differs from our port in three ways
// this adapter absorbs: reads of $all are inclusive of the given position (ours are exclusive), its
// subscriptions never resubscribe by themselves, and a dead server surfaces as raw gRPC errors.
import {
  ANY,
  END,
  ErrorType,
  EventStoreDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Position as EsdbPosition,
  type RecordedEvent as EsdbRecordedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import {
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../../commands/eventStore.js';

/** Fixed width, so that comparePositions (length, then lexicographic) orders them like (commit, prepare). */
export function encodePosition({ commit, prepare }: EsdbPosition): Position {
  return String(commit).padStart(20, '0') + String(prepare).padStart(20, '0');
}

export function decodePosition(position: Position): EsdbPosition {
  if (!/^\d{40}$/.test(position)) throw new Error(`Not an EventStoreDB position: ${JSON.stringify(position)}`);
  return { commit: BigInt(position.slice(0, 20)), prepare: BigInt(position.slice(20)) };
}

// Server errors that mean "try again later" rather than "your request is wrong".
const UNAVAILABLE_TYPES = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.UNKNOWN,
  ErrorType.NOT_LEADER,
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

function mapError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof EventStoreUnavailableError) return error;
  const code = (error as { code?: unknown }).code;
  const unavailable = isCommandError(error)
    ? UNAVAILABLE_TYPES.has(error.type)
    : (typeof code === 'number' && 'details' in error) || // a gRPC ServiceError the client did not convert
      (typeof code === 'string' && NETWORK_CODES.has(code)) ||
      error.message.startsWith('Failed to discover'); // cluster discovery gave up (a plain Error)
  return unavailable ? new EventStoreUnavailableError(`EventStoreDB unavailable: ${error.message}`, { cause: error }) : error;
}

async function collect<E>(read: StreamingRead<E>): Promise<E[]> {
  const items: E[] = [];
  try {
    for await (const item of read) items.push(item);
  } catch (error) {
    throw mapError(error);
  }
  return items;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const isSystemEvent = (type: string) => type.startsWith('$');

function toRecorded(event: EsdbRecordedEvent, position: Position): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    // Events written by other tools may be binary or malformed JSON: they read as empty rather than break a projector.
    data: event.isJson && isObject(event.data) ? event.data : {},
    metadata: isObject(event.metadata)
      ? (event.metadata as unknown as EventMetadata)
      : { actor: { kind: 'system', uuid: '' }, correlationId: '', time: event.created.toISOString(), schemaVersion: 0 },
  };
}

function toExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

// Pushed into the subscription's own buffer, see subscribeToAll.
const CAUGHT_UP: unique symbol = Symbol('caughtUp');

export function createEsdbEventStore(connectionString: string): EventStore {
  const client = EventStoreDBClient.connectionString(connectionString);
  const subscriptions = new Set<Subscription>();

  async function append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    try {
      const result = await client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: { ...e.metadata } })),
        { expectedRevision: toExpected(expected) },
      );
      const position = result.position ?? (await positionOf(streamId, result.nextExpectedRevision));
      return { revision: Number(result.nextExpectedRevision), position: encodePosition(position) };
    } catch (error) {
      if (error instanceof EsdbWrongExpectedVersionError) {
        const actual = error.actualVersion === NO_STREAM ? 'no_stream' : Number(error.actualVersion);
        throw new WrongExpectedVersionError(streamId, expected, actual);
      }
      throw mapError(error);
    }
  }

  // The append result's position is optional in the protocol (the server may leave it out, e.g. on an
  // idempotent retry of the same event ids): read it back from the event (servers from 22.6 return it).
  async function positionOf(streamId: string, revision: bigint): Promise<EsdbPosition> {
    const [found] = await collect(client.readStream(streamId, { fromRevision: revision, maxCount: 1 }));
    if (!found?.event?.position) throw new Error(`EventStoreDB gave no position for ${streamId}@${revision}`);
    return found.event.position;
  }

  async function readStream(streamId: string, opts: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = opts.direction ?? 'forwards';
    const read = client.readStream(streamId, {
      direction,
      // The client defaults to START in both directions; ours reads backwards from the end.
      fromRevision: opts.fromRevision !== undefined ? BigInt(opts.fromRevision) : direction === 'forwards' ? START : END,
      ...(opts.maxCount !== undefined && { maxCount: opts.maxCount }),
    });
    try {
      const resolved = await collect(read);
      // Stream reads carry positions only from server 22.6; an empty string marks "unknown".
      return resolved.flatMap(({ event }) => (event ? [toRecorded(event, event.position ? encodePosition(event.position) : '')] : []));
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError || error instanceof StreamDeletedError) throw new StreamNotFoundError(streamId);
      throw error;
    }
  }

  async function readAll({ direction = 'forwards', from, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    // Pages are read from the last position seen, which ESDB includes (forwards) and which is skipped here;
    // system events are dropped client-side (6.x has no filter on reads), hence the loop to fill maxCount.
    const pageSize = Math.max(maxCount + 1, 100);
    let cursor = from;
    while (events.length < maxCount) {
      const pageFrom = cursor;
      const page = await collect(
        client.readAll({ direction, maxCount: pageSize, fromPosition: pageFrom ? decodePosition(pageFrom) : direction === 'forwards' ? START : END }),
      );
      for (const { event } of page) {
        if (!event) continue;
        cursor = encodePosition(event.position);
        if (cursor === pageFrom || isSystemEvent(event.type)) continue;
        events.push(toRecorded(event, cursor));
        if (events.length === maxCount) break;
      }
      if (page.length < pageSize) break;
    }
    return events;
  }

  function subscribeToAll(opts: SubscribeOptions): Subscription {
    let stopped = false;
    // ESDB starts a subscription after (exclusive of) the given position, like our port.
    const sub = client.subscribeToAll({ fromPosition: opts.after ? decodePosition(opts.after) : START, filter: excludeSystemEvents() });
    // Errors reach the loop through the iterator; this listener only keeps one emitted after the loop from crashing the process.
    sub.on('error', () => {});
    // The client emits 'caughtUp' (servers from 23.10) while it transforms the server's message, possibly
    // before events it already buffered have been delivered; a marker in the same buffer keeps the order.
    sub.on('caughtUp', () => sub.push(CAUGHT_UP));

    const subscription: Subscription = {
      async stop() {
        if (!stopped) {
          stopped = true;
          // Ends a loop waiting for the next live event.
          sub.destroy();
        }
        await loop;
      },
    };
    subscriptions.add(subscription);

    const loop = (async () => {
      let failure: unknown;
      try {
        for await (const item of sub as AsyncIterable<AllStreamResolvedEvent | typeof CAUGHT_UP>) {
          if (stopped) break;
          if (item === CAUGHT_UP) {
            await opts.onCaughtUp?.();
            continue;
          }
          const { event } = item;
          if (!event || isSystemEvent(event.type)) continue;
          const position = encodePosition(event.position);
          if (position !== opts.after) await opts.onEvent(toRecorded(event, position));
        }
        if (!stopped) throw new EventStoreUnavailableError('EventStoreDB ended the subscription');
      } catch (error) {
        failure = error;
      }
      subscriptions.delete(subscription);
      // Leaving the loop early destroys the stream but does not cancel the gRPC call.
      await sub.unsubscribe().catch(() => {});
      if (!stopped) {
        stopped = true;
        opts.onDropped?.(mapError(failure));
      }
    })();

    return subscription;
  }

  async function headPosition(): Promise<Position | undefined> {
    const [last] = await readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position;
  }

  return {
    append,
    readStream,
    readAll,
    subscribeToAll,
    headPosition,
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      await client.dispose();
    },
  };
}
