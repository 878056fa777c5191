import type { KindDef } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import type { KubeObject } from '../api/types.js';
import { WorkQueue } from './work-queue.js';

export interface Watched {
  def: KindDef;
  /** The keys of the objects to reconcile when this object changes (itself, its owner, ...). */
  keys(obj: KubeObject): string[];
}

/**
 * A level-triggered controller: events only enqueue keys; reconcile reads the current state
 * from the store and acts on the difference. Returning a number asks to look again after so
 * many milliseconds.
 */
export interface Controller {
  name: string;
  watches: Watched[];
  reconcile(key: string): Promise<number | undefined> | number | undefined;
  /** Every so often every object of the watched resources is reconciled again. */
  resyncMs?: number;
}

export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : (obj.metadata.name ?? '');
}

export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/');
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}

/** Runs controllers over the in-process store: list, then watch, re-listing if a watch drops. */
export class ControllerManager {
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly svc: ResourceService,
    private readonly log: (msg: string) => void = (m) => console.error(m),
  ) {}

  start(c: Controller): void {
    const queue = new WorkQueue(
      async (key) => (await c.reconcile(key)) ?? undefined,
      (key, err) => this.log(`${c.name}: ${key}: ${err instanceof Error ? err.message : String(err)}`),
    );
    this.stops.push(() => queue.stop());
    const enqueueAll = (w: Watched) => {
      const list = this.svc.list(w.def, {});
      for (const obj of list.items) for (const k of w.keys(obj)) queue.add(k);
      return Number(list.metadata.resourceVersion);
    };
    for (const w of c.watches) {
      let stopped = false;
      let handle: { stop(): void } | undefined;
      const begin = () => {
        if (stopped) return;
        const from = enqueueAll(w);
        handle = this.svc.watch(
          w.def,
          { fromRevision: from },
          (ev) => {
            for (const k of w.keys(ev.object)) queue.add(k);
          },
          () => setTimeout(begin, 100).unref(),
        );
      };
      begin();
      this.stops.push(() => {
        stopped = true;
        handle?.stop();
      });
      if (c.resyncMs) {
        const t = setInterval(() => enqueueAll(w), c.resyncMs);
        t.unref();
        this.stops.push(() => clearInterval(t));
      }
    }
  }

  stop(): void {
    for (const s of this.stops.splice(0)) s();
  }
}
