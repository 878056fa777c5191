import {
  ENDPOINT_SLICES,
  type EndpointSlice,
  NODES,
  type Node,
  PODS,
  type Pod,
  SERVICES,
  type Service,
} from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import {
  type ControllerContext,
  type ControllerFactory,
  objectKey,
  splitKey,
  type Watch,
} from '../controller.js';
import { ignoreNotFound } from '../retry.js';
import { controllerRefOf } from '../workloads/pods.js';
import { desiredGroups, type PortGroup, portsKey } from './desired-slices.js';
import {
  candidatePods,
  lastChange,
  laterTrigger,
  MANAGED_BY_LABEL,
  podWatch,
  SERVICE_NAME_LABEL,
  SLICE_CONTROLLER,
  selectorOf,
  serviceLabels,
  TRIGGER_TIME,
} from './service-pods.js';

/** One slice to be: an existing one to keep or change, or one to make. */
interface Plan {
  slice?: EndpointSlice;
  group: PortGroup;
}

const managedSelector = (name: string) =>
  `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${SLICE_CONTROLLER}`;

/**
 * Kubernetes' EndpointSlice controller: the pods a Service selects, as discovery.k8s.io/v1
 * EndpointSlices (one group of slices per set of ports, at most maxEndpointsPerSlice endpoints
 * each), owned by the Service. Services without a selector keep the slices made by hand.
 */
export const endpointSliceController: ControllerFactory = (ctx) => {
  const services = ctx.informers.for<Service>(SERVICES);
  const pods = ctx.informers.for<Pod>(PODS);
  const nodes = ctx.informers.for<Node>(NODES);
  return {
    name: 'endpointslice',
    watches: [
      { def: SERVICES, keys: (svc) => [objectKey(svc)] },
      podWatch(services),
      {
        def: ENDPOINT_SLICES,
        keys: (es) => {
          const labels = es.metadata.labels ?? {};
          const svc = labels[SERVICE_NAME_LABEL];
          return svc && labels[MANAGED_BY_LABEL] === SLICE_CONTROLLER
            ? [`${es.metadata.namespace}/${svc}`]
            : [];
        },
      },
    ],
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const svc = services.get(ns, name);
      // Read from the API, not the cache: a slice made a moment ago must not be made twice.
      const existing = (
        await ctx.client.list<EndpointSlice>(ENDPOINT_SLICES, {
          namespace: ns,
          labelSelector: managedSelector(name),
        })
      ).items;
      const owned = existing.filter(
        (es) => svc && es.metadata.ownerReferences?.some((r) => r.uid === svc.metadata.uid),
      );
      for (const es of existing) if (!owned.includes(es)) await deleteSlice(ctx, es);
      if (!svc || svc.metadata.deletionTimestamp) return undefined;
      if (svc.spec?.type === 'ExternalName') {
        for (const es of owned) await deleteSlice(ctx, es);
        return undefined;
      }
      if (!selectorOf(svc)) return undefined;
      const matched = candidatePods(pods, svc, true);
      const plans = planSlices(owned, desiredGroups(svc, matched, nodes), ctx.settings.maxEndpointsPerSlice);
      const trigger = new Date(lastChange(svc, matched)).toISOString();
      for (const plan of plans) await writeSlice(ctx, svc, plan, trigger);
      for (const es of owned) if (!plans.some((p) => p.slice === es)) await deleteSlice(ctx, es);
      return undefined;
    },
  };
};

/**
 * Where each endpoint goes: an endpoint stays in the slice that holds it, new ones fill slices
 * with room first, then new slices. A Service with no endpoints keeps one empty placeholder.
 */
export function planSlices(existing: EndpointSlice[], groups: Map<string, PortGroup>, max: number): Plan[] {
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
  if (!plans.length) plans.push({ slice: existing[0], group: { ports: [], endpoints: [] } });
  return plans;
}

async function writeSlice(ctx: ControllerContext, svc: Service, plan: Plan, trigger: string) {
  const labels = {
    ...serviceLabels(svc),
    [SERVICE_NAME_LABEL]: svc.metadata.name!,
    [MANAGED_BY_LABEL]: SLICE_CONTROLLER,
  };
  const content = { addressType: 'IPv4' as const, endpoints: plan.group.endpoints, ports: plan.group.ports };
  const owner = controllerRefOf({ ...svc, apiVersion: 'v1', kind: 'Service' });
  const cur = plan.slice;
  if (!cur) {
    await ctx.client.create(ENDPOINT_SLICES, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${svc.metadata.name}-`,
        namespace: svc.metadata.namespace,
        labels,
        annotations: { [TRIGGER_TIME]: trigger },
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
  const annotations = {
    ...cur.metadata.annotations,
    ...(changed
      ? { [TRIGGER_TIME]: laterTrigger(cur.metadata.annotations?.[TRIGGER_TIME], trigger, ctx.clock.now()) }
      : {}),
  };
  await ignoreNotFound(
    ctx.client.update(ENDPOINT_SLICES, {
      ...cur,
      metadata: { ...cur.metadata, labels, annotations, ownerReferences: [owner] },
      ...content,
    }),
  );
}

async function deleteSlice(ctx: ControllerContext, es: EndpointSlice) {
  await ignoreNotFound(ctx.client.delete(ENDPOINT_SLICES, es.metadata.namespace, es.metadata.name!));
}
