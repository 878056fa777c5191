// The behaviour every store backend owes the API server, as one vitest suite: a backend's test
// file calls `describeStore` with a way to get a fresh state. Revisions are counted from the
// revision a test starts at, since an etcd's revisions are shared by every test that uses it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AutoCompactOptions } from '../../src/store/auto-compact.js';
import { parseFieldSelector, parseLabelSelector } from '../../src/store/selector.js';
import type { Store, StoredObject, StoreWatchEvent } from '../../src/store/types.js';

export interface ContractOptions {
  autoCompact?: AutoCompactOptions | false;
}

/** One test's state: `open` may be called again on it, for a second client or after a close. */
export interface StoreState {
  open(opts?: ContractOptions): Promise<Store>;
  cleanup(): Promise<void>;
}

export const pods = { group: '', resource: 'pods' };
export const nodes = { group: '', resource: 'nodes' };

export function pod(
  namespace: string,
  name: string,
  labels?: Record<string, string>,
  phase = 'Pending',
): StoredObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, labels },
    spec: {},
    status: { phase },
  };
}

export async function codeOf(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

/** Watch delivery may trail the write that caused it: wait for the assertion to hold. */
export function eventually(assertion: () => void | Promise<void>): Promise<void> {
  return vi.waitFor(assertion, { timeout: 10_000, interval: 5 });
}

/** Starts a watch that records its events as `TYPE name revision`, revisions counted from `base`. */
export async function collect(s: Store, opts: Parameters<Store['watch']>[1], base = 0, ref = pods) {
  const events: string[] = [];
  const raw: StoreWatchEvent[] = [];
  const closed: (Error | undefined)[] = [];
  const w = await s.watch(
    ref,
    opts,
    (ev) => {
      raw.push(ev);
      events.push(`${ev.type} ${ev.object.metadata.name} ${ev.revision - base}`);
    },
    (err) => closed.push(err),
  );
  return { events, raw, closed, w };
}

export function describeStore(name: string, fresh: () => Promise<StoreState>): void {
  describe(`${name} store`, () => {
    let state: StoreState;
    let store: Store;
    const others: Store[] = [];
    /** The revision the test started at: the test's own writes are base + 1, base + 2, ... */
    let base: number;
    const rv = (n: number) => String(base + n);

    async function open(opts: ContractOptions = {}): Promise<Store> {
      store = await state.open(opts);
      return store;
    }

    async function another(): Promise<Store> {
      const s = await state.open();
      others.push(s);
      return s;
    }

    const watchAll = (s: Store, opts: Omit<Parameters<Store['watch']>[1], 'fromRevision'> = {}) =>
      collect(s, { ...opts, fromRevision: base }, base);

    beforeEach(async () => {
      state = await fresh();
      await open();
      base = await store.revision();
    });

    afterEach(async () => {
      for (const s of others.splice(0)) await s.close();
      await store.close();
      await state.cleanup();
    });

    describe('objects', () => {
      it('creates, reads, updates and deletes with a new revision on every write', async () => {
        const created = await store.create(pods, pod('default', 'web'));
        expect(created.metadata.resourceVersion).toBe(rv(1));
        expect(await store.get(pods, 'default', 'web')).toEqual(created);
        expect(await store.get(pods, 'other', 'web')).toBeUndefined();
        expect(await store.get(nodes, 'default', 'web')).toBeUndefined();

        const updated = await store.update(pods, { ...created, status: { phase: 'Running' } });
        expect(updated.metadata.resourceVersion).toBe(rv(2));
        expect((await store.get(pods, 'default', 'web'))?.status).toEqual({ phase: 'Running' });

        const deleted = await store.delete(pods, 'default', 'web');
        expect(deleted.metadata.resourceVersion).toBe(rv(3));
        expect(deleted.status).toEqual({ phase: 'Running' });
        expect(await store.get(pods, 'default', 'web')).toBeUndefined();
        expect(await store.revision()).toBe(base + 3);
      });

      it('keeps cluster-scoped objects under the empty namespace', async () => {
        await store.create(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
        expect((await store.get(nodes, '', 'n1'))?.metadata.name).toBe('n1');
        expect((await store.list(nodes, { namespace: '' })).items.map((o) => o.metadata.name)).toEqual([
          'n1',
        ]);
      });

      it('refuses a second create, and writes to objects that do not exist', async () => {
        await store.create(pods, pod('default', 'web'));
        expect(await codeOf(() => store.create(pods, pod('default', 'web')))).toBe('AlreadyExists');
        expect(await codeOf(() => store.update(pods, pod('default', 'nope')))).toBe('NotFound');
        expect(await codeOf(() => store.delete(pods, 'default', 'nope'))).toBe('NotFound');
        expect(await codeOf(() => store.update(pods, pod('default', 'nope'), { expectedRevision: 1 }))).toBe(
          'NotFound',
        );
        expect(await store.revision()).toBe(base + 1);
      });

      it('refuses an update or delete made against a stale revision', async () => {
        const v1 = await store.create(pods, pod('default', 'web'));
        const v2 = await store.update(pods, v1, { expectedRevision: base + 1 });
        expect(await codeOf(() => store.update(pods, v1, { expectedRevision: base + 1 }))).toBe('Conflict');
        expect(await codeOf(() => store.delete(pods, 'default', 'web', { expectedRevision: base + 1 }))).toBe(
          'Conflict',
        );
        expect(await store.get(pods, 'default', 'web')).toEqual(v2);
        await store.delete(pods, 'default', 'web', { expectedRevision: base + 2 });
        expect(await store.get(pods, 'default', 'web')).toBeUndefined();
      });
    });

    describe('list', () => {
      beforeEach(async () => {
        await store.create(pods, pod('b', 'web-2', { app: 'web' }, 'Running'));
        await store.create(pods, pod('a', 'web-1', { app: 'web' }, 'Running'));
        await store.create(pods, pod('a', 'db-1', { app: 'db' }));
        await store.create(pods, pod('b', 'cache', undefined));
        await store.create(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
      });

      const names = (items: StoredObject[]) => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

      it('lists by namespace then name, at the current revision', async () => {
        const all = await store.list(pods);
        expect(names(all.items)).toEqual(['a/db-1', 'a/web-1', 'b/cache', 'b/web-2']);
        expect(all.revision).toBe(base + 5);
        expect(all.continue).toBeUndefined();
        expect(all.items[0]!.metadata.resourceVersion).toBe(rv(3));
        expect(names((await store.list(pods, { namespace: 'b' })).items)).toEqual(['b/cache', 'b/web-2']);
      });

      it.each([
        [{ labelSelector: 'app=web' }, ['a/web-1', 'b/web-2']],
        [{ labelSelector: 'app' }, ['a/db-1', 'a/web-1', 'b/web-2']],
        [{ labelSelector: '!app' }, ['b/cache']],
        [{ labelSelector: 'app notin (web)' }, ['a/db-1', 'b/cache']],
        [{ fieldSelector: 'status.phase=Running' }, ['a/web-1', 'b/web-2']],
        [{ fieldSelector: 'metadata.name=cache' }, ['b/cache']],
        [{ fieldSelector: 'metadata.namespace!=a' }, ['b/cache', 'b/web-2']],
        [{ namespace: 'a', labelSelector: 'app=web', fieldSelector: 'status.phase=Running' }, ['a/web-1']],
      ])('filters with %j', async (opts, want) => {
        expect(names((await store.list(pods, opts)).items)).toEqual(want);
      });

      it('rejects a bad selector', async () => {
        expect(await codeOf(() => store.list(pods, { labelSelector: 'app in web' }))).toBe('BadSelector');
        expect(await codeOf(() => store.list(pods, { fieldSelector: 'nonsense' }))).toBe('BadSelector');
      });

      it('rejects a malformed continue token', async () => {
        for (const token of ['garbage', Buffer.from('{"x":1}').toString('base64'), '%%%']) {
          expect(await codeOf(() => store.list(pods, { limit: 1, continue: token }))).toBe('BadContinue');
        }
      });
    });

    describe('list selectors', () => {
      const objects: StoredObject[] = [
        {
          ...pod('a', 'o1', { app: 'web', 'example.com/role': 'x', n: '5' }),
          spec: { nodeName: 'n1', hostNetwork: true, priority: 3 },
        },
        {
          ...pod('a', 'o2', { app: 'db', n: '12' }),
          spec: { nodeName: '', hostNetwork: false, priority: 1.5 },
        },
        { ...pod('b', 'o3', {}), spec: { nodeName: null, containers: [{ name: 'c' }] } },
        { ...pod('b', 'o4', { app: '' }), spec: {} },
        { ...pod('c', 'o5'), spec: 'scalar' },
      ];
      const labelSelectors = [
        'app=web',
        'app!=web',
        'app=',
        'app',
        '!app',
        'app in (web,db)',
        'app notin (web,)',
        'app in (web,)',
        'example.com/role=x',
        '!example.com/role',
        'n>6',
        'n<6,app',
        'app,app!=db',
      ];
      const fieldSelectors = [
        'spec.nodeName=n1',
        'spec.nodeName=',
        'spec.nodeName!=',
        'spec.hostNetwork=true',
        'spec.hostNetwork=false',
        'spec.priority=3',
        'spec.priority=1.5',
        'spec.containers=',
        'spec.containers!=x',
        'spec.containers.name=',
        'spec.nodeName.x=',
        'status.phase=Pending',
        'metadata.name!=o1,metadata.namespace=a',
        'spec=scalar',
      ];

      it('selects exactly what the selector matchers select', async () => {
        for (const o of objects) await store.create(pods, o);
        const all = (await store.list(pods)).items;
        const names = (items: StoredObject[]) => items.map((o) => o.metadata.name);
        for (const sel of labelSelectors) {
          const match = parseLabelSelector(sel);
          expect(names((await store.list(pods, { labelSelector: sel })).items), sel).toEqual(
            names(all.filter((o) => match(o.metadata.labels))),
          );
        }
        for (const sel of fieldSelectors) {
          const match = parseFieldSelector(sel);
          expect(names((await store.list(pods, { fieldSelector: sel })).items), sel).toEqual(
            names(all.filter(match)),
          );
        }
      });
    });

    describe('paging', () => {
      const padded = (i: number) => `p-${String(i).padStart(2, '0')}`;

      it('returns every object exactly once across pages, while writes go on', async () => {
        for (let i = 0; i < 53; i++) await store.create(pods, pod(`ns-${i % 3}`, padded(i)));
        const firstRevision = await store.revision();
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await store.list(pods, { limit: 10, continue: token });
          expect(page.revision).toBe(firstRevision);
          seen.push(...page.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
          token = page.continue;
          if (token) expect(page.remainingItemCount).toBe(53 - seen.length);
          else expect(page.remainingItemCount).toBeUndefined();
          // Writes to objects already seen must neither repeat nor skip anything.
          await store.update(pods, (await store.get(pods, 'ns-0', 'p-00'))!);
          pages++;
        } while (token && pages < 20);
        expect(pages).toBe(6);
        expect(seen).toHaveLength(53);
        expect(new Set(seen).size).toBe(53);
        expect(seen).toEqual([...seen].sort());
      });

      it('pages within one namespace', async () => {
        for (let i = 0; i < 30; i++) await store.create(pods, pod(`ns-${i % 3}`, padded(i)));
        const seen: string[] = [];
        const remaining: (number | undefined)[] = [];
        let token: string | undefined;
        for (let pages = 0; pages < 10; pages++) {
          const page = await store.list(pods, { namespace: 'ns-1', limit: 4, continue: token });
          seen.push(...page.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
          remaining.push(page.remainingItemCount);
          token = page.continue;
          if (!token) break;
        }
        expect(seen).toEqual(
          (await store.list(pods, { namespace: 'ns-1' })).items.map((o) => `ns-1/${o.metadata.name}`),
        );
        expect(seen).toHaveLength(10);
        expect(remaining).toEqual([6, 2, undefined]);
      });

      it('pages through a selection', async () => {
        for (let i = 0; i < 20; i++)
          await store.create(pods, pod('default', padded(i), { even: String(i % 2 === 0) }));
        const seen: string[] = [];
        let token: string | undefined;
        for (let pages = 0; pages < 10; pages++) {
          const page = await store.list(pods, { labelSelector: 'even=true', limit: 3, continue: token });
          seen.push(...page.items.map((o) => o.metadata.name!));
          token = page.continue;
          if (!token) break;
        }
        expect(seen).toEqual([
          'p-00',
          'p-02',
          'p-04',
          'p-06',
          'p-08',
          'p-10',
          'p-12',
          'p-14',
          'p-16',
          'p-18',
        ]);
      });
    });

    describe('watch', () => {
      it('replays history after the given revision, then delivers live writes', async () => {
        const a = await store.create(pods, pod('default', 'a'));
        await store.update(pods, a);
        await store.create(pods, pod('default', 'b'));
        const { events, raw, w } = await collect(store, { fromRevision: base + 1 }, base);
        await eventually(() => expect(events).toEqual(['MODIFIED a 2', 'ADDED b 3']));
        await store.delete(pods, 'default', 'b');
        await store.create(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } });
        await eventually(() => expect(events).toEqual(['MODIFIED a 2', 'ADDED b 3', 'DELETED b 4']));
        expect(raw[2]!.object.metadata.resourceVersion).toBe(rv(4));
        w.stop();
        const probe = await collect(store, { fromRevision: await store.revision() }, base);
        await store.create(pods, pod('default', 'c'));
        await eventually(() => expect(probe.events).toEqual(['ADDED c 6']));
        expect(events).toHaveLength(3);
      });

      it('delivers only new events when starting from the current revision', async () => {
        await store.create(pods, pod('default', 'a'));
        const { events } = await collect(store, { fromRevision: await store.revision() }, base);
        expect(events).toEqual([]);
        await store.create(pods, pod('default', 'b'));
        await eventually(() => expect(events).toEqual(['ADDED b 2']));
      });

      it('filters by namespace', async () => {
        const { events } = await watchAll(store, { namespace: 'x' });
        await store.create(pods, pod('y', 'a'));
        await store.create(pods, pod('x', 'b'));
        await eventually(() => expect(events).toEqual(['ADDED b 2']));
      });

      it('turns selector transitions into ADDED and DELETED, live and replayed', async () => {
        const { events: live } = await watchAll(store, { labelSelector: 'app=web' });
        const p = await store.create(pods, pod('default', 'p', { app: 'db' }));
        const p2 = await store.update(pods, { ...p, metadata: { ...p.metadata, labels: { app: 'web' } } });
        const p3 = await store.update(pods, p2);
        const p4 = await store.update(pods, { ...p3, metadata: { ...p3.metadata, labels: { app: 'db' } } });
        await store.delete(pods, 'default', 'p');
        const q = await store.create(pods, pod('default', 'q', { app: 'web' }));
        await store.delete(pods, 'default', 'q');
        expect(p4.metadata.resourceVersion).toBe(rv(4));
        expect(q.metadata.resourceVersion).toBe(rv(6));
        const want = ['ADDED p 2', 'MODIFIED p 3', 'DELETED p 4', 'ADDED q 6', 'DELETED q 7'];
        await eventually(() => expect(live).toEqual(want));
        const replayed = await watchAll(store, { labelSelector: 'app=web' });
        await eventually(() => expect(replayed.events).toEqual(want));
      });

      it('applies field selectors to watches', async () => {
        const { events } = await watchAll(store, { fieldSelector: 'status.phase=Running' });
        const p = await store.create(pods, pod('default', 'p'));
        await store.update(pods, { ...p, status: { phase: 'Running' } });
        await eventually(() => expect(events).toEqual(['ADDED p 2']));
      });

      it('drops a listener that throws and tells it why', async () => {
        const closed: (Error | undefined)[] = [];
        let calls = 0;
        await store.watch(
          pods,
          { fromRevision: base },
          () => {
            calls++;
            throw new Error('boom');
          },
          (err) => closed.push(err),
        );
        await store.create(pods, pod('default', 'a'));
        await store.create(pods, pod('default', 'b'));
        await eventually(() => expect(closed.map((e) => e?.message)).toEqual(['boom']));
        const probe = await watchAll(store);
        await eventually(() => expect(probe.events).toEqual(['ADDED a 1', 'ADDED b 2']));
        expect(calls).toBe(1);
        expect(await store.get(pods, 'default', 'b')).toBeDefined();
      });

      it('keeps revision order when a listener writes while its history is replayed', async () => {
        await store.create(pods, pod('default', 'a'));
        await store.create(pods, pod('default', 'b'));
        const seen: number[] = [];
        await store.watch(pods, { fromRevision: base }, (ev) => {
          seen.push(ev.revision - base);
          if (ev.object.metadata.name === 'a' && ev.type === 'ADDED')
            void store.create(pods, pod('default', 'c'));
        });
        await store.create(pods, pod('default', 'd'));
        await eventually(() => expect(seen).toEqual([1, 2, 3, 4]));
      });

      it('delivers every revision in order to every watcher when a listener writes', async () => {
        const first: number[] = [];
        const second: number[] = [];
        await store.watch(pods, { fromRevision: base }, (ev) => {
          first.push(ev.revision - base);
          if (ev.object.metadata.name === 'a') void store.create(pods, pod('default', 'b'));
        });
        await store.watch(pods, { fromRevision: base }, (ev) => second.push(ev.revision - base));
        await store.create(pods, pod('default', 'a'));
        await eventually(() => expect(first).toEqual([1, 2]));
        await eventually(() => expect(second).toEqual([1, 2]));
      });

      it('answers Expired for a revision older than the compacted history', async () => {
        for (let i = 0; i < 10; i++) await store.create(pods, pod('default', `p${i}`));
        await store.compact(base + 6);
        expect(await store.compactedRevision()).toBe(base + 6);
        expect(await codeOf(() => store.watch(pods, { fromRevision: base + 5 }, () => {}))).toBe('Expired');
        const { events } = await collect(store, { fromRevision: base + 6 }, base);
        await eventually(() =>
          expect(events).toEqual(['ADDED p6 7', 'ADDED p7 8', 'ADDED p8 9', 'ADDED p9 10']),
        );
        expect((await store.list(pods)).items).toHaveLength(10);
      });

      it('tells a quiet watcher how far it has seen', async () => {
        await store.create(pods, pod('default', 'a'));
        const { w } = await collect(store, { fromRevision: base, namespace: 'quiet' }, base);
        await store.create(pods, pod('default', 'b'));
        const latest = await store.revision();
        await eventually(async () => expect(await w.progress()).toBe(latest));
      });

      it('closes watchers when the store closes', async () => {
        const { closed } = await watchAll(store);
        await store.close();
        expect(closed).toEqual([undefined]);
        await open();
      });
    });

    describe('two stores on the same state', () => {
      it('give writers distinct, increasing revisions and see each other', async () => {
        const other = await another();
        const revisions: number[] = [];
        for (let i = 0; i < 10; i++) {
          const s = i % 2 === 0 ? store : other;
          revisions.push(
            Number((await s.create(pods, pod('default', `p${i}`))).metadata.resourceVersion) - base,
          );
        }
        expect(revisions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(await codeOf(() => other.create(pods, pod('default', 'p0')))).toBe('AlreadyExists');
        expect((await store.list(pods)).items).toHaveLength(10);
      });
    });

    describe('restart', () => {
      it('keeps objects, revision and compaction across close and reopen', async () => {
        for (let i = 0; i < 5; i++) await store.create(pods, pod('default', `p${i}`));
        await store.delete(pods, 'default', 'p4');
        await store.delete(pods, 'default', 'p3');
        await store.compact(await store.revision());
        await store.close();
        await open();
        expect(await store.revision()).toBe(base + 7);
        expect(await store.compactedRevision()).toBe(base + 7);
        expect((await store.list(pods)).items.map((o) => o.metadata.name)).toEqual(['p0', 'p1', 'p2']);
        expect((await store.create(pods, pod('default', 'p9'))).metadata.resourceVersion).toBe(rv(8));
      });
    });

    describe('history bounds', () => {
      it('keeps every update', async () => {
        const p = await store.create(pods, pod('default', 'p'));
        for (let i = 0; i < 5; i++) await store.update(pods, p);
        const { events } = await watchAll(store);
        await eventually(() => expect(events).toHaveLength(6));
      });

      it('compacts on a timer, keeping the latest revisions', async () => {
        await store.close();
        await open({ autoCompact: { intervalMs: 10, retainRevisions: 5 } });
        for (let i = 0; i < 20; i++) await store.create(pods, pod('default', `p${i}`));
        await eventually(async () => expect(await store.compactedRevision()).toBe(base + 15));
        const { events } = await collect(store, { fromRevision: base + 15 }, base);
        await eventually(() => expect(events).toHaveLength(5));
        expect((await store.list(pods)).items).toHaveLength(20);
      });
    });
  });
}
