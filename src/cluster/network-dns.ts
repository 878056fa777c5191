/**
 * The cluster DNS server (branch `dns`, `startClusterDns` of src/net/dns/), loaded by name so
 * the network container runs with or without it in the build.
 */
import type { KubeClient } from '../client/kube-client.js';

export interface ClusterDns {
  close(): Promise<void>;
}

interface DnsModule {
  startClusterDns(opts: {
    client: KubeClient;
    listen: { host: string; port: number }[];
    upstream: string[];
    clusterDomain?: string;
    log?: (line: string) => void;
  }): Promise<ClusterDns>;
}

const DNS_MODULE = '../net/dns/index.js';

/** Serves cluster DNS on `host`:53 (UDP and TCP); undefined when this build has no DNS server. */
export async function startDns(
  client: KubeClient,
  host: string,
  upstream: string[],
  log: (line: string) => void,
): Promise<ClusterDns | undefined> {
  let mod: DnsModule;
  try {
    mod = (await import(DNS_MODULE)) as DnsModule;
  } catch (err) {
    // Only the module itself missing means "no DNS in this build"; anything it fails to load is an error.
    const missing = (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    if (!missing || !/Cannot find module '[^']*\/net\/dns\/index\.js'/.test((err as Error).message))
      throw err;
    log(`no cluster DNS server in this build: ${host}:53 refuses`);
    return undefined;
  }
  return mod.startClusterDns({
    client,
    listen: [{ host, port: 53 }],
    upstream,
    clusterDomain: 'cluster.local',
    log,
  });
}
