import type { PodStatus, ServedPod } from '../api/kinds/index.js';
import { timestamp } from '../api/time.js';
import { Backoff } from './backoff.js';
import { ContainerStarter } from './containers.js';
import { type Instance, sandboxOf } from './instances.js';
import { LABEL } from './labels.js';
import { ContainerObserver } from './observer.js';
import { gracePeriod, type NodeEnv, type PodState, type RuntimeOptions } from './pod-context.js';
import { PodProbes } from './probes.js';
import { ensureSandbox } from './sandbox.js';
import { DEFAULT_KUBELET_SETTINGS } from './settings.js';
import { finishedPhase, observedStatus } from './status.js';
import { evictIfOverLimit, removeOrphan, terminatePod } from './termination.js';
import { MountError, type PreparedVolume, prepareVolumes, sizedEmptyDirs } from './volumes.js';

// The kubelet's status manager retries a pod's delete on its 10 s sync: no retry waits longer.
const DELETE_RETRY_MAX_MS = 10_000;

function isFinal(pod: ServedPod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * Runs the pods bound to one node through the container runtime, level-triggered: every sync
 * compares what a pod asks for with the containers observed (found by label) and acts on the
 * difference. Nothing lives only in memory that a restart would need: restart counts and the
 * container each run belongs to are labels, so a new runtime adopts running containers.
 */
export class PodRuntime {
  private readonly pods = new Map<string, PodState>();
  private readonly deletes: Backoff;
  private readonly env: NodeEnv;
  private readonly observer: ContainerObserver;
  private readonly starter: ContainerStarter;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopped = false;
  private readonly inflight = new Set<Promise<void>>();
  private desiredKnown = false;

  constructor(readonly opts: RuntimeOptions) {
    this.env = {
      runtime: opts.runtime,
      opts,
      settings: { ...DEFAULT_KUBELET_SETTINGS, ...opts.settings },
      place: { cluster: opts.cluster, nodeName: opts.nodeName, cgroupParent: opts.cgroupParent },
      node: { nodeName: opts.nodeName, hostIP: opts.hostIP, cpu: opts.nodeCpu, memory: opts.nodeMemory },
      event: (pod, type, reason, message) => opts.onEvent?.(pod, type, reason, message),
    };
    this.deletes = new Backoff(this.env.settings.podSyncIntervalMs, DELETE_RETRY_MAX_MS);
    this.observer = new ContainerObserver(opts.runtime, opts.cluster, opts.nodeName);
    this.starter = new ContainerStarter(this.env);
  }

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    const loop = async () => {
      const p = this.tick();
      this.inflight.add(p);
      await p;
      this.inflight.delete(p);
      if (this.timer) this.timer = setTimeout(loop, this.env.settings.podSyncIntervalMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops syncing and probing; containers keep running (a new runtime adopts them). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const st of this.pods.values()) st.probes.stopAll();
    await Promise.all([...this.inflight]);
    for (const st of this.pods.values()) st.probes.stopAll();
  }

  /** The complete set of pods bound to this node: pods not in it are torn down as orphans. */
  setPods(pods: ServedPod[]): void {
    const uids = new Set(pods.map((p) => p.metadata.uid));
    for (const uid of this.pods.keys()) if (!uids.has(uid)) this.removePod(uid);
    for (const p of pods) this.upsertPod(p);
    this.desiredKnown = true;
  }

  upsertPod(pod: ServedPod): void {
    const uid = pod.metadata.uid;
    const st = this.pods.get(uid);
    if (st) st.pod = pod;
    else this.pods.set(uid, this.newState(pod));
    this.kick(uid);
  }

  private newState(pod: ServedPod): PodState {
    const uid = pod.metadata.uid;
    const st: PodState = {
      pod,
      syncing: false,
      again: false,
      startTime: pod.status?.startTime ?? timestamp(),
      volumesAt: 0,
      waiting: new Map(),
      probes: new PodProbes({
        runtime: this.opts.runtime,
        event: (type, reason, message) => this.env.event(st.pod, type, reason, message),
        restart: (id) =>
          this.opts.runtime
            .stopContainer(id, gracePeriod(st.pod, false))
            .catch((err) => this.log(`restarting ${id}: ${(err as Error).message}`)),
        changed: () => this.kick(uid),
      }),
    };
    return st;
  }

  /** The pod object is gone: its containers become orphans, removed on the next sync. */
  removePod(uid: string): void {
    const st = this.pods.get(uid);
    if (!st) return;
    st.probes.stopAll();
    this.pods.delete(uid);
    this.deletes.forget(uid);
  }

  statusOf(uid: string): PodStatus | undefined {
    return this.pods.get(uid)?.status;
  }

  /**
   * One pass over everything: observe the containers; sync each pod whose containers changed,
   * that waits for something, or that has been quiet its while; remove orphans.
   */
  async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const changed = await this.observer.relist();
      const now = Date.now();
      for (const [uid, st] of this.pods) {
        if (changed.has(uid) || st.quietUntil === undefined || now >= st.quietUntil) this.kick(uid);
      }
      if (this.desiredKnown) {
        for (const uid of this.observer.uids()) {
          if (!this.pods.has(uid)) await this.removeOrphan(uid);
        }
      }
    } catch (err) {
      this.log(`sync failed: ${(err as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private log(message: string): void {
    this.opts.log?.(message);
  }

  private kick(uid: string): void {
    const st = this.pods.get(uid);
    if (!st || this.stopped) return;
    if (st.syncing) {
      st.again = true;
      return;
    }
    st.syncing = true;
    const p = this.syncPod(st)
      .catch((err) =>
        this.log(`pod ${st.pod.metadata.namespace}/${st.pod.metadata.name}: ${(err as Error).stack ?? err}`),
      )
      .finally(() => {
        this.inflight.delete(p);
        st.syncing = false;
        if (st.again) {
          st.again = false;
          this.kick(uid);
        }
      });
    this.inflight.add(p);
  }

  private observe(uid: string): Promise<Instance[]> {
    return this.observer.observePod(uid);
  }

  /** Volumes, then the sandbox, then the init and app containers; then the status is reported. */
  private async syncPod(st: PodState): Promise<void> {
    const uid = st.pod.metadata.uid;
    st.quietUntil = undefined;
    if (st.pod.metadata.deletionTimestamp) return this.terminate(st);
    // A final phase whose write failed is written again: nothing else would tell the server.
    if (st.finalPhase && st.lastStatus === undefined) return this.report(st, await this.observe(uid));
    if (st.finalPhase || isFinal(st.pod)) return;
    const observed = this.observer.get(uid) ?? (await this.observe(uid));
    if (await evictIfOverLimit(this.env, st, observed)) return this.report(st, await this.observe(uid));
    const finished = finishedPhase(st.pod, observed);
    if (finished) return this.finish(st, observed, finished);
    const volumes = await this.volumesOf(st, sandboxOf(observed)?.ip);
    if (!volumes) return this.report(st, observed);
    const { insts, sandbox } = await ensureSandbox(this.env, st, observed, () => this.observe(uid));
    if (!sandbox) return this.report(st, insts);
    const ctx = { st, sandboxId: sandbox.id, podIP: sandbox.ip ?? '', volumes, insts };
    const init = await this.starter.syncInit(ctx);
    // A sidecar restarted is an act too: the status comes from the containers observed after it.
    const acted = (init.initialized && (await this.starter.syncApps(ctx))) || init.acted;
    const after = acted ? await this.observe(uid) : insts;
    if (st.finalPhase) return this.finish(st, after, st.finalPhase);
    await this.report(st, after, sandbox.ip);
    if (!acted) st.quietUntil = this.quietUntil(st);
  }

  /**
   * A pod whose sync had nothing to do, whose status is posted and none of whose containers
   * waits (to start, for a back-off, an image, its inputs) is not synced again before its
   * volumes are due to be refreshed, its emptyDirs measured, or syncFrequency passed, unless
   * its containers, its object or a probe's result change.
   */
  private quietUntil(st: PodState): number | undefined {
    const { status } = st;
    const containers = [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])];
    if (st.lastStatus === undefined || containers.some((c) => c.state?.waiting)) return undefined;
    const { syncFrequencyMs, volumeRefreshIntervalMs, housekeepingIntervalMs } = this.env.settings;
    // Spread as the kubelet spreads its resyncs (up to half again): pods started together, as
    // after a restart of the agent, do not all come due in the same listing.
    const jitter = 1 + Math.random() / 2;
    let until = Math.min(
      Date.now() + syncFrequencyMs * jitter,
      st.volumesAt + volumeRefreshIntervalMs * jitter,
    );
    if (sizedEmptyDirs(st.pod).length)
      until = Math.min(until, (st.diskCheckedAt ?? 0) + housekeepingIntervalMs);
    return until;
  }

  /** The pod's containers have all ended for good: its sandbox goes down, its phase stays. */
  private async finish(st: PodState, ended: Instance[], phase: 'Succeeded' | 'Failed'): Promise<void> {
    st.finalPhase = phase;
    st.probes.stopAll();
    // Sidecars outlive the app containers only until the pod is done; the status then says so.
    const sidecars = ended.filter((i) => i.kind === 'init' && i.state === 'running');
    await Promise.all(
      sidecars.map((i) =>
        this.opts.runtime
          .stopContainer(i.id, gracePeriod(st.pod, false))
          .catch((err) =>
            this.log(`stopping ${i.name} of ${st.pod.metadata.name}: ${(err as Error).message}`),
          ),
      ),
    );
    const insts = sidecars.length ? await this.observe(st.pod.metadata.uid) : ended;
    const sandbox = sandboxOf(insts);
    if (sandbox?.state === 'running') {
      // The phase is final either way, and reported now: this pod is not synced again.
      await this.opts.runtime
        .stopContainer(sandbox.id, 0)
        .catch((err) =>
          this.log(`stopping the sandbox of ${st.pod.metadata.name}: ${(err as Error).message}`),
        );
    }
    await this.report(st, insts, sandbox?.ip);
  }

  /**
   * The pod's volumes, set up again every volumeRefreshIntervalMs so mounted ConfigMaps and
   * Secrets follow their objects. Undefined while they could never be set up (FailedMount
   * events say why).
   */
  private async volumesOf(st: PodState, podIP?: string): Promise<Map<string, PreparedVolume> | undefined> {
    const fresh = Date.now() - st.volumesAt <= this.env.settings.volumeRefreshIntervalMs;
    if (st.volumes && fresh) return st.volumes;
    try {
      st.volumes = await prepareVolumes(st.pod, {
        runtime: this.opts.runtime,
        stateDir: this.opts.stateDir,
        secretDir: this.opts.secretDir,
        nodeRoot: this.opts.nodeRoot,
        cluster: this.opts.cluster,
        node: this.env.node,
        inputs: this.opts.inputs,
        addr: { podIP, hostIP: this.opts.hostIP },
      });
      st.volumesAt = Date.now();
    } catch (err) {
      if (!(err instanceof MountError)) throw err;
      for (const message of err.messages) this.env.event(st.pod, 'Warning', 'FailedMount', message);
    }
    return st.volumes;
  }

  private async report(st: PodState, insts: Instance[], podIP?: string): Promise<void> {
    const names = { runtimeName: this.opts.runtime.name, repoDigests: this.observer.repoDigests };
    const status = observedStatus(st, insts, { ...names, hostIP: this.opts.hostIP }, podIP);
    st.status = status;
    const json = JSON.stringify(status);
    if (json === st.lastStatus) return;
    st.lastStatus = json;
    try {
      await this.opts.onStatus?.(st.pod, status);
    } catch (err) {
      st.lastStatus = undefined;
      const { namespace, name } = st.pod.metadata;
      this.log(`status of ${namespace}/${name}: ${(err as Error).message}`);
    }
  }

  /**
   * Tears the pod down once, then asks for its object's delete on every sync, with back-off,
   * until removePod: a delete that failed, or that the server answered without deleting, has
   * no event of its own to bring the pod back.
   */
  private async terminate(st: PodState): Promise<void> {
    const { pod } = st;
    const uid = pod.metadata.uid;
    st.probes.stopAll();
    if (!st.containersRemoved) {
      await terminatePod(this.env, pod, () => this.observe(uid));
      this.observer.forget(uid);
      this.starter.forget(uid);
      st.containersRemoved = true;
    }
    if (this.pods.get(uid) !== st || this.deletes.inBackoff(uid, st.deleteAskedAt ?? 0)) return;
    this.deletes.next(uid);
    st.deleteAskedAt = Date.now();
    await this.opts.onTerminated?.(pod);
  }

  private async removeOrphan(uid: string): Promise<void> {
    const insts = this.observer.get(uid) ?? [];
    const labels = insts[0]?.labels ?? {};
    const pod = `${labels[LABEL.podNamespace]}/${labels[LABEL.podName]} (${uid})`;
    this.log(`removing containers of pod ${pod}: the pod no longer exists`);
    await removeOrphan(this.env, uid, insts);
    this.observer.forget(uid);
  }
}
