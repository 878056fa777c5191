import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import {
  EVENTS,
  HORIZONTAL_POD_AUTOSCALERS,
  type HorizontalPodAutoscaler,
  PODS,
  REPLICA_SETS,
  type ReplicaSet,
} from '../../api/kinds/index.js';
import { serveMetrics } from '../../api/metrics/metrics-api.js';
import type { PodUsage } from '../../api/metrics/source.js';
import { toTable } from '../../api/table/index.js';
import { timestamp } from '../../api/time.js';
import type { KubeObject } from '../../api/types.js';
import { horizontalPodAutoscaler } from './horizontal.js';

const SYNC = 15_000;
let h: ControllerHarness;
let clock: ManualClock;
/** CPU (millicores) and memory (bytes) each pod uses, by pod name; a pod not here has no metrics. */
let usage: Map<string, { cpu: number; memory?: number }>;

beforeEach(async () => {
  clock = new ManualClock(Date.now());
  usage = new Map();
  h = await startControllers([horizontalPodAutoscaler], {
    clock,
    settings: {
      horizontalPodAutoscalerSyncPeriodMs: SYNC,
      horizontalPodAutoscalerDownscaleStabilizationMs: 60_000,
    },
    prefix: 'minik8s-hpa-',
  });
  const names = new Map<string, string>();
  serveMetrics(
    h.svc,
    {
      nodes: async (n) => n.map(() => undefined),
      pods: async (refs) =>
        refs.map((ref): PodUsage | undefined => {
          names.set(ref.uid, ref.name);
          const u = usage.get(ref.name);
          if (!u) return undefined;
          const cpuNanoCores = u.cpu * 1e6;
          return {
            timestamp: clock.now(),
            windowMs: 15_000,
            containers: [{ name: 'c', usage: { cpuNanoCores, memoryBytes: u.memory ?? 1024 * 1024 } }],
          };
        }),
    },
    () => clock.now(),
  );
});

afterEach(() => h.stop());

/** A ReplicaSet nothing runs pods for: the test makes its pods, the autoscaler scales its spec. */
async function replicaSet(replicas: number) {
  await h.client.create(REPLICA_SETS, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'c', image: 'busybox', resources: { requests: { cpu: '100m', memory: '64Mi' } } },
          ],
        },
      },
    },
  });
}

/** A Running pod of the ReplicaSet, ready for long enough that its CPU counts. */
async function pod(name: string, opts: { ready?: boolean; request?: boolean } = {}) {
  const requests = opts.request === false ? {} : { cpu: '100m', memory: '64Mi' };
  const created = await h.client.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests } }] },
  });
  const since = timestamp(new Date(clock.now() - 600_000));
  const ready = { type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: since };
  await h.client.update(
    PODS,
    { ...created, status: { phase: 'Running', startTime: since, conditions: [ready] } },
    'status',
  );
}

async function autoscaler(spec: Record<string, unknown> = {}) {
  await h.client.create(HORIZONTAL_POD_AUTOSCALERS, {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
      ...spec,
    },
  });
  await h.manager.idle();
}

/** One sync period later, once the autoscaler has looked again. */
async function nextSync(times = 1) {
  for (let i = 0; i < times; i++) {
    clock.advance(SYNC);
    await h.manager.idle();
  }
}

const hpa = async () =>
  (await h.client.get(HORIZONTAL_POD_AUTOSCALERS, 'default', 'web')) as HorizontalPodAutoscaler;
const replicas = async () =>
  ((await h.client.get(REPLICA_SETS, 'default', 'web')) as ReplicaSet).spec?.replicas;
const condition = async (type: string) => {
  const c = (await hpa()).status?.conditions?.find((x) => x.type === type);
  return c && [c.status, c.reason, c.message];
};
const targets = async () => toTable(HORIZONTAL_POD_AUTOSCALERS, [await hpa()]).rows[0].cells[2];
const events = async () =>
  (await h.client.list(EVENTS, { namespace: 'default' })).items
    .map(
      (e) =>
        e as KubeObject & { involvedObject: { kind: string }; type: string; reason: string; message: string },
    )
    .filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler')
    .map((e) => [e.type, e.reason, e.message]);

describe('the horizontal pod autoscaler', () => {
  it('scales a busy target up through its scale subresource, and says why', async () => {
    await replicaSet(2);
    await pod('web-a');
    await pod('web-b');
    usage.set('web-a', { cpu: 90 }).set('web-b', { cpu: 90 });
    await autoscaler();
    expect(await replicas()).toBe(4);
    const status = (await hpa()).status;
    expect(status).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 4,
      lastScaleTime: timestamp(new Date(clock.now())),
      currentMetrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 90, averageValue: '90m' } },
        },
      ],
    });
    expect(await condition('AbleToScale')).toEqual([
      'True',
      'SucceededRescale',
      'the HPA controller was able to update the target scale to 4',
    ]);
    expect(await condition('ScalingActive')).toEqual([
      'True',
      'ValidMetricFound',
      'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    ]);
    expect(await condition('ScalingLimited')).toEqual([
      'False',
      'DesiredWithinRange',
      'the desired count is within the acceptable range',
    ]);
    expect(await events()).toEqual([
      [
        'Normal',
        'SuccessfulRescale',
        'New size: 4; reason: cpu resource utilization (percentage of request) above target',
      ],
    ]);
    expect(await targets()).toBe('cpu: 90%/50%');
  });

  it('leaves the count alone within the 10% tolerance, and syncs again every period', async () => {
    await replicaSet(2);
    await pod('web-a');
    await pod('web-b');
    usage.set('web-a', { cpu: 54 }).set('web-b', { cpu: 54 });
    await autoscaler();
    expect(await replicas()).toBe(2);
    expect(await condition('AbleToScale')).toEqual([
      'True',
      'ReadyForNewScale',
      'recommended size matches current size',
    ]);
    expect(await targets()).toBe('cpu: 54%/50%');
    usage.set('web-a', { cpu: 80 }).set('web-b', { cpu: 80 });
    await h.manager.idle();
    expect(await replicas()).toBe(2);
    await nextSync();
    expect(await replicas()).toBe(4);
  });

  it('stops at maxReplicas, and never grows by more than double (or 4) in one step', async () => {
    await replicaSet(1);
    await pod('web-a');
    usage.set('web-a', { cpu: 500 });
    await autoscaler({ maxReplicas: 3 });
    expect(await replicas()).toBe(3);
    expect(await condition('ScalingLimited')).toEqual([
      'True',
      'TooManyReplicas',
      'the desired replica count is more than the maximum replica count',
    ]);
    await h.client.patch(HORIZONTAL_POD_AUTOSCALERS, 'default', 'web', { spec: { maxReplicas: 20 } });
    await h.manager.idle();
    expect(await replicas()).toBe(6);
    expect(await condition('ScalingLimited')).toEqual([
      'True',
      'ScaleUpLimit',
      'the desired replica count is increasing faster than the maximum scale rate',
    ]);
  });

  it('holds a scale-down for the stabilization window, then scales to the highest recent recommendation', async () => {
    await replicaSet(4);
    for (const name of ['web-a', 'web-b', 'web-c', 'web-d']) {
      await pod(name);
      usage.set(name, { cpu: 50 });
    }
    await autoscaler();
    expect(await replicas()).toBe(4);
    for (const name of usage.keys()) usage.set(name, { cpu: 10 });
    await nextSync();
    expect(await replicas()).toBe(4);
    expect(await condition('AbleToScale')).toEqual([
      'True',
      'ScaleDownStabilized',
      'recent recommendations were higher than current one, applying the highest recent recommendation',
    ]);
    await nextSync(4);
    expect(await replicas()).toBe(1);
    expect((await events()).at(-1)).toEqual([
      'Normal',
      'SuccessfulRescale',
      'New size: 1; reason: All metrics below target',
    ]);
  });

  it('limits the rate with behavior policies, over their periods', async () => {
    await replicaSet(1);
    await pod('web-a');
    usage.set('web-a', { cpu: 400 });
    await autoscaler({
      behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    });
    expect(await replicas()).toBe(2);
    expect(await condition('ScalingLimited')).toEqual([
      'True',
      'ScaleUpLimit',
      'the desired replica count is increasing faster than the maximum scale rate',
    ]);
    await nextSync();
    expect(await replicas()).toBe(2);
    await nextSync(3);
    expect(await replicas()).toBe(3);
  });

  it('scales on memory against an average value', async () => {
    await replicaSet(2);
    await pod('web-a');
    await pod('web-b');
    usage
      .set('web-a', { cpu: 1, memory: 96 * 1024 * 1024 })
      .set('web-b', { cpu: 1, memory: 96 * 1024 * 1024 });
    await autoscaler({
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '64Mi' } },
        },
      ],
    });
    expect(await replicas()).toBe(3);
    expect((await hpa()).status?.currentMetrics).toEqual([
      { type: 'Resource', resource: { name: 'memory', current: { averageValue: '100663296' } } },
    ]);
    expect(await targets()).toBe('memory: 100663296/64Mi');
    expect((await events()).at(-1)?.[2]).toBe('New size: 3; reason: memory resource above target');
  });

  it('reports metrics it cannot get as metrics-server clusters do, and scales nothing', async () => {
    await replicaSet(2);
    await pod('web-a');
    await pod('web-b');
    await autoscaler();
    expect(await replicas()).toBe(2);
    const reason =
      'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';
    expect(await condition('ScalingActive')).toEqual([
      'False',
      'FailedGetResourceMetric',
      `the HPA was unable to compute the replica count: ${reason}`,
    ]);
    expect((await hpa()).status?.currentMetrics).toEqual([{ type: '' }]);
    expect(await targets()).toBe('cpu: <unknown>/50%');
    expect(await events()).toEqual([
      ['Warning', 'FailedGetResourceMetric', reason],
      [
        'Warning',
        'FailedComputeMetricsReplicas',
        `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${reason}`,
      ],
    ]);
  });

  it('needs a request to measure utilization against', async () => {
    await replicaSet(1);
    await pod('web-a', { request: false });
    usage.set('web-a', { cpu: 90 });
    await autoscaler();
    expect((await condition('ScalingActive'))?.[2]).toBe(
      'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container c of Pod web-a',
    );
  });

  it('counts unready pods and pods without metrics as idle when they would turn a scale-up into a scale-down', async () => {
    await replicaSet(4);
    await pod('web-a');
    await pod('web-b');
    await pod('web-c', { ready: false });
    await pod('web-d');
    usage.set('web-a', { cpu: 60 }).set('web-b', { cpu: 60 }).set('web-c', { cpu: 100 });
    await autoscaler();
    // The 2 measured ready pods at 120% of target alone would ask for ceil(1.2 * 2) = 3: fewer than run.
    expect(await replicas()).toBe(4);
    expect((await hpa()).status).toMatchObject({ currentReplicas: 4, desiredReplicas: 4 });
    expect(await events()).toEqual([]);
  });

  it('says when it cannot read the target scale, and does nothing while the target has none', async () => {
    await autoscaler();
    expect(await condition('AbleToScale')).toEqual([
      'False',
      'FailedGetScale',
      'the HPA controller was unable to get the target\'s current scale: replicasets.apps "web" not found',
    ]);
    await replicaSet(0);
    await nextSync();
    expect(await condition('ScalingActive')).toEqual([
      'False',
      'ScalingDisabled',
      'scaling is disabled since the replica count of the target is zero',
    ]);
    expect(await replicas()).toBe(0);
  });

  it('brings a target back within minReplicas and maxReplicas whatever its metrics', async () => {
    await replicaSet(12);
    await autoscaler({ minReplicas: 2, maxReplicas: 5 });
    expect(await replicas()).toBe(5);
    expect((await events()).at(-1)?.[2]).toBe(
      'New size: 5; reason: Current number of replicas above Spec.MaxReplicas',
    );
  });
});
