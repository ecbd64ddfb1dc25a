// Given/when/then for deciders, in the spirit of Emmett's DeciderSpecification, asserting through tap:
//
//   const { given } = deciderSpec(t);
//   given(site, [created]).when((s) => updateSite(s, { name: 'B' })).then([{ type: 'SiteRenamed', data: { name: 'B' } }]);
//   given(site, []).when((s) => deleteSite(s)).thenThrows('not-found');
//   given(site, [created, deleted]).thenState({ status: 'deleted', ... });
//
// `given` folds the events through the aggregate's evolve; `givenState(aggregate, state)` starts from a
// state given as is, e.g. one no event sequence reaches yet (a decider's guard for it still deserves a test). Each `then*` is one tap assertion.
import type { Test } from 'tap';
import { fold, type Aggregate, type DomainEvent } from '../../domain/aggregate.js';
import { DomainError, type DomainErrorKind } from '../../domain/errors.js';

export interface When<Event> {
  /** The decision emits exactly these events, in this order. */
  then(expected: readonly Event[], message?: string): void;
  /** The decision refuses with a DomainError of this kind. */
  thenThrows(kind: DomainErrorKind, message?: string): void;
}

export interface Given<State, Event> {
  when(decide: (state: State) => readonly Event[]): When<Event>;
  /** The folded state is exactly this. */
  thenState(expected: State, message?: string): void;
}

function describe(events: readonly DomainEvent[]): string {
  return events.length === 0 ? 'no events' : events.map((e) => e.type).join(', ');
}

export function deciderSpec(t: Test) {
  function from<State, Event extends DomainEvent>(state: State): Given<State, Event> {
    return {
      when(decide) {
        const run = (): { events: readonly Event[] } | { error: unknown } => {
          try {
            return { events: decide(state) };
          } catch (error) {
            return { error };
          }
        };
        return {
          then(expected, message = `then ${describe(expected)}`) {
            const outcome = run();
            if ('error' in outcome) {
              t.fail(message, { error: outcome.error, expected });
              return;
            }
            t.strictSame(outcome.events, expected, message);
          },
          thenThrows(kind, message = `then refuses with '${kind}'`) {
            const outcome = run();
            if ('events' in outcome) {
              t.fail(message, { found: outcome.events, wanted: `DomainError '${kind}'` });
              return;
            }
            const { error } = outcome;
            if (!(error instanceof DomainError)) {
              t.fail(message, { found: error, wanted: `DomainError '${kind}'` });
              return;
            }
            t.equal(error.kind, kind, message, { errorMessage: error.message });
          },
        };
      },
      thenState(expected, message = 'then the state is') {
        t.strictSame(state, expected, message);
      },
    };
  }

  return {
    given<State, Event extends DomainEvent>(aggregate: Aggregate<State, Event>, events: readonly Event[]): Given<State, Event> {
      return from<State, Event>(fold(aggregate, events));
    },
    givenState<State, Event extends DomainEvent>(_aggregate: Aggregate<State, Event>, state: State): Given<State, Event> {
      return from<State, Event>(state);
    },
  };
}
