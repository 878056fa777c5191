import { INGRESS_CLASSES, INGRESSES, type IngressClass, IS_DEFAULT_INGRESS_CLASS } from '../kinds/index.js';
import type { IngressSpec } from '../kinds/types.generated.js';
import type { AdmissionPlugin, AdmissionRequest } from './chain.js';

const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * Kubernetes' DefaultIngressClass: a new Ingress that names no class (neither
 * `ingressClassName` nor the old annotation) gets the default IngressClass, the newest of
 * those marked default, so `kubectl get ingress` shows its CLASS as on a cluster.
 */
async function admit(req: AdmissionRequest): Promise<void> {
  if (req.operation !== 'CREATE' || req.def !== INGRESSES || req.subresource) return;
  const spec = (req.object.spec ??= {}) as IngressSpec;
  if (spec.ingressClassName || req.object.metadata.annotations?.[LEGACY_CLASS_ANNOTATION]) return;
  const classes = (await req.service.list(INGRESS_CLASSES, {})).items as IngressClass[];
  const newest = classes
    .filter((c) => c.metadata.annotations?.[IS_DEFAULT_INGRESS_CLASS] === 'true')
    .sort((a, b) =>
      (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
    )[0];
  if (newest) spec.ingressClassName = newest.metadata.name;
}

export const defaultIngressClass: AdmissionPlugin = { name: 'DefaultIngressClass', admit };
