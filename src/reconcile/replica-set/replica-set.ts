import {
  type KindDef,
  PODS,
  type Pod,
  type PodTemplateSpec,
  REPLICA_SETS,
  REPLICATION_CONTROLLERS,
  type ReplicaSet,
  type ReplicaSetStatus,
  type ReplicationController,
} from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import type { KubeObject } from '../../api/types.js';
import { ownedBy } from '../../client/indexes.js';
import type { Informer } from '../../client/informer.js';
import { type LabelMatcher, labelSelectorMatcher } from '../../store/selector.js';
import { type ControllerContext, type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { updateWithRetry } from '../retry.js';
import { claim } from '../workloads/claim.js';
import { Expectations } from '../workloads/expectations.js';
import { controllerOf, isActive } from '../workloads/pods.js';
import { claimCandidates } from '../workloads/selectors.js';
import { manageReplicas } from './manage.js';
import { calculateStatus, nextAvailableInMs } from './status.js';

type Replicated = ReplicaSet | ReplicationController;

/** What tells a ReplicaSet from a ReplicationController: their kind, their events' source, their selector. */
interface ReplicatedKind {
  def: KindDef;
  component: string;
  matcher(owner: Replicated): LabelMatcher;
  matchLabels(owner: Replicated): Record<string, string> | undefined;
}

const REPLICA_SET_KIND: ReplicatedKind = {
  def: REPLICA_SETS,
  component: 'replicaset-controller',
  matcher: (rs) => labelSelectorMatcher((rs as ReplicaSet).spec?.selector),
  matchLabels: (rs) => (rs as ReplicaSet).spec?.selector?.matchLabels,
};

const REPLICATION_CONTROLLER_KIND: ReplicatedKind = {
  def: REPLICATION_CONTROLLERS,
  component: 'replication-controller',
  matcher: (rc) => {
    const selector = (rc as ReplicationController).spec?.selector;
    return selector ? labelSelectorMatcher({ matchLabels: selector }) : () => false;
  },
  matchLabels: (rc) => (rc as ReplicationController).spec?.selector,
};

/** Kubernetes' ReplicaSet controller: keeps `replicas` pods of the template running. */
export const replicaSetController: ControllerFactory = (ctx) => replicatedController(ctx, REPLICA_SET_KIND);

/** Kubernetes' ReplicationManager: the ReplicaSet controller for ReplicationControllers. */
export const replicationController: ControllerFactory = (ctx) =>
  replicatedController(ctx, REPLICATION_CONTROLLER_KIND);

function replicatedController(ctx: ControllerContext, kind: ReplicatedKind) {
  const owners = ctx.informers.for<Replicated>(kind.def);
  const pods = ctx.informers.for<Pod>(PODS);
  const recorder = ctx.recorder(kind.component);
  const expectations = new Expectations(ctx.clock);
  // A pod's change concerns its controller, or (an orphan) every owner whose selector matches it.
  const podKeys = (pod: Pod): string[] => {
    const ref = controllerOf(pod);
    if (ref) return ref.kind === kind.def.kind ? [`${pod.metadata.namespace}/${ref.name}`] : [];
    return owners
      .list(pod.metadata.namespace)
      .filter((o) => kind.matcher(o)(pod.metadata.labels))
      .map(objectKey);
  };
  const inCache = (key: string) => {
    const [ns, name] = splitKey(key);
    return pods.get(ns, name) !== undefined;
  };
  const goneOrGoing = (key: string) => {
    const [ns, name] = splitKey(key);
    return !pods.get(ns, name) || !!pods.get(ns, name)?.metadata.deletionTimestamp;
  };

  return {
    name: kind.component,
    watches: [
      { def: kind.def, keys: (o: KubeObject) => [objectKey(o)] },
      { def: PODS, keys: podKeys },
    ],
    async reconcile(key: string) {
      const [ns, name] = splitKey(key);
      const owner = owners.get(ns, name);
      if (!owner) {
        expectations.forget(key);
        return undefined;
      }
      return sync(owner, key);
    },
  };

  async function sync(owner: Replicated, key: string): Promise<number | undefined> {
    const needsSync = expectations.satisfied(key, inCache, goneOrGoing);
    const matches = kind.matcher(owner);
    const candidates = claimCandidates(pods, owner, kind.matchLabels(owner)).filter(isActive);
    const claimed = await claim(ctx, owner, PODS, candidates, (p) => matches(p.metadata.labels));
    const spec = owner.spec ?? {};
    const replicas = spec.replicas ?? 1;
    const template = (spec.template ?? {}) as PodTemplateSpec;
    let manageError: unknown;
    if (needsSync && !owner.metadata.deletionTimestamp) {
      manageError = await manageReplicas({
        ctx,
        recorder,
        expectations,
        key,
        owner,
        template,
        replicas,
        pods: claimed,
        related: relatedPods(owners, pods, owner, claimed),
      });
    }
    const now = ctx.clock.now();
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const status = calculateStatus({
      pods: claimed,
      replicas,
      templateLabels: template.metadata?.labels ?? {},
      minReadySeconds,
      now,
      conditions: owner.status?.conditions,
      manageError,
    });
    await writeStatus(ctx, kind.def, owner, status);
    if (manageError !== undefined) throw manageError;
    return nextAvailableInMs(claimed, minReadySeconds, now);
  }
}

/**
 * The pods of every ReplicaSet controlled by the owner's controller (a Deployment's old and
 * new ReplicaSets), or the owner's own when it has no controller.
 */
function relatedPods(
  owners: Informer<Replicated>,
  pods: Informer<Pod>,
  owner: Replicated,
  own: Pod[],
): Pod[] {
  const ref = controllerOf(owner);
  if (!ref) return own;
  const siblings = ownedBy(owners, ref.uid).filter((o) => controllerOf(o)?.uid === ref.uid);
  return siblings.flatMap((s) =>
    ownedBy(pods, s.metadata.uid!).filter((p) => controllerOf(p)?.uid === s.metadata.uid),
  );
}

/** Writes the status when it changed or the generation is new, as the status acted on. */
async function writeStatus(
  ctx: ControllerContext,
  def: KindDef,
  owner: Replicated,
  status: Omit<ReplicaSetStatus, 'observedGeneration'>,
): Promise<void> {
  const next: ReplicaSetStatus = { ...status, observedGeneration: owner.metadata.generation };
  if (sameJson(owner.status, next)) return;
  await updateWithRetry(
    ctx.client,
    def,
    owner,
    (cur) => (sameJson(cur.status, next) ? undefined : { ...cur, status: next }),
    'status',
  );
}
