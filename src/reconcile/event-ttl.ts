import { EVENTS, type Event } from '../api/kinds/index.js';
import type { ControllerFactory } from './controller.js';
import { objectKey, splitKey } from './controller.js';
import { ignoreNotFound } from './retry.js';

/** When an event last happened: what Kubernetes' TTL counts from. */
function lastSeen(ev: Event): number {
  const when =
    ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp;
  return Date.parse(when ?? '') || 0;
}

/**
 * Deletes events an hour (the event TTL) after they last happened, as the API server's
 * etcd lease on each event does, so `get events` and the store do not grow without bound.
 */
export const eventTtlController: ControllerFactory = (ctx) => {
  const events = ctx.informers.for<Event>(EVENTS);
  const ttl = ctx.settings.eventTtlMs;
  return {
    name: 'event-ttl',
    watches: [{ def: EVENTS, keys: (ev) => [objectKey(ev)] }],
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const ev = events.get(ns, name);
      if (!ev) return undefined;
      const leftMs = lastSeen(ev) + ttl - ctx.clock.now();
      if (leftMs > 0) return leftMs;
      await ignoreNotFound(ctx.client.delete(EVENTS, ns, name));
      return undefined;
    },
  };
};
