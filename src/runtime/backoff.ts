/**
 * Kubelet-style back-off per key: the first retry is immediate, then a retry must wait
 * base, 2*base, ... up to max after the failure it follows. An entry untouched for 2*max
 * starts over.
 */
export class Backoff {
  private readonly entries = new Map<string, { delay: number; last: number }>();

  constructor(
    readonly baseMs: number,
    readonly maxMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while a retry after a failure at `since` (ms) must still wait. */
  inBackoff(key: string, since: number): boolean {
    const e = this.entries.get(key);
    return !!e && this.now() - since < e.delay;
  }

  /** The delay a retry of key currently waits, in ms (0 when it has none). */
  delay(key: string): number {
    return this.entries.get(key)?.delay ?? 0;
  }

  /** Records a retry now: the next one waits twice as long. */
  next(key: string): void {
    const now = this.now();
    const e = this.entries.get(key);
    if (!e || now - e.last > 2 * this.maxMs) this.entries.set(key, { delay: this.baseMs, last: now });
    else this.entries.set(key, { delay: Math.min(e.delay * 2, this.maxMs), last: now });
  }

  forget(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
