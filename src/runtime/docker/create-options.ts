import type Docker from 'dockerode';
import type { ContainerSecurity, ContainerSpec, Mount, SandboxSpec } from '../container-runtime.js';

/** Docker's json-file driver, rotated, so a chatty container cannot fill the disk. */
function logConfig(maxSize: string, maxFiles?: number): Docker.HostConfig['LogConfig'] {
  return {
    Type: 'json-file',
    Config: { 'max-size': maxSize, ...(maxFiles ? { 'max-file': String(maxFiles) } : {}) },
  };
}

function bind(m: Mount): string {
  return `${m.source}:${m.containerPath}${m.readOnly ? ':ro' : ''}`;
}

/** A sandbox is a container on the cluster network whose IPC namespace others may join. */
export function sandboxCreateOptions(s: SandboxSpec): Docker.ContainerCreateOptions {
  const published: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of s.ports) {
    (published[`${p.containerPort}/${p.protocol}`] ??= []).push({
      HostIp: p.hostIP,
      HostPort: String(p.hostPort),
    });
  }
  return {
    name: s.name,
    Image: s.image,
    Entrypoint: s.command,
    Cmd: [],
    Hostname: s.hostname,
    Domainname: s.domain,
    Labels: s.labels,
    ExposedPorts: Object.fromEntries(Object.keys(published).map((k) => [k, {}])),
    HostConfig: {
      PortBindings: published,
      NetworkMode: s.network,
      IpcMode: 'shareable',
      // The node's NetworkPolicy agent writes the pod's filter rules by a command run in the
      // sandbox; the pod's containers join the namespace without this capability.
      CapAdd: ['NET_ADMIN'],
      CgroupParent: s.cgroupParent,
      ...(s.resolvConf
        ? { Binds: [`${s.resolvConf}:/etc/resolv.conf`] }
        : {
            Dns: s.dns.servers.length ? s.dns.servers : undefined,
            DnsSearch: s.dns.searches.length ? s.dns.searches : undefined,
            DnsOptions: s.dns.options.length ? s.dns.options : undefined,
          }),
      RestartPolicy: { Name: 'no' },
      LogConfig: logConfig('1m'),
    },
  };
}

function securityOptions(s: ContainerSecurity): Partial<Docker.HostConfig> {
  const opts: string[] = [];
  if (s.noNewPrivileges) opts.push('no-new-privileges');
  if (s.seccompUnconfined) opts.push('seccomp=unconfined');
  return {
    Privileged: s.privileged,
    ReadonlyRootfs: s.readOnlyRootFilesystem || undefined,
    CapAdd: s.capAdd?.length ? s.capAdd : undefined,
    CapDrop: s.capDrop?.length ? s.capDrop : undefined,
    SecurityOpt: opts.length ? opts : undefined,
    GroupAdd: s.groups?.length ? s.groups.map(String) : undefined,
  };
}

/** A container joined to its sandbox's network and IPC namespaces (`--network container:<id>`). */
export function containerCreateOptions(s: ContainerSpec): Docker.ContainerCreateOptions {
  const sandbox = `container:${s.sandboxId}`;
  const { memoryLimitBytes: memory, cpuLimit, cpuShares } = s.resources;
  const opts: Docker.ContainerCreateOptions = {
    name: s.name,
    Image: s.image,
    Env: Object.entries(s.env).map(([k, v]) => `${k}=${v}`),
    Labels: s.labels,
    Tty: s.tty,
    OpenStdin: s.stdin,
    StdinOnce: s.stdinOnce,
    HostConfig: {
      NetworkMode: sandbox,
      IpcMode: sandbox,
      PidMode: s.sharePid ? sandbox : undefined,
      CgroupParent: s.cgroupParent,
      Binds: s.mounts.map(bind),
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: cpuLimit !== undefined ? Math.round(cpuLimit * 1e9) : undefined,
      CpuShares: cpuShares,
      ...securityOptions(s.security),
      RestartPolicy: { Name: 'no' },
      LogConfig: logConfig('10m', 2),
    },
  };
  if (s.command) opts.Entrypoint = s.command;
  if (s.args) opts.Cmd = s.args;
  else if (s.command) opts.Cmd = [];
  if (s.workingDir) opts.WorkingDir = s.workingDir;
  if (s.user) opts.User = s.user;
  return opts;
}
