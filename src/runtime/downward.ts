import type { Container, ObjectFieldSelector, ResourceFieldSelector, ServedPod } from '../api/kinds/index.js';
import { ConfigError, type NodeContext } from './inputs.js';
import { parseQuantity } from './quantity.js';

export interface PodAddresses {
  podIP?: string;
  hostIP?: string;
}

const mapEntry = /^metadata\.(labels|annotations)\['([^']*)'\]$/;

/**
 * The value of a fieldRef. In a downwardAPI volume whole label/annotation maps are allowed and
 * render as `key="value"` lines, as Kubernetes writes them.
 */
export function fieldValue(
  pod: ServedPod,
  sel: ObjectFieldSelector,
  addr: PodAddresses,
  node: NodeContext,
): string {
  const m = mapEntry.exec(sel.fieldPath);
  if (m) {
    const map = (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations) ?? {};
    return map[m[2]] ?? '';
  }
  switch (sel.fieldPath) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'metadata.labels':
      return renderMap(pod.metadata.labels);
    case 'metadata.annotations':
      return renderMap(pod.metadata.annotations);
    case 'spec.nodeName':
      return pod.spec.nodeName ?? node.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? 'default';
    case 'status.podIP':
    case 'status.podIPs':
      return addr.podIP ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return addr.hostIP ?? node.hostIP;
    default:
      throw new ConfigError(`unsupported fieldPath: ${sel.fieldPath}`);
  }
}

function renderMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(map![k])}`)
    .join('\n');
}

/** The value of a resourceFieldRef: the container's limit (or request), else the node's allocatable. */
export function resourceValue(
  pod: ServedPod,
  container: Container | undefined,
  sel: ResourceFieldSelector,
  node: NodeContext,
): string {
  const c = sel.containerName ? pod.spec.containers.find((x) => x.name === sel.containerName) : container;
  if (!c) throw new ConfigError(`resourceFieldRef: container ${sel.containerName ?? ''} not found`);
  const [kind, resource] = sel.resource.split('.');
  const fromSpec = kind === 'limits' ? c.resources?.limits?.[resource] : c.resources?.requests?.[resource];
  let value: number;
  if (fromSpec !== undefined) value = parseQuantity(fromSpec);
  else if (resource === 'cpu') value = kind === 'limits' ? node.cpu : 0;
  else if (resource === 'memory') value = kind === 'limits' ? node.memory : 0;
  else value = 0;
  const divisor = sel.divisor !== undefined ? parseQuantity(sel.divisor) : 1;
  return String(Math.ceil(value / (divisor || 1)));
}
