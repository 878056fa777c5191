import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { eventually } from '../../test/helpers/wait.js';
import { DAEMON_SETS, type DaemonSet, NODES, type Node, PODS, type Pod } from '../api/kinds/index.js';
import { POD_DISRUPTION_BUDGETS } from '../api/kinds/policy/pod-disruption-budget.js';
import type { OwnerReference } from '../api/types.js';
import { realClock } from '../client/clock.js';
import { disruptionController } from '../reconcile/disruption.js';
import { type DrainOptions, drain } from './drain.js';
import { cordon, parseTaints, taintNode } from './nodes.js';

let h: ControllerHarness;
let out: string[];
let err: string[];
const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
// Real time, in steps short enough that a test never waits on kubectl's 5 s.
const opts: DrainOptions = { clock: realClock, retryMs: 20, pollMs: 5, gracePeriod: 0 };

beforeEach(async () => {
  out = [];
  err = [];
  h = await startControllers([disruptionController], { settings: { resyncMs: 0 } });
  for (const name of ['n1', 'n2'])
    await h.client.create<Node>(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name } });
});
afterEach(() => h.stop());

async function pod(name: string, node: string, labels: Record<string, string> = {}, owner?: OwnerReference) {
  const p = await h.client.create<Pod>(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels, ...(owner ? { ownerReferences: [owner] } : {}) },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }] },
  });
  await h.client.update(
    PODS,
    { ...p, status: { ...p.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
    'status',
  );
}
const podNames = async () =>
  (await h.client.list(PODS, { namespace: 'default' })).items.map((p) => p.metadata.name);
const node = (name: string) => h.client.get<Node>(NODES, undefined, name);

describe('drain', () => {
  it("refuses pods no controller manages without --force, in kubectl's words, after cordoning", async () => {
    await pod('bare', 'n1');
    expect(await drain(h.client, 'n1', opts, io)).toBe(1);
    expect(out).toEqual(['node/n1 cordoned']);
    expect(err).toEqual([
      'error: unable to drain node "n1" due to error: cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...',
      'There are pending nodes to be drained:',
      ' n1',
      'cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare',
    ]);
    expect((await node('n1')).spec?.unschedulable).toBe(true);
    expect(await podNames()).toEqual(['bare']);
  });

  it('evicts through the budget, waiting out 429s, and leaves DaemonSet pods with --ignore-daemonsets', async () => {
    const ds = await h.client.create<DaemonSet>(DAEMON_SETS, {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    });
    await pod(
      'agent-x',
      'n1',
      { app: 'agent' },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid!, controller: true },
    );
    for (const [name, n] of [
      ['web-1', 'n1'],
      ['web-2', 'n1'],
      ['web-3', 'n2'],
    ])
      await pod(name, n, { app: 'web' });
    await h.client.create(POD_DISRUPTION_BUDGETS, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'default' },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    });
    await h.manager.idle();
    const drained = drain(h.client, 'n1', { ...opts, force: true, ignoreDaemonSets: true }, io);
    await eventually('a 429 from the budget', async () =>
      expect(err.some((l) => l.includes('(will retry after 5s): Cannot evict pod'))).toBe(true),
    );
    await pod('web-4', 'n2', { app: 'web' });
    expect(await drained).toBe(0);
    expect(err[0]).toBe(
      'Warning: ignoring DaemonSet-managed Pods: default/agent-x; deleting Pods that declare no controller: default/web-1, default/web-2',
    );
    expect(err).toContainEqual(
      expect.stringMatching(
        /^error when evicting pods\/"web-[12]" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/,
      ),
    );
    expect(out[0]).toBe('node/n1 cordoned');
    expect(out).toEqual(
      expect.arrayContaining(['evicting pod default/web-1', 'pod/web-1 evicted', 'pod/web-2 evicted']),
    );
    expect(out.at(-1)).toBe('node/n1 drained');
    expect(await podNames()).toEqual(['agent-x', 'web-3', 'web-4']);
  });
});

describe('cordon and taint', () => {
  it('cordons and uncordons once, as kubectl says', async () => {
    expect(await cordon(h.client, 'n2', true)).toBe('node/n2 cordoned');
    expect(await cordon(h.client, 'n2', true)).toBe('node/n2 already cordoned');
    expect(await cordon(h.client, 'n2', false)).toBe('node/n2 uncordoned');
    expect((await node('n2')).spec?.unschedulable).toBeUndefined();
  });

  it('adds, refuses to duplicate, overwrites and removes taints', async () => {
    expect(await taintNode(h.client, 'n1', parseTaints(['dedicated=batch:NoSchedule']), false)).toBe(
      'node/n1 tainted',
    );
    await expect(taintNode(h.client, 'n1', parseTaints(['dedicated=web:NoSchedule']), false)).rejects.toThrow(
      'node n1 already has dedicated taint(s) with same effect(s) and --overwrite is false',
    );
    expect(await taintNode(h.client, 'n1', parseTaints(['dedicated=web:NoSchedule']), true)).toBe(
      'node/n1 modified',
    );
    expect((await node('n1')).spec?.taints).toEqual([
      { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
    ]);
    expect(await taintNode(h.client, 'n1', parseTaints(['dedicated-']), false)).toBe('node/n1 untainted');
    await expect(taintNode(h.client, 'n1', parseTaints(['dedicated:NoSchedule-']), false)).rejects.toThrow(
      'taint "dedicated:NoSchedule" not found',
    );
    expect(() => parseTaints(['a=b:Sometimes'])).toThrow(
      'invalid taint effect: Sometimes, unsupported taint effect',
    );
  });
});
