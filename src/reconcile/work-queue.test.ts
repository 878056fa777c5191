import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { WorkQueue } from './work-queue.js';

/** Busy work the event loop cannot interrupt, as a reconcile of many objects is. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
}

describe('work queue', () => {
  it('lets the event loop serve I/O while thousands of keys wait', async () => {
    let done = 0;
    let served!: Promise<number>;
    const q = new WorkQueue(
      async () => {
        // A timer set once work has begun stands for a request arriving meanwhile.
        if (done === 0) served = new Promise((resolve) => setTimeout(() => resolve(done), 0));
        spin(0.05);
        done++;
        return undefined;
      },
      () => {},
      { sliceMs: 5 },
    );
    for (let i = 0; i < 5000; i++) q.add(`ns/obj-${i}`);
    await q.idle();
    expect(await served).toBeLessThan(5000);
    expect(done).toBe(5000);
  });

  it('works a key once however often it is added while waiting, and again when added while worked on', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const q = new WorkQueue(
      async (key) => {
        seen.push(key);
        if (seen.length === 1) await new Promise<void>((r) => (release = r));
        return undefined;
      },
      () => {},
    );
    q.add('a');
    await new Promise((r) => setImmediate(r));
    q.add('a');
    q.add('a');
    q.add('b');
    q.add('b');
    release();
    await q.idle();
    expect(seen).toEqual(['a', 'b', 'a']);
  });

  it('retries a failing key with growing delays and stops retrying once it succeeds', async () => {
    const clock = new ManualClock();
    const started = clock.now();
    const attempts: number[] = [];
    const q = new WorkQueue(
      async () => {
        attempts.push(clock.now() - started);
        if (attempts.length < 4) throw new Error(`failure ${attempts.length}`);
        return undefined;
      },
      () => {},
      { clock, baseDelayMs: 100 },
    );
    q.add('k');
    await q.idle();
    for (let i = 0; i < 10; i++) {
      clock.advance(100);
      await q.idle();
    }
    expect(attempts).toEqual([0, 100, 300, 700]);
  });
});

describe('stopping a work queue', () => {
  it('waits for the key being worked on, and works no other', async () => {
    const done: string[] = [];
    let release!: () => void;
    const q = new WorkQueue(
      async (key) => {
        if (key === 'slow') await new Promise<void>((r) => (release = r));
        done.push(key);
        return undefined;
      },
      () => {},
    );
    q.add('slow');
    q.add('next');
    await new Promise((r) => setImmediate(r));
    let stopped = false;
    const stopping = q.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(done).toEqual(['slow']);
  });
});
