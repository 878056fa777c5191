/**
 * What the NetworkPolicy agents keep of each pod they watch: the fields rules are made from
 * (labels, address, named ports, phase, node). Every node's agent watches every pod of the
 * cluster, as peers of its own pods; a pod as the API returns it carries its whole spec, status
 * and managedFields, several kilobytes a pod kept on every node.
 */
import type { ApiResource } from '../../api/kinds/kind-def.js';
import type { Pod } from '../../api/kinds/types.generated.js';
import type { KubeObject } from '../../api/types.js';

export function policyView(obj: KubeObject, def: ApiResource): KubeObject {
  if (def.group !== '' || def.kind !== 'Pod') return obj;
  const { metadata, spec, status } = obj as Pod;
  const view: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      labels: metadata.labels,
    },
    spec: {
      nodeName: spec?.nodeName,
      hostNetwork: spec?.hostNetwork,
      containers: (spec?.containers ?? []).map((c) => ({ name: c.name, ports: c.ports })),
    },
    status: { phase: status?.phase, podIP: status?.podIP, hostIP: status?.hostIP },
  };
  return view as KubeObject;
}
