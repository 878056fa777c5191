import type { Clock } from '../../src/client/clock.js';

/**
 * A clock the test moves: `advance(ms)` runs every timer that falls due, in order. Lets a test
 * see what a controller does after its 40 s grace period without waiting 40 s.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly timers = new Set<{ at: number; fn: () => void }>();

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): () => void {
    const t = { at: this.current + ms, fn };
    this.timers.add(t);
    return () => this.timers.delete(t);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      // As the real clock: an informer stopping mid-stream sleeps with its signal already aborted.
      if (signal?.aborted) return resolve();
      const cancel = this.after(ms, resolve);
      signal?.addEventListener('abort', () => {
        cancel();
        resolve();
      });
    });
  }

  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = [...this.timers].filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due);
      this.current = due.at;
      due.fn();
    }
    this.current = end;
  }
}
