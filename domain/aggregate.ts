// What every aggregate module exports, so that the command handler can fold and decide any of them.
export interface DomainEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface Aggregate<State, Event extends DomainEvent> {
  /** Stream category: streams are `<category>-<uuid>`. */
  category: string;
  initial: State;
  evolve(state: State, event: Event): State;
}

export function streamName(category: string, uuid: string): string {
  return `${category}-${uuid}`;
}

export function fold<State, Event extends DomainEvent>(aggregate: Aggregate<State, Event>, events: readonly Event[]): State {
  return events.reduce(aggregate.evolve, aggregate.initial);
}
