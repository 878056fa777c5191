import { EVENTS, type Event } from '../api/kinds/index.js';
import type { ControllerFactory } from './controller.js';
import { ignoreNotFound } from './retry.js';

/** When an event last happened: what Kubernetes' TTL counts from. */
function lastSeen(ev: Event): number {
  const when =
    ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp;
  return Date.parse(when ?? '') || 0;
}

const PAGE = 500;

/**
 * Deletes events an hour (the event TTL) after they last happened, as the API server's etcd
 * lease on each event does, so `get events` and the store do not grow without bound. Events are
 * the most numerous objects of a busy cluster, so they are swept page by page rather than held
 * in a cache: each sweep deletes the expired ones and sleeps until the next falls due, at most
 * one sweep per sixtieth of the TTL (an event outlives its TTL by that much at worst).
 */
export const eventTtlController: ControllerFactory = (ctx) => {
  const ttl = ctx.settings.eventTtlMs;
  return {
    name: 'event-ttl',
    watches: [],
    initialKeys: ['sweep'],
    async reconcile() {
      const now = ctx.clock.now();
      let next = ttl;
      let cont: string | undefined;
      do {
        const page = await ctx.client.list<Event>(EVENTS, { limit: PAGE, continue: cont });
        for (const ev of page.items) {
          const leftMs = lastSeen(ev) + ttl - now;
          if (leftMs > 0) next = Math.min(next, leftMs);
          else await ignoreNotFound(ctx.client.delete(EVENTS, ev.metadata.namespace, ev.metadata.name!));
        }
        cont = page.metadata.continue;
      } while (cont);
      return Math.max(next, ttl / 60);
    },
  };
};
