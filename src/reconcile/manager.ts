import { type Clock, realClock } from '../client/clock.js';
import { EventRecorder } from '../client/event-recorder.js';
import { InformerFactory } from '../client/informer-factory.js';
import type { KubeClient } from '../client/kube-client.js';
import type { Controller, ControllerContext, ControllerFactory } from './controller.js';
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
  stopResync?: () => void;
}

/**
 * Runs controllers over shared informers: each controller gets a work queue fed by its
 * watches; queues start once every cache has synced, so no controller acts on a half-filled
 * view (the garbage collector would take a missing owner for a deleted one).
 */
export class ControllerManager {
  readonly ctx: ControllerContext;
  private readonly running: Running[] = [];
  private readonly recorders: EventRecorder[] = [];
  private started = false;

  constructor(client: KubeClient, opts: ManagerOptions = {}) {
    const clock = opts.clock ?? realClock;
    const log = opts.log ?? ((m: string) => console.error(m));
    this.ctx = {
      client,
      informers: new InformerFactory(client, { clock, log, pageSize: 0 }),
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
      (key, err) => this.ctx.log(`${c.name}: ${key}: ${err instanceof Error ? err.message : String(err)}`),
      { clock: this.ctx.clock, paused: true },
    );
    const enqueue = (
      obj: Parameters<Controller['watches'][number]['keys']>[0],
      w: Controller['watches'][number],
    ) => {
      for (const k of w.keys(obj)) queue.add(k);
    };
    for (const w of c.watches) {
      this.ctx.informers.for(w.def).addHandler({
        add: (obj) => enqueue(obj, w),
        update: (_old, obj) => enqueue(obj, w),
        delete: (obj) => enqueue(obj, w),
      });
    }
    this.running.push({ controller: c, queue });
    if (this.started) void this.begin(this.running[this.running.length - 1]);
    return c;
  }

  async start(): Promise<void> {
    this.started = true;
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
    for (const r of this.running) {
      r.queue.stop();
      r.stopResync?.();
    }
    await this.ctx.informers.stop();
  }

  private async begin(r: Running): Promise<void> {
    await this.ctx.informers.whenSynced();
    r.queue.resume();
    const every = r.controller.resyncMs ?? this.ctx.settings.resyncMs;
    if (!every) return;
    let cancel = () => {};
    const tick = () => {
      for (const w of r.controller.watches)
        for (const obj of this.ctx.informers.for(w.def).list()) for (const k of w.keys(obj)) r.queue.add(k);
      cancel = this.ctx.clock.after(every, tick);
    };
    cancel = this.ctx.clock.after(every, tick);
    r.stopResync = () => cancel();
  }
}
