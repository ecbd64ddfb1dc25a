// A reaction to applied events (a process manager): runs one at a time; a trigger during a run asks for one
// more run after it, so no trigger is lost and runs never pile up.
import type { Logger } from 'pino';

export interface Reaction {
  trigger(): void;
  /** Resolves when no run is in progress or pending. */
  settled(): Promise<void>;
}

export function serialReaction(name: string, run: () => Promise<unknown>, logger: Logger): Reaction {
  let running: Promise<void> | undefined;
  let pending = false;
  const start = (): Promise<void> =>
    (running = (async () => {
      do {
        pending = false;
        try {
          await run();
        } catch (error) {
          logger.error({ err: error, reaction: name }, 'reaction failed');
        }
      } while (pending);
      running = undefined;
    })());
  return {
    trigger() {
      if (running) pending = true;
      else setImmediate(() => void (running ?? start()));
    },
    async settled() {
      while (running) await running;
    },
  };
}
