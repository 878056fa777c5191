/**
 * How the autoscaler turns what the metrics ask for into the count it sets, as
 * kube-controller-manager does: recent recommendations stabilize a scale-down (the highest of the
 * window wins), minReplicas and maxReplicas bound it, and either a fixed rate (at most double, or
 * 4, per step) or the HPA's behavior policies limit how fast it moves.
 */
import type { HorizontalPodAutoscalerBehavior, HPAScalingRules } from '../../api/kinds/index.js';

/** What one normalization says: the count, and the AbleToScale and ScalingLimited conditions it explains. */
export interface Normalized {
  replicas: number;
  able: { reason: string; message: string };
  limited: { status: 'True' | 'False'; reason: string; message: string };
}

interface Recommendation {
  replicas: number;
  at: number;
}

interface ScaleEvent {
  change: number;
  at: number;
  outdated: boolean;
}

const READY = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const DOWN_STABILIZED = {
  reason: 'ScaleDownStabilized',
  message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
};
const UP_STABILIZED = {
  reason: 'ScaleUpStabilized',
  message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
};
const LIMITS = {
  within: ['DesiredWithinRange', 'the desired count is within the acceptable range'],
  tooMany: ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'],
  tooFew: ['TooFewReplicas', 'the desired replica count is less than the minimum replica count'],
  upRate: ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'],
  downRate: ['ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate'],
} as const;

export interface Bounds {
  current: number;
  desired: number;
  min: number;
  max: number;
}

function limited(replicas: number, wanted: number, [reason, message]: readonly [string, string]) {
  return { status: replicas === wanted ? 'False' : 'True', reason, message } as Normalized['limited'];
}

/**
 * The recommendations and scale events of each autoscaler, kept in memory as the real controller
 * keeps them: a restart of the control plane starts its windows afresh.
 */
export class ScaleHistory {
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUps = new Map<string, ScaleEvent[]>();
  private readonly scaleDowns = new Map<string, ScaleEvent[]>();

  constructor(private readonly downscaleWindowMs: number) {}

  /** The count the target had when the autoscaler first saw it counts as its first recommendation. */
  recordInitial(key: string, current: number, now: number): void {
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ replicas: current, at: now }]);
  }

  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUps.delete(key);
    this.scaleDowns.delete(key);
  }

  /** Without behavior: the highest recommendation of the downscale window, within min, max and 2x (or 4). */
  normalize(key: string, b: Bounds, now: number): Normalized {
    const stabilized = this.stabilizeDown(key, b.desired, now);
    const able = stabilized !== b.desired ? DOWN_STABILIZED : READY;
    const scaleUpLimit = Math.trunc(Math.max(2 * b.current, 4));
    const [maximum, overMax] = b.max > scaleUpLimit ? [scaleUpLimit, LIMITS.upRate] : [b.max, LIMITS.tooMany];
    if (stabilized < b.min)
      return { replicas: b.min, able, limited: limited(b.min, stabilized, LIMITS.tooFew) };
    if (stabilized > maximum)
      return { replicas: maximum, able, limited: limited(maximum, stabilized, overMax) };
    return { replicas: stabilized, able, limited: limited(stabilized, stabilized, LIMITS.within) };
  }

  /** With behavior: each direction's stabilization window, then its policies' rate over their periods. */
  normalizeWithBehavior(
    key: string,
    behavior: HorizontalPodAutoscalerBehavior,
    b: Bounds,
    now: number,
  ): Normalized {
    const up = rules(behavior.scaleUp, 0);
    const down = rules(behavior.scaleDown, this.downscaleWindowMs / 1000);
    const stabilized = this.stabilizeBoth(key, b, now, {
      up: (up.stabilizationWindowSeconds ?? 0) * 1000,
      down: (down.stabilizationWindowSeconds ?? 0) * 1000,
    });
    const able = stabilized === b.desired ? READY : b.desired >= b.current ? UP_STABILIZED : DOWN_STABILIZED;
    const [replicas, limit] = this.rateLimited(key, { ...b, desired: stabilized }, up, down, now);
    return { replicas, able, limited: limited(replicas, stabilized, limit) };
  }

  /** Remembers a rescale, for the policies whose periods it falls in. */
  storeScaleEvent(
    key: string,
    behavior: HorizontalPodAutoscalerBehavior | undefined,
    from: number,
    to: number,
    now: number,
  ): void {
    if (!behavior) return;
    const upward = to > from;
    const events = upward ? this.scaleUps : this.scaleDowns;
    const longest = Math.max(
      0,
      ...((upward ? behavior.scaleUp : behavior.scaleDown)?.policies ?? []).map((p) => p.periodSeconds),
    );
    const list = events.get(key) ?? [];
    for (const e of list) if (e.at < now - longest * 1000) e.outdated = true;
    const event = { change: Math.abs(to - from), at: now, outdated: false };
    const reuse = list.map((e) => e.outdated).lastIndexOf(true);
    if (reuse >= 0) list[reuse] = event;
    else list.push(event);
    events.set(key, list);
  }

  /** Records `desired`; answers the highest recommendation of the downscale window. */
  private stabilizeDown(key: string, desired: number, now: number): number {
    const cutoff = now - this.downscaleWindowMs;
    let highest = desired;
    const list = this.recommendations.get(key) ?? [];
    let stale = -1;
    list.forEach((r, i) => {
      if (r.at < cutoff) stale = i;
      else highest = Math.max(highest, r.replicas);
    });
    this.record(key, list, stale, desired, now);
    return highest;
  }

  /**
   * Records `desired`; answers the current count brought up to the lowest recommendation of the
   * scale-up window and down to the highest of the scale-down window.
   */
  private stabilizeBoth(key: string, b: Bounds, now: number, windowMs: { up: number; down: number }): number {
    const [upCutoff, downCutoff] = [now - windowMs.up, now - windowMs.down];
    let [upward, downward] = [b.desired, b.desired];
    const list = this.recommendations.get(key) ?? [];
    let stale = -1;
    list.forEach((r, i) => {
      if (r.at > upCutoff) upward = Math.min(upward, r.replicas);
      if (r.at > downCutoff) downward = Math.max(downward, r.replicas);
      if (r.at < upCutoff && r.at < downCutoff) stale = i;
    });
    this.record(key, list, stale, b.desired, now);
    return Math.min(Math.max(b.current, upward), downward);
  }

  /** Keeps a recommendation, in the place of one too old to count (as the real controller reuses slots). */
  private record(key: string, list: Recommendation[], stale: number, replicas: number, now: number): void {
    if (stale >= 0) list[stale] = { replicas, at: now };
    else list.push({ replicas, at: now });
    this.recommendations.set(key, list);
  }

  private rateLimited(
    key: string,
    b: Bounds,
    up: HPAScalingRules,
    down: HPAScalingRules,
    now: number,
  ): [number, readonly [string, string]] {
    const events = { up: this.scaleUps.get(key) ?? [], down: this.scaleDowns.get(key) ?? [] };
    if (b.desired > b.current) {
      const rateLimit = Math.max(b.current, scaleUpLimit(b.current, events, up, now));
      const [maximum, limit] = b.max > rateLimit ? [rateLimit, LIMITS.upRate] : [b.max, LIMITS.tooMany];
      if (b.desired > maximum) return [maximum, limit];
    } else if (b.desired < b.current) {
      const rateLimit = Math.min(b.current, scaleDownLimit(b.current, events, down, now));
      const [minimum, limit] = b.min < rateLimit ? [rateLimit, LIMITS.downRate] : [b.min, LIMITS.tooFew];
      if (b.desired < minimum) return [minimum, limit];
    }
    return [b.desired, LIMITS.within];
  }
}

/** The rules as the API defaults them; a scale-down window left unset is the controller's own. */
function rules(given: HPAScalingRules | undefined, defaultWindowSeconds: number): HPAScalingRules {
  return { ...given, stabilizationWindowSeconds: given?.stabilizationWindowSeconds ?? defaultWindowSeconds };
}

function changedWithin(periodSeconds: number, events: ScaleEvent[], now: number): number {
  return events.filter((e) => e.at > now - periodSeconds * 1000).reduce((sum, e) => sum + e.change, 0);
}

interface Events {
  up: ScaleEvent[];
  down: ScaleEvent[];
}

/** The count at the start of a policy's period: now less what was added, plus what was removed, since. */
function periodStart(current: number, events: Events, periodSeconds: number, now: number): number {
  return (
    current - changedWithin(periodSeconds, events.up, now) + changedWithin(periodSeconds, events.down, now)
  );
}

/** calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now. */
function scaleUpLimit(current: number, events: Events, r: HPAScalingRules, now: number): number {
  if (r.selectPolicy === 'Disabled') return current;
  // For a scale-up the least change (Min) is the lowest count.
  const [select, start] = r.selectPolicy === 'Min' ? [Math.min, 2 ** 31 - 1] : [Math.max, -(2 ** 31)];
  let result = start;
  for (const p of r.policies ?? []) {
    const from = periodStart(current, events, p.periodSeconds, now);
    result = select(result, p.type === 'Pods' ? from + p.value : Math.ceil(from * (1 + p.value / 100)));
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now. */
function scaleDownLimit(current: number, events: Events, r: HPAScalingRules, now: number): number {
  if (r.selectPolicy === 'Disabled') return current;
  // For a scale-down the least change (Min) is the highest count.
  const [select, start] = r.selectPolicy === 'Min' ? [Math.max, -(2 ** 31)] : [Math.min, 2 ** 31 - 1];
  let result = start;
  for (const p of r.policies ?? []) {
    const from = periodStart(current, events, p.periodSeconds, now);
    result = select(result, p.type === 'Pods' ? from - p.value : Math.trunc(from * (1 - p.value / 100)));
  }
  return result;
}
