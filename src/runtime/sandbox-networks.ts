import type { ContainerInfo, ContainerRuntime, ContainerStats } from './container-runtime.js';

/** Docker answers a stats request on its next collection, about a second away: reads go in parallel. */
const READS_AT_ONCE = 32;

/** A sandbox's interfaces, as read at `timestamp`. */
export type NetworkReading = Pick<ContainerStats, 'timestamp' | 'networks'>;

/** Reads containers' stats, READS_AT_ONCE at a time; a container that could not be read is undefined. */
export async function readStats(
  runtime: Pick<ContainerRuntime, 'stats'>,
  containers: ContainerInfo[],
  opts: { network: boolean },
): Promise<(ContainerStats | undefined)[]> {
  const out: (ContainerStats | undefined)[] = [];
  for (let i = 0; i < containers.length; i += READS_AT_ONCE)
    out.push(
      ...(await Promise.all(
        containers.slice(i, i + READS_AT_ONCE).map((c) => runtime.stats(c.id, opts).catch(() => undefined)),
      )),
    );
  return out;
}

/**
 * The bytes through each pod sandbox's interfaces, which only the runtime's slow stats API gives
 * (a pod's own cgroup files count no network). A scrape is answered from the last reading of
 * each sandbox, stamped with when it was taken as cAdvisor stamps its samples, and starts the
 * next reading; it waits only for sandboxes never read yet. Nothing is read between scrapes.
 */
export class SandboxNetworks {
  private readonly readings = new Map<string, NetworkReading>();
  private reading?: Promise<void>;

  constructor(private readonly runtime: Pick<ContainerRuntime, 'stats'>) {}

  /** The last reading of each of these sandboxes that could be read; forgets the others. */
  async of(sandboxes: ContainerInfo[]): Promise<Map<string, NetworkReading>> {
    const ids = new Set(sandboxes.map((s) => s.id));
    for (const id of this.readings.keys()) if (!ids.has(id)) this.readings.delete(id);
    this.reading ??= this.read(sandboxes).finally(() => {
      this.reading = undefined;
    });
    if (sandboxes.some((s) => !this.readings.has(s.id))) await this.reading;
    return new Map([...this.readings].filter(([id]) => ids.has(id)));
  }

  private async read(sandboxes: ContainerInfo[]): Promise<void> {
    const stats = await readStats(this.runtime, sandboxes, { network: true });
    sandboxes.forEach((s, i) => {
      const r = stats[i];
      if (r?.networks) this.readings.set(s.id, { timestamp: r.timestamp, networks: r.networks });
    });
  }
}
