import type { Node, NodeCondition, NodeStatus } from '../api/kinds/index.js';

export const KUBELET_VERSION = 'v1.32.0-minik8s';
/** Where the agent serves its metrics at the node's address, as the kubelet's port; the Node's status says so. */
export const KUBELET_PORT = 10250;

export interface NodeFacts {
  nodeName: string;
  /** Labels asked for besides the well-known ones. */
  labels?: Record<string, string>;
  hostIP: string;
  /** CPU cores and memory bytes the node may use (its container's limits, else the host's). */
  cpu: number;
  memory: number;
  /** Bytes of the disk pod volumes and logs live on (the cluster folder's filesystem). */
  ephemeralStorage: number;
  /** <runtime>://<version>, as nodeInfo shows it. */
  containerRuntimeVersion: string;
  osImage: string;
  kernelVersion: string;
}

export function goArch(arch: string = process.arch): string {
  return (
    (
      { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<
        string,
        string
      >
    )[arch] ?? arch
  );
}

function cpuQuantity(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

export function nodeLabels(f: NodeFacts): Record<string, string> {
  return {
    ...f.labels,
    'kubernetes.io/hostname': f.nodeName,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': goArch(),
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': goArch(),
  };
}

function condition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
  prev?: NodeCondition[],
): NodeCondition {
  const before = prev?.find((c) => c.type === type);
  return {
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
    reason,
    message,
  };
}

/** The status a kubelet posts for its node. */
export function nodeStatus(f: NodeFacts, now: string, prev?: NodeCondition[]): NodeStatus {
  const resources = {
    cpu: cpuQuantity(f.cpu),
    memory: `${Math.floor(f.memory / 1024)}Ki`,
    pods: '110',
    'ephemeral-storage': `${Math.floor(f.ephemeralStorage / 1024)}Ki`,
  };
  return {
    capacity: resources,
    allocatable: resources,
    conditions: [
      condition(
        'MemoryPressure',
        'False',
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
        now,
        prev,
      ),
      condition(
        'DiskPressure',
        'False',
        'KubeletHasNoDiskPressure',
        'kubelet has no disk pressure',
        now,
        prev,
      ),
      condition(
        'PIDPressure',
        'False',
        'KubeletHasSufficientPID',
        'kubelet has sufficient PID available',
        now,
        prev,
      ),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', now, prev),
    ],
    addresses: [
      { type: 'InternalIP', address: f.hostIP },
      { type: 'Hostname', address: f.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: f.kernelVersion,
      osImage: f.osImage,
      containerRuntimeVersion: f.containerRuntimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: goArch(),
    },
  };
}

export function nodeObject(f: NodeFacts, now: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: f.nodeName, labels: nodeLabels(f) },
    spec: {},
    status: nodeStatus(f, now),
  };
}

/** The status without heartbeat times: posting is needed only when this differs. */
export function statusFingerprint(status: unknown): string {
  return JSON.stringify(status, (k, v) =>
    k === 'lastHeartbeatTime' || k === 'lastTransitionTime' ? undefined : v,
  );
}
