import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Container, ServedPod } from '../api/kinds/index.js';
import type { ContainerSpec, Mount, PortMapping, SandboxSpec } from './container-runtime.js';
import { expand } from './env.js';
import { ConfigError } from './inputs.js';
import { LABEL, SANDBOX, testLabels } from './labels.js';
import { DEFAULT_CLUSTER_DOMAIN, type PodDns } from './pod-dns.js';
import { parseQuantity } from './quantity.js';
import { containerSecurity, effectiveUser } from './security-context.js';
import type { PreparedVolume } from './volumes.js';

export interface PodPlacement {
  cluster: string;
  nodeName: string;
  /** The node's cgroup: bounds every pod of the node. */
  cgroupParent?: string;
}

/** Container names: k8s_<container>_<pod>_<namespace>_<uid>_<attempt>, as dockershim named them. */
export function containerName(pod: ServedPod, container: string, attempt: number): string {
  return `k8s_${container}_${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_${attempt}`;
}

export function podLabels(pod: ServedPod, place: PodPlacement, container: string): Record<string, string> {
  return {
    [LABEL.cluster]: place.cluster,
    [LABEL.node]: place.nodeName,
    [LABEL.podUid]: pod.metadata.uid,
    [LABEL.podName]: pod.metadata.name,
    [LABEL.podNamespace]: pod.metadata.namespace,
    [LABEL.container]: container,
    ...testLabels(),
  };
}

/** A running instance whose spec container changed image (the one mutable field) is replaced. */
export function specHash(c: Container): string {
  return createHash('sha256')
    .update(c.image ?? '')
    .digest('hex')
    .slice(0, 16);
}

function mounts(c: Container, volumes: Map<string, PreparedVolume>): Mount[] {
  return (c.volumeMounts ?? []).map((m) => {
    const v = volumes.get(m.name);
    if (!v) throw new ConfigError(`cannot find volume "${m.name}" to mount into container "${c.name}"`);
    const source = m.subPath && v.type === 'bind' ? path.join(v.source, m.subPath) : v.source;
    return { type: v.type, source, containerPath: m.mountPath, readOnly: !!(m.readOnly || v.readOnly) };
  });
}

export interface ContainerPlan {
  pod: ServedPod;
  container: Container;
  /** The container's image, present on the node. */
  image: string;
  kind: 'init' | 'app';
  attempt: number;
  sandboxId: string;
  env: Record<string, string>;
  volumes: Map<string, PreparedVolume>;
  /** The pod's own resolv.conf on the host, if it has one. */
  resolvConf?: string;
  /** The pod's /etc/hosts on the host. */
  hostsFile?: string;
  place: PodPlacement;
}

/** The pod's /etc/hosts and resolv.conf, unless the container mounts its own there (as the kubelet). */
function nameFiles(c: Container, p: ContainerPlan): Mount[] {
  const taken = new Set((c.volumeMounts ?? []).map((m) => m.mountPath.replace(/\/+$/, '')));
  const files: [string | undefined, string][] = [
    [p.hostsFile, '/etc/hosts'],
    [p.resolvConf, '/etc/resolv.conf'],
  ];
  return files
    .filter(([source, at]) => source && !taken.has(at))
    .map(([source, at]) => ({ type: 'bind', source: source!, containerPath: at, readOnly: false }));
}

function user(pod: ServedPod, c: Container): string | undefined {
  const { uid, gid } = effectiveUser(pod, c);
  return uid !== undefined ? `${uid}${gid !== undefined ? `:${gid}` : ''}` : undefined;
}

/** One run of a spec container, joined to the pod's sandbox. */
export function containerSpec(p: ContainerPlan): ContainerSpec {
  const { pod, container: c } = p;
  const limits = c.resources?.limits ?? {};
  const cpuRequest = c.resources?.requests?.cpu ?? limits.cpu;
  return {
    name: containerName(pod, c.name, p.attempt),
    image: p.image,
    command: c.command?.map((s) => expand(s, p.env)),
    args: c.args?.map((s) => expand(s, p.env)),
    env: p.env,
    workingDir: c.workingDir,
    user: user(pod, c),
    labels: {
      ...podLabels(pod, p.place, c.name),
      [LABEL.kind]: p.kind,
      [LABEL.attempt]: String(p.attempt),
      [LABEL.hash]: specHash(c),
    },
    tty: !!c.tty,
    stdin: !!c.stdin,
    stdinOnce: !!c.stdinOnce,
    sandboxId: p.sandboxId,
    sharePid: !!pod.spec.shareProcessNamespace,
    mounts: [...mounts(c, p.volumes), ...nameFiles(c, p)],
    resources: {
      memoryLimitBytes: limits.memory !== undefined ? Math.floor(parseQuantity(limits.memory)) : undefined,
      cpuLimit: limits.cpu !== undefined ? parseQuantity(limits.cpu) : undefined,
      cpuShares:
        cpuRequest !== undefined ? Math.max(2, Math.round(parseQuantity(cpuRequest) * 1024)) : undefined,
    },
    security: containerSecurity(pod, c),
    cgroupParent: p.place.cgroupParent,
  };
}

export interface SandboxPlan {
  pod: ServedPod;
  attempt: number;
  image: string;
  command: string[];
  network: string;
  dns: PodDns;
  resolvConf?: string;
  place: PodPlacement;
}

/** A pod's hostname and the domain of its FQDN (when it has a subdomain), as the kubelet names them. */
export function podHostname(pod: ServedPod): { hostname: string; domain?: string } {
  const { hostname, subdomain } = pod.spec;
  return {
    hostname: (hostname ?? pod.metadata.name).slice(0, 63).replace(/[.-]+$/, ''),
    domain: subdomain ? `${subdomain}.${pod.metadata.namespace}.svc.${DEFAULT_CLUSTER_DOMAIN}` : undefined,
  };
}

/** The pause container: holds the pod's network and IPC namespaces, IP, hostname and DNS. */
export function sandboxSpec(p: SandboxPlan): SandboxSpec {
  const { pod } = p;
  return {
    name: containerName(pod, SANDBOX, p.attempt),
    image: p.image,
    command: p.command,
    labels: { ...podLabels(pod, p.place, SANDBOX), [LABEL.attempt]: String(p.attempt) },
    ...podHostname(pod),
    network: p.network,
    dns: p.dns,
    resolvConf: p.resolvConf,
    ports: hostPorts(pod),
    cgroupParent: p.place.cgroupParent,
  };
}

/**
 * Ports with a hostPort are published on the host, as a CNI portmap does; on 127.0.0.1 unless
 * the pod names a hostIP, so a laptop's cluster is not reachable from its network by default.
 */
function hostPorts(pod: ServedPod): PortMapping[] {
  return pod.spec.containers.flatMap((c) =>
    (c.ports ?? [])
      .filter((port) => port.hostPort)
      .map((port) => ({
        containerPort: port.containerPort,
        protocol: (port.protocol ?? 'TCP').toLowerCase() as PortMapping['protocol'],
        hostPort: port.hostPort!,
        hostIP: port.hostIP ?? '127.0.0.1',
      })),
  );
}
