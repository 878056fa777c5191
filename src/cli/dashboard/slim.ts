/**
 * What the dashboard keeps of each watched object: the fields its views, printers and keys
 * read. Every object the API returns carries its managedFields (often larger than the object)
 * and kubectl apply's last-applied annotation, and a pod its whole spec (env, commands,
 * volumes, probes); the views show none of them, and describe and the actions read the object
 * from the API again. Pods are most of a cluster's objects, so they are slimmed most.
 */

import type { ApiResource } from '../../api/kinds/index.js';
import { PODS } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function slimMetadata(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const {
    managedFields: _,
    annotations,
    ...rest
  } = meta as KubeObject['metadata'] & {
    managedFields?: unknown;
  };
  if (!annotations) return rest;
  const { [LAST_APPLIED]: __, ...kept } = annotations;
  return Object.keys(kept).length ? { ...rest, annotations: kept } : rest;
}

interface PodContainer {
  name: string;
  restartPolicy?: string;
}

/** A container as the pod printer and the log chooser read it: its name, and a sidecar's restartPolicy. */
const containerNames = (containers: PodContainer[] | undefined) =>
  containers?.map((c) =>
    c.restartPolicy ? { name: c.name, restartPolicy: c.restartPolicy } : { name: c.name },
  );

function slimPodSpec(spec: Record<string, any> | undefined): Record<string, unknown> | undefined {
  if (!spec) return spec;
  const out: Record<string, unknown> = { containers: containerNames(spec.containers) };
  if (spec.initContainers) out.initContainers = containerNames(spec.initContainers);
  if (spec.nodeName) out.nodeName = spec.nodeName;
  if (spec.readinessGates) out.readinessGates = spec.readinessGates;
  return out;
}

/** The informer transform of the dashboard's watches. */
export function slimObject(obj: KubeObject, def: ApiResource): KubeObject {
  const slim: KubeObject & { spec?: unknown } = { ...obj, metadata: slimMetadata(obj.metadata) };
  if (def === PODS) slim.spec = slimPodSpec((obj as { spec?: Record<string, any> }).spec);
  return slim;
}
