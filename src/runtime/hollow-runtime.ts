/**
 * A container runtime that runs nothing, for hollow nodes (Kubernetes' kubemark): sandboxes and
 * containers are records in memory that the real node agent creates, starts, stops and removes
 * as it would Docker's, so the control plane sees nodes and pods behave as real ones do without
 * a process behind them. A hollow container runs until the agent stops it; its output is empty,
 * its stats zero, and a command run in it ends at once with exit code 0.
 */
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type {
  ContainerInfo,
  ContainerRuntime,
  ContainerSpec,
  ContainerStats,
  ImageInfo,
  Labels,
  NodeContainer,
  RuntimeVersion,
  SandboxSpec,
  StreamSession,
} from './container-runtime.js';

/** What a hollow node claims to be: a modest machine, by default. */
export interface HollowMachine {
  cpu: number;
  memory: number;
  /** The node's address. */
  address: string;
}

/**
 * Pod addresses of hollow nodes come from loopback (127.128.0.0/9): no real container holds
 * one, and nothing sent to one (a probe, a Service's traffic) ever leaves the machine.
 */
export class HollowAddresses {
  private next = 0;

  take(): string {
    const n = (this.next++ % (2 ** 23 - 2)) + 1;
    return `127.${128 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
  }
}

interface Held extends ContainerInfo {
  name: string;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const imageIdOf = (ref: string) => `sha256:${createHash('sha256').update(ref).digest('hex')}`;

function endedSession(): StreamSession {
  return {
    stdin: new PassThrough(),
    stdout: Readable.from([]),
    stderr: Readable.from([]),
    resize: () => {},
    close: () => {},
    exitCode: Promise.resolve(0),
  };
}

export class HollowRuntime implements ContainerRuntime {
  readonly name = 'hollow';
  private readonly held = new Map<string, Held>();
  private ids = 0;

  constructor(
    private readonly machine: HollowMachine,
    private readonly addresses: HollowAddresses,
  ) {}

  private byName(name: string): Held | undefined {
    for (const c of this.held.values()) if (c.name === name) return c;
    return undefined;
  }

  private add(name: string, labels: Labels, image: string, state: Held['state'], ip?: string): string {
    const id = `hollow${(++this.ids).toString(16).padStart(12, '0')}`;
    const started = state === 'running' ? now() : undefined;
    this.held.set(id, {
      id,
      name,
      labels: { ...labels },
      state,
      exitCode: 0,
      oomKilled: false,
      error: '',
      startedAt: started,
      imageId: imageIdOf(image),
      ip,
    });
    return id;
  }

  async runSandbox(spec: SandboxSpec): Promise<string> {
    const existing = this.byName(spec.name);
    if (existing?.state === 'running') return existing.id;
    if (existing) this.held.delete(existing.id);
    return this.add(spec.name, spec.labels, spec.image, 'running', this.addresses.take());
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const existing = this.byName(spec.name);
    if (existing?.state === 'running') return existing.id;
    if (existing) this.held.delete(existing.id);
    return this.add(spec.name, spec.labels, spec.image, 'created');
  }

  async startContainer(id: string): Promise<void> {
    const c = this.held.get(id);
    if (!c || c.state === 'running') return;
    c.state = 'running';
    c.startedAt = now();
  }

  /** A hollow process heeds SIGTERM at once (exit 143), unless it is killed right away (137). */
  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    const c = this.held.get(id);
    if (c?.state !== 'running') return;
    c.state = 'exited';
    c.exitCode = graceSeconds > 0 ? 143 : 137;
    c.finishedAt = now();
  }

  async removeContainer(id: string): Promise<void> {
    this.held.delete(id);
  }

  async listContainers(labels: Labels): Promise<ContainerInfo[]> {
    const wanted = Object.entries(labels);
    return [...this.held.values()]
      .filter((c) => wanted.every(([k, v]) => c.labels[k] === v))
      .map(({ name: _name, ...info }) => ({ ...info, labels: { ...info.labels } }));
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    const c = this.held.get(id);
    if (!c) return undefined;
    const { name: _name, ...info } = c;
    return { ...info, labels: { ...info.labels } };
  }

  async logs(): Promise<void> {}

  async exec(): Promise<StreamSession> {
    return endedSession();
  }

  async attach(): Promise<StreamSession> {
    return endedSession();
  }

  async stats(): Promise<ContainerStats> {
    return { timestamp: now(), cpuUsageCoreNanoSeconds: 0, memoryUsageBytes: 0, memoryWorkingSetBytes: 0 };
  }

  async createMemoryVolume(): Promise<void> {}

  async removeVolumes(): Promise<void> {}

  /** Every image is present: a hollow node pulls nothing. */
  async imageStatus(ref: string): Promise<ImageInfo | undefined> {
    return { id: ref.startsWith('sha256:') ? ref : imageIdOf(ref), repoDigests: [] };
  }

  async pullImage(): Promise<void> {}

  async version(): Promise<RuntimeVersion> {
    return { version: '0.1.0', osImage: 'minik8s hollow node' };
  }

  async nodeContainer(): Promise<NodeContainer> {
    const { cpu, memory, address } = this.machine;
    return { networks: { hollow: address }, cpu, memory, binds: [] };
  }
}
