import { ApiError } from '../../api/errors.js';
import { DEPLOYMENTS, type Deployment, REPLICA_SETS, type ReplicaSet } from '../../api/kinds/index.js';
import { scaledValue } from '../../api/schema/int-or-percent.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { ControllerContext } from '../controller.js';
import { ignoreNotFound } from '../retry.js';
import { controllerOf, controllerRefOf } from '../workloads/pods.js';
import { computeHash, equalIgnoreHash, POD_TEMPLATE_HASH } from './hash.js';
import {
  ANNOTATIONS_TO_SKIP,
  byCreation,
  getCondition,
  hasProgressDeadline,
  maxRevision,
  maxSurge,
  newCondition,
  REVISION,
  REVISION_HISTORY,
  Reason,
  replicasOf,
  revisionOf,
  setCondition,
  setReplicasAnnotations,
  specReplicas,
} from './util.js';

// kube-controller-manager keeps at most this much of a ReplicaSet's revision history annotation.
const MAX_REVISION_HISTORY_CHARS = 2000;

/**
 * One pass over a Deployment: the controller's means, the Deployment as last read or written
 * (each write continues from the API's answer, so one pass never conflicts with itself), and
 * the ReplicaSets it controls.
 */
export interface DeploymentPass {
  ctx: ControllerContext;
  recorder: EventRecorder;
  d: Deployment;
  rsList: ReplicaSet[];
}

/** The oldest ReplicaSet whose template is the Deployment's (FindNewReplicaSet). */
export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** How many pods the new ReplicaSet may have now (NewRSNewReplicas). */
export function newRSNewReplicas(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
  const desired = replicasOf(d);
  if (d.spec?.strategy?.type === 'Recreate') return desired;
  const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge, desired, true);
  const maxTotal = desired + surge;
  const current = specReplicas(allRSs);
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, desired - replicasOf(newRS));
}

/**
 * SetNewReplicaSetAnnotations: the Deployment's own annotations (but the skipped ones), the
 * new revision when it is higher (keeping the one it replaces in the revision history, as
 * a rollback to this ReplicaSet does), and for a ReplicaSet about to be made, its replica counts.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const old = a[REVISION];
  if (old !== undefined && !/^\d+$/.test(old)) return changed;
  if ((old === undefined ? 0 : Number(old)) < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (old !== undefined) appendRevisionHistory(a, old);
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

function appendRevisionHistory(a: Record<string, string>, old: string): void {
  const history = a[REVISION_HISTORY] ? a[REVISION_HISTORY].split(',') : [];
  history.push(old);
  while (history.join(',').length > MAX_REVISION_HISTORY_CHARS && history.length > 1) history.shift();
  a[REVISION_HISTORY] = history.join(',');
}

/** Writes the Deployment's revision annotation (a metadata write: the status cannot carry it). */
export async function setDeploymentRevision(p: DeploymentPass, revision: string): Promise<void> {
  if (p.d.metadata.annotations?.[REVISION] === revision) return;
  const next = structuredClone(p.d);
  next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: revision };
  p.d = await p.ctx.client.update<Deployment>(DEPLOYMENTS, next);
}

export async function writeDeploymentStatus(p: DeploymentPass, status: Deployment['status']): Promise<void> {
  p.d = await p.ctx.client.update<Deployment>(DEPLOYMENTS, { ...p.d, status }, 'status');
}

/** Writes the Progressing condition (unless one of the same status and reason is there). */
export async function writeProgressing(
  p: DeploymentPass,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
): Promise<void> {
  const next = structuredClone(p.d.status ?? {});
  setCondition(next, newCondition(p.ctx.clock.now(), 'Progressing', status, reason, message));
  await writeDeploymentStatus(p, next);
}

/**
 * The Deployment's new ReplicaSet, its revision and annotations brought up to date, or made
 * (when `create`) as Kubernetes makes it: named `<deployment>-<hash>`, the pod-template-hash
 * label on its selector, template and labels, scaled as far as the strategy allows.
 */
export async function getNewReplicaSet(
  p: DeploymentPass,
  oldRSs: ReplicaSet[],
  create: boolean,
): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(p.d, p.rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) return syncExistingNewReplicaSet(p, existing, newRevision);
  if (!create) return undefined;
  const d = p.d;
  const hash = computeHash(d.spec!.template, d.status?.collisionCount);
  const template = structuredClone(d.spec!.template);
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash },
  };
  const selector = structuredClone(d.spec!.selector);
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [controllerRefOf(d)],
      labels: template.metadata.labels,
    },
    spec: { replicas: 0, minReadySeconds: d.spec!.minReadySeconds ?? 0, selector, template },
  };
  rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  const made = await createReplicaSet(p, rs);
  await setDeploymentRevision(p, String(newRevision));
  if (made.created && hasProgressDeadline(p.d)) {
    const message = `Created new replica set "${made.rs.metadata.name}"`;
    await writeProgressing(p, 'True', Reason.NewReplicaSetCreated, message);
  }
  return made.rs;
}

async function syncExistingNewReplicaSet(
  p: DeploymentPass,
  existing: ReplicaSet,
  newRevision: number,
): Promise<ReplicaSet> {
  const copy = structuredClone(existing);
  const annotated = setNewReplicaSetAnnotations(p.d, copy, newRevision, true);
  const minReadySeconds = p.d.spec?.minReadySeconds ?? 0;
  if (annotated || (copy.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
    copy.spec!.minReadySeconds = minReadySeconds;
    return replaceReplicaSet(p, await p.ctx.client.update<ReplicaSet>(REPLICA_SETS, copy));
  }
  await setDeploymentRevision(p, String(revisionOf(copy)));
  if (hasProgressDeadline(p.d) && !getCondition(p.d.status, 'Progressing'))
    await writeProgressing(
      p,
      'True',
      Reason.FoundNewReplicaSet,
      `Found new replica set "${copy.metadata.name}"`,
    );
  return copy;
}

/**
 * Creates the new ReplicaSet. One of the same name may exist already: made by this Deployment
 * on an earlier pass its cache does not show yet (then it is the one), or a different one (a
 * hash collision: the Deployment's collisionCount goes up, and the next pass hashes anew).
 */
async function createReplicaSet(
  p: DeploymentPass,
  rs: ReplicaSet,
): Promise<{ rs: ReplicaSet; created: boolean }> {
  const d = p.d;
  try {
    const made = await p.ctx.client.create<ReplicaSet>(REPLICA_SETS, rs);
    p.rsList.push(made);
    if (replicasOf(made) > 0) {
      const message = `Scaled up replica set ${made.metadata.name} from 0 to ${replicasOf(made)}`;
      p.recorder.record(d, 'Normal', 'ScalingReplicaSet', message);
    }
    return { rs: made, created: true };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status.reason !== 'AlreadyExists') {
      await reportCreateError(p, rs, err);
      throw err;
    }
    const found = await ignoreNotFound(
      p.ctx.client.get<ReplicaSet>(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name!),
    );
    if (
      found &&
      controllerOf(found)?.uid === d.metadata.uid &&
      equalIgnoreHash(found.spec?.template, d.spec?.template)
    )
      return { rs: replaceReplicaSet(p, found), created: false };
    await writeDeploymentStatus(p, { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 });
    throw err;
  }
}

async function reportCreateError(p: DeploymentPass, rs: ReplicaSet, err: unknown): Promise<void> {
  const message = `Failed to create new replica set "${rs.metadata.name}": ${err instanceof Error ? err.message : String(err)}`;
  p.recorder.record(p.d, 'Warning', Reason.ReplicaSetCreateError, message);
  if (!hasProgressDeadline(p.d)) return;
  // The pass fails with the create's error whatever becomes of this write.
  await writeProgressing(p, 'False', Reason.ReplicaSetCreateError, message).catch(() => undefined);
}

function replaceReplicaSet(p: DeploymentPass, rs: ReplicaSet): ReplicaSet {
  const i = p.rsList.findIndex((r) => r.metadata.uid === rs.metadata.uid);
  if (i >= 0) p.rsList[i] = rs;
  else p.rsList.push(rs);
  return rs;
}

/**
 * Scales a ReplicaSet and keeps its desired and max-replicas annotations up to date, with a
 * ScalingReplicaSet event when its size changes. It writes over the cached copy: if that is
 * stale, the write conflicts and the pass is tried again from fresher caches.
 */
export async function scaleReplicaSet(
  p: DeploymentPass,
  rs: ReplicaSet,
  newScale: number,
  operation = replicasOf(rs) < newScale ? 'up' : 'down',
): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const oldScale = replicasOf(rs);
  const copy = structuredClone(rs);
  const annotated = setReplicasAnnotations(copy, replicasOf(p.d), replicasOf(p.d) + maxSurge(p.d));
  if (oldScale === newScale && !annotated) return { scaled: false, rs };
  copy.spec!.replicas = newScale;
  const updated = replaceReplicaSet(p, await p.ctx.client.update<ReplicaSet>(REPLICA_SETS, copy));
  if (oldScale === newScale) return { scaled: false, rs: updated };
  const message = `Scaled ${operation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`;
  p.recorder.record(p.d, 'Normal', 'ScalingReplicaSet', message);
  return { scaled: true, rs: updated };
}
