import type { DaemonSet, Deployment, StatefulSet } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { followWatch } from '../../client/reflector.js';
import { REVISION } from '../../reconcile/deployment/util.js';
import type { Io } from '../io.js';
import { isApps, type Target } from '../targets.js';

export interface RolloutState {
  message: string;
  done: boolean;
}

const n = (v: number | undefined) => v ?? 0;

/** kubectl's DeploymentStatusViewer: the line `rollout status` prints for a Deployment. */
export function deploymentStatus(d: Deployment, revision = 0): RolloutState {
  const name = d.metadata.name;
  if (revision > 0) {
    const running = Number(d.metadata.annotations?.[REVISION] ?? 0);
    if (running !== revision)
      throw new Error(`desired revision (${revision}) is different from the running revision (${running})`);
  }
  const s = d.status ?? {};
  if (n(d.metadata.generation) > n(s.observedGeneration))
    return { message: 'Waiting for deployment spec update to be observed...', done: false };
  if (s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded'))
    throw new Error(`deployment "${name}" exceeded its progress deadline`);
  const wait = (what: string) => ({
    message: `Waiting for deployment "${name}" rollout to finish: ${what}...`,
    done: false,
  });
  const desired = d.spec?.replicas ?? 1;
  if (n(s.updatedReplicas) < desired)
    return wait(`${n(s.updatedReplicas)} out of ${desired} new replicas have been updated`);
  if (n(s.replicas) > n(s.updatedReplicas))
    return wait(`${n(s.replicas) - n(s.updatedReplicas)} old replicas are pending termination`);
  if (n(s.availableReplicas) < n(s.updatedReplicas))
    return wait(`${n(s.availableReplicas)} of ${n(s.updatedReplicas)} updated replicas are available`);
  return { message: `deployment "${name}" successfully rolled out`, done: true };
}

/** kubectl's DaemonSetStatusViewer. */
export function daemonSetStatus(ds: DaemonSet): RolloutState {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate')
    throw new Error('rollout status is only available for RollingUpdate strategy type');
  const s = ds.status ?? {
    currentNumberScheduled: 0,
    desiredNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
  };
  if (n(ds.metadata.generation) > n(s.observedGeneration))
    return { message: 'Waiting for daemon set spec update to be observed...', done: false };
  const wait = (what: string) => ({
    message: `Waiting for daemon set "${ds.metadata.name}" rollout to finish: ${what}...`,
    done: false,
  });
  if (n(s.updatedNumberScheduled) < s.desiredNumberScheduled)
    return wait(
      `${n(s.updatedNumberScheduled)} out of ${s.desiredNumberScheduled} new pods have been updated`,
    );
  if (n(s.numberAvailable) < s.desiredNumberScheduled)
    return wait(`${n(s.numberAvailable)} of ${s.desiredNumberScheduled} updated pods are available`);
  return { message: `daemon set "${ds.metadata.name}" successfully rolled out`, done: true };
}

/** kubectl's StatefulSetStatusViewer. */
export function statefulSetStatus(sts: StatefulSet): RolloutState {
  const strategy = sts.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate')
    throw new Error('rollout status is only available for RollingUpdate strategy type');
  const s = sts.status ?? { replicas: 0 };
  if (!s.observedGeneration || n(sts.metadata.generation) > s.observedGeneration)
    return { message: 'Waiting for statefulset spec update to be observed...', done: false };
  const desired = sts.spec?.replicas ?? 1;
  if (n(s.readyReplicas) < desired)
    return { message: `Waiting for ${desired - n(s.readyReplicas)} pods to be ready...`, done: false };
  const partition = strategy.rollingUpdate?.partition;
  if (strategy.rollingUpdate && partition !== undefined && n(s.updatedReplicas) < desired - partition)
    return {
      message: `Waiting for partitioned roll out to finish: ${n(s.updatedReplicas)} out of ${desired - partition} new pods have been updated...`,
      done: false,
    };
  if (strategy.rollingUpdate)
    return {
      message: `partitioned roll out complete: ${n(s.updatedReplicas)} new pods have been updated...`,
      done: true,
    };
  if (s.updateRevision !== s.currentRevision)
    return {
      message: `waiting for statefulset rolling update to complete ${n(s.updatedReplicas)} pods at revision ${s.updateRevision}...`,
      done: false,
    };
  return {
    message: `statefulset rolling update complete ${n(s.currentReplicas)} pods at revision ${s.currentRevision}...`,
    done: true,
  };
}

export function rolloutState(t: Target, obj: KubeObject, revision = 0): RolloutState {
  if (isApps(t.def, 'deployments')) return deploymentStatus(obj as Deployment, revision);
  if (isApps(t.def, 'daemonsets')) return daemonSetStatus(obj as DaemonSet);
  if (isApps(t.def, 'statefulsets')) return statefulSetStatus(obj as StatefulSet);
  // Named as Go prints a GroupKind: `Job.batch`, `Pod`.
  const groupKind = t.def.group ? `${t.def.kind}.${t.def.group}` : t.def.kind;
  throw new Error(`no status viewer has been implemented for ${groupKind}`);
}

export interface StatusOptions {
  watch: boolean;
  /** Give up after so long (0 or undefined: wait for ever). */
  timeoutMs?: number;
  revision?: number;
}

/**
 * `rollout status`: prints the rollout's state, then (watching) each new state until it is
 * done, the object goes, or the timeout runs out.
 */
export async function rolloutStatus(client: Client, t: Target, opts: StatusOptions, io: Io): Promise<void> {
  const obj = await client.get(t.def, t.namespace, t.name);
  let last = rolloutState(t, obj, opts.revision);
  io.out(last.message);
  if (last.done || !opts.watch) return;
  const stop = new AbortController();
  let failure: unknown;
  let timedOut = false;
  const timer = opts.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        stop.abort();
      }, opts.timeoutMs)
    : undefined;
  const query = { namespace: t.namespace, fieldSelector: `metadata.name=${t.name}` };
  try {
    await followWatch<KubeObject>(
      (rv, onEvent) => client.watch(t.def, { ...query, resourceVersion: rv }, onEvent),
      obj.metadata.resourceVersion,
      (ev) => {
        try {
          if (ev.type === 'DELETED') throw new Error('object has been deleted');
          const next = rolloutState(t, ev.object, opts.revision);
          if (next.message !== last.message) io.out(next.message);
          last = next;
        } catch (err) {
          failure = err;
        }
        if (failure || last.done) stop.abort();
      },
      { signal: stop.signal },
    );
  } finally {
    clearTimeout(timer);
  }
  if (failure) throw failure;
  if (timedOut) throw new Error('timed out waiting for the condition');
}
