import type { ServedPod } from '../api/kinds/index.js';
import type { ContainerRuntime } from './container-runtime.js';
import { runHandler } from './handlers.js';
import { type Instance, sandboxOf } from './instances.js';
import { gracePeriod, type NodeEnv, type PodState } from './pod-context.js';
import { emptyDirOverLimit, removeVolumes } from './volumes.js';

/** Deletion: preStop hooks, SIGTERM, the grace period, SIGKILL; then the containers and volumes go. */
export async function terminatePod(
  env: NodeEnv,
  pod: ServedPod,
  observe: () => Promise<Instance[]>,
): Promise<void> {
  const insts = await observe();
  const grace = gracePeriod(pod, true);
  const deadline = Date.now() + grace * 1000;
  const podIP = sandboxOf(insts)?.ip ?? '';
  const running = insts.filter((i) => i.kind !== 'sandbox' && i.state === 'running');
  // A container that failed to stop is killed by its removal.
  await Promise.allSettled(running.map((i) => stopGracefully(env, pod, i, { podIP, grace, deadline })));
  await removeContainers(env.runtime, await observe());
  await removeVolumes(pod.metadata.uid, env.runtime, env.opts.stateDir, env.opts.secretDir);
}

async function stopGracefully(
  env: NodeEnv,
  pod: ServedPod,
  i: Instance,
  t: { podIP: string; grace: number; deadline: number },
): Promise<void> {
  const spec = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === i.name);
  env.event(pod, 'Normal', 'Killing', `Stopping container ${i.name}`);
  const preStop = spec?.lifecycle?.preStop;
  if (spec && preStop && t.grace > 0) {
    const target = { runtime: env.runtime, containerId: i.id, podIP: t.podIP, container: spec };
    const r = await runHandler(preStop, target, t.grace * 1000);
    if (!r.ok) env.event(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${r.message}`);
  }
  await env.runtime.stopContainer(i.id, Math.max(0, (t.deadline - Date.now()) / 1000));
}

/**
 * Evicts a pod whose disk-backed emptyDir holds more than its sizeLimit, as the kubelet's
 * eviction manager does: its containers stop and it stays Failed. Whether it did.
 */
export async function evictIfOverLimit(env: NodeEnv, st: PodState, insts: Instance[]): Promise<boolean> {
  if (Date.now() - (st.diskCheckedAt ?? 0) < env.settings.housekeepingIntervalMs) return false;
  st.diskCheckedAt = Date.now();
  const message = await emptyDirOverLimit(st.pod, env.opts.stateDir);
  if (!message) return false;
  env.event(st.pod, 'Warning', 'Evicted', message);
  st.evicted = message;
  st.finalPhase = 'Failed';
  st.probes.stopAll();
  const grace = gracePeriod(st.pod, false);
  const running = insts.filter((i) => i.state === 'running');
  // The pod is Failed whatever happens here: a container that would not stop is removed with the pod.
  await Promise.allSettled(running.map((i) => env.runtime.stopContainer(i.id, grace)));
  return true;
}

/** Removes the containers of a pod that no longer exists, and its volumes. */
export async function removeOrphan(env: NodeEnv, uid: string, insts: Instance[]): Promise<void> {
  await removeContainers(env.runtime, insts);
  await removeVolumes(uid, env.runtime, env.opts.stateDir, env.opts.secretDir);
}

/**
 * Removes a pod's containers, its sandbox last, so the runtime releases the network endpoint
 * of a stopped sandbox (a removal racing its containers' can leave it behind). One that fails
 * to go is left: the next sync finds it without a pod and removes it as an orphan.
 */
export async function removeContainers(runtime: ContainerRuntime, insts: Instance[]): Promise<void> {
  const remove = (list: Instance[]) => Promise.allSettled(list.map((i) => runtime.removeContainer(i.id)));
  await remove(insts.filter((i) => i.kind !== 'sandbox'));
  await remove(insts.filter((i) => i.kind === 'sandbox'));
}
