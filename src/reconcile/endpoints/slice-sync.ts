import { ENDPOINT_SLICES, type EndpointSlice } from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import type { OwnerReference } from '../../api/types.js';
import type { ControllerContext, Watch } from '../controller.js';
import { ignoreNotFound } from '../retry.js';
import { type PortGroup, portsKey } from './desired-slices.js';
import { laterTrigger, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, TRIGGER_TIME } from './service-pods.js';

/** A change of a slice the `controller` manages enqueues its Service. */
export function managedSliceWatch(controller: string): Watch {
  return {
    def: ENDPOINT_SLICES,
    keys: (es) => {
      const labels = es.metadata.labels ?? {};
      const svc = labels[SERVICE_NAME_LABEL];
      return svc && labels[MANAGED_BY_LABEL] === controller ? [`${es.metadata.namespace}/${svc}`] : [];
    },
  };
}

/** The Service's slices the `controller` manages, from the API, not a cache: a slice made a moment ago must not be made twice. */
export async function managedSlices(
  ctx: ControllerContext,
  namespace: string | undefined,
  name: string,
  controller: string,
): Promise<EndpointSlice[]> {
  const labelSelector = `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${controller}`;
  return (await ctx.client.list<EndpointSlice>(ENDPOINT_SLICES, { namespace, labelSelector })).items;
}

/** One slice to be: an existing one to keep or change, or one to make. */
interface Plan {
  slice?: EndpointSlice;
  group: PortGroup;
}

/** What the slices of one Service say about themselves. */
export interface SliceMeta {
  namespace: string;
  /** The Service's name: new slices are named `<name>-xxxxx`. */
  name: string;
  labels: Record<string, string>;
  owner: OwnerReference;
  /** Recorded as last-change-trigger-time on slices whose endpoints change. */
  trigger?: string;
  /** Keep one empty slice when there are no endpoints (the endpointslice controller does). */
  placeholder: boolean;
}

/**
 * Where each endpoint goes: an endpoint stays in the slice that holds it, new ones fill slices
 * with room first, then new slices.
 */
export function planSlices(
  existing: EndpointSlice[],
  groups: Map<string, PortGroup>,
  max: number,
  placeholder: boolean,
): Plan[] {
  const byPorts = new Map<string, EndpointSlice[]>();
  for (const es of existing) {
    const k = portsKey(es.ports);
    byPorts.set(k, [...(byPorts.get(k) ?? []), es]);
  }
  const plans: Plan[] = [];
  for (const [k, group] of groups) {
    const wanted = new Map(group.endpoints.map((e) => [e.addresses[0], e]));
    const filled = (byPorts.get(k) ?? []).map((slice) => {
      const endpoints = (slice.endpoints ?? []).flatMap((e) => {
        const want = wanted.get(e.addresses[0]);
        wanted.delete(e.addresses[0]);
        return want ? [want] : [];
      });
      return { slice, group: { ports: group.ports, endpoints } };
    });
    const rest = [...wanted.values()];
    for (const f of filled) f.group.endpoints.push(...rest.splice(0, max - f.group.endpoints.length));
    plans.push(...filled.filter((f) => f.group.endpoints.length));
    while (rest.length) plans.push({ group: { ports: group.ports, endpoints: rest.splice(0, max) } });
  }
  if (!plans.length && placeholder) plans.push({ slice: existing[0], group: { ports: [], endpoints: [] } });
  return plans;
}

/** Makes the Service's slices (`existing`, read from the API) carry `groups`, and removes the rest. */
export async function syncSlices(
  ctx: ControllerContext,
  meta: SliceMeta,
  existing: EndpointSlice[],
  groups: Map<string, PortGroup>,
): Promise<void> {
  const plans = planSlices(existing, groups, ctx.settings.maxEndpointsPerSlice, meta.placeholder);
  for (const plan of plans) await writeSlice(ctx, meta, plan);
  for (const es of existing) if (!plans.some((p) => p.slice === es)) await deleteSlice(ctx, es);
}

async function writeSlice(ctx: ControllerContext, meta: SliceMeta, plan: Plan) {
  const { labels, owner, trigger } = meta;
  const content = { addressType: 'IPv4' as const, endpoints: plan.group.endpoints, ports: plan.group.ports };
  const cur = plan.slice;
  if (!cur) {
    await ctx.client.create(ENDPOINT_SLICES, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${meta.name}-`,
        namespace: meta.namespace,
        labels,
        ...(trigger ? { annotations: { [TRIGGER_TIME]: trigger } } : {}),
        ownerReferences: [owner],
      },
      ...content,
    });
    return;
  }
  const changed =
    !sameJson(cur.endpoints ?? [], content.endpoints) || !sameJson(cur.ports ?? [], content.ports);
  if (
    !changed &&
    sameJson(cur.metadata.labels ?? {}, labels) &&
    sameJson(cur.metadata.ownerReferences, [owner])
  )
    return;
  const recorded = cur.metadata.annotations?.[TRIGGER_TIME];
  const annotations = {
    ...cur.metadata.annotations,
    ...(changed && trigger ? { [TRIGGER_TIME]: laterTrigger(recorded, trigger, ctx.clock.now()) } : {}),
  };
  await ignoreNotFound(
    ctx.client.update(ENDPOINT_SLICES, {
      ...cur,
      metadata: { ...cur.metadata, labels, annotations, ownerReferences: [owner] },
      ...content,
    }),
  );
}

export async function deleteSlice(ctx: ControllerContext, es: EndpointSlice) {
  await ignoreNotFound(ctx.client.delete(ENDPOINT_SLICES, es.metadata.namespace, es.metadata.name!));
}
