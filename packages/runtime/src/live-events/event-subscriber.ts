import type { RedisConnection } from '../redis-connection';
import type { LiveEventBatch } from './live-event';

export type LiveEventListener = (batch: LiveEventBatch) => void;

/**
 * The API side of live events: one Redis connection in subscriber mode per API instance, whatever the number of
 * websocket clients, handing each published batch to the listeners (the websocket hubs).
 */
export class EventSubscriber {
  private readonly listeners = new Set<LiveEventListener>();
  private started: Promise<void> | null = null;

  constructor(
    private readonly connection: RedisConnection,
    private readonly channel: string,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Subscribe (once); resolves when Redis confirmed the subscription. */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.connection.on('message', (channel: string, message: string) => {
        if (channel !== this.channel) return;
        let batch: LiveEventBatch;
        try {
          batch = JSON.parse(message) as LiveEventBatch;
        } catch (err) {
          this.onError(err);
          return;
        }
        for (const listener of this.listeners) {
          try {
            listener(batch);
          } catch (err) {
            this.onError(err);
          }
        }
      });
      await this.connection.subscribe(this.channel);
    })();
    return this.started;
  }

  /** Listen to every batch; returns the function that stops listening. */
  listen(listener: LiveEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.listeners.clear();
    this.connection.disconnect();
  }
}
