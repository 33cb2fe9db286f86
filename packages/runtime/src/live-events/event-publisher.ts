import type { EngineStatus } from '../engine-settings-service';
import {
  processInvalidations,
  subscriptionInvalidations,
  type CacheInvalidation,
  type LiveEventBatch,
} from './live-event';

/** The part of a Redis client the publisher needs. */
export interface Publisher {
  publish(channel: string, message: string): Promise<unknown>;
}

export interface EventPublisherOptions {
  /** How long invalidations are gathered before one PUBLISH carries them all. @defaultValue 50 */
  readonly flushMs?: number;
  readonly onError?: (err: unknown) => void;
}

/**
 * Publishes live events on Redis pub/sub for every API instance to relay to its websocket clients. Invalidations
 * are coalesced: within `flushMs` the same invalidation is sent once, and all of them travel in one PUBLISH, so a
 * busy worker costs a few messages a second however many steps it runs (the hot path only adds to a map).
 * Publishing is best effort: a lost event only delays a UI refresh, it never fails a step or a request.
 */
export class EventPublisher {
  private readonly pending = new Map<string, CacheInvalidation>();
  private engineStatus: EngineStatus | undefined;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly flushMs: number;

  constructor(
    private readonly redis: Publisher,
    private readonly channel: string,
    private readonly opts: EventPublisherOptions = {},
  ) {
    this.flushMs = opts.flushMs ?? 50;
  }

  invalidate(invalidations: readonly CacheInvalidation[]): void {
    for (const inv of invalidations) this.pending.set(`${inv.type}\u0000${inv.id ?? ''}`, inv);
    this.schedule();
  }

  /** A process was started, moved, resumed, aborted or deleted; `statusCounts` when its status changed. */
  processChanged(processId: string, statusCounts = true): void {
    this.invalidate(processInvalidations(processId));
    if (statusCounts) this.invalidate([{ type: 'processStatusCounts' }]);
  }

  subscriptionChanged(subscriptionId: string): void {
    this.invalidate(subscriptionInvalidations(subscriptionId));
  }

  /** The engine was paused or unpaused (orchestrator-core also sends `invalidateCache {type: engineStatus}`). */
  engineStatusChanged(status: EngineStatus): void {
    this.engineStatus = status;
    this.invalidate([{ type: 'engineStatus' }]);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Send what is pending now. */
  flush(): Promise<unknown> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0 && !this.engineStatus) return this.inFlight;
    const batch: LiveEventBatch = {
      invalidations: [...this.pending.values()],
      ...(this.engineStatus ? { engineStatus: this.engineStatus } : {}),
    };
    this.pending.clear();
    this.engineStatus = undefined;
    this.inFlight = this.redis
      .publish(this.channel, JSON.stringify(batch))
      .catch((err: unknown) => this.opts.onError?.(err));
    return this.inFlight;
  }

  /** Flush what is pending (on shutdown). */
  async close(): Promise<void> {
    await this.flush();
  }
}
