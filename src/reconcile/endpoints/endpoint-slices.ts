import { NODES, type Node, PODS, type Pod, SERVICES, type Service } from '../../api/kinds/index.js';
import { type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { controllerRefOf } from '../workloads/pods.js';
import { desiredGroups } from './desired-slices.js';
import {
  candidatePods,
  lastChange,
  MANAGED_BY_LABEL,
  podWatch,
  SERVICE_NAME_LABEL,
  SLICE_CONTROLLER,
  selectorOf,
  serviceLabels,
} from './service-pods.js';
import { deleteSlice, managedSlices, managedSliceWatch, syncSlices } from './slice-sync.js';

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
      managedSliceWatch(SLICE_CONTROLLER),
    ],
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const svc = services.get(ns, name);
      const existing = await managedSlices(ctx, ns, name, SLICE_CONTROLLER);
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
      const meta = {
        namespace: svc.metadata.namespace!,
        name,
        labels: { ...serviceLabels(svc), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: SLICE_CONTROLLER },
        owner: controllerRefOf({ ...svc, apiVersion: 'v1', kind: 'Service' }),
        trigger: new Date(lastChange(svc, matched)).toISOString(),
        placeholder: true,
      };
      await syncSlices(ctx, meta, owned, desiredGroups(svc, matched, nodes));
      return undefined;
    },
  };
};
