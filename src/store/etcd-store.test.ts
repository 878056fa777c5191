import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  codeOf,
  collect,
  describeStore,
  eventually,
  nodes,
  pod,
  pods,
} from '../../test/helpers/store-contract.js';
import { EtcdStore } from './etcd-store.js';
import { type LocalEtcd, startLocalEtcd } from './local-etcd.js';

let etcd: LocalEtcd;
let tests = 0;

beforeAll(async () => {
  etcd = await startLocalEtcd();
});

afterAll(async () => {
  await etcd?.stop();
});

// Each test has its own key prefix; revisions and compaction are the etcd's, shared by all.
describeStore('etcd', async () => {
  const prefix = `/contract-${++tests}`;
  return {
    open: async (opts) => new EtcdStore({ endpoints: [etcd.endpoint], prefix, autoCompact: false, ...opts }),
    cleanup: async () => {},
  };
});

describe('etcd store only', () => {
  let store: EtcdStore;
  let raw: Etcd3;
  let prefix: string;

  beforeEach(() => {
    prefix = `/only-${++tests}`;
    store = new EtcdStore({ endpoints: [etcd.endpoint], prefix, autoCompact: false });
    raw = new Etcd3({ hosts: etcd.endpoint });
  });

  afterEach(async () => {
    await store.close();
    raw.close();
  });

  it('keeps objects under Kubernetes-like keys, with the revision in the key and not in the value', async () => {
    await store.create(pods, pod('default', 'web'));
    await store.create(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    await store.create(
      { group: 'apps', resource: 'deployments' },
      { metadata: { namespace: 'a', name: 'd' } },
    );
    const keys = await raw.getAll().prefix(`${prefix}/`).keys();
    expect(keys.sort()).toEqual([
      `${prefix}/registry/apps/deployments/a/d`,
      `${prefix}/registry/core/nodes/n1`,
      `${prefix}/registry/core/pods/default/web`,
    ]);
    const value = await raw.get(`${prefix}/registry/core/pods/default/web`).json();
    expect(value).toEqual({ ...pod('default', 'web'), metadata: { namespace: 'default', name: 'web' } });
  });

  it('sees a compaction made by another etcd client', async () => {
    for (let i = 0; i < 5; i++) await store.create(pods, pod('default', `p${i}`));
    const latest = await store.revision();
    await raw.kv.compact({ revision: latest - 1 });
    expect(await store.compactedRevision()).toBe(latest - 1);
    expect(await codeOf(() => store.watch(pods, { fromRevision: latest - 2 }, () => {}))).toBe('Expired');
    const { events } = await collect(store, { fromRevision: latest - 1 }, latest - 5);
    await eventually(() => expect(events).toEqual(['ADDED p4 5']));
  });

  it('answers Expired, as Kubernetes does, for a continue token older than the compaction', async () => {
    for (let i = 0; i < 5; i++) await store.create(pods, pod('default', `p${i}`));
    const first = await store.list(pods, { limit: 2 });
    await store.update(pods, first.items[0]!);
    await store.compact(await store.revision());
    let message = '';
    await store.list(pods, { limit: 2, continue: first.continue }).catch((e: Error) => (message = e.message));
    expect(await codeOf(() => store.list(pods, { limit: 2, continue: first.continue }))).toBe('Expired');
    expect(message).toMatch(/^The provided continue parameter is too old/);
  });

  it('reads later pages at the revision of the first', async () => {
    for (let i = 0; i < 4; i++) await store.create(pods, pod('default', `p${i}`));
    const first = await store.list(pods, { limit: 2 });
    await store.delete(pods, 'default', 'p3');
    await store.create(pods, pod('default', 'p4'));
    const second = await store.list(pods, { limit: 2, continue: first.continue });
    expect(second.items.map((o) => o.metadata.name)).toEqual(['p2', 'p3']);
    expect(second.revision).toBe(first.revision);
    expect(second.continue).toBeUndefined();
  });

  it('goes on serving after many watches stop at once', async () => {
    const from = await store.revision();
    const watches = [];
    for (let i = 0; i < 5; i++) watches.push(await store.watch(pods, { fromRevision: from }, () => {}));
    const { events } = await collect(store, { fromRevision: from });
    for (const w of watches) w.stop();
    for (let i = 0; i < 5; i++) await store.create(pods, pod('default', `p${i}`));
    await eventually(() => expect(events).toHaveLength(5));
  });

  it('never tells a progress whose events are still to come', async () => {
    const base = await store.revision();
    for (let i = 0; i < 50; i++) await store.create(pods, pod('default', `p${i}`));
    // etcd replays this history after creating the watch: its events trail its creation.
    const { raw, w } = await collect(store, { fromRevision: base });
    const progress = await w.progress();
    expect(raw.filter((e) => e.revision <= progress)).toHaveLength(progress - base);
    await eventually(async () => expect(await w.progress()).toBe(base + 50));
    expect(raw).toHaveLength(50);
  });

  it('tells a progress past changes of other resources and namespaces', async () => {
    await store.create(pods, pod('quiet', 'a'));
    const { w } = await collect(store, { fromRevision: await store.revision(), namespace: 'quiet' });
    await store.create(pods, pod('default', 'b'));
    await store.create(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    expect(await w.progress()).toBe(await store.revision());
  });

  it('tells the progress of a watch from a revision still to come, once it has come', async () => {
    const from = (await store.revision()) + 3;
    const { w } = await collect(store, { fromRevision: from, namespace: 'quiet' });
    expect(await w.progress()).toBe(from);
    for (let i = 0; i < 5; i++) await store.create(pods, pod('default', `p${i}`));
    expect(await w.progress()).toBe(await store.revision());
  });

  it('keeps its watches and serves again after etcd restarts', async () => {
    const { events, closed } = await collect(store, { fromRevision: await store.revision() });
    await store.create(pods, pod('default', 'before'));
    await eventually(() => expect(events).toHaveLength(1));
    await etcd.restart();
    await eventually(async () => {
      await store.revision();
    });
    await store.create(pods, pod('default', 'after'));
    await eventually(() => expect(events.map((e) => e.split(' ')[1])).toEqual(['before', 'after']));
    expect(closed).toEqual([]);
    expect((await store.list(pods)).items.map((o) => o.metadata.name)).toEqual(['after', 'before']);
  });
});

describe('etcd store without a member that answers', () => {
  let member: LocalEtcd;
  let store: EtcdStore;
  const timeoutMs = 500;

  beforeEach(async () => {
    // A member of their own: these tests stop it, or freeze it.
    member = await startLocalEtcd();
    store = new EtcdStore({ endpoints: [member.endpoint], prefix: '/gone', autoCompact: false, timeoutMs });
    await store.create(pods, pod('default', 'a'));
  });

  afterEach(async () => {
    await store.close();
    await member.stop();
  });

  const calls = (s: EtcdStore) => [
    () => s.get(pods, 'default', 'a'),
    () => s.create(pods, pod('default', 'b')),
    () => s.list(pods),
    () => s.watch(pods, { fromRevision: 0 }, () => {}),
  ];

  it('answers Unavailable once its member has stopped', async () => {
    await member.stop();
    for (const call of calls(store)) expect(await codeOf(call)).toBe('Unavailable');
  });

  it('answers Unavailable within its timeout while its member hangs', async () => {
    process.kill(member.pid, 'SIGSTOP');
    try {
      for (const call of calls(store)) {
        const started = Date.now();
        expect(await codeOf(call)).toBe('Unavailable');
        expect(Date.now() - started).toBeLessThan(2 * timeoutMs);
      }
    } finally {
      process.kill(member.pid, 'SIGCONT');
    }
  });
});
