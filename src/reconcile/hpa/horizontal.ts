/**
 * The HorizontalPodAutoscaler controller, as kube-controller-manager's: every sync period each
 * autoscaler reads its target's scale subresource, asks the metrics what count they want, bounds
 * and stabilizes it, writes the count back through the scale subresource, and reports what it did
 * in its status, its conditions (AbleToScale, ScalingActive, ScalingLimited) and events.
 */
import {
  HORIZONTAL_POD_AUTOSCALERS,
  type HorizontalPodAutoscaler,
  type HorizontalPodAutoscalerStatus,
  type KindDef,
  kinds,
  type MetricStatus,
  PODS,
  type Pod,
  type Scale,
} from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import { type LabelMatcher, parseLabelSelector } from '../../store/selector.js';
import { type ControllerContext, type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { replicasForMetrics } from './metrics.js';
import { type Normalized, ScaleHistory } from './normalize.js';
import { type CalculatorSettings, DEFAULT_TOLERANCE } from './replica-calculator.js';
import { nextStatus, setCondition } from './status.js';

/** What every sync of every autoscaler shares. */
interface Autoscaler {
  ctx: ControllerContext;
  pods: Informer<Pod>;
  recorder: EventRecorder;
  history: ScaleHistory;
  /** The selector each autoscaler last read from its target, to find pods two of them scale. */
  selectors: Map<string, LabelMatcher>;
}

/** One sync of one autoscaler: the object as cached, and the status being made. */
interface Sync {
  key: string;
  hpa: HorizontalPodAutoscaler;
  status: HorizontalPodAutoscalerStatus;
  now: number;
}

export const horizontalPodAutoscaler: ControllerFactory = (ctx) => {
  const hpas = ctx.informers.for<HorizontalPodAutoscaler>(HORIZONTAL_POD_AUTOSCALERS);
  const a: Autoscaler = {
    ctx,
    pods: ctx.informers.for<Pod>(PODS),
    recorder: ctx.recorder('horizontal-pod-autoscaler'),
    history: new ScaleHistory(ctx.settings.horizontalPodAutoscalerDownscaleStabilizationMs),
    selectors: new Map(),
  };
  const period = ctx.settings.horizontalPodAutoscalerSyncPeriodMs;
  const synced = new Map<string, { at: number; generation?: number }>();
  return {
    name: 'horizontal-pod-autoscaler',
    watches: [{ def: HORIZONTAL_POD_AUTOSCALERS, keys: (hpa) => [objectKey(hpa)] }],
    // Each autoscaler comes back every sync period of its own accord.
    resyncMs: 0,
    async reconcile(key) {
      const [namespace, name] = splitKey(key);
      const hpa = hpas.get(namespace, name);
      if (!hpa) {
        a.history.forget(key);
        a.selectors.delete(key);
        synced.delete(key);
        return undefined;
      }
      const now = ctx.clock.now();
      const last = synced.get(key);
      // Its own status write is no reason to sync again before the period is out; a changed spec is.
      if (last && last.generation === hpa.metadata.generation && now - last.at < period)
        return last.at + period - now;
      synced.set(key, { at: now, generation: hpa.metadata.generation });
      const status = structuredClone(hpa.status ?? { desiredReplicas: 0 });
      try {
        await reconcileAutoscaler(a, { key, hpa, status, now });
      } catch (err) {
        ctx.log(`horizontal-pod-autoscaler: ${key}: ${(err as Error).message}`);
      }
      return period;
    },
  };
};

async function reconcileAutoscaler(a: Autoscaler, s: Sync): Promise<void> {
  const { def, scale } = await readScale(a, s);
  setCondition(
    s.status,
    'AbleToScale',
    'True',
    'SucceededGetScale',
    "the HPA controller was able to get the target's current scale",
    s.now,
  );
  const current = scale.spec?.replicas ?? 0;
  a.history.recordInitial(s.key, current, s.now);
  const decision = await decide(a, s, scale, current);
  if (decision.failure) {
    s.status = nextStatus(s.status, current, s.status.desiredReplicas, decision.statuses);
    await writeStatus(a, s);
    warn(a, s, 'FailedComputeMetricsReplicas', decision.failure);
    throw new Error(
      `failed to compute desired number of replicas based on listed metrics for ${reference(s.hpa)}: ${decision.failure}`,
    );
  }
  const { desired, reason, statuses } = decision;
  if (!decision.rescale) {
    s.status = nextStatus(s.status, current, current, statuses);
    await writeStatus(a, s);
    if (decision.error) throw new Error(decision.error);
    return;
  }
  try {
    await a.ctx.client.update(def, { ...scale, spec: { replicas: desired } }, 'scale');
  } catch (err) {
    const message = (err as Error).message;
    warn(a, s, 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${message}`);
    setCondition(
      s.status,
      'AbleToScale',
      'False',
      'FailedUpdateScale',
      `the HPA controller was unable to update the target scale: ${message}`,
      s.now,
    );
    s.status = nextStatus(s.status, current, s.status.desiredReplicas, statuses);
    await writeStatus(a, s);
    throw new Error(`failed to rescale ${reference(s.hpa)}: ${message}`);
  }
  setCondition(
    s.status,
    'AbleToScale',
    'True',
    'SucceededRescale',
    `the HPA controller was able to update the target scale to ${desired}`,
    s.now,
  );
  a.recorder.record(s.hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
  a.history.storeScaleEvent(s.key, s.hpa.spec?.behavior, current, desired, s.now);
  s.status = nextStatus(s.status, current, desired, statuses, s.now);
  await writeStatus(a, s);
  if (decision.error) throw new Error(decision.error);
}

const reference = (hpa: HorizontalPodAutoscaler) =>
  `${hpa.spec?.scaleTargetRef.kind}/${hpa.metadata.namespace}/${hpa.spec?.scaleTargetRef.name}`;

function warn(a: Autoscaler, s: Sync, reason: string, message: string): void {
  a.recorder.record(s.hpa, 'Warning', reason, message);
}

/** updateStatusIfNeeded: written only when it changed, so that a quiet autoscaler costs no writes. */
async function writeStatus(a: Autoscaler, s: Sync): Promise<void> {
  if (sameJson(s.status, s.hpa.status ?? { desiredReplicas: 0 })) return;
  await a.ctx.client.update(HORIZONTAL_POD_AUTOSCALERS, { ...s.hpa, status: s.status }, 'status');
}

/** The kind the target reference names: by its group and kind, in whichever version is served. */
function targetKind(apiVersion: string | undefined, kind: string): KindDef {
  const parts = (apiVersion ?? '').split('/');
  if (parts.length > 2) throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
  const group = parts.length === 2 ? parts[0] : '';
  const def = kinds.all().find((d) => d.group === group && d.kind === kind);
  if (!def) throw new Error(`no matches for kind "${kind}" in group "${group}"`);
  return def;
}

/** The target's scale subresource, read as the real controller reads it (its scale client). */
async function readScale(a: Autoscaler, s: Sync): Promise<{ def: KindDef; scale: Scale }> {
  const ref = s.hpa.spec?.scaleTargetRef ?? { kind: '', name: '' };
  try {
    const def = targetKind(ref.apiVersion, ref.kind);
    return { def, scale: await a.ctx.client.get<Scale>(def, s.hpa.metadata.namespace, ref.name, 'scale') };
  } catch (err) {
    const message = (err as Error).message;
    warn(a, s, 'FailedGetScale', message);
    setCondition(
      s.status,
      'AbleToScale',
      'False',
      'FailedGetScale',
      `the HPA controller was unable to get the target's current scale: ${message}`,
      s.now,
    );
    await writeStatus(a, s);
    throw new Error(`failed to query scale subresource for ${reference(s.hpa)}: ${message}`);
  }
}

interface Decision {
  desired: number;
  reason: string;
  rescale: boolean;
  statuses?: MetricStatus[];
  /** The metrics could not be trusted: nothing is scaled. */
  failure?: string;
  /** Some metrics failed, but the others were enough to scale on. */
  error?: string;
}

/** How many replicas the target should have, and why; the conditions say so as it goes. */
async function decide(a: Autoscaler, s: Sync, scale: Scale, current: number): Promise<Decision> {
  const spec = s.hpa.spec ?? { maxReplicas: 0, scaleTargetRef: { kind: '', name: '' } };
  const min = spec.minReplicas ?? 1;
  if (current === 0 && min !== 0) {
    setCondition(
      s.status,
      'ScalingActive',
      'False',
      'ScalingDisabled',
      'scaling is disabled since the replica count of the target is zero',
      s.now,
    );
    return { desired: 0, reason: '', rescale: false };
  }
  if (current > spec.maxReplicas)
    return {
      desired: spec.maxReplicas,
      reason: 'Current number of replicas above Spec.MaxReplicas',
      rescale: true,
    };
  if (current < min)
    return { desired: min, reason: 'Current number of replicas below Spec.MinReplicas', rescale: true };
  const pods = selectedPods(a, s, scale.status?.selector ?? '');
  if (typeof pods === 'string') return { desired: 0, reason: '', rescale: false, failure: pods };
  const m = await replicasForMetrics({
    client: a.ctx.client,
    hpa: s.hpa,
    pods,
    selector: scale.status?.selector ?? '',
    specReplicas: current,
    calc: calculatorSettings(a.ctx, s.now),
    warn: (reason, message) => warn(a, s, reason, message),
  });
  if (m.condition.reason)
    setCondition(
      s.status,
      m.condition.type,
      m.condition.status,
      m.condition.reason,
      m.condition.message,
      s.now,
    );
  if (m.replicas === -1)
    return { desired: 0, reason: '', rescale: false, statuses: m.statuses, failure: m.error };
  const desired = Math.max(m.replicas, 0);
  const reason =
    desired > current ? `${m.metric} above target` : desired < current ? 'All metrics below target' : '';
  const bounds = { current, desired, min, max: spec.maxReplicas };
  const n: Normalized = spec.behavior
    ? a.history.normalizeWithBehavior(s.key, spec.behavior, bounds, s.now)
    : a.history.normalize(s.key, bounds, s.now);
  setCondition(s.status, 'AbleToScale', 'True', n.able.reason, n.able.message, s.now);
  setCondition(s.status, 'ScalingLimited', n.limited.status, n.limited.reason, n.limited.message, s.now);
  return {
    desired: n.replicas,
    reason,
    rescale: n.replicas !== current,
    statuses: m.statuses,
    error: m.error,
  };
}

function calculatorSettings(ctx: ControllerContext, now: number): CalculatorSettings {
  return {
    tolerance: DEFAULT_TOLERANCE,
    cpuInitializationPeriodMs: ctx.settings.horizontalPodAutoscalerCpuInitializationPeriodMs,
    initialReadinessDelayMs: ctx.settings.horizontalPodAutoscalerInitialReadinessDelayMs,
    now,
  };
}

/**
 * validateAndParseSelector: the pods the target's selector selects, or why they cannot be
 * trusted (no selector, a bad one, or pods another autoscaler scales too), said in a condition.
 */
function selectedPods(a: Autoscaler, s: Sync, selector: string): Pod[] | string {
  const invalid = (reason: string, event: string, condition: string, message: string) => {
    warn(a, s, event, message);
    setCondition(s.status, 'ScalingActive', 'False', reason, condition, s.now);
    return message;
  };
  if (!selector)
    return invalid(
      'InvalidSelector',
      'SelectorRequired',
      "the HPA target's scale is missing a selector",
      'selector is required',
    );
  let matches: LabelMatcher;
  try {
    matches = parseLabelSelector(selector);
  } catch (err) {
    const message = `couldn't convert selector into a corresponding internal selector object: ${(err as Error).message}`;
    return invalid('InvalidSelector', 'InvalidSelector', message, message);
  }
  a.selectors.set(s.key, matches);
  const namespace = s.hpa.metadata.namespace;
  const pods = a.pods.list(namespace).filter((p) => matches(p.metadata.labels));
  const others = [...a.selectors]
    .filter(
      ([key, other]) =>
        key !== s.key && splitKey(key)[0] === namespace && pods.some((p) => other(p.metadata.labels)),
    )
    .map(([key]) => key);
  if (others.length) {
    const keys = [s.key, ...others].sort().map((k) => `{${splitKey(k)[1]} ${namespace}}`);
    const message = `pods by selector ${selector} are controlled by multiple HPAs: [${keys.join(' ')}]`;
    return invalid('AmbiguousSelector', 'AmbiguousSelector', message, message);
  }
  return pods;
}
