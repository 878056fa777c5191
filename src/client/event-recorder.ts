import { EVENTS } from '../api/kinds/resources.js';
import { timestamp } from '../api/time.js';
import type { KubeObject } from '../api/types.js';
import { type Clock, realClock } from './clock.js';
import type { KubeClient } from './kube-client.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  /** `source.component` and `reportingComponent`: kubelet, default-scheduler, ... */
  component: string;
  /** `source.host` and `reportingInstance`, for node agents. */
  host?: string;
}

export interface EventRecorderOptions {
  clock?: Clock;
  /** A repeat of an event within this window bumps its count at most once (default 30 s). */
  windowMs?: number;
  /** Token bucket bounding the rate of writes: burst, then perSecond. */
  burst?: number;
  perSecond?: number;
}

interface Posted {
  name: string;
  namespace: string;
  count: number;
  posted: number;
}

/**
 * Posts core/v1 Events about objects, as `kubectl describe` and `get events` show them. A
 * repeat of the same event (object, reason, message) only bumps its count, at most once per
 * window, and a token bucket bounds the rate, so a crash-looping pod or a controller retrying
 * cannot flood the API. An event is a courtesy: a failed write is dropped, never retried.
 */
export class EventRecorder {
  private readonly seen = new Map<string, Posted>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private lastNanos = 0n;
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly burst: number;
  private readonly perSecond: number;
  private tokens: number;
  private last: number;

  constructor(
    private readonly client: KubeClient,
    private readonly source: EventSource,
    opts: EventRecorderOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.windowMs = opts.windowMs ?? 30_000;
    this.burst = opts.burst ?? 25;
    this.perSecond = opts.perSecond ?? 5;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  record(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    const key = `${obj.metadata.uid}\u0000${reason}\u0000${message}`;
    const prior = this.seen.get(key);
    if (prior && now - prior.posted < this.windowMs) {
      prior.count++;
      return;
    }
    if (this.tokens < 1) return;
    this.tokens--;
    if (this.seen.size > 5000) this.seen.clear();
    const ts = timestamp(new Date(now));
    if (prior) {
      prior.count++;
      prior.posted = now;
      this.track(
        this.client
          .patch(EVENTS, prior.namespace, prior.name, { count: prior.count, lastTimestamp: ts })
          .catch(() => this.seen.delete(key)),
      );
      return;
    }
    const namespace = obj.metadata.namespace ?? 'default';
    const name = `${obj.metadata.name}.${this.nextSuffix(now)}`;
    this.seen.set(key, { name, namespace, count: 1, posted: now });
    this.track(
      this.client
        .create(EVENTS, this.event(obj, name, namespace, type, reason, message, ts))
        .catch(() => this.seen.delete(key)),
    );
  }

  /** Resolves once every event recorded so far is written (or given up). */
  async flush(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /**
   * The name suffix Kubernetes gives events: the time in nanoseconds, in hex. Names then sort as
   * the events happened, which is how `kubectl describe` orders events of the same second.
   */
  private nextSuffix(nowMs: number): string {
    const nanos = BigInt(nowMs) * 1_000_000n;
    this.lastNanos = nanos > this.lastNanos ? nanos : this.lastNanos + 1n;
    return this.lastNanos.toString(16);
  }

  private track(write: Promise<unknown>): void {
    this.inFlight.add(write);
    void write.finally(() => this.inFlight.delete(write));
  }

  private event(
    obj: KubeObject,
    name: string,
    namespace: string,
    type: EventType,
    reason: string,
    message: string,
    ts: string,
  ): KubeObject {
    const { component, host } = this.source;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: host ? { component, host } : { component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      reportingComponent: component,
      ...(host ? { reportingInstance: host } : {}),
    };
  }
}
