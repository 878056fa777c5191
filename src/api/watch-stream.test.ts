import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../test/helpers/api-server.js';
import { type Store, StoreError } from '../store/types.js';

/** The server's store, whose watches a test ends as a failing backend would: with or without a reason. */
function endableWatches(store: Store) {
  const ends: ((err?: Error) => void)[] = [];
  const wrapped = new Proxy(store, {
    get(target, prop) {
      if (prop !== 'watch') {
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...[ref, opts, listener, onClose]: Parameters<Store['watch']>) => {
        const w = await target.watch(ref, opts, listener, onClose);
        ends.push((err) => {
          w.stop();
          onClose?.(err);
        });
        return w;
      };
    },
  });
  return {
    store: wrapped,
    started: () => ends.length,
    end: (err?: Error) => {
      for (const end of ends.splice(0)) end(err);
    },
  };
}

describe('a watch over HTTPS that the store ends', () => {
  let t: TestApiServer;
  let watches: ReturnType<typeof endableWatches>;

  beforeEach(async () => {
    t = await startTestApiServer({
      wrapStore: (s) => {
        watches = endableWatches(s);
        return watches.store;
      },
    });
  });

  afterEach(async () => {
    await t.stop();
  });

  /** Starts a watch of ConfigMaps and resolves with its events once the server ends the response. */
  async function watchUntilEnded(end: () => void | Promise<void>) {
    const answer = t.http('GET', '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0');
    await vi.waitFor(() => expect(watches.started()).toBe(1));
    await end();
    const { body } = await answer;
    return body
      .toString('utf8')
      .trim()
      .split('\n')
      .filter((line) => line)
      .map((line) => JSON.parse(line) as { type: string; object: Record<string, unknown> });
  }

  it.each([
    ['history compacted', new StoreError('Expired', 'too old resource version: 5 (9)'), 410, 'Expired'],
    ['etcd unreachable', new StoreError('Unavailable', 'etcd is unavailable'), 503, 'ServiceUnavailable'],
    ['any other failure', new Error('boom'), 500, 'InternalError'],
  ])('sends an ERROR event with a Status, then ends, for %s', async (_, err, code, reason) => {
    const events = await watchUntilEnded(() => watches.end(err));
    expect(events.at(-1)).toEqual({
      type: 'ERROR',
      object: expect.objectContaining({ kind: 'Status', status: 'Failure', code, reason }),
    });
  });

  it('ends without an ERROR event when the store closes', async () => {
    const events = await watchUntilEnded(() => t.service.store.close());
    expect(events.filter((e) => e.type === 'ERROR')).toEqual([]);
  });
});
