import { createHash } from 'node:crypto';
import path from 'node:path';
import type Docker from 'dockerode';
import { expand } from './env.js';
import { ConfigError } from './inputs.js';
import { LABEL, SANDBOX, testLabels } from './labels.js';
import type { Container, Pod } from './pod.js';
import { parseQuantity } from './quantity.js';
import type { PreparedVolume } from './volumes.js';

export interface PodPlacement {
  cluster: string;
  nodeName: string;
  /** The node container's cgroup, e.g. /docker/<id>: bounds every pod of the node. */
  cgroupParent?: string;
}

/** Docker names: k8s_<container>_<pod>_<namespace>_<uid>_<attempt>, as dockershim named them. */
export function containerName(pod: Pod, container: string, attempt: number): string {
  return `k8s_${container}_${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_${attempt}`;
}

export function podLabels(pod: Pod, place: PodPlacement, container: string): Record<string, string> {
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
  return createHash('sha256').update(c.image).digest('hex').slice(0, 16);
}

function binds(c: Container, volumes: Map<string, PreparedVolume>): string[] {
  const out: string[] = [];
  for (const m of c.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) throw new ConfigError(`cannot find volume "${m.name}" to mount into container "${c.name}"`);
    let source = v.source;
    if (m.subPath && !v.dockerVolume) source = path.join(source, m.subPath);
    const ro = m.readOnly || v.readOnly ? ':ro' : '';
    out.push(`${source}:${m.mountPath}${ro}`);
  }
  return out;
}

export interface ContainerPlan {
  pod: Pod;
  container: Container;
  kind: 'init' | 'app';
  attempt: number;
  sandboxId: string;
  env: Record<string, string>;
  volumes: Map<string, PreparedVolume>;
  place: PodPlacement;
}

/** The Docker create options of one run of a spec container, joined to the pod's sandbox. */
export function containerOptions(p: ContainerPlan): Docker.ContainerCreateOptions {
  const { pod, container: c } = p;
  const limits = c.resources?.limits ?? {};
  const requests = c.resources?.requests ?? {};
  const memory = limits.memory !== undefined ? Math.floor(parseQuantity(limits.memory)) : undefined;
  const cpu = limits.cpu !== undefined ? parseQuantity(limits.cpu) : undefined;
  const cpuRequest = requests.cpu ?? limits.cpu;
  const runAsUser = c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser;
  const runAsGroup = c.securityContext?.runAsGroup ?? pod.spec.securityContext?.runAsGroup;
  const user =
    runAsUser !== undefined ? `${runAsUser}${runAsGroup !== undefined ? `:${runAsGroup}` : ''}` : undefined;
  const sandbox = `container:${p.sandboxId}`;
  const opts: Docker.ContainerCreateOptions = {
    name: containerName(pod, c.name, p.attempt),
    Image: c.image,
    Env: Object.entries(p.env).map(([k, v]) => `${k}=${v}`),
    Labels: {
      ...podLabels(pod, p.place, c.name),
      [LABEL.kind]: p.kind,
      [LABEL.attempt]: String(p.attempt),
      [LABEL.hash]: specHash(c),
    },
    Tty: !!c.tty,
    OpenStdin: !!c.stdin,
    StdinOnce: !!c.stdinOnce,
    HostConfig: {
      NetworkMode: sandbox,
      IpcMode: sandbox,
      PidMode: pod.spec.shareProcessNamespace ? sandbox : undefined,
      CgroupParent: p.place.cgroupParent,
      Binds: binds(c, p.volumes),
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: cpu !== undefined ? Math.round(cpu * 1e9) : undefined,
      CpuShares:
        cpuRequest !== undefined ? Math.max(2, Math.round(parseQuantity(cpuRequest) * 1024)) : undefined,
      Privileged: !!c.securityContext?.privileged,
      RestartPolicy: { Name: 'no' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
    },
  };
  if (c.command) opts.Entrypoint = c.command.map((s) => expand(s, p.env));
  if (c.args) opts.Cmd = c.args.map((s) => expand(s, p.env));
  else if (c.command) opts.Cmd = [];
  if (c.workingDir) opts.WorkingDir = c.workingDir;
  if (user) opts.User = user;
  return opts;
}

export interface SandboxPlan {
  pod: Pod;
  attempt: number;
  image: string;
  command: string[];
  network: string;
  clusterDNS?: string;
  place: PodPlacement;
}

/** The pause container: holds the pod's network and IPC namespaces, IP, hostname and DNS. */
export function sandboxOptions(p: SandboxPlan): Docker.ContainerCreateOptions {
  const { pod } = p;
  const ns = pod.metadata.namespace;
  const hostname = (pod.spec.hostname ?? pod.metadata.name).slice(0, 63).replace(/[.-]+$/, '');
  const published = hostPorts(pod);
  return {
    name: containerName(pod, SANDBOX, p.attempt),
    Image: p.image,
    Entrypoint: p.command,
    Cmd: [],
    Hostname: hostname,
    Domainname: pod.spec.subdomain ? `${pod.spec.subdomain}.${ns}.svc.cluster.local` : undefined,
    Labels: { ...podLabels(pod, p.place, SANDBOX), [LABEL.attempt]: String(p.attempt) },
    ExposedPorts: Object.fromEntries(Object.keys(published).map((k) => [k, {}])),
    HostConfig: {
      PortBindings: published,
      NetworkMode: p.network,
      IpcMode: 'shareable',
      CgroupParent: p.place.cgroupParent,
      Dns: p.clusterDNS ? [p.clusterDNS] : undefined,
      DnsSearch: [`${ns}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'],
      DnsOptions: ['ndots:5'],
      RestartPolicy: { Name: 'no' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
    },
  };
}

/**
 * Ports with a hostPort are published on the host, as a CNI portmap does; on 127.0.0.1 unless
 * the pod names a hostIP, so a laptop's cluster is not reachable from its network by default.
 */
function hostPorts(pod: Pod): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const c of pod.spec.containers) {
    for (const port of c.ports ?? []) {
      if (!port.hostPort) continue;
      const key = `${port.containerPort}/${(port.protocol ?? 'TCP').toLowerCase()}`;
      (out[key] ??= []).push({ HostIp: port.hostIP ?? '127.0.0.1', HostPort: String(port.hostPort) });
    }
  }
  return out;
}
