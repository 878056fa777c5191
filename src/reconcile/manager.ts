import { allows, type KindDef, kinds } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';
import { type Clock, realClock } from '../client/clock.js';
import { EventRecorder } from '../client/event-recorder.js';
import { InformerFactory } from '../client/informer-factory.js';
import type { KubeClient } from '../client/kube-client.js';
import type { Change, Controller, ControllerContext, ControllerFactory, Watch } from './controller.js';
import { isConflict } from './retry.js';
import { type ControllerSettings, DEFAULT_CONTROLLER_SETTINGS } from './settings.js';
import { WorkQueue } from './work-queue.js';

export interface ManagerOptions {
  clock?: Clock;
  settings?: Partial<ControllerSettings>;
  log?: (message: string) => void;
}

interface Running {
  controller: Controller;
  queue: WorkQueue;
  /** Its watches: the fixed ones and those it holds on each served kind. */
  watches: Watch[];
  stopResync?: () => void;
}

const sameKind = (a: KindDef, b: KindDef) => a.group === b.group && a.resource === b.resource;
/** Kinds an informer can follow: those not stored (metrics) can be neither listed and watched nor owned. */
// A kind served from another's store is followed as that kind.
const watchable = (def: KindDef) => allows(def, 'list') && allows(def, 'watch') && !def.storedAs;

/**
 * Runs controllers over shared informers: each controller gets a work queue fed by its
 * watches; queues start once every cache has synced, so no controller acts on a half-filled
 * view (the garbage collector would take a missing owner for a deleted one). Controllers that
 * follow every kind get watches on kinds added at run time, and lose those of removed kinds.
 */
export class ControllerManager {
  readonly ctx: ControllerContext;
  private readonly running: Running[] = [];
  private unsubscribe?: () => void;
  private readonly recorders: EventRecorder[] = [];
  private started = false;

  constructor(client: KubeClient, opts: ManagerOptions = {}) {
    const clock = opts.clock ?? realClock;
    const log = opts.log ?? ((m: string) => console.error(m));
    this.ctx = {
      client,
      informers: new InformerFactory<KindDef>(client, { clock, log, pageSize: 0 }),
      clock,
      settings: { ...DEFAULT_CONTROLLER_SETTINGS, ...opts.settings },
      recorder: (component) => {
        const r = new EventRecorder(client, { component }, { clock });
        this.recorders.push(r);
        return r;
      },
      log,
    };
  }

  add(factory: ControllerFactory): Controller {
    const c = factory(this.ctx);
    const queue = new WorkQueue(
      async (key) => (await c.reconcile(key)) ?? undefined,
      // A conflict only says the cache was behind: the key is tried again, as any failure is, quietly.
      (key, err) => {
        if (!isConflict(err))
          this.ctx.log(`${c.name}: ${key}: ${err instanceof Error ? err.message : String(err)}`);
      },
      { clock: this.ctx.clock, paused: true, name: c.name },
    );
    const r: Running = { controller: c, queue, watches: [] };
    for (const w of c.watches) this.hold(r, w);
    if (c.watchesFor)
      for (const def of kinds.all().filter(watchable)) for (const w of c.watchesFor(def)) this.hold(r, w);
    this.running.push(r);
    if (this.started) void this.begin(r);
    return c;
  }

  async start(): Promise<void> {
    this.started = true;
    let known = kinds.all();
    this.unsubscribe = kinds.onChange(() => {
      const now = kinds.all();
      for (const def of now) if (!known.some((k) => sameKind(k, def))) this.kindAdded(def);
      for (const def of known) if (!now.some((k) => sameKind(k, def))) void this.kindRemoved(def);
      known = now;
    });
    this.ctx.informers.start();
    await this.ctx.informers.whenSynced();
    for (const r of this.running) await this.begin(r);
  }

  /**
   * Resolves once no controller has a key waiting or being worked on (delayed requeues aside)
   * and every event they recorded is written.
   */
  async idle(): Promise<void> {
    for (;;) {
      await Promise.all(this.running.map((r) => r.queue.idle()));
      await Promise.all(this.recorders.map((r) => r.flush()));
      // A reconcile or an event may have enqueued keys of another controller meanwhile.
      if (this.running.every((r) => r.queue.depth() === 0)) return;
    }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const r of this.running) r.stopResync?.();
    // A reconcile under way finishes before the informers, and then the store, go away under it.
    await Promise.all(this.running.map((r) => r.queue.stop()));
    await Promise.all(this.recorders.map((r) => r.flush()));
    await this.ctx.informers.stop();
  }

  /** Feeds `r`'s queue with the keys of every change of `w`'s kind. */
  private hold(r: Running, w: Watch): void {
    r.watches.push(w);
    const enqueue = (obj: KubeObject, change: Change<KubeObject>) => {
      if (r.watches.includes(w)) for (const k of w.keys(obj, change)) r.queue.add(k);
    };
    this.ctx.informers.for(w.def).addHandler({
      add: (obj) => enqueue(obj, { type: 'added' }),
      update: (old, obj) => enqueue(obj, { type: 'modified', old }),
      delete: (obj) => enqueue(obj, { type: 'deleted' }),
    });
  }

  private kindAdded(def: KindDef): void {
    for (const r of this.running) {
      if (watchable(def)) for (const w of r.controller.watchesFor?.(def) ?? []) this.hold(r, w);
      for (const k of r.controller.kindKeys?.(def) ?? []) r.queue.add(k);
    }
  }

  private async kindRemoved(def: KindDef): Promise<void> {
    for (const r of this.running) r.watches = r.watches.filter((w) => !sameKind(w.def, def));
    await this.ctx.informers.remove(def);
  }

  private async begin(r: Running): Promise<void> {
    await this.ctx.informers.whenSynced();
    for (const k of r.controller.initialKeys ?? []) r.queue.add(k);
    r.queue.resume();
    const every = r.controller.resyncMs ?? this.ctx.settings.resyncMs;
    if (!every) return;
    let cancel = () => {};
    const tick = () => {
      for (const w of r.watches)
        for (const obj of this.ctx.informers.for(w.def).list()) for (const k of w.keys(obj)) r.queue.add(k);
      cancel = this.ctx.clock.after(every, tick);
    };
    cancel = this.ctx.clock.after(every, tick);
    r.stopResync = () => cancel();
  }
}
