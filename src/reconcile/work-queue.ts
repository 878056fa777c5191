import { type Clock, realClock } from '../client/clock.js';
import { noQueueMetrics, type QueueMetrics, queueMetrics } from './work-queue-metrics.js';

export interface WorkQueueOptions {
  clock?: Clock;
  /** First retry delay after a failure; doubles per consecutive failure of the key. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest stretch of keys worked on before the queue lets the event loop serve I/O. */
  sliceMs?: number;
  /** The queue's name in the workqueue_* metrics (the controller's); unnamed queues report none. */
  name?: string;
}

/**
 * A deduplicating key queue: a key queued while waiting is queued once; a key queued while
 * being worked on is worked on again after. Failures back off exponentially per key. Keys
 * are worked one at a time, and the queue yields to the event loop every slice, so a burst of
 * thousands of keys never holds up requests.
 */
export class WorkQueue {
  /** Keys waiting, with when each was queued. */
  private readonly waiting = new Map<string, number>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, () => void>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly clock: Clock;
  private readonly metrics: QueueMetrics;
  private scheduled = false;
  private stopped = false;
  private paused: boolean;

  constructor(
    private readonly work: (key: string) => Promise<number | undefined>,
    private readonly onError: (key: string, err: unknown) => void,
    private readonly opts: WorkQueueOptions & { paused?: boolean } = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.paused = opts.paused ?? false;
    this.metrics = opts.name ? queueMetrics(opts.name) : noQueueMetrics;
  }

  /** Starts working on keys added while paused (a controller waits for its caches to fill). */
  resume(): void {
    this.paused = false;
    if (this.waiting.size) this.schedule();
  }

  add(key: string): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (!this.waiting.has(key)) {
      this.waiting.set(key, performance.now());
      this.metrics.added(this.waiting.size);
    }
    this.schedule();
  }

  /**
   * Adds the key after ms. A later call for the same key replaces the earlier one: the newest
   * reconcile saw the newest state, so its word on when to look again stands.
   */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    this.delayed.get(key)?.();
    const cancel = this.clock.after(ms, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, cancel);
  }

  /** Keys waiting or being worked on (delayed ones not counted). */
  depth(): number {
    return this.waiting.size + this.active.size;
  }

  /** Resolves once nothing is waiting or being worked on. */
  idle(): Promise<void> {
    if (this.depth() === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes no more keys; resolves once the key being worked on (if any) is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.delayed.values()) cancel();
    this.delayed.clear();
    this.waiting.clear();
    this.notifyIdle();
    // The drain loop under way says so when its current key is done.
    if (this.active.size) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.paused) return;
    this.scheduled = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    let sliceStart = performance.now();
    while (!this.stopped && this.waiting.size) {
      if (performance.now() - sliceStart > (this.opts.sliceMs ?? 10)) {
        await new Promise((r) => setImmediate(r));
        sliceStart = performance.now();
        continue;
      }
      const [key, queuedAt] = this.waiting.entries().next().value as [string, number];
      this.waiting.delete(key);
      this.active.add(key);
      const started = performance.now();
      this.metrics.taken(started - queuedAt, this.waiting.size);
      try {
        const requeueMs = await this.work(key);
        this.failures.delete(key);
        if (requeueMs !== undefined) this.addAfter(key, requeueMs);
      } catch (err) {
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.onError(key, err);
        this.metrics.retried();
        const base = this.opts.baseDelayMs ?? 100;
        this.addAfter(key, Math.min(base * 2 ** (n - 1), this.opts.maxDelayMs ?? 30_000));
      } finally {
        this.metrics.done(performance.now() - started);
        this.active.delete(key);
        if (this.dirty.delete(key)) this.add(key);
      }
    }
    this.scheduled = false;
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.depth() > 0 && !this.stopped) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
