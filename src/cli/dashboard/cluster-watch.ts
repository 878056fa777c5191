import {
  CRON_JOBS,
  DAEMON_SETS,
  DEPLOYMENTS,
  EVENTS,
  HORIZONTAL_POD_AUTOSCALERS,
  INGRESSES,
  JOBS,
  type KindDef,
  NAMESPACES,
  NODE_METRICS,
  NODES,
  type Node,
  type NodeMetrics,
  PODS,
  SERVICES,
  STATEFUL_SETS,
} from '../../api/kinds/index.js';
import { exactQuantity, milliValue, scaledValue } from '../../api/schema/quantity.js';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import {
  apiServerUptime,
  type HealthSummary,
  scrapeCluster,
  summarize,
} from '../../client/health-summary.js';
import type { Informer } from '../../client/informer.js';
import { InformerFactory } from '../../client/informer-factory.js';
import { slimObject } from './slim.js';

/** The kinds the dashboard shows, each listed and watched once over every namespace. */
export const WATCHED = {
  nodes: NODES,
  pods: PODS,
  deployments: DEPLOYMENTS,
  statefulSets: STATEFUL_SETS,
  daemonSets: DAEMON_SETS,
  jobs: JOBS,
  cronJobs: CRON_JOBS,
  hpas: HORIZONTAL_POD_AUTOSCALERS,
  services: SERVICES,
  ingresses: INGRESSES,
  events: EVENTS,
  namespaces: NAMESPACES,
} satisfies Record<string, KindDef>;

export type WatchedKind = keyof typeof WATCHED;

/** What a view is made of: watched kinds, node usage, the server's /metrics. */
export type Source = WatchedKind | 'usage' | 'metrics';

export interface Connection {
  state: 'connecting' | 'connected' | 'lost';
  /** Why the last health check failed. */
  error?: string;
}

export interface NodeUsage {
  cpuMilli: number;
  memoryBytes: number;
}

export interface ClusterWatchOptions {
  /** How often /readyz is asked: how soon a lost API server shows. */
  healthMs?: number;
  /** How often node usage is read (the metrics API serves lists, no watch). */
  usageMs?: number;
  /**
   * How often /metrics (the API server's and each node's) is read while someone looks at it: as
   * often as node usage (metrics-server's resolution). The figures cover the API server's life
   * and move slowly, and each read parses some hundreds of KB of text, the health view's main
   * idle cost.
   */
  metricsMs?: number;
  /** Change notifications are batched over this long, so a burst of events is one render. */
  batchMs?: number;
}

/** A quantity (`250m`, `1Gi`) in millis or units; undefined when it is not one. */
export function quantity(q: unknown, milli: boolean): number | undefined {
  const e = exactQuantity(q);
  if (!e) return undefined;
  return milli ? milliValue(e) : Number(scaledValue(e, 0));
}

/** Watch lags kept, the newest; a longer one is an event from before a reconnect, not a lag. */
const LAG_SAMPLES = 256;
const MAX_LAG_MS = 60_000;

/**
 * What the dashboard shows, kept live: the informers of the watched kinds (the shared list+watch
 * cache over HTTPS), the API server's health and version, node usage from metrics.k8s.io and the
 * server's /metrics. Listeners hear of changes at most once per batch.
 */
export class ClusterWatch {
  readonly informers: InformerFactory;
  connection: Connection = { state: 'connecting' };
  version?: string;
  nodeUsage = new Map<string, NodeUsage>();
  /** The figures of the API server's and the node agents' /metrics; undefined: not read yet. */
  health?: HealthSummary;
  /** Why the last read of /metrics failed. */
  metricsError?: string;
  readonly watchLagMs: number[] = [];
  /** Go up with every change of a source: what was computed from older ones is stale. */
  private readonly generations = new Map<Source, number>();
  private readonly listeners = new Set<() => void>();
  private readonly timers: NodeJS.Timeout[] = [];
  private pending?: NodeJS.Timeout;
  private metricsWanted = false;
  /** A scrape of /metrics under way: a slow node must not pile scrapes up. */
  private scraping = false;
  private stopped = false;

  constructor(
    readonly client: Client,
    private readonly opts: ClusterWatchOptions = {},
  ) {
    this.informers = new InformerFactory(client, {
      relistInitialMs: 250,
      relistMaxMs: 2000,
      transform: slimObject,
    });
    for (const [kind, def] of Object.entries(WATCHED) as [WatchedKind, KindDef][]) {
      const informer = this.informers.for(def);
      informer.addHandler({
        add: (obj) => {
          if (kind === 'events' && informer.hasSynced()) this.observeLag(obj);
          this.changed(kind);
        },
        update: () => this.changed(kind),
        delete: () => this.changed(kind),
      });
    }
  }

  informer<K extends WatchedKind>(kind: K): Informer<KubeObject> {
    return this.informers.for(WATCHED[kind]);
  }

  start(): void {
    this.informers.start();
    void this.checkHealth();
    void this.readUsage();
    this.timers.push(setInterval(() => void this.checkHealth(), this.opts.healthMs ?? 2000));
    this.timers.push(setInterval(() => void this.readUsage(), this.opts.usageMs ?? 15_000));
    this.timers.push(
      setInterval(() => this.metricsWanted && void this.readMetrics(), this.opts.metricsMs ?? 15_000),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.pending);
    await this.informers.stop();
  }

  /** Reads /metrics now and then every few seconds, while `on`; the health view asks for it. */
  wantMetrics(on: boolean): void {
    if (on && !this.metricsWanted) void this.readMetrics();
    this.metricsWanted = on;
  }

  synced(): boolean {
    return this.informers.all().every((i) => i.hasSynced());
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A mark that changes whenever one of the sources does. */
  generationOf(sources: readonly Source[]): string {
    return sources.map((s) => this.generations.get(s) ?? 0).join('.');
  }

  private changed(source?: Source): void {
    if (source) this.generations.set(source, (this.generations.get(source) ?? 0) + 1);
    if (this.pending || this.stopped) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      for (const l of this.listeners) l();
    }, this.opts.batchMs ?? 50);
  }

  /**
   * An event's name ends in the time its recorder made it, in hex nanoseconds (as Kubernetes
   * names events): its arrival here, less that, is how long the write and the watch took.
   */
  private observeLag(event: KubeObject): void {
    const suffix = /\.([0-9a-f]{12,})$/.exec(event.metadata.name ?? '')?.[1];
    if (!suffix) return;
    const lag = Date.now() - Number(BigInt(`0x${suffix}`) / 1_000_000n);
    if (lag < 0 || lag > MAX_LAG_MS) return;
    this.watchLagMs.push(lag);
    if (this.watchLagMs.length > LAG_SAMPLES) this.watchLagMs.shift();
  }

  private async checkHealth(): Promise<void> {
    try {
      const res = await this.client.raw('GET', '/readyz', { accept: 'text/plain', timeoutMs: 1500 });
      if (res.status !== 200) throw new Error(`/readyz answered ${res.status}`);
      if (!this.version) {
        const v = await this.client.request<{ gitVersion?: string }>('GET', '/version', { timeoutMs: 1500 });
        this.version = v.gitVersion;
      }
      this.setConnection({ state: 'connected' });
    } catch (err) {
      this.setConnection({ state: 'lost', error: (err as Error).message });
    }
  }

  private setConnection(c: Connection): void {
    if (c.state === this.connection.state && c.error === this.connection.error) return;
    this.connection = c;
    this.changed();
  }

  private async readUsage(): Promise<void> {
    try {
      const list = await this.client.list<NodeMetrics>(NODE_METRICS, {});
      this.nodeUsage = new Map(
        list.items.map((m) => [
          m.metadata.name ?? '',
          {
            cpuMilli: quantity(m.usage?.cpu, true) ?? 0,
            memoryBytes: quantity(m.usage?.memory, false) ?? 0,
          },
        ]),
      );
      this.changed('usage');
    } catch {
      // No metrics API (or no connection, which the health check reports): the bars say n/a.
    }
  }

  private async readMetrics(): Promise<void> {
    if (this.scraping) return;
    this.scraping = true;
    try {
      const samples = await scrapeCluster(this.client, this.informer('nodes').list() as Node[]);
      this.health = summarize(samples, apiServerUptime(samples.api));
      this.metricsError = undefined;
    } catch (err) {
      // The figures last read stay, and the view says why they are not new.
      this.metricsError = (err as Error).message;
    } finally {
      this.scraping = false;
    }
    this.changed('metrics');
  }
}
