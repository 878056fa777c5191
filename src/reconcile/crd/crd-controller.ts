/**
 * The CustomResourceDefinition controller, as apiextensions' naming, establishing and
 * finalizer controllers: it accepts a CRD's names (NamesAccepted), says Established once the
 * API serves the kind, and when the CRD is deleted removes every object of the kind before it
 * lets the CRD go (the customresourcecleanup.apiextensions.k8s.io finalizer). It never polls: the
 * kind coming to be served, and each of its objects going while the CRD terminates, enqueue the
 * CRD; a CRD whose kind is never served waits for a change of its own.
 */
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionStatus,
} from '../../api/crd/types.js';
import { CLEANUP_FINALIZER } from '../../api/kinds/apiextensions/custom-resource-definition.js';
import { CUSTOM_RESOURCE_DEFINITIONS as CRDS, type KindDef, kinds } from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import { timestamp } from '../../api/time.js';
import type { Clock } from '../../client/clock.js';
import type { ControllerContext, ControllerFactory } from '../controller.js';
import { ignoreNotFound, updateWithRetry } from '../retry.js';
import { acceptNames } from './naming.js';

/** The kind the API serves for a CRD, once it serves it (never a built-in kind of the same name). */
function servedKind(crd: CustomResourceDefinition): KindDef | undefined {
  return kinds.all().find((d) => d.crd === crd.metadata.name);
}

type Condition = Omit<CustomResourceDefinitionCondition, 'lastTransitionTime'>;

/** Sets a condition, keeping its transition time when its status does not change. */
function setCondition(status: CustomResourceDefinitionStatus, cond: Condition, clock: Clock): void {
  const conditions = status.conditions ?? [];
  const old = conditions.find((c) => c.type === cond.type);
  const lastTransitionTime =
    old && old.status === cond.status ? old.lastTransitionTime : timestamp(new Date(clock.now()));
  const next = { ...cond, lastTransitionTime };
  status.conditions = old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next];
}

const condition = (crd: CustomResourceDefinition, type: string) =>
  crd.status?.conditions?.find((c) => c.type === type);

export const crdController: ControllerFactory = (ctx) => {
  const crds = ctx.informers.for<CustomResourceDefinition>(CRDS);
  const terminating = (name: string) => !!crds.get(undefined, name)?.metadata.deletionTimestamp;
  return {
    name: 'customresourcedefinition',
    watches: [{ def: CRDS, keys: (crd) => [crd.metadata.name ?? ''] }],
    watchesFor: (def) => {
      const name = def.crd;
      return name ? [{ def, keys: () => (terminating(name) ? [name] : []) }] : [];
    },
    kindKeys: (def) => (def.crd ? [def.crd] : []),
    async reconcile(name) {
      const crd = crds.get(undefined, name);
      if (!crd) return undefined;
      if (crd.metadata.deletionTimestamp) {
        await cleanUp(ctx, crd);
        return undefined;
      }
      const status = structuredClone(crd.status ?? {});
      const { acceptedNames, namesAccepted } = acceptNames(crd, crds.list());
      status.acceptedNames = acceptedNames;
      setCondition(status, namesAccepted, ctx.clock);
      const established = establishedCondition(crd, namesAccepted.status === 'True', !!servedKind(crd));
      if (established) setCondition(status, established, ctx.clock);
      if (!sameJson(status, crd.status)) await writeStatus(ctx, crd, status);
      return undefined;
    },
  };
};

/** Established turns True once the names are accepted and the API serves the kind, and stays True. */
function establishedCondition(
  crd: CustomResourceDefinition,
  accepted: boolean,
  served: boolean,
): Condition | undefined {
  if (condition(crd, 'Established')?.status === 'True') return undefined;
  if (!accepted)
    return {
      type: 'Established',
      status: 'False',
      reason: 'NotAccepted',
      message: 'not all names are accepted',
    };
  if (!served)
    return {
      type: 'Established',
      status: 'False',
      reason: 'Installing',
      message: 'the initial names have been accepted',
    };
  return {
    type: 'Established',
    status: 'True',
    reason: 'InitialNamesAccepted',
    message: 'the initial names have been accepted',
  };
}

async function writeStatus(
  ctx: ControllerContext,
  crd: CustomResourceDefinition,
  status: CustomResourceDefinitionStatus,
): Promise<void> {
  await updateWithRetry(ctx.client, CRDS, crd, (cur) => ({ ...cur, status }), 'status');
}

/** Deletes every object of a terminating CRD's kind, then drops the cleanup finalizer. */
async function cleanUp(ctx: ControllerContext, crd: CustomResourceDefinition): Promise<void> {
  if (!crd.metadata.finalizers?.includes(CLEANUP_FINALIZER)) return;
  const kind = servedKind(crd);
  const status = structuredClone(crd.status ?? {});
  if (kind && condition(crd, 'Established')?.status === 'True') {
    setCondition(
      status,
      {
        type: 'Terminating',
        status: 'True',
        reason: 'InstanceDeletionInProgress',
        message: 'CustomResource deletion is in progress',
      },
      ctx.clock,
    );
    if (!sameJson(status, crd.status)) await writeStatus(ctx, crd, status);
    for (const item of (await ctx.client.list(kind, {})).items) {
      if (item.metadata.deletionTimestamp) continue;
      await ignoreNotFound(ctx.client.delete(kind, item.metadata.namespace, item.metadata.name ?? ''));
    }
    // Objects held by finalizers of their own go when those are done; each going enqueues the CRD.
    if ((await ctx.client.list(kind, { limit: 1 })).items.length) return;
    setCondition(
      status,
      {
        type: 'Terminating',
        status: 'False',
        reason: 'InstanceDeletionCompleted',
        message: 'removed all instances',
      },
      ctx.clock,
    );
  } else {
    setCondition(
      status,
      {
        type: 'Terminating',
        status: 'False',
        reason: 'NeverEstablished',
        message: 'resource was never established',
      },
      ctx.clock,
    );
  }
  await writeStatus(ctx, crd, status);
  await updateWithRetry(ctx.client, CRDS, crd, (cur) => {
    if (!cur.metadata.finalizers?.includes(CLEANUP_FINALIZER)) return undefined;
    cur.metadata.finalizers = cur.metadata.finalizers.filter((f) => f !== CLEANUP_FINALIZER);
    return cur;
  });
}
