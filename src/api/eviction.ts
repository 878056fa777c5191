import { ApiError, errors } from './errors.js';
import { budgetMatcher, PODS } from './kinds/index.js';
import { setDisruptionAllowedCondition } from './kinds/policy/pdb-status.js';
import { POD_DISRUPTION_BUDGETS } from './kinds/policy/pod-disruption-budget.js';
import type { Pod, PodDisruptionBudget } from './kinds/types.generated.js';
import type { DeleteOptions, RequestContext, ResourceService } from './service.js';
import { timestamp } from './time.js';

/** Evictions approved and not yet seen by the disruption controller, past which a budget refuses more. */
const MAX_DISRUPTED_PODS = 2000;
/** How often an eviction is tried again when the pod or its budget changed under it (EvictionsRetry). */
const ATTEMPTS = 20;

export interface Eviction {
  metadata?: { name?: string };
  deleteOptions?: DeleteOptions;
}

const isConflict = (err: unknown) => err instanceof ApiError && err.code === 409;
const phase = (pod: Pod) => pod.status?.phase;
const isReady = (pod: Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

function tooManyRequests(pdb: PodDisruptionBudget): ApiError {
  const s = pdb.status;
  return errors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", [
    {
      reason: 'DisruptionBudget',
      message: `The disruption budget ${pdb.metadata.name} needs ${s?.desiredHealthy ?? 0} healthy pods and has ${s?.currentHealthy ?? 0} currently`,
    },
  ]);
}

/**
 * pods/eviction as Kubernetes' EvictionREST serves it: a pod that disrupts nothing (ended,
 * pending, already going) is deleted; otherwise the one PodDisruptionBudget over it must allow a
 * disruption, which is taken from it (status.disruptedPods) before the pod is marked
 * DisruptionTarget and deleted. A budget that does not allow one answers 429; a dry run
 * evicts nothing and takes nothing.
 */
export async function evict(
  svc: ResourceService,
  namespace: string,
  name: string,
  eviction: Eviction,
  ctx: RequestContext,
): Promise<void> {
  if (eviction.metadata?.name && eviction.metadata.name !== name)
    throw errors.badRequest('name in URL does not match name in Eviction object');
  const original = eviction.deleteOptions ?? {};
  const dryRun = !!original.dryRun?.length || !!ctx.dryRun;
  const pod = await deleteIfNoDisruption(svc, namespace, name, original, dryRun, ctx);
  if (!pod) return;
  const pdb = await soleBudget(svc, pod);
  let opts = original;
  let unhealthy = false;
  if (pdb) {
    const alwaysAllow = pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow';
    const s = pdb.status;
    unhealthy =
      !isReady(pod) &&
      (alwaysAllow || ((s?.currentHealthy ?? 0) >= (s?.desiredHealthy ?? 0) && (s?.desiredHealthy ?? 0) > 0));
    if (!unhealthy) await takeDisruption(svc, pdb, name, dryRun, ctx);
    // An unhealthy pod goes without the budget only as long as it stays unhealthy.
    else if (!original.preconditions?.resourceVersion)
      opts = {
        ...opts,
        preconditions: { ...opts.preconditions, resourceVersion: pod.metadata.resourceVersion },
      };
  }
  try {
    await markAndDelete(svc, namespace, name, opts, dryRun, ctx);
  } catch (err) {
    if (pdb && unhealthy && opts !== original && isConflict(err)) throw tooManyRequests(pdb);
    throw err;
  }
}

/** Deletes a pod whose eviction disrupts nothing; the pod otherwise (undefined: deleted). */
async function deleteIfNoDisruption(
  svc: ResourceService,
  namespace: string,
  name: string,
  original: DeleteOptions,
  dryRun: boolean,
  ctx: RequestContext,
): Promise<Pod | undefined> {
  for (let attempt = 1; ; attempt++) {
    const pod = (await svc.get(PODS, namespace, name)) as Pod;
    const ended = phase(pod) === 'Succeeded' || phase(pod) === 'Failed';
    if (!ended && phase(pod) !== 'Pending' && !pod.metadata.deletionTimestamp) return pod;
    let opts = original;
    // A pending pod may turn ready meanwhile: it goes only as it was seen.
    if (!ended && !pod.metadata.deletionTimestamp && !original.preconditions?.resourceVersion)
      opts = {
        ...opts,
        preconditions: { ...opts.preconditions, resourceVersion: pod.metadata.resourceVersion },
      };
    try {
      await markAndDelete(svc, namespace, name, opts, dryRun, ctx);
      return undefined;
    } catch (err) {
      if (!isConflict(err) || original.preconditions?.resourceVersion || attempt >= ATTEMPTS) throw err;
    }
  }
}

/** The budget over the pod; more than one is an error, as in Kubernetes. */
async function soleBudget(svc: ResourceService, pod: Pod) {
  const list = await svc.list(POD_DISRUPTION_BUDGETS, { namespace: pod.metadata.namespace });
  const labels = pod.metadata.labels ?? {};
  const matching = (list.items as PodDisruptionBudget[]).filter((pdb) => budgetMatcher(pdb)(labels));
  if (matching.length > 1)
    throw new ApiError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
  return matching[0];
}

/** Kubernetes' checkAndDecrement, tried again on a fresh budget when another eviction got there first. */
async function takeDisruption(
  svc: ResourceService,
  start: PodDisruptionBudget,
  podName: string,
  dryRun: boolean,
  ctx: RequestContext,
): Promise<void> {
  let pdb = start;
  for (let attempt = 1; ; attempt++) {
    const status = pdb.status;
    if ((status?.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) throw tooManyRequests(pdb);
    const target = { group: 'policy', kind: 'poddisruptionbudget', name: pdb.metadata.name };
    if ((status?.disruptionsAllowed ?? 0) < 0)
      throw errors.forbidden(target, 'pdb disruptions allowed is negative');
    if (Object.keys(status?.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS)
      throw errors.forbidden(
        target,
        'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
      );
    if (!status?.disruptionsAllowed) throw tooManyRequests(pdb);
    const next = structuredClone(pdb);
    next.status!.disruptionsAllowed--;
    if (next.status!.disruptionsAllowed === 0) setDisruptionAllowedCondition(next, Date.now());
    if (dryRun) return;
    next.status!.disruptedPods = { ...next.status!.disruptedPods, [podName]: timestamp() };
    try {
      await svc.update(
        POD_DISRUPTION_BUDGETS,
        pdb.metadata.namespace,
        pdb.metadata.name!,
        next,
        ctx,
        'status',
      );
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= ATTEMPTS) throw err;
      pdb = (await svc.get(
        POD_DISRUPTION_BUDGETS,
        pdb.metadata.namespace,
        pdb.metadata.name!,
      )) as PodDisruptionBudget;
    }
  }
}

/** Marks the pod DisruptionTarget (EvictionByEvictionAPI), then deletes it with the eviction's options. */
async function markAndDelete(
  svc: ResourceService,
  namespace: string,
  name: string,
  opts: DeleteOptions,
  dryRun: boolean,
  ctx: RequestContext,
): Promise<void> {
  const pre = opts.preconditions;
  let options = opts;
  for (let attempt = 1; !dryRun; attempt++) {
    const pod = (await svc.get(PODS, namespace, name)) as Pod;
    const stale =
      (pre?.uid && pre.uid !== pod.metadata.uid) ||
      (pre?.resourceVersion && pre.resourceVersion !== pod.metadata.resourceVersion);
    // The delete answers a failed precondition with Kubernetes' own Conflict.
    if (stale) break;
    const condition = {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
      lastTransitionTime: timestamp(),
    };
    const conditions = [
      ...(pod.status?.conditions ?? []).filter((c) => c.type !== condition.type),
      condition,
    ];
    try {
      const updated = await svc.update(
        PODS,
        namespace,
        name,
        { ...pod, status: { ...pod.status, conditions } },
        ctx,
        'status',
      );
      // The condition is this eviction's own write: the delete's precondition follows it.
      if (pre?.resourceVersion)
        options = { ...opts, preconditions: { ...pre, resourceVersion: updated.metadata.resourceVersion } };
      break;
    } catch (err) {
      if (!isConflict(err) || pre?.resourceVersion || attempt >= ATTEMPTS) throw err;
    }
  }
  await svc.delete(PODS, namespace, name, { ...options, ...(dryRun ? { dryRun: ['All'] } : {}) }, ctx);
}
