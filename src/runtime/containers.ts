import { isSidecar } from '../api/kinds/core/sidecar.js';
import type { Container, ServedPod } from '../api/kinds/index.js';
import { goDuration } from '../api/time.js';
import { Backoff } from './backoff.js';
import type { ContainerSpec } from './container-runtime.js';
import { containerSpec, specHash } from './container-specs.js';
import { containerEnv } from './env.js';
import { runHandler } from './handlers.js';
import { ensureImageExists } from './image-pull.js';
import { ConfigError } from './inputs.js';
import { appsBegan, hasEnded, type Instance, runsOf } from './instances.js';
import { containerKey, gracePeriod, type NodeEnv, type PodState, type SyncContext } from './pod-context.js';
import { ownResolvConf, writeHostsFile } from './pod-network-files.js';
import { verifyRunAsNonRoot } from './security-context.js';

type Kind = 'init' | 'app';

function failed(i: Instance): boolean {
  return i.exitCode !== 0 || i.error !== '';
}

/**
 * Starts a pod's containers as its spec and restart policy ask: init containers one at a time
 * in order, then the app containers; an ended container starts again after a back-off that
 * doubles on each crash (CrashLoopBackOff), an image that failed to pull is retried the same way.
 */
export class ContainerStarter {
  private readonly backoff: Backoff;
  private readonly pullBackoff: Backoff;
  private readonly pullFailedAt = new Map<string, number>();

  constructor(private readonly env: NodeEnv) {
    const { backoffBaseMs = 10_000, backoffMaxMs = 300_000 } = env.opts;
    this.backoff = new Backoff(backoffBaseMs, backoffMaxMs);
    this.pullBackoff = new Backoff(backoffBaseMs, backoffMaxMs);
  }

  /** The pod is gone: its back-offs go too. */
  forget(uid: string): void {
    this.backoff.forget(`${uid}/`);
    this.pullBackoff.forget(`${uid}/`);
    for (const key of this.pullFailedAt.keys()) if (key.startsWith(`${uid}/`)) this.pullFailedAt.delete(key);
  }

  /** Runs the first init container that has not completed; whether all have, and whether anything changed. */
  async syncInit(ctx: SyncContext): Promise<{ initialized: boolean; acted: boolean }> {
    const { st, insts } = ctx;
    let acted = false;
    // Once an app container has run, initialization is over: the sidecars are kept running beside
    // the app containers (a sidecar restarting does not hold them back), and no other init
    // container runs again.
    if (appsBegan(st.pod, insts)) {
      for (const c of (st.pod.spec.initContainers ?? []).filter(isSidecar))
        acted = (await this.keepSidecar(ctx, c)) || acted;
      return { initialized: true, acted };
    }
    for (const c of st.pod.spec.initContainers ?? []) {
      const [cur] = runsOf(insts, c.name, 'init');
      // A sidecar keeps running beside the rest: the next container starts once it has started.
      if (isSidecar(c) && cur?.state === 'running') {
        acted = (await this.keepRunning(ctx, c, cur)) || acted;
        if (st.probes.state(c, cur).started) continue;
        return { initialized: false, acted };
      }
      if (cur && !isSidecar(c) && hasEnded(cur) && !failed(cur)) continue;
      if (!cur) acted = (await this.start(ctx, c, 'init', 0)) || acted;
      else if (cur.state === 'created' && !cur.error)
        acted = (await this.startCreated(st.pod, c, cur)) || acted;
      else if (hasEnded(cur)) {
        if (st.pod.spec.restartPolicy === 'Never' && !isSidecar(c)) st.finalPhase = 'Failed';
        else acted = (await this.restartIfDue(ctx, c, 'init', cur)) || acted;
      }
      return { initialized: false, acted };
    }
    return { initialized: true, acted };
  }

  /**
   * Keeps the app containers running as the restart policy asks, and probing while they run.
   * When all have ended for good, the pod's final phase is set. Whether anything changed.
   */
  async syncApps(ctx: SyncContext): Promise<boolean> {
    const { st, insts } = ctx;
    const pod = st.pod;
    const policy = pod.spec.restartPolicy ?? 'Always';
    let acted = false;
    let ended = 0;
    let failures = 0;
    for (const c of pod.spec.containers) {
      const [cur] = runsOf(insts, c.name, 'app');
      if (!cur) acted = (await this.start(ctx, c, 'app', 0)) || acted;
      else if (cur.state === 'running') acted = (await this.keepRunning(ctx, c, cur)) || acted;
      else if (cur.state === 'created' && !cur.error) acted = (await this.startCreated(pod, c, cur)) || acted;
      else if (hasEnded(cur)) {
        st.probes.stop(cur.id);
        if (policy === 'Always' || (policy === 'OnFailure' && failed(cur))) {
          acted = (await this.restartIfDue(ctx, c, 'app', cur)) || acted;
        } else {
          ended++;
          if (failed(cur)) failures++;
        }
      }
    }
    if (ended === pod.spec.containers.length) st.finalPhase = failures ? 'Failed' : 'Succeeded';
    return acted;
  }

  /** A sidecar after initialization: restarted whenever it ends, whatever the pod's restart policy. */
  private async keepSidecar(ctx: SyncContext, c: Container): Promise<boolean> {
    const [cur] = runsOf(ctx.insts, c.name, 'init');
    if (!cur) return this.start(ctx, c, 'init', 0);
    if (cur.state === 'running') return this.keepRunning(ctx, c, cur);
    if (cur.state === 'created' && !cur.error) return this.startCreated(ctx.st.pod, c, cur);
    return hasEnded(cur) ? this.restartIfDue(ctx, c, 'init', cur) : false;
  }

  /** A running container whose spec changed is stopped (to start again as the new spec); else it is probed. */
  private async keepRunning(ctx: SyncContext, c: Container, cur: Instance): Promise<boolean> {
    const pod = ctx.st.pod;
    if (cur.hash && cur.hash !== specHash(c)) {
      this.env.event(pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`);
      await this.env.runtime.stopContainer(cur.id, gracePeriod(pod, false));
      return true;
    }
    const prior = [
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.initContainerStatuses ?? []),
    ].find((s) => s.name === c.name && s.containerID?.endsWith(`://${cur.id}`));
    ctx.st.probes.ensure(c, cur, ctx.podIP, prior);
    return false;
  }

  private async restartIfDue(ctx: SyncContext, c: Container, kind: Kind, cur: Instance): Promise<boolean> {
    const { st } = ctx;
    const pod = st.pod;
    const key = containerKey(pod, kind, c.name);
    const since = cur.finishedAt ? Date.parse(cur.finishedAt) : Date.now();
    if (!this.backoff.inBackoff(key, since)) {
      this.backoff.next(key);
      return this.start(ctx, c, kind, cur.attempt + 1);
    }
    const who = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
    if (st.waiting.get(key)?.reason !== 'CrashLoopBackOff') {
      this.env.event(
        pod,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${c.name} in pod ${who}`,
      );
    }
    const delay = Math.round(this.backoff.delay(key) / 1000);
    const message = `back-off ${delay}s restarting failed container=${c.name} pod=${who}`;
    st.waiting.set(key, { reason: 'CrashLoopBackOff', message });
    return false;
  }

  /** A container created but not started (the agent stopped in between) is started as it is. */
  private async startCreated(pod: ServedPod, c: Container, cur: Instance): Promise<boolean> {
    try {
      await this.env.runtime.startContainer(cur.id);
      this.env.event(pod, 'Normal', 'Started', `Started container ${c.name}`);
    } catch (err) {
      this.env.event(pod, 'Warning', 'Failed', `Error: ${(err as Error).message}`);
    }
    return true;
  }

  /** One run of a spec container: image, spec, create, start, postStart hook. Whether anything changed. */
  private async start(ctx: SyncContext, c: Container, kind: Kind, attempt: number): Promise<boolean> {
    const { st } = ctx;
    const key = containerKey(st.pod, kind, c.name);
    const image = await this.pullImage(st, c, key, attempt);
    if (!image) return false;
    const spec = await this.specOf(ctx, c, image, kind, attempt, key);
    if (!spec) return false;
    let id: string;
    try {
      id = await this.env.runtime.createContainer(spec);
    } catch (err) {
      return this.fail(
        st,
        key,
        'CreateContainerError',
        (err as Error).message,
        `Error: ${(err as Error).message}`,
      );
    }
    this.env.event(st.pod, 'Normal', 'Created', `Created container ${c.name}`);
    const stale = runsOf(ctx.insts, c.name, kind).filter((i) => i.attempt < attempt - 1);
    await Promise.all(stale.map((i) => this.env.runtime.removeContainer(i.id)));
    try {
      await this.env.runtime.startContainer(id);
    } catch (err) {
      const message = (err as Error).message;
      this.fail(
        st,
        key,
        'RunContainerError',
        message,
        `Error: failed to start container "${c.name}": ${message}`,
      );
      return true;
    }
    st.waiting.delete(key);
    this.env.event(st.pod, 'Normal', 'Started', `Started container ${c.name}`);
    await this.postStart(ctx, c, id);
    return true;
  }

  /** Records why a container waits, with a Warning event; answers false (nothing started). */
  private fail(st: PodState, key: string, reason: string, message: string, event: string): false {
    this.env.event(st.pod, 'Warning', 'Failed', event);
    st.waiting.set(key, { reason, message });
    return false;
  }

  /** Makes the image present as its pull policy asks: the image, or undefined when it is not there. */
  private async pullImage(
    st: PodState,
    c: Container,
    key: string,
    attempt: number,
  ): Promise<string | undefined> {
    const failedAt = this.pullFailedAt.get(key);
    if (failedAt !== undefined && this.pullBackoff.inBackoff(key, failedAt)) {
      st.waiting.set(key, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` });
      return undefined;
    }
    const pod = st.pod;
    let pullStart: number | undefined;
    const img = await ensureImageExists(this.env.runtime, c, this.env.opts.pullTimeoutMs ?? 10_000, () => {
      pullStart = Date.now();
      this.env.event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`);
      this.env.opts.onImagePull?.(pod, 'started');
    });
    if (pullStart !== undefined) this.env.opts.onImagePull?.(pod, 'finished');
    if (!img.ok) {
      if (img.reason === 'ErrImagePull') {
        this.pullBackoff.next(key);
        this.pullFailedAt.set(key, Date.now());
        this.env.event(pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${img.message}`);
        this.env.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
      } else {
        this.env.event(pod, 'Warning', img.reason, `Error: ${img.message}`);
      }
      st.waiting.set(key, { reason: img.reason, message: img.message });
      return undefined;
    }
    this.pullFailedAt.delete(key);
    if (img.pulled) {
      // Go's Duration.String() of the time truncated to ms, as the kubelet prints it: 345ms, 1.5s, 1m15.2s.
      const took = goDuration(Date.now() - pullStart!);
      const size = img.size === undefined ? '' : ` Image size: ${img.size} bytes.`;
      this.env.event(
        pod,
        'Normal',
        'Pulled',
        `Successfully pulled image "${img.image}" in ${took} (${took} including waiting).${size}`,
      );
    } else if (attempt === 0)
      this.env.event(pod, 'Normal', 'Pulled', `Container image "${img.image}" already present on machine`);
    return img.image;
  }

  /** The container's spec, or undefined when the pod names what does not exist (CreateContainerConfigError). */
  private async specOf(
    ctx: SyncContext,
    c: Container,
    image: string,
    kind: Kind,
    attempt: number,
    key: string,
  ): Promise<ContainerSpec | undefined> {
    const { st } = ctx;
    const pod = st.pod;
    try {
      if (c.securityContext?.runAsNonRoot ?? pod.spec.securityContext?.runAsNonRoot)
        verifyRunAsNonRoot(pod, c, (await this.env.runtime.imageStatus(image))?.user);
      const addr = { podIP: ctx.podIP, hostIP: this.env.opts.hostIP };
      const env = await containerEnv(pod, c, this.env.opts.inputs, addr, this.env.node);
      const { sandboxId, volumes } = ctx;
      return containerSpec({
        pod,
        container: c,
        image,
        kind,
        attempt,
        sandboxId,
        env,
        volumes,
        resolvConf: ownResolvConf(this.env.opts, pod),
        hostsFile: await writeHostsFile(this.env.opts, pod, [ctx.podIP]),
        place: this.env.place,
      });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.fail(st, key, err.reason, err.message, `Error: ${err.message}`);
      return undefined;
    }
  }

  private async postStart(ctx: SyncContext, c: Container, id: string): Promise<void> {
    const hook = c.lifecycle?.postStart;
    if (!hook) return;
    const pod = ctx.st.pod;
    const r = await runHandler(
      hook,
      { runtime: this.env.runtime, containerId: id, podIP: ctx.podIP, container: c },
      30_000,
    );
    if (r.ok) return;
    this.env.event(pod, 'Warning', 'FailedPostStartHook', `PostStartHook failed: ${r.message}`);
    await this.env.runtime.stopContainer(id, gracePeriod(pod, false));
  }
}
