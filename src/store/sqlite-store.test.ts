import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, collect, describeStore, eventually, pod, pods } from '../../test/helpers/store-contract.js';
import { openStore, type StoreOptions } from './sqlite-store.js';
import type { Store } from './types.js';

describeStore('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'minik8s-store-'));
  return {
    open: async (opts) => openStore(join(dir, 'state.db'), { autoCompact: false, ...opts }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite store only', () => {
  const leases = { group: 'coordination.k8s.io', resource: 'leases' };
  let dir: string;
  let file: string;
  let store: Store;

  function open(opts: StoreOptions = {}): Store {
    store = openStore(file, { autoCompact: false, ...opts });
    return store;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'minik8s-store-'));
    file = join(dir, 'state.db');
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('coalesces heartbeat updates into one history row while watchers see every one', async () => {
    open({ coalesce: [leases] });
    const { events } = await collect(store, { fromRevision: 0 }, 0, leases);
    let lease = await store.create(leases, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { namespace: 'kube-node-lease', name: 'node-1' },
      spec: { renewTime: '0' },
    });
    for (let i = 1; i <= 1000; i++)
      lease = await store.update(leases, { ...lease, spec: { renewTime: String(i) } });
    expect(events).toHaveLength(1001);
    const replayed = (await collect(store, { fromRevision: 0 }, 0, leases)).raw;
    expect(replayed.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(replayed[1]!.object.spec).toEqual({ renewTime: '1000' });
    const rows = await collect(store, { fromRevision: await store.compactedRevision() }, 0, leases);
    expect(rows.events.length).toBeLessThanOrEqual(2);
  });

  it('delivers a write to watchers before the write resolves', async () => {
    open();
    const { events } = await collect(store, { fromRevision: 0 });
    await store.create(pods, pod('default', 'a'));
    expect(events).toEqual(['ADDED a 1']);
  });

  it('answers Unavailable while another connection holds the write lock past the busy timeout', async () => {
    open({ busyTimeoutMs: 50 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(await codeOf(() => store.create(pods, pod('default', 'a')))).toBe('Unavailable');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await store.create(pods, pod('default', 'a'))).metadata.name).toBe('a');
  });

  it('lets a write of the same process in while it compacts a long history', async () => {
    open();
    for (let i = 0; i < 3000; i++) await store.create(pods, pod('default', `p${i}`));
    const done: string[] = [];
    const compacting = store.compact(await store.revision()).then(() => done.push('compaction'));
    await store.create(pods, pod('default', 'during')).then(() => done.push('write'));
    await compacting;
    expect(done).toEqual(['write', 'compaction']);
    expect(await store.compactedRevision()).toBe(3000);
  });

  it('truncates the WAL after each compaction round', async () => {
    open({ autoCompact: { intervalMs: 10, retainRevisions: 5 } });
    for (let i = 0; i < 20; i++) await store.create(pods, pod('default', `p${i}`));
    await eventually(async () => expect(await store.compactedRevision()).toBe(15));
    await eventually(() => expect(statSync(`${file}-wal`).size).toBe(0));
  });
});
