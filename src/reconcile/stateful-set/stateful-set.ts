import {
  CONTROLLER_REVISIONS,
  PERSISTENT_VOLUME_CLAIMS,
  type PersistentVolumeClaim,
  PODS,
  type Pod,
  STATEFUL_SETS,
  type StatefulSet,
} from '../../api/kinds/index.js';
import { selectorMatches } from '../../api/schema/validate-selector.js';
import {
  type ControllerContext,
  type ControllerFactory,
  controllerOwnerKeys,
  objectKey,
  splitKey,
} from '../controller.js';
import { claim } from '../workloads/claim.js';
import { Expectations, podsObserved } from '../workloads/expectations.js';
import { ownedRevisions, truncateHistory, updateRevision } from '../workloads/history.js';
import { ownerOrAdopterKeys } from '../workloads/keys.js';
import { claimCandidates } from '../workloads/selectors.js';
import { writeStatus } from '../workloads/status.js';
import { isMemberOf, revisionOf } from './identity.js';
import { StatefulPodControl } from './pod-control.js';
import { type SetRevisions, syncStatefulSet } from './update.js';

const COMPONENT = 'statefulset-controller';

/**
 * Kubernetes' StatefulSet controller: pods with stable names, hostnames and claims, made and
 * removed in ordinal order (OrderedReady) or all at once (Parallel), updated from the highest
 * ordinal down to the partition, with the set's templates kept as ControllerRevisions.
 */
export const statefulSetController: ControllerFactory = (ctx) => {
  const sets = ctx.informers.for<StatefulSet>(STATEFUL_SETS);
  const pods = ctx.informers.for<Pod>(PODS);
  const claims = ctx.informers.for<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS);
  const expectations = new Expectations(ctx.clock);
  const control = new StatefulPodControl(ctx, ctx.recorder(COMPONENT), expectations, claims);
  const { has, gone } = podsObserved(pods);
  const adopterKeys = ownerOrAdopterKeys('StatefulSet', sets);

  return {
    name: 'statefulset',
    watches: [
      { def: STATEFUL_SETS, keys: (s) => [objectKey(s)] },
      {
        def: PODS,
        keys: (pod) => {
          expectations.observed(objectKey(pod));
          return adopterKeys(pod);
        },
      },
      { def: CONTROLLER_REVISIONS, keys: controllerOwnerKeys('StatefulSet') },
    ],
    async reconcile(key) {
      const set = sets.get(...splitKey(key));
      if (!set) {
        expectations.forget(key);
        return undefined;
      }
      if (!expectations.satisfied(key, has, gone)) return undefined;
      const selector = set.spec!.selector;
      const owned = await claim(
        ctx,
        set,
        PODS,
        claimCandidates(pods, set, selector.matchLabels),
        (p) => selectorMatches(selector, p.metadata.labels ?? {}) && isMemberOf(set, p),
      );
      const revisions = await ownedRevisions(ctx, set, selector);
      const revs = await setRevisions(ctx, set, revisions);
      const now = ctx.clock.now();
      const { status, recheckAt } = await syncStatefulSet(key, set, revs, owned, control, now);
      await writeStatus(ctx, STATEFUL_SETS, set, status);
      const live = new Set([revs.current.metadata.name, revs.update.metadata.name, ...owned.map(revisionOf)]);
      await truncateHistory(
        ctx,
        revisions,
        (r) => live.has(r.metadata.name),
        set.spec?.revisionHistoryLimit ?? 10,
      );
      return recheckAt === undefined ? undefined : Math.max(0, recheckAt - now) + 1000;
    },
  };
};

/** The update revision (the template now) and the current one (what status says the pods run). */
async function setRevisions(
  ctx: ControllerContext,
  set: StatefulSet,
  revisions: Awaited<ReturnType<typeof ownedRevisions>>,
): Promise<SetRevisions> {
  const { revision: update, collisionCount } = await updateRevision(
    ctx,
    set,
    set.spec!.template,
    revisions,
    set.status?.collisionCount,
  );
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount };
}
