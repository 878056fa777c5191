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
 * The bytes through the interfaces of each container holding a network (a pod's sandbox, the
 * node), which only the runtime's slow stats API gives (no cgroup file counts them). A scrape is
 * answered from the last reading of each, stamped with when it was taken as cAdvisor stamps its
 * samples, and starts the next reading when one is older than `maxAgeMs` (the kubelet's
 * housekeeping interval, after which cAdvisor reads again); it waits only for containers never
 * read yet or read more than two intervals ago. Nothing is read between scrapes.
 */
export class SandboxNetworks {
  private readonly readings = new Map<string, NetworkReading & { readAt: number }>();
  private reading?: Promise<void>;

  constructor(
    private readonly runtime: Pick<ContainerRuntime, 'stats'>,
    private readonly maxAgeMs = 0,
  ) {}

  /** The last reading of each of these containers that could be read; forgets the others. */
  async of(holders: ContainerInfo[]): Promise<Map<string, NetworkReading>> {
    const ids = new Set(holders.map((s) => s.id));
    for (const id of this.readings.keys()) if (!ids.has(id)) this.readings.delete(id);
    const now = Date.now();
    const due = holders.some((s) => now - (this.readings.get(s.id)?.readAt ?? 0) >= this.maxAgeMs);
    if (due)
      this.reading ??= this.read(holders).finally(() => {
        this.reading = undefined;
      });
    // A reading older than two intervals (no scrape for a while) is not served: the scrape waits
    // for the fresh one, so counters are never older than cAdvisor's, which reads in the background.
    const stale = (s: ContainerInfo) => now - (this.readings.get(s.id)?.readAt ?? 0) >= 2 * this.maxAgeMs;
    if (holders.some(stale)) await this.reading;
    return new Map([...this.readings].filter(([id]) => ids.has(id)));
  }

  private async read(holders: ContainerInfo[]): Promise<void> {
    const stats = await readStats(this.runtime, holders, { network: true });
    const readAt = Date.now();
    holders.forEach((s, i) => {
      const r = stats[i];
      // One that could not be read now is not served its old counters as if current.
      if (r?.networks) this.readings.set(s.id, { timestamp: r.timestamp, networks: r.networks, readAt });
      else this.readings.delete(s.id);
    });
  }
}
