/** Runs asynchronous work one at a time per key; work on other keys goes on meanwhile. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    if (keys.length === 0) return fn();
    const [key, ...rest] = [...keys].sort();
    const previous = this.tails.get(key) ?? Promise.resolve();
    const done = previous.then(
      () => this.run(rest, fn),
      () => this.run(rest, fn),
    );
    const tail = done.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await done;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
