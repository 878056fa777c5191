import { randomBytes } from 'node:crypto';
import { resources } from '../api/resources.js';
import type { Client } from '../client/client.js';
import type { Pod } from './pod.js';
import { rfc3339 } from './time.js';

const EVENTS = resources.find((r) => r.resource === 'events')!;

/**
 * Posts pod Events as the kubelet does. A repeat of the same event within the window only
 * bumps its count (at most once per window), and a global budget bounds the rate, so a
 * crash-looping pod cannot flood the API.
 */
export class EventRecorder {
  private readonly seen = new Map<
    string,
    { name: string; namespace: string; count: number; first: string; posted: number }
  >();
  private tokens: number;
  private last = Date.now();

  constructor(
    private readonly client: Client,
    private readonly nodeName: string,
    private readonly windowMs = 30_000,
    private readonly burst = 25,
    private readonly perSecond = 5,
  ) {
    this.tokens = burst;
  }

  record(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    const key = `${pod.metadata.uid}\u0000${reason}\u0000${message}`;
    const prior = this.seen.get(key);
    if (prior && now - prior.posted < this.windowMs) {
      prior.count++;
      return;
    }
    if (this.tokens < 1) return;
    this.tokens--;
    if (this.seen.size > 5000) this.seen.clear();
    const ts = rfc3339();
    if (prior) {
      prior.count++;
      prior.posted = now;
      this.client
        .patch(EVENTS, prior.namespace, prior.name, { count: prior.count, lastTimestamp: ts })
        .catch(() => this.seen.delete(key));
      return;
    }
    const name = `${pod.metadata.name}.${randomBytes(8).toString('hex')}`;
    this.seen.set(key, { name, namespace: pod.metadata.namespace, count: 1, first: ts, posted: now });
    this.client
      .create(EVENTS, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: pod.metadata.namespace },
        involvedObject: {
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          uid: pod.metadata.uid,
          resourceVersion: pod.metadata.resourceVersion,
        },
        reason,
        message,
        type,
        source: { component: 'kubelet', host: this.nodeName },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        reportingComponent: 'kubelet',
        reportingInstance: this.nodeName,
      })
      .catch(() => this.seen.delete(key));
  }
}
