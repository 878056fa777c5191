/**
 * The replica count each metric of an autoscaler asks for, read from the resource metrics API
 * (metrics.k8s.io) through the client as the real controller reads metrics-server, with the
 * metric statuses, conditions, events and error messages kube-controller-manager gives.
 */
import parseDuration from 'parse-duration';
import {
  type HorizontalPodAutoscaler,
  type MetricSpec,
  type MetricStatus,
  type MetricTarget,
  type MetricValueStatus,
  POD_METRICS,
  type Pod,
  type PodMetrics as PodMetricsObject,
} from '../../api/kinds/index.js';
import { exactQuantity, formatQuantity, milliValue } from '../../api/schema/quantity.js';
import type { KubeClient } from '../../client/kube-client.js';
import {
  type CalculatorSettings,
  type PodMetrics,
  rawResourceReplicas,
  resourceReplicas,
} from './replica-calculator.js';

/** What the metrics of one autoscaler are computed against, once its target's scale is read. */
export interface MetricsInput {
  client: KubeClient;
  hpa: HorizontalPodAutoscaler;
  /** The pods the scale's selector selects, in the autoscaler's namespace. */
  pods: Pod[];
  selector: string;
  specReplicas: number;
  calc: CalculatorSettings;
  warn(reason: string, message: string): void;
}

export interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** What the metrics ask for: the highest count any valid one proposes, or -1 when none can be trusted. */
export interface MetricsResult {
  replicas: number;
  metric: string;
  statuses: MetricStatus[];
  condition: Condition;
  error?: string;
}

/** A metric that could not be read leaves its place in currentMetrics empty, as Go's zero MetricStatus. */
const UNKNOWN = { type: '' } as unknown as MetricStatus;

class MetricError extends Error {
  constructor(
    message: string,
    readonly condition?: Condition,
  ) {
    super(message);
  }
}

/** computeReplicasForMetrics: every metric; a failed one counts unless it would let the target shrink. */
export async function replicasForMetrics(m: MetricsInput): Promise<MetricsResult> {
  const specs = m.hpa.spec?.metrics ?? [];
  const statuses = specs.map(() => UNKNOWN);
  let replicas = 0;
  let metric = '';
  let invalid = 0;
  let first: MetricError | undefined;
  for (const [i, spec] of specs.entries()) {
    try {
      const proposal = await replicasForMetric(m, spec);
      statuses[i] = proposal.status;
      if (replicas === 0 || proposal.replicas > replicas)
        [replicas, metric] = [proposal.replicas, proposal.metric];
    } catch (err) {
      const e = err instanceof MetricError ? err : new MetricError((err as Error).message);
      if (invalid++ === 0) first = e;
    }
  }
  const error =
    first && `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.message}`;
  if (invalid >= specs.length || (invalid > 0 && replicas < m.specReplicas)) {
    const unknown = { type: 'ScalingActive', status: 'False', reason: '', message: '' } as const;
    return { replicas: -1, metric: '', statuses, condition: first?.condition ?? unknown, error };
  }
  const message = `the HPA was able to successfully calculate a replica count from ${metric}`;
  const condition = { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message } as const;
  return { replicas, metric, statuses, condition, error };
}

interface Proposal {
  replicas: number;
  metric: string;
  status: MetricStatus;
}

/** getUnableComputeReplicaCountCondition: a Warning event, and the ScalingActive=False it explains. */
function unable(m: MetricsInput, reason: string, message: string): Condition {
  m.warn(reason, message);
  return {
    type: 'ScalingActive',
    status: 'False',
    reason,
    message: `the HPA was unable to compute the replica count: ${message}`,
  };
}

async function replicasForMetric(m: MetricsInput, spec: MetricSpec): Promise<Proposal> {
  if (spec.type === 'Resource') {
    const { name, target } = spec.resource ?? { name: '', target: { type: 'Utilization' } };
    return resourceProposal(m, target, name, '', {
      reason: 'FailedGetResourceMetric',
      wrap: `failed to get ${name} resource metric value`,
      status: (current) => ({ type: 'Resource', resource: { name, current } }),
    });
  }
  if (spec.type === 'ContainerResource') {
    const source = spec.containerResource ?? { name: '', container: '', target: { type: 'Utilization' } };
    const { name, container } = source;
    return resourceProposal(m, source.target, name, container, {
      reason: 'FailedGetContainerResourceMetric',
      wrap: `failed to get ${container} container metric value`,
      status: (current) => ({ type: 'ContainerResource', containerResource: { name, container, current } }),
    });
  }
  throw customMetricError(m, spec);
}

interface ResourceKind {
  /** The condition's reason when the metric cannot be read. */
  reason: string;
  /** What computeReplicasForMetric puts before the error. */
  wrap: string;
  status(current: MetricValueStatus): MetricStatus;
}

async function resourceProposal(
  m: MetricsInput,
  target: MetricTarget,
  resource: string,
  container: string,
  kind: ResourceKind,
): Promise<Proposal> {
  try {
    const { replicas, metric, current } = await resourceValue(m, target, resource, container);
    return { replicas, metric, status: kind.status(current) };
  } catch (err) {
    const message = (err as Error).message;
    throw new MetricError(`${kind.wrap}: ${message}`, unable(m, kind.reason, message));
  }
}

/** An error with what came before it in the message, as Go's fmt.Errorf("...: %v", err). */
async function wrapped<T>(prefix: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new Error(`${prefix}: ${(err as Error).message}`);
  }
}

const milliQuantity = (milli: number) => formatQuantity({ digits: BigInt(milli), exponent: -3 });

/** computeStatusForResourceMetricGeneric: an average value per pod, or a utilization of the requests. */
async function resourceValue(m: MetricsInput, target: MetricTarget, resource: string, container: string) {
  const current = m.specReplicas;
  const fetch = () =>
    wrapped(`unable to get metrics for resource ${resource}`, () => podMetrics(m, resource, container));
  const average = exactQuantity(target.averageValue);
  if (average) {
    return wrapped(`failed to get ${resource} usage`, async () => {
      const r = rawResourceReplicas(current, milliValue(average), resource, m.pods, await fetch(), m.calc);
      return {
        replicas: r.replicas,
        metric: `${resource} resource`,
        current: { averageValue: milliQuantity(r.usage) },
      };
    });
  }
  const utilization = target.averageUtilization;
  if (utilization === undefined)
    throw new Error(
      'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
    );
  return wrapped(`failed to get ${resource} utilization`, async () => {
    const r = resourceReplicas(current, utilization, resource, container, m.pods, await fetch(), m.calc);
    const of = container ? 'container resource' : 'resource';
    return {
      replicas: r.replicas,
      metric: `${resource} ${of} utilization (percentage of request)`,
      current: { averageUtilization: r.utilization, averageValue: milliQuantity(r.rawUtilization) },
    };
  });
}

/** GetResourceMetric: the pods' usage of a resource (of one container, or summed), by pod name. */
async function podMetrics(m: MetricsInput, resource: string, container: string): Promise<PodMetrics> {
  const list = await wrapped('unable to fetch metrics from resource metrics API', () =>
    m.client.list<PodMetricsObject>(POD_METRICS, {
      namespace: m.hpa.metadata.namespace,
      labelSelector: m.selector,
    }),
  );
  if (list.items.length === 0) throw new Error('no metrics returned from resource metrics API');
  const out: PodMetrics = new Map();
  for (const item of list.items) {
    const { name = '', namespace = '' } = item.metadata;
    const measured = {
      timestamp: Date.parse(item.timestamp ?? ''),
      windowMs: parseDuration(item.window ?? '') ?? 0,
    };
    const containers = item.containers ?? [];
    const counted = container ? containers.filter((c) => c.name === container) : containers;
    if (container && counted.length === 0)
      throw new Error(
        `failed to get container metrics: container ${container} not present in metrics for pod ${namespace}/${name}`,
      );
    const values = counted.map((c) => exactQuantity(c.usage?.[resource]));
    // A pod missing the resource in any container has no metric: it counts as missing.
    if (values.length && values.every((v) => v !== undefined))
      out.set(name, { ...measured, value: values.reduce((sum, v) => sum + milliValue(v!), 0) });
  }
  return out;
}

/** What no custom or external metrics API answers, as the real controller reports it. */
function customMetricError(m: MetricsInput, spec: MetricSpec): MetricError {
  const ns = m.hpa.metadata.namespace ?? '';
  const custom =
    'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered';
  const fail = (reason: string, message: string, wrap: string) =>
    new MetricError(`${wrap}: ${message}`, unable(m, reason, message));
  switch (spec.type) {
    case 'Pods':
      return fail(
        'FailedGetPodsMetric',
        `unable to get metric ${spec.pods?.metric.name}: ${custom}`,
        'failed to get pods metric value',
      );
    case 'Object': {
      const o = spec.object;
      const message = `unable to get metric ${o?.metric.name}: ${o?.describedObject.kind} on ${ns} ${o?.describedObject.name}/${custom}`;
      return fail('FailedGetObjectMetric', message, 'failed to get object metric value');
    }
    case 'External': {
      const name = spec.external?.metric.name;
      const message = `unable to get external metric ${ns}/${name}/nil: unable to fetch metrics from external metrics API: the server could not find the requested resource`;
      return fail('FailedGetExternalMetric', message, `failed to get ${name} external metric value`);
    }
    default: {
      const message = `unknown metric source type "${(spec as { type: string }).type}"`;
      return new MetricError(message, unable(m, 'InvalidMetricSourceType', message));
    }
  }
}
