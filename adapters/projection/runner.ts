// Keeps the live read models current: one runner per group across all nodes (advisory lock); it subscribes
// to `$all` after its checkpoint and applies events in batches. Every node can wait for a position
// (read-your-writes): the lock holder in memory, the others by polling the checkpoint.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { comparePositions, type EventStore, type Position, type RecordedEvent, type Subscription } from '../../commands/eventStore.js';
import type { Database } from '../db/database.js';
import type { Projector } from '../../projections/types.js';
import { applyBatch, checkpoint } from './apply.js';

export interface ProjectionRunnerOptions {
  store: EventStore;
  database: Database;
  projectors: readonly Projector[];
  schema: string;
  logger: Logger;
  batchSize?: number;
  /** How often a node that does not hold the lock tries to take it over. */
  takeoverIntervalMs?: number;
  /** Called for each event after it is applied (e.g. to forget an erased subject's cached key). */
  onApplied?(event: RecordedEvent): void;
}

export class ProjectionRunner {
  private readonly progress = new EventEmitter();
  private position: Position | undefined;
  private subscription: Subscription | undefined;
  private release: (() => Promise<void>) | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private buffer: RecordedEvent[] = [];

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.progress.setMaxListeners(0);
  }

  get lockHolder(): boolean {
    return this.release !== undefined;
  }

  async start(): Promise<void> {
    this.position = await checkpoint(this.options.database.db, this.options.schema);
    await this.tryTakeOver();
  }

  private async tryTakeOver(): Promise<void> {
    if (this.stopped) return;
    this.release = await this.options.database.tryLock(`projections:${this.options.schema}`);
    if (this.release) {
      this.options.logger.info('projection runner active');
      await this.subscribe();
    } else {
      this.timer = setTimeout(() => void this.tryTakeOver().catch((e: unknown) => this.options.logger.error(e)), this.options.takeoverIntervalMs ?? 2000);
    }
  }

  private async subscribe(): Promise<void> {
    const { store, database, schema, logger } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const after = await checkpoint(database.db, schema);
    this.buffer = [];
    this.subscription = store.subscribeToAll({
      ...(after !== undefined ? { after } : {}),
      onEvent: async (event) => {
        this.buffer.push(event);
        if (this.buffer.length >= batchSize) await this.flush();
      },
      onCaughtUp: () => this.flush(),
      onDropped: (error) => {
        logger.error({ err: error }, 'projection subscription dropped; resubscribing');
        this.subscription = undefined;
        if (!this.stopped) this.timer = setTimeout(() => void this.subscribe().catch((e: unknown) => logger.error(e)), 1000);
      },
    });
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const position = await applyBatch(this.options.database.db, this.options.schema, this.options.projectors, batch);
    for (const event of batch) this.options.onApplied?.(event);
    if (position !== undefined) this.advance(position);
  }

  private advance(position: Position): void {
    if (this.position === undefined || comparePositions(position, this.position) > 0) {
      this.position = position;
      this.progress.emit('advanced', position);
    }
  }

  private reached(position: Position): boolean {
    return this.position !== undefined && comparePositions(this.position, position) >= 0;
  }

  /** Resolves true once the read models include `position`, false after `timeoutMs`. */
  async waitFor(position: Position, timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.reached(position)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      if (this.lockHolder) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            this.progress.off('advanced', done);
            resolve();
          };
          const timer = setTimeout(done, remaining);
          this.progress.on('advanced', done);
        });
      } else {
        await new Promise((r) => setTimeout(r, Math.min(25, remaining)));
        const current = await checkpoint(this.options.database.db, this.options.schema);
        if (current !== undefined) this.advance(current);
      }
    }
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.subscription?.stop();
    await this.release?.();
    this.release = undefined;
  }
}
