import type { Container, ContainerStatus } from '../api/kinds/index.js';
import type { ContainerRuntime } from './container-runtime.js';
import type { Instance } from './instances.js';
import type { EventType } from './pod-context.js';
import { ProbeWorker } from './probe-worker.js';

/** The probes of one running container and what they concluded. */
interface ProbeSet {
  workers: ProbeWorker[];
  ready: boolean;
  started: boolean;
  killing: boolean;
}

export interface ProbeHooks {
  runtime: ContainerRuntime;
  event(type: EventType, reason: string, message: string): void;
  /** Stops a container whose liveness or startup probe failed (the pod's sync starts it again). */
  restart(id: string): Promise<void>;
  /** A probe changed what the pod's status says. */
  changed(): void;
}

/**
 * The liveness, readiness and startup probes of a pod's running containers. A startup probe
 * holds the others until it succeeds; a failed liveness or startup probe restarts the container.
 */
export class PodProbes {
  private readonly sets = new Map<string, ProbeSet>();

  constructor(private readonly hooks: ProbeHooks) {}

  /**
   * Starts probing a running container, once. `prior` is its status last reported, so a new
   * agent adopting it neither flips Ready nor repeats the startup probe.
   */
  ensure(c: Container, cur: Instance, podIP: string, prior: ContainerStatus | undefined): void {
    if (this.sets.has(cur.id)) return;
    const set: ProbeSet = {
      workers: [],
      ready: prior ? prior.ready : !c.readinessProbe,
      started: prior ? prior.started !== false : !c.startupProbe,
      killing: false,
    };
    this.sets.set(cur.id, set);
    const target = { runtime: this.hooks.runtime, containerId: cur.id, podIP, container: c };
    const unhealthy = (message: string) => this.hooks.event('Warning', 'Unhealthy', message);
    const kill = (why: string) => {
      if (set.killing) return;
      set.killing = true;
      this.hooks.event('Normal', 'Killing', `Container ${c.name} failed ${why} probe, will be restarted`);
      this.hooks.restart(cur.id).finally(() => this.hooks.changed());
    };
    const gated: ProbeWorker[] = [];
    if (c.livenessProbe) {
      const onChange = (ok: boolean) => (ok ? undefined : kill('liveness'));
      gated.push(new ProbeWorker('Liveness', c.livenessProbe, target, onChange, undefined, unhealthy));
    }
    if (c.readinessProbe) {
      const onChange = (ok: boolean) => {
        set.ready = ok;
        this.hooks.changed();
      };
      const initial = prior ? prior.ready : undefined;
      gated.push(new ProbeWorker('Readiness', c.readinessProbe, target, onChange, initial, unhealthy));
    }
    for (const w of gated) w.active = set.started;
    set.workers.push(...gated);
    if (c.startupProbe && !set.started) {
      const startup = new ProbeWorker(
        'Startup',
        c.startupProbe,
        target,
        (ok) => {
          if (!ok) return kill('startup');
          set.started = true;
          startup.stop();
          for (const w of gated) w.active = true;
          this.hooks.changed();
        },
        undefined,
        unhealthy,
      );
      set.workers.push(startup);
    }
  }

  /** Ready and started, as the container's status shows them. */
  state(c: Container, cur: Instance | undefined): { ready: boolean; started: boolean } {
    const set = cur ? this.sets.get(cur.id) : undefined;
    if (!set) return { ready: !c.readinessProbe && !c.startupProbe, started: !c.startupProbe };
    return { ready: set.ready && set.started, started: set.started };
  }

  stop(id: string): void {
    for (const w of this.sets.get(id)?.workers ?? []) w.stop();
    this.sets.delete(id);
  }

  stopAll(): void {
    for (const id of [...this.sets.keys()]) this.stop(id);
  }
}
