import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrap } from '../api/bootstrap.js';
import { EVENTS, NODES, PODS } from '../api/kinds/index.js';
import { ResourceService } from '../api/service.js';
import type { KubeObject } from '../api/types.js';
import { openStore } from '../store/sqlite-store.js';
import type { Store } from '../store/types.js';
import { scheduler } from './scheduler.js';

let dir: string;
let store: Store;
let svc: ResourceService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'minik8s-sched-'));
  store = openStore(join(dir, 'state.db'));
  svc = new ResourceService(store);
  bootstrap(svc);
  const node = svc.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
  svc.update(
    NODES,
    undefined,
    'n1',
    {
      ...node,
      status: {
        allocatable: { cpu: '2', memory: '1Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
    {},
    'status',
  );
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const pod = (name: string, cpu: string) =>
  svc.create(PODS, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu } } }] },
  });

const eventsOf = (name: string) =>
  svc
    .list(EVENTS, {})
    .items.filter(
      (e) => (e as KubeObject & { involvedObject: { name: string } }).involvedObject.name === name,
    )
    .map((e) => {
      const ev = e as KubeObject & { type: string; reason: string; message: string };
      return [ev.type, ev.reason, ev.message];
    });

describe('scheduler', () => {
  it('binds a pod that fits and says so in a Scheduled event', () => {
    pod('small', '500m');
    scheduler(svc).reconcile('default/small');
    const bound = svc.get(PODS, 'default', 'small') as KubeObject & { spec: { nodeName?: string } };
    expect(bound.spec.nodeName).toBe('n1');
    expect(eventsOf('small')).toEqual([['Normal', 'Scheduled', 'Successfully assigned default/small to n1']]);
  });

  it('leaves a pod over allocatable Pending, Unschedulable, with one FailedScheduling event', () => {
    pod('big', '8');
    const s = scheduler(svc);
    s.reconcile('default/big');
    s.reconcile('default/big');
    const p = svc.get(PODS, 'default', 'big') as KubeObject & {
      spec: { nodeName?: string };
      status: { conditions: { type: string; status: string; reason: string; message: string }[] };
    };
    expect(p.spec.nodeName).toBeUndefined();
    const message =
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to no preemption.';
    expect(p.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }),
    );
    expect(eventsOf('big')).toEqual([['Warning', 'FailedScheduling', message]]);
  });
});
