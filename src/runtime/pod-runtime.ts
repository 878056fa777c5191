import type Docker from 'dockerode';
import { Backoff } from './backoff.js';
import { containerOptions, type PodPlacement, sandboxOptions, specHash } from './containers.js';
import { containerEnv } from './env.js';
import { ensureImage } from './image-pull.js';
import { ConfigError, type NodeContext, type PodInputs } from './inputs.js';
import { hasEnded, type Instance, runsOf, toInstance } from './instances.js';
import { LABEL, SANDBOX } from './labels.js';
import type { Container, Pod, PodStatus } from './pod.js';
import { ProbeWorker, runHandler } from './probes.js';
import { type ContainerExtra, containerStatus, podStatus } from './status.js';
import {
  emptyDirOverLimit,
  MountError,
  type PreparedVolume,
  prepareVolumes,
  removeVolumes,
} from './volumes.js';

export type EventType = 'Normal' | 'Warning';

export interface RuntimeOptions {
  docker: Docker;
  cluster: string;
  nodeName: string;
  /** The cluster's Docker network: sandboxes join it and take their pod IP there. */
  network: string;
  /** Host path under which pod volumes live (the same path inside the node container). */
  stateDir: string;
  /** Host path on a tmpfs (the same path inside the node container) for Secret volumes. */
  secretDir?: string;
  inputs: PodInputs;
  hostIP: string;
  /** Allocatable CPU cores and memory bytes of the node. */
  nodeCpu: number;
  nodeMemory: number;
  cgroupParent?: string;
  clusterDNS?: string;
  pauseImage: string;
  pauseCommand?: string[];
  syncIntervalMs?: number;
  /** How often ConfigMap/Secret/downward volumes are rewritten from their objects. */
  volumeRefreshMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pullTimeoutMs?: number;
  onStatus?: (pod: Pod, status: PodStatus) => void | Promise<void>;
  /** A pod with a deletionTimestamp has no containers left: its object may go. */
  onTerminated?: (pod: Pod) => void | Promise<void>;
  onEvent?: (pod: Pod, type: EventType, reason: string, message: string) => void;
  log?: (message: string) => void;
}

interface ProbeSet {
  workers: ProbeWorker[];
  ready: boolean;
  started: boolean;
  killing: boolean;
}

interface PodState {
  pod: Pod;
  syncing: boolean;
  again: boolean;
  startTime: string;
  volumes?: Map<string, PreparedVolume>;
  volumesAt: number;
  waiting: Map<string, { reason: string; message?: string }>;
  probes: Map<string, ProbeSet>;
  lastStatus?: string;
  status?: PodStatus;
  finalPhase?: 'Succeeded' | 'Failed';
  /** Why the pod was evicted (an emptyDir over its sizeLimit): the pod then stays Failed. */
  evicted?: string;
  diskCheckedAt?: number;
}

/** What starting one of a pod's containers needs from the pod's sync. */
interface SyncContext {
  st: PodState;
  sandboxId: string;
  podIP: string;
  volumes: Map<string, PreparedVolume>;
  insts: Instance[];
}

// Walking emptyDirs is disk work: a pod's usage is looked at this often, not on every sync.
const DISK_CHECK_MS = 10_000;

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function ignoreAlreadyStarted(err: unknown): void {
  if ((err as { statusCode?: number }).statusCode !== 304) throw err;
}

function isFinal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * Runs the pods bound to one node as Docker containers, level-triggered: every sync compares
 * what the pod asks for with the containers Docker has (found by label) and acts on the
 * difference. Nothing lives only in memory that a restart would need: restart counts and the
 * container each run belongs to are labels, so a new runtime adopts running containers.
 */
export class PodRuntime {
  private readonly pods = new Map<string, PodState>();
  private readonly terminating = new Set<string>();
  private readonly observed = new Map<string, Instance[]>();
  private readonly observedAt = new Map<string, number>();
  private readonly inspected = new Map<string, { state: string; inst: Instance }>();
  private readonly repoDigests = new Map<string, string>();
  private readonly backoff: Backoff;
  private readonly pullBackoff: Backoff;
  private readonly pullFailedAt = new Map<string, number>();
  private readonly place: PodPlacement;
  private readonly node: NodeContext;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopped = false;
  private readonly inflight = new Set<Promise<void>>();
  private desiredKnown = false;

  constructor(readonly opts: RuntimeOptions) {
    this.backoff = new Backoff(opts.backoffBaseMs ?? 10_000, opts.backoffMaxMs ?? 300_000);
    this.pullBackoff = new Backoff(opts.backoffBaseMs ?? 10_000, opts.backoffMaxMs ?? 300_000);
    this.place = { cluster: opts.cluster, nodeName: opts.nodeName, cgroupParent: opts.cgroupParent };
    this.node = { nodeName: opts.nodeName, hostIP: opts.hostIP, cpu: opts.nodeCpu, memory: opts.nodeMemory };
  }

  private get docker(): Docker {
    return this.opts.docker;
  }

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    const loop = async () => {
      const p = this.tick();
      this.inflight.add(p);
      await p;
      this.inflight.delete(p);
      if (this.timer) this.timer = setTimeout(loop, this.opts.syncIntervalMs ?? 1000);
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops syncing and probing; containers keep running (a new runtime adopts them). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const st of this.pods.values()) this.stopProbes(st);
    await Promise.all([...this.inflight]);
    for (const st of this.pods.values()) this.stopProbes(st);
  }

  /** The complete set of pods bound to this node: pods not in it are torn down as orphans. */
  setPods(pods: Pod[]): void {
    const uids = new Set(pods.map((p) => p.metadata.uid));
    for (const uid of this.pods.keys()) if (!uids.has(uid)) this.removePod(uid);
    for (const p of pods) this.upsertPod(p);
    this.desiredKnown = true;
  }

  upsertPod(pod: Pod): void {
    const uid = pod.metadata.uid;
    if (this.terminating.has(uid)) return;
    const st = this.pods.get(uid);
    if (st) st.pod = pod;
    else {
      this.pods.set(uid, {
        pod,
        syncing: false,
        again: false,
        startTime: pod.status?.startTime ?? now(),
        volumesAt: 0,
        waiting: new Map(),
        probes: new Map(),
      });
    }
    this.kick(uid);
  }

  /** The pod object is gone: its containers become orphans, removed on the next sync. */
  removePod(uid: string): void {
    const st = this.pods.get(uid);
    if (!st) return;
    this.stopProbes(st);
    this.pods.delete(uid);
  }

  statusOf(uid: string): PodStatus | undefined {
    return this.pods.get(uid)?.status;
  }

  /** One pass over everything: observe Docker, sync every pod, remove orphans. */
  async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      await this.relist();
      for (const uid of this.pods.keys()) this.kick(uid);
      if (this.desiredKnown) {
        for (const uid of this.observed.keys()) {
          if (!this.pods.has(uid) && !this.terminating.has(uid)) await this.removeOrphan(uid);
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

  private event(pod: Pod, type: EventType, reason: string, message: string): void {
    this.opts.onEvent?.(pod, type, reason, message);
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

  private async inspect(id: string, state: string): Promise<Instance | undefined> {
    const cached = this.inspected.get(id);
    if (cached && cached.state === state) return cached.inst;
    const info = await this.docker
      .getContainer(id)
      .inspect()
      .catch(() => undefined);
    if (!info) return undefined;
    const inst = toInstance(info);
    this.inspected.set(id, { state: info.State.Status, inst });
    if (!this.repoDigests.has(inst.imageId)) {
      const img = await this.docker
        .getImage(inst.imageId)
        .inspect()
        .catch(() => undefined);
      this.repoDigests.set(inst.imageId, img?.RepoDigests?.[0] ?? '');
    }
    return inst;
  }

  private async listInstances(labels: string[]): Promise<Instance[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: labels } });
    const out: Instance[] = [];
    for (const c of list) {
      const inst = await this.inspect(c.Id, c.State);
      if (inst) out.push(inst);
    }
    return out;
  }

  /**
   * Observes every container of the node. A pod observed on its own after this listing began
   * keeps that newer view: the listing may predate containers its sync just created.
   */
  private async relist(): Promise<void> {
    const began = Date.now();
    const all = await this.listInstances([
      `${LABEL.cluster}=${this.opts.cluster}`,
      `${LABEL.node}=${this.opts.nodeName}`,
    ]);
    const fresh = new Map<string, Instance[]>();
    const seen = new Set<string>();
    for (const i of all) {
      seen.add(i.id);
      const uid = i.labels[LABEL.podUid];
      if (!uid) continue;
      const list = fresh.get(uid) ?? [];
      list.push(i);
      fresh.set(uid, list);
    }
    for (const [uid, at] of this.observedAt) {
      const kept = this.observed.get(uid);
      if (at >= began && kept) fresh.set(uid, kept);
    }
    this.observed.clear();
    for (const [uid, list] of fresh) this.observed.set(uid, list);
    for (const id of this.inspected.keys()) if (!seen.has(id)) this.inspected.delete(id);
  }

  private async observePod(uid: string): Promise<Instance[]> {
    const list = await this.listInstances([`${LABEL.podUid}=${uid}`, `${LABEL.node}=${this.opts.nodeName}`]);
    this.observed.set(uid, list);
    this.observedAt.set(uid, Date.now());
    return list;
  }

  private async syncPod(st: PodState): Promise<void> {
    const pod = st.pod;
    const uid = pod.metadata.uid;
    if (pod.metadata.deletionTimestamp) {
      await this.terminate(st);
      return;
    }
    if (st.finalPhase || isFinal(pod)) return;
    let insts = this.observed.get(uid) ?? (await this.observePod(uid));
    if (await this.evictIfOverLimit(st, insts)) return;
    let acted = false;

    const policy = pod.spec.restartPolicy ?? 'Always';
    let sandbox = runsOf(insts, SANDBOX, 'sandbox')[0];
    const finished = this.finishedPhase(pod, insts, policy);
    if (finished) {
      st.finalPhase = finished;
      this.stopProbes(st);
      if (sandbox?.state === 'running') {
        await this.docker
          .getContainer(sandbox.id)
          .kill()
          .catch(() => undefined);
      }
      await this.report(st, insts, sandbox?.ips[this.opts.network]);
      return;
    }
    if (sandbox?.state !== 'running') {
      if (sandbox) {
        // Containers of a dead sandbox have lost their network: they end here and start again
        // (counted as restarts) in the new one; the ended runs stay for lastState and logs.
        this.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
        this.stopProbes(st);
        const live = insts.filter((i) => i.kind !== 'sandbox' && i.state === 'running');
        await Promise.all(
          live.map((i) =>
            this.docker
              .getContainer(i.id)
              .kill()
              .catch(() => undefined),
          ),
        );
        await this.removeContainers(insts.filter((i) => i.kind === 'sandbox'));
      }
      try {
        await this.createSandbox(pod, (sandbox?.attempt ?? -1) + 1);
      } catch (err) {
        this.event(
          pod,
          'Warning',
          'FailedCreatePodSandBox',
          `Failed to create pod sandbox: ${(err as Error).message}`,
        );
        await this.report(st, await this.observePod(uid));
        return;
      }
      insts = await this.observePod(uid);
      sandbox = runsOf(insts, SANDBOX, 'sandbox')[0];
      if (!sandbox) return;
    }
    const podIP = sandbox.ips[this.opts.network];

    if (!st.volumes || Date.now() - st.volumesAt > (this.opts.volumeRefreshMs ?? 30_000)) {
      try {
        st.volumes = await prepareVolumes(pod, {
          docker: this.docker,
          stateDir: this.opts.stateDir,
          secretDir: this.opts.secretDir,
          cluster: this.opts.cluster,
          node: this.node,
          inputs: this.opts.inputs,
          addr: { podIP, hostIP: this.opts.hostIP },
        });
        st.volumesAt = Date.now();
      } catch (err) {
        if (!(err instanceof MountError)) throw err;
        this.event(pod, 'Warning', 'FailedMount', err.message);
        if (!st.volumes) {
          await this.report(st, insts);
          return;
        }
      }
    }
    const volumes = st.volumes!;
    const ctx = { st, sandboxId: sandbox.id, podIP, volumes, insts };

    let initialized = true;
    for (const c of pod.spec.initContainers ?? []) {
      const [cur] = runsOf(insts, c.name, 'init');
      if (cur && hasEnded(cur) && cur.exitCode === 0 && !cur.error) continue;
      initialized = false;
      if (!cur) acted = (await this.startContainer(ctx, c, 'init', 0)) || acted;
      else if (cur.state === 'created' && !cur.error) acted = (await this.startCreated(pod, c, cur)) || acted;
      else if (hasEnded(cur)) {
        if (policy === 'Never') st.finalPhase = 'Failed';
        else acted = (await this.restartIfDue(ctx, c, 'init', cur)) || acted;
      }
      break;
    }

    if (initialized) {
      let ended = 0;
      let failed = 0;
      for (const c of pod.spec.containers) {
        const [cur] = runsOf(insts, c.name, 'app');
        if (!cur) {
          acted = (await this.startContainer(ctx, c, 'app', 0)) || acted;
        } else if (cur.state === 'running') {
          if (cur.hash && cur.hash !== specHash(c)) {
            this.event(pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`);
            await this.stopContainer(pod, cur.id, this.gracePeriod(pod, false));
            acted = true;
          } else this.ensureProbes(st, c, cur, podIP);
        } else if (cur.state === 'created' && !cur.error) {
          acted = (await this.startCreated(pod, c, cur)) || acted;
        } else if (hasEnded(cur)) {
          this.stopProbesOf(st, cur.id);
          const bad = cur.exitCode !== 0 || cur.error !== '';
          if (policy === 'Always' || (policy === 'OnFailure' && bad)) {
            acted = (await this.restartIfDue(ctx, c, 'app', cur)) || acted;
          } else {
            ended++;
            if (bad) failed++;
          }
        }
      }
      if (ended === pod.spec.containers.length) st.finalPhase = failed ? 'Failed' : 'Succeeded';
    }

    if (acted) insts = await this.observePod(uid);
    if (st.finalPhase) {
      this.stopProbes(st);
      await this.docker
        .getContainer(sandbox.id)
        .kill()
        .catch(() => undefined);
    }
    await this.report(st, insts, podIP);
  }

  /** Succeeded or Failed when the pod's containers have all ended for good under its restart policy. */
  private async evictIfOverLimit(st: PodState, insts: Instance[]): Promise<boolean> {
    if (Date.now() - (st.diskCheckedAt ?? 0) < DISK_CHECK_MS) return false;
    st.diskCheckedAt = Date.now();
    const message = await emptyDirOverLimit(st.pod, this.opts.stateDir);
    if (!message) return false;
    this.event(st.pod, 'Warning', 'Evicted', message);
    st.evicted = message;
    st.finalPhase = 'Failed';
    this.stopProbes(st);
    const grace = this.gracePeriod(st.pod, false);
    await Promise.all(
      insts.filter((i) => i.state === 'running').map((i) => this.stopContainer(st.pod, i.id, grace)),
    );
    await this.report(st, await this.observePod(st.pod.metadata.uid));
    return true;
  }

  private finishedPhase(pod: Pod, insts: Instance[], policy: string): 'Succeeded' | 'Failed' | undefined {
    if (policy === 'Always') return undefined;
    const failedInit = (pod.spec.initContainers ?? []).some((c) => {
      const [cur] = runsOf(insts, c.name, 'init');
      return cur && hasEnded(cur) && (cur.exitCode !== 0 || cur.error !== '');
    });
    if (failedInit && policy === 'Never') return 'Failed';
    let failed = false;
    for (const c of pod.spec.containers) {
      const [cur] = runsOf(insts, c.name, 'app');
      if (!cur || !hasEnded(cur)) return undefined;
      const bad = cur.exitCode !== 0 || cur.error !== '';
      if (bad && policy === 'OnFailure') return undefined;
      failed ||= bad;
    }
    return failed ? 'Failed' : 'Succeeded';
  }

  private gracePeriod(pod: Pod, deleting: boolean): number {
    const fromDelete = deleting ? pod.metadata.deletionGracePeriodSeconds : undefined;
    return fromDelete ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  }

  private async createSandbox(pod: Pod, attempt: number): Promise<void> {
    const opts = sandboxOptions({
      pod,
      attempt,
      image: this.opts.pauseImage,
      command: this.opts.pauseCommand ?? ['sleep', 'infinity'],
      network: this.opts.network,
      clusterDNS: this.opts.clusterDNS,
      place: this.place,
    });
    const c = await this.createNamed(opts);
    await c.start().catch(ignoreAlreadyStarted);
  }

  /**
   * Creates a container, replacing a stopped one left with the same name; a running one of that
   * name is what this run would have created, so it is kept and returned.
   */
  private async createNamed(opts: Docker.ContainerCreateOptions): Promise<Docker.Container> {
    try {
      return await this.docker.createContainer(opts);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 409 || !opts.name) throw err;
      const existing = this.docker.getContainer(opts.name);
      const info = await existing.inspect().catch(() => undefined);
      if (info?.State.Running) return this.docker.getContainer(info.Id);
      await existing.remove({ force: true }).catch(() => undefined);
      return this.docker.createContainer(opts);
    }
  }

  private async restartIfDue(
    ctx: SyncContext,
    c: Container,
    kind: 'init' | 'app',
    cur: Instance,
  ): Promise<boolean> {
    const { st } = ctx;
    const pod = st.pod;
    const key = `${pod.metadata.uid}/${kind}/${c.name}`;
    const since = cur.finishedAt ? Date.parse(cur.finishedAt) : Date.now();
    if (this.backoff.inBackoff(key, since)) {
      const message = `back-off ${Math.round(this.backoff.delay(key) / 1000)}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
      if (st.waiting.get(key)?.reason !== 'CrashLoopBackOff') {
        this.event(
          pod,
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
        );
      }
      st.waiting.set(key, { reason: 'CrashLoopBackOff', message });
      return false;
    }
    this.backoff.next(key);
    return this.startContainer(ctx, c, kind, cur.attempt + 1);
  }

  private async startCreated(pod: Pod, c: Container, cur: Instance): Promise<boolean> {
    try {
      await this.docker.getContainer(cur.id).start();
      this.event(pod, 'Normal', 'Started', `Started container ${c.name}`);
    } catch (err) {
      this.event(pod, 'Warning', 'Failed', `Error: ${(err as Error).message}`);
    }
    return true;
  }

  private async startContainer(
    ctx: SyncContext,
    c: Container,
    kind: 'init' | 'app',
    attempt: number,
  ): Promise<boolean> {
    const { st } = ctx;
    const pod = st.pod;
    const key = `${pod.metadata.uid}/${kind}/${c.name}`;

    const failedAt = this.pullFailedAt.get(key);
    if (failedAt !== undefined && this.pullBackoff.inBackoff(key, failedAt)) {
      st.waiting.set(key, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` });
      return false;
    }
    const img = await ensureImage(this.docker, c, this.opts.pullTimeoutMs ?? 10_000);
    if (!img.ok) {
      if (img.reason === 'ErrImagePull') {
        this.pullBackoff.next(key);
        this.pullFailedAt.set(key, Date.now());
        this.event(pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${img.message}`);
        this.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
      } else {
        this.event(pod, 'Warning', img.reason, `Error: ${img.message}`);
      }
      st.waiting.set(key, { reason: img.reason, message: img.message });
      return false;
    }
    this.pullFailedAt.delete(key);
    if (img.pulled) this.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${c.image}"`);
    else if (attempt === 0)
      this.event(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);

    let options: Docker.ContainerCreateOptions;
    try {
      const env = await containerEnv(
        pod,
        c,
        this.opts.inputs,
        { podIP: ctx.podIP, hostIP: this.opts.hostIP },
        this.node,
      );
      options = containerOptions({
        pod,
        container: c,
        kind,
        attempt,
        sandboxId: ctx.sandboxId,
        env,
        volumes: ctx.volumes,
        place: this.place,
      });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.event(pod, 'Warning', 'Failed', `Error: ${err.message}`);
      st.waiting.set(key, { reason: err.reason, message: err.message });
      return false;
    }

    let container: Docker.Container;
    try {
      container = await this.createNamed(options);
    } catch (err) {
      const message = (err as Error).message;
      this.event(pod, 'Warning', 'Failed', `Error: ${message}`);
      st.waiting.set(key, { reason: 'CreateContainerError', message });
      return false;
    }
    this.event(pod, 'Normal', 'Created', `Created container ${c.name}`);
    const stale = runsOf(ctx.insts, c.name, kind).filter((i) => i.attempt < attempt - 1);
    await this.removeContainers(stale);
    try {
      await container.start().catch(ignoreAlreadyStarted);
    } catch (err) {
      const message = (err as Error).message;
      this.event(pod, 'Warning', 'Failed', `Error: failed to start container "${c.name}": ${message}`);
      st.waiting.set(key, { reason: 'RunContainerError', message });
      return true;
    }
    st.waiting.delete(key);
    this.event(pod, 'Normal', 'Started', `Started container ${c.name}`);
    const postStart = c.lifecycle?.postStart;
    if (postStart) {
      const target = { docker: this.docker, containerId: container.id, podIP: ctx.podIP, container: c };
      const r = await runHandler(postStart, target, 30_000);
      if (!r.ok) {
        this.event(pod, 'Warning', 'FailedPostStartHook', `PostStartHook failed: ${r.message}`);
        await this.stopContainer(pod, container.id, this.gracePeriod(pod, false));
      }
    }
    return true;
  }

  private ensureProbes(st: PodState, c: Container, cur: Instance, podIP: string): void {
    if (st.probes.has(cur.id)) return;
    const prior = st.pod.status?.containerStatuses?.find(
      (s) => s.name === c.name && s.containerID === `docker://${cur.id}`,
    );
    const set: ProbeSet = {
      workers: [],
      ready: prior ? prior.ready : !c.readinessProbe,
      started: prior ? prior.started !== false : !c.startupProbe,
      killing: false,
    };
    st.probes.set(cur.id, set);
    const target = { docker: this.docker, containerId: cur.id, podIP, container: c };
    const pod = st.pod;
    const unhealthy = (message: string) => this.event(pod, 'Warning', 'Unhealthy', message);
    const kill = (why: string) => {
      if (set.killing) return;
      set.killing = true;
      this.event(pod, 'Normal', 'Killing', `Container ${c.name} failed ${why} probe, will be restarted`);
      this.stopContainer(pod, cur.id, this.gracePeriod(pod, false)).finally(() =>
        this.kick(pod.metadata.uid),
      );
    };
    const gated: ProbeWorker[] = [];
    if (c.livenessProbe) {
      const w = new ProbeWorker(
        'Liveness',
        c.livenessProbe,
        target,
        (ok) => (ok ? undefined : kill('liveness')),
        undefined,
        unhealthy,
      );
      gated.push(w);
    }
    if (c.readinessProbe) {
      const w = new ProbeWorker(
        'Readiness',
        c.readinessProbe,
        target,
        (ok) => {
          set.ready = ok;
          this.kick(pod.metadata.uid);
        },
        prior ? prior.ready : undefined,
        unhealthy,
      );
      gated.push(w);
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
          this.kick(pod.metadata.uid);
        },
        undefined,
        unhealthy,
      );
      set.workers.push(startup);
    }
  }

  private stopProbesOf(st: PodState, id: string): void {
    const set = st.probes.get(id);
    if (!set) return;
    for (const w of set.workers) w.stop();
    st.probes.delete(id);
  }

  private stopProbes(st: PodState): void {
    for (const id of [...st.probes.keys()]) this.stopProbesOf(st, id);
  }

  private async stopContainer(_pod: Pod, id: string, graceSeconds: number): Promise<void> {
    await this.docker
      .getContainer(id)
      .stop({ t: Math.max(0, Math.ceil(graceSeconds)) })
      .catch(() => undefined);
  }

  /**
   * Kills, then removes: the app containers first, their sandbox last, so Docker releases the
   * network endpoint of a stopped sandbox (a forced removal racing others can leave it behind).
   */
  private async removeContainers(insts: Instance[]): Promise<void> {
    const remove = (list: Instance[]) =>
      Promise.all(
        list.map(async (i) => {
          const c = this.docker.getContainer(i.id);
          if (i.state === 'running') await c.kill().catch(() => undefined);
          await c.remove({ force: true }).catch(() => undefined);
        }),
      );
    await remove(insts.filter((i) => i.kind !== 'sandbox'));
    await remove(insts.filter((i) => i.kind === 'sandbox'));
  }

  private async report(st: PodState, insts: Instance[], podIP?: string): Promise<void> {
    const pod = st.pod;
    const initSpecs = pod.spec.initContainers ?? [];
    const t = now();
    const extraOf = (c: Container, kind: 'init' | 'app'): ContainerExtra => {
      const [cur] = runsOf(insts, c.name, kind);
      const set = cur ? st.probes.get(cur.id) : undefined;
      const started = set ? set.started : !c.startupProbe;
      return {
        waiting: st.waiting.get(`${pod.metadata.uid}/${kind}/${c.name}`),
        ready: set ? set.ready && set.started : !c.readinessProbe && !c.startupProbe,
        started,
      };
    };
    const initStatuses = initSpecs.map((c) =>
      containerStatus(c, 'init', insts, extraOf(c, 'init'), 'PodInitializing', this.repoDigests),
    );
    const initialized = initStatuses.every((s) => s.state.terminated?.exitCode === 0);
    const appStatuses = pod.spec.containers.map((c) =>
      containerStatus(
        c,
        'app',
        insts,
        extraOf(c, 'app'),
        initialized ? 'ContainerCreating' : 'PodInitializing',
        this.repoDigests,
      ),
    );
    const sandbox = runsOf(insts, SANDBOX, 'sandbox')[0];
    const status = podStatus({
      pod,
      initStatuses,
      appStatuses,
      sandboxReady: sandbox?.state === 'running',
      podIP: podIP ?? sandbox?.ips[this.opts.network],
      hostIP: this.opts.hostIP,
      startTime: st.startTime,
      finalPhase: st.finalPhase,
      evicted: st.evicted,
      previousConditions: st.status?.conditions,
      now: t,
    });
    st.status = status;
    const json = JSON.stringify(status);
    if (json === st.lastStatus) return;
    st.lastStatus = json;
    try {
      await this.opts.onStatus?.(pod, status);
    } catch (err) {
      st.lastStatus = undefined;
      this.log(`status of ${pod.metadata.namespace}/${pod.metadata.name}: ${(err as Error).message}`);
    }
  }

  /** Deletion: preStop hooks, SIGTERM, the grace period, SIGKILL; then containers and volumes go. */
  private async terminate(st: PodState): Promise<void> {
    const pod = st.pod;
    const uid = pod.metadata.uid;
    this.terminating.add(uid);
    this.stopProbes(st);
    this.pods.delete(uid);
    try {
      const insts = await this.observePod(uid);
      const grace = this.gracePeriod(pod, true);
      const deadline = Date.now() + grace * 1000;
      const sandbox = runsOf(insts, SANDBOX, 'sandbox')[0];
      const podIP = sandbox?.ips[this.opts.network] ?? '';
      const running = insts.filter((i) => i.kind !== 'sandbox' && i.state === 'running');
      await Promise.all(
        running.map(async (i) => {
          const spec = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find(
            (c) => c.name === i.name,
          );
          this.event(pod, 'Normal', 'Killing', `Stopping container ${i.name}`);
          const preStop = spec?.lifecycle?.preStop;
          if (spec && preStop && grace > 0) {
            const r = await runHandler(
              preStop,
              { docker: this.docker, containerId: i.id, podIP, container: spec },
              grace * 1000,
            );
            if (!r.ok) this.event(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${r.message}`);
          }
          await this.stopContainer(pod, i.id, Math.max(0, (deadline - Date.now()) / 1000));
        }),
      );
      await this.removeContainers(await this.observePod(uid));
      await removeVolumes(pod, this.docker, this.opts.stateDir, this.opts.secretDir);
      this.observed.delete(uid);
      this.observedAt.delete(uid);
      this.backoff.forget(`${uid}/`);
      this.pullBackoff.forget(`${uid}/`);
      await this.opts.onTerminated?.(pod);
    } finally {
      this.terminating.delete(uid);
    }
  }

  private async removeOrphan(uid: string): Promise<void> {
    const insts = this.observed.get(uid) ?? [];
    const any = insts[0];
    this.log(
      `removing containers of pod ${any?.labels[LABEL.podNamespace]}/${any?.labels[LABEL.podName]} (${uid}): the pod no longer exists`,
    );
    this.terminating.add(uid);
    try {
      await this.removeContainers(insts);
      await removeVolumes({ metadata: { uid } }, this.docker, this.opts.stateDir, this.opts.secretDir);
      this.observed.delete(uid);
      this.observedAt.delete(uid);
    } finally {
      this.terminating.delete(uid);
    }
  }
}
