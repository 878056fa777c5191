import type { Writable } from 'node:stream';
import Docker from 'dockerode';
import type {
  AttachOptions,
  ContainerInfo,
  ContainerLogOptions,
  ContainerRuntime,
  ContainerSpec,
  ContainerStats,
  ExecOptions,
  ImageInfo,
  Labels,
  NodeContainer,
  RuntimeVersion,
  SandboxSpec,
  StatsOptions,
  StreamSession,
} from '../container-runtime.js';
import { type CgroupFiles, cgroupFiles } from './cgroup-files.js';
import { containerInfo, containerStats } from './container-info.js';
import { containerCreateOptions, sandboxCreateOptions } from './create-options.js';
import { pull } from './pull.js';
import { attachSession, execSession, writeLogs } from './streams.js';

function statusCode(err: unknown): number | undefined {
  return (err as { statusCode?: number }).statusCode;
}

/**
 * Lets through the answers Docker gives when a container is already as asked: 304 (already
 * started or stopped), 404 (gone), 409 (not running, or being removed).
 */
function ignoring(...codes: number[]): (err: unknown) => void {
  return (err) => {
    if (!codes.includes(statusCode(err) ?? 0)) throw err;
  };
}

function labelFilter(labels: Labels): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

/** What an inspection tells: the container, and where its stats are read from. */
interface Inspected {
  state: string;
  info: ContainerInfo;
  /** HostConfig.CgroupParent; empty for the engine's default. */
  cgroupParent: string;
  /** Not joined to another container's network (a sandbox, a node). */
  ownNetwork: boolean;
}

/** The container runtime on a Docker engine (the host's: every node drives the same one). */
export class DockerRuntime implements ContainerRuntime {
  readonly name = 'docker';
  /**
   * Inspections of containers that ran, by id, with the state they were in: a listing shows
   * the state, and a container is inspected again only when that changed.
   */
  private readonly inspected = new Map<string, Inspected>();
  /** The control plane inspects the containers of any pod; listings evict only what they cover. */
  private static readonly maxInspected = 10_000;

  /** This process's view of the cgroups, looked up at the first stats read. */
  private cgroups?: Promise<{ files?: CgroupFiles; systemd: boolean }>;

  constructor(private readonly docker: Docker) {}

  async runSandbox(spec: SandboxSpec): Promise<string> {
    const id = await this.createNamed(sandboxCreateOptions(spec));
    await this.startContainer(id);
    return id;
  }

  createContainer(spec: ContainerSpec): Promise<string> {
    return this.createNamed(containerCreateOptions(spec));
  }

  private async createNamed(opts: Docker.ContainerCreateOptions): Promise<string> {
    try {
      return (await this.docker.createContainer(opts)).id;
    } catch (err) {
      if (statusCode(err) !== 409 || !opts.name) throw err;
      const existing = this.docker.getContainer(opts.name);
      const info = await existing.inspect().catch(() => undefined);
      if (info?.State.Running) return info.Id;
      await existing.remove({ force: true }).catch(ignoring(404, 409));
      return (await this.docker.createContainer(opts)).id;
    }
  }

  async startContainer(id: string): Promise<void> {
    // Not 409: Docker answers so when the sandbox whose network the container joins is gone.
    await this.docker.getContainer(id).start().catch(ignoring(304));
  }

  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    await this.docker
      .getContainer(id)
      .stop({ t: Math.max(0, Math.ceil(graceSeconds)) })
      .catch(ignoring(304, 404, 409));
  }

  /** Kills first: Docker then releases a sandbox's network endpoint, which a forced removal racing others can leave behind. */
  async removeContainer(id: string): Promise<void> {
    const c = this.docker.getContainer(id);
    await c.kill().catch(ignoring(404, 409));
    await c.remove({ force: true }).catch(ignoring(404, 409));
    this.inspected.delete(id);
  }

  async listContainers(labels: Labels): Promise<ContainerInfo[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: labelFilter(labels) } });
    const listed = new Set(list.map((c) => c.Id));
    for (const [id, { info }] of this.inspected) {
      const matches = Object.entries(labels).every(([k, v]) => info.labels[k] === v);
      if (matches && !listed.has(id)) this.inspected.delete(id);
    }
    const out: ContainerInfo[] = [];
    for (const c of list) {
      const cached = this.inspected.get(c.Id);
      const info = cached?.state === c.State ? cached.info : await this.inspectContainer(c.Id);
      if (info) out.push(info);
    }
    return out;
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    let raw: Docker.ContainerInspectInfo;
    try {
      raw = await this.docker.getContainer(id).inspect();
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw err;
    }
    const info = containerInfo(raw);
    // A created container's start error comes without a change of state: it is never cached.
    if (raw.State.Status !== 'created') {
      if (this.inspected.size >= DockerRuntime.maxInspected) this.inspected.clear();
      this.inspected.set(id, {
        state: raw.State.Status,
        info,
        cgroupParent: raw.HostConfig?.CgroupParent ?? '',
        ownNetwork: !raw.HostConfig?.NetworkMode?.startsWith('container:'),
      });
    }
    return info;
  }

  logs(id: string, opts: ContainerLogOptions, out: Writable, signal?: AbortSignal): Promise<void> {
    return writeLogs(this.docker, id, opts, out, signal);
  }

  exec(id: string, opts: ExecOptions): Promise<StreamSession> {
    return execSession(this.docker, id, opts);
  }

  attach(id: string, opts: AttachOptions): Promise<StreamSession> {
    return attachSession(this.docker, id, opts);
  }

  /**
   * CPU and memory from the container's cgroup files when this process sees them (a node sees its
   * pods', the host every container's); Docker's stats API for the interfaces of a container
   * owning its network, or when the files are not there.
   */
  async stats(id: string, opts: StatsOptions = {}): Promise<ContainerStats> {
    if (!this.inspected.has(id)) await this.inspectContainer(id);
    const c = this.inspected.get(id);
    if (c && !(c.ownNetwork && opts.network !== false)) {
      const { files, systemd } = await (this.cgroups ??= this.lookUpCgroups());
      // Docker's cgroupfs driver puts a container at <parent>/<id>, its systemd driver in a scope.
      const path = systemd
        ? `/${c.cgroupParent || 'system.slice'}/docker-${id}.scope`
        : `${c.cgroupParent || '/docker'}/${id}`;
      const reading = await files?.read(path).catch(() => undefined);
      if (reading) return { timestamp: new Date().toISOString(), ...reading };
    }
    // One reading now, not two a collection apart: callers take CPU rates between their own readings.
    return containerStats(await this.docker.getContainer(id).stats({ stream: false, 'one-shot': true }));
  }

  private async lookUpCgroups(): Promise<{ files?: CgroupFiles; systemd: boolean }> {
    const [files, engine] = await Promise.all([cgroupFiles(), this.docker.info().catch(() => undefined)]);
    return { files, systemd: engine?.CgroupDriver === 'systemd' };
  }

  async createMemoryVolume(name: string, opts: { sizeBytes?: number; labels: Labels }): Promise<void> {
    const size = opts.sizeBytes !== undefined ? `,size=${Math.floor(opts.sizeBytes)}` : '';
    await this.docker.createVolume({
      Name: name,
      Driver: 'local',
      DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: `mode=1777${size}` },
      Labels: opts.labels,
    });
  }

  async removeVolumes(labels: Labels): Promise<void> {
    const { Volumes } = await this.docker.listVolumes({ filters: { label: labelFilter(labels) } });
    for (const v of Volumes ?? []) await this.docker.getVolume(v.Name).remove().catch(ignoring(404, 409));
  }

  async imageStatus(ref: string): Promise<ImageInfo | undefined> {
    try {
      const info = await this.docker.getImage(ref).inspect();
      return {
        id: info.Id,
        repoDigests: info.RepoDigests ?? [],
        user: info.Config?.User ?? '',
        size: info.Size,
      };
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw err;
    }
  }

  pullImage(ref: string, timeoutMs: number): Promise<void> {
    return pull(this.docker, ref, timeoutMs);
  }

  async version(): Promise<RuntimeVersion> {
    const [version, info] = await Promise.all([this.docker.version(), this.docker.info()]);
    return { version: version.Version, osImage: info.OperatingSystem ?? 'Linux' };
  }

  async nodeContainer(name: string): Promise<NodeContainer | undefined> {
    const [self, engine] = await Promise.all([
      this.docker
        .getContainer(name)
        .inspect()
        .catch(() => undefined),
      this.docker.info(),
    ]);
    if (!self) return undefined;
    const networks: Record<string, string> = {};
    for (const [net, ep] of Object.entries(self.NetworkSettings?.Networks ?? {}))
      if (ep.IPAddress) networks[net] = ep.IPAddress;
    return {
      networks,
      cpu: self.HostConfig?.NanoCpus ? self.HostConfig.NanoCpus / 1e9 : undefined,
      memory: self.HostConfig?.Memory || undefined,
      binds: (self.Mounts ?? [])
        .filter((m) => m.Type === 'bind')
        .map((m) => ({ source: m.Source, target: m.Destination })),
      rootDir: (self.GraphDriver?.Data as Record<string, string> | undefined)?.MergedDir,
      // With the cgroupfs driver a container's cgroup is /docker/<id>; systemd names slices otherwise.
      cgroupParent: engine.CgroupDriver !== 'systemd' ? `/docker/${self.Id}` : undefined,
    };
  }
}

/** The container runtime of this host's Docker engine (DOCKER_HOST, else its default socket). */
export function hostContainerRuntime(): ContainerRuntime {
  return new DockerRuntime(new Docker());
}
