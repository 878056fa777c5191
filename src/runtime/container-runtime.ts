import type { Readable, Writable } from 'node:stream';
import type { LogOptions } from '../api/subresources.js';

/**
 * What the node agent and the control plane need of a container engine, in its own terms
 * (Docker is one implementation, see ./docker). A pod is a sandbox holding the pod's network
 * and IP, plus containers joined to it. A sandbox is listed, stopped and removed like a
 * container; its `ip` is the pod's IP. Calls on a container that is already gone, or already
 * in the state asked for, succeed.
 */
export interface ContainerRuntime {
  /** The runtime's type (docker, containerd, ...): pod status shows container ids as <name>://<id>. */
  readonly name: string;
  /** Creates and starts a pod sandbox; a running one of the same name is kept. Its id. */
  runSandbox(spec: SandboxSpec): Promise<string>;
  /**
   * Creates a container. A stopped one of the same name is replaced; a running one is what this
   * call would have made, so it is kept. Its id.
   */
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM, then SIGKILL after graceSeconds (0: at once). */
  stopContainer(id: string, graceSeconds: number): Promise<void>;
  /** Removes a container, killing it first if it runs. */
  removeContainer(id: string): Promise<void>;
  /** Every container, of any state, carrying all of these labels. */
  listContainers(labels: Labels): Promise<ContainerInfo[]>;
  inspectContainer(id: string): Promise<ContainerInfo | undefined>;
  /**
   * Writes a container's output (stdout and stderr interleaved) to `out`, which it does not end.
   * With follow, it resolves when the container stops or `signal` aborts.
   */
  logs(id: string, opts: ContainerLogOptions, out: Writable, signal?: AbortSignal): Promise<void>;
  /** Runs a command in a running container. */
  exec(id: string, opts: ExecOptions): Promise<StreamSession>;
  /** Connects to the standard streams of a running container's main process. */
  attach(id: string, opts: AttachOptions): Promise<StreamSession>;
  /** One reading of a running container's resource use. */
  stats(id: string, opts?: StatsOptions): Promise<ContainerStats>;

  /** A volume in memory (tmpfs) that the containers of a pod can share. */
  createMemoryVolume(name: string, opts: { sizeBytes?: number; labels: Labels }): Promise<void>;
  /** Removes every volume carrying all of these labels. */
  removeVolumes(labels: Labels): Promise<void>;

  /** An image by reference or id, when present. */
  imageStatus(ref: string): Promise<ImageInfo | undefined>;
  /** Pulls an image from its registry; fails after timeoutMs. */
  pullImage(ref: string, timeoutMs: number): Promise<void>;

  /** The runtime's version and the host's OS, for the Node's nodeInfo. */
  version(): Promise<RuntimeVersion>;
  /** The container a node runs in, when the node is one of this runtime's containers (minik8s's are). */
  nodeContainer(name: string): Promise<NodeContainer | undefined>;
}

export type Labels = Record<string, string>;

/** A container's state, as the Container Runtime Interface names them. */
export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

/** One container as the runtime sees it. Times are RFC 3339 in seconds, absent for "never". */
export interface ContainerInfo {
  id: string;
  labels: Labels;
  state: ContainerState;
  exitCode: number;
  /** Killed by the kernel for using more memory than its limit. */
  oomKilled: boolean;
  /** Why it could not start; empty when it could. */
  error: string;
  startedAt?: string;
  finishedAt?: string;
  /** The id of the image it runs. */
  imageId: string;
  /** Its address on the network it joined: a sandbox's is the pod's IP. */
  ip?: string;
}

export interface SandboxSpec {
  name: string;
  image: string;
  /** What keeps the sandbox alive (the pause process). */
  command: string[];
  labels: Labels;
  hostname: string;
  /** The domain of the pod's own DNS name, when the pod has a subdomain. */
  domain?: string;
  /** The network the sandbox joins and takes the pod's IP on. */
  network: string;
  /** Additions to the node's resolver settings (Docker's default); an empty list keeps the node's. */
  dns: { servers: string[]; searches: string[]; options: string[] };
  /** A host file that is the pod's whole resolv.conf, in place of the node's settings. */
  resolvConf?: string;
  ports: PortMapping[];
  /** The cgroup that bounds the sandbox (the node's). */
  cgroupParent?: string;
}

/** A port of the pod published on the host. */
export interface PortMapping {
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  hostPort: number;
  hostIP: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  /**
   * Replaces the image's entrypoint; given without args, the image's arguments are dropped too,
   * as Kubernetes' `command` does.
   */
  command?: string[];
  /** Replaces the image's arguments. */
  args?: string[];
  env: Record<string, string>;
  workingDir?: string;
  /** uid, or uid:gid. */
  user?: string;
  labels: Labels;
  tty: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  /** The sandbox whose network and IPC namespaces the container joins. */
  sandboxId: string;
  /** Joins the sandbox's process namespace too (shareProcessNamespace). */
  sharePid: boolean;
  mounts: Mount[];
  resources: ContainerResources;
  security: ContainerSecurity;
  cgroupParent?: string;
}

/** What a container may do, from its securityContext; what is absent is the runtime's default. */
export interface ContainerSecurity {
  /** All devices and capabilities, no seccomp or AppArmor confinement. */
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  /** Capability names without the CAP_ prefix, as Kubernetes writes them; "ALL" for every one. */
  capAdd?: string[];
  capDrop?: string[];
  /** no_new_privs: setuid binaries and file capabilities grant nothing. */
  noNewPrivileges?: boolean;
  /** Without the runtime's default seccomp profile. */
  seccompUnconfined?: boolean;
  /** Supplementary group ids of the container's process. */
  groups?: number[];
}

export interface Mount {
  /** A host path, or a volume made by createMemoryVolume. */
  type: 'bind' | 'volume';
  source: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ContainerResources {
  memoryLimitBytes?: number;
  /** CPU cores the container may use at most (a fraction is fine). */
  cpuLimit?: number;
  /** Relative CPU weight under contention, from the CPU request (1024 per core). */
  cpuShares?: number;
}

/**
 * pods/log's options less the two that choose what to read (which container, which of its
 * runs): those are the pod's business (streamPodLogs), the runtime is handed one container.
 */
export type ContainerLogOptions = Omit<LogOptions, 'container' | 'previous'>;

export interface ExecOptions {
  command: string[];
  stdin: boolean;
  tty: boolean;
}

export interface AttachOptions {
  stdin: boolean;
}

/** The streams of an exec or attach. With a terminal, all output comes on stdout. */
export interface StreamSession {
  stdin: Writable | undefined;
  stdout: Readable;
  stderr: Readable;
  resize(width: number, height: number): void;
  /** Detaches: the streams end, the command or container runs on. */
  close(): void;
  /**
   * The exit code of the command (exec) or of the container (attach) once the streams ended;
   * 0 for a container still running (detached by close() or by the end of its attached stdin).
   */
  exitCode: Promise<number>;
}

export interface StatsOptions {
  /**
   * false: without the interfaces of a container owning its network namespace, which an engine
   * may give only slowly (Docker: its stats API) where CPU and memory are a file read away.
   */
  network?: boolean;
}

/** One sample of a container's resource use, in the kubelet summary API's terms. */
export interface ContainerStats {
  /** When it was taken, RFC 3339. */
  timestamp: string;
  /** CPU time used since the container started. */
  cpuUsageCoreNanoSeconds: number;
  memoryUsageBytes: number;
  /** Memory use less the page cache the kernel may reclaim: what limits and evictions count. */
  memoryWorkingSetBytes: number;
  /** Bytes through each interface of the network namespace it owns (a sandbox's); absent for a joined one. */
  networks?: { name: string; rxBytes: number; txBytes: number }[];
}

export interface ImageInfo {
  id: string;
  /** The user the image runs as (Docker's `User`: name or uid, optionally `:group`); empty for root. */
  user?: string;
  /** repository@sha256:... for each registry the image was pulled from. */
  repoDigests: string[];
  /** Bytes, as `Image size` in the kubelet's Pulled event. */
  size?: number;
}

export interface RuntimeVersion {
  version: string;
  /** The host's operating system, as the Node's osImage shows it. */
  osImage: string;
}

export interface NodeContainer {
  /** The node's address on each network it joined, by network name. */
  networks: Record<string, string>;
  /** CPU cores and memory bytes the node container may use, when limited. */
  cpu?: number;
  memory?: number;
  /** Host folders mounted into the node. */
  binds: { source: string; target: string }[];
  /** The node's root filesystem as a host path the runtime can mount, when the runtime's storage has one. */
  rootDir?: string;
  /** The cgroup bounding the node: pods go under it so the node's limits bound them. */
  cgroupParent?: string;
}
