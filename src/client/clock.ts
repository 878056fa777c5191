/**
 * Time as the controllers and informers see it. Tests inject their own to move time without
 * waiting; production uses the real one.
 */
export interface Clock {
  now(): number;
  /** Calls fn after ms; the returned function cancels it. Never keeps the process alive. */
  after(ms: number, fn: () => void): () => void;
  /** Resolves after ms (or at once when the signal aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const cancel = realClock.after(ms, done);
      function done() {
        signal?.removeEventListener('abort', abort);
        resolve();
      }
      function abort() {
        cancel();
        done();
      }
      signal?.addEventListener('abort', abort, { once: true });
    });
  },
};
