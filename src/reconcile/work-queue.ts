/**
 * A deduplicating key queue: a key queued while waiting is queued once; a key queued while
 * being worked on is worked on again after. Failures back off exponentially per key.
 */
export class WorkQueue {
  private readonly waiting = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly work: (key: string) => Promise<number | undefined>,
    private readonly onError: (key: string, err: unknown) => void,
    private readonly baseDelayMs = 100,
    private readonly maxDelayMs = 30_000,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.waiting.add(key);
    this.schedule();
  }

  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.add(key);
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.clear();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    while (!this.stopped && this.waiting.size) {
      const key = this.waiting.values().next().value as string;
      this.waiting.delete(key);
      this.active.add(key);
      try {
        const requeueMs = await this.work(key);
        this.failures.delete(key);
        if (requeueMs !== undefined) this.addAfter(key, requeueMs);
      } catch (err) {
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.onError(key, err);
        this.addAfter(key, Math.min(this.baseDelayMs * 2 ** (n - 1), this.maxDelayMs));
      } finally {
        this.active.delete(key);
        if (this.dirty.delete(key)) this.waiting.add(key);
      }
    }
  }
}
