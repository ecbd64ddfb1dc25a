// The one way state changes: read the stream, fold, decide, append with the expected revision, and retry
// the whole decision when another writer got there first.
import { type Aggregate, type DomainEvent, fold } from '../domain/aggregate.js';
import { StreamNotFoundError, WrongExpectedVersionError, type EventMetadata, type EventStore, type Position, type RecordedEvent } from './eventStore.js';
import type { Clock, RequestContext } from './ports.js';

export const SCHEMA_VERSION = 1;
const MAX_ATTEMPTS = 5;

export interface HandleResult<State> {
  /** Position of the last appended event; undefined when the decision changed nothing. */
  position: Position | undefined;
  state: State;
  events: DomainEvent[];
}

export async function readEvents(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

/** Who, when and from where: the metadata of every event a request causes. */
export function eventMetadata(context: RequestContext, clock: Clock): EventMetadata {
  return {
    actor: context.actor,
    correlationId: context.correlationId,
    time: clock.now().toISOString(),
    schemaVersion: SCHEMA_VERSION,
    ...(context.clientIp ? { clientIp: context.clientIp } : {}),
    ...(context.userAgent ? { userAgent: context.userAgent } : {}),
  };
}

export async function handle<State, Event extends DomainEvent>(
  deps: { store: EventStore; clock: Clock },
  context: RequestContext,
  aggregate: Aggregate<State, Event>,
  streamId: string,
  decide: (state: State) => Event[],
): Promise<HandleResult<State>> {
  for (let attempt = 1; ; attempt++) {
    const history = await readEvents(deps.store, streamId);
    const state = fold(aggregate, history as unknown as Event[]);
    const events = decide(state);
    if (events.length === 0) return { position: undefined, state, events };
    const metadata = eventMetadata(context, deps.clock);
    try {
      const expected = history.length === 0 ? 'no_stream' : history.at(-1)!.revision;
      const result = await deps.store.append(streamId, events.map((e) => ({ type: e.type, data: e.data, metadata })), expected);
      return { position: result.position, state: events.reduce(aggregate.evolve, state), events };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}
