import { NODES, PODS } from '../../src/api/kinds/index.js';
import type { MetricsSource, NodeUsage, PodUsage } from '../../src/api/metrics/source.js';
import type { ResourceService } from '../../src/api/service.js';

/** A metrics source a test fills: usage by node name and pod uid; what is not there is not measured. */
export function fakeMetrics() {
  const nodes = new Map<string, NodeUsage>();
  const pods = new Map<string, PodUsage>();
  const source: MetricsSource = {
    nodes: async (names) => names.map((n) => nodes.get(n)),
    pods: async (refs) => refs.map((p) => pods.get(p.uid)),
  };
  return { source, nodes, pods };
}

/** A node that can allocate `cpu` and `memory`, out of a `capacity` that defaults to the same. */
export async function allocatableNode(
  svc: ResourceService,
  name: string,
  cpu: string,
  memory: string,
  capacity: { cpu: string; memory: string } = { cpu, memory },
) {
  const created = await svc.create(NODES, undefined, {
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  });
  await svc.update(
    NODES,
    undefined,
    name,
    { ...created, status: { allocatable: { cpu, memory }, capacity } },
    {},
    'status',
  );
}

/** A pod of two containers, app and side, in a phase; its uid, which metrics are kept under. */
export async function twoContainerPod(
  svc: ResourceService,
  name: string,
  labels: Record<string, string>,
  phase = 'Running',
): Promise<string> {
  const created = await svc.create(PODS, 'default', {
    metadata: { name, labels },
    spec: {
      containers: [
        { name: 'app', image: 'busybox' },
        { name: 'side', image: 'busybox' },
      ],
    },
  });
  await svc.update(PODS, 'default', name, { ...created, status: { phase } }, {}, 'status');
  return created.metadata.uid ?? '';
}
