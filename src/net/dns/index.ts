import dnsPacket, { type DecodedPacket } from 'dns-packet';
import type { KubeClient } from '../../client/kube-client.js';
import { ClusterView } from './cluster-view.js';
import { Forwarder, parseUpstream } from './forward.js';
import { type ListenAddress, listenAll } from './listeners.js';
import { inZone, reverseAddress } from './query-name.js';
import { encodeResponse, errorResponse } from './response.js';
import { ZoneAnswerer } from './zone-answer.js';

export interface ClusterDnsOptions {
  /** Reads Services, EndpointSlices and Namespaces through informers. */
  client: KubeClient;
  /** UDP and TCP on each. */
  listen: ListenAddress[];
  /** Resolvers for names outside the cluster domain: `ip` or `ip:port`. */
  upstream: string[];
  clusterDomain?: string;
  /**
   * Names answered NXDOMAIN rather than relayed: those the upstream would answer from outside
   * the cluster's API (Docker's resolver knows every container on its network by name).
   */
  neverRelay?: (name: string) => boolean;
  log?: (line: string) => void;
}

/** CoreDNS's defaults: the kubernetes plugin's ttl, the forward plugin's wait for an upstream. */
export const CLUSTER_DNS_DEFAULTS = {
  clusterDomain: 'cluster.local',
  ttlSeconds: 5,
  upstreamTimeoutMs: 2000,
  /** How long start-up waits for the caches before serving (CoreDNS waits 5 s for the API). */
  syncWaitMs: 5000,
};

/**
 * The cluster's DNS server, as CoreDNS with its kubernetes plugin serves it: names of the
 * cluster domain (and reverse names of the cluster's addresses) from the API's objects, every
 * other name relayed to the upstream resolvers. A name in the cluster domain never leaves.
 */
export async function startClusterDns(opts: ClusterDnsOptions): Promise<{ close(): Promise<void> }> {
  const log = opts.log ?? (() => {});
  const zone = (opts.clusterDomain ?? CLUSTER_DNS_DEFAULTS.clusterDomain).toLowerCase().replace(/\.$/, '');
  const forwarder = new Forwarder(
    opts.upstream.map(parseUpstream),
    CLUSTER_DNS_DEFAULTS.upstreamTimeoutMs,
    log,
  );
  const view = new ClusterView(opts.client, log);
  const answerer = new ZoneAnswerer(view, zone, CLUSTER_DNS_DEFAULTS.ttlSeconds, (name, type) =>
    forwarder.lookup(name, type),
  );

  const handle = async (msg: Buffer, tcp: boolean): Promise<Buffer | undefined> => {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return undefined;
    }
    if (query.type !== 'query') return undefined;
    const question = query.questions?.[0];
    // dns-packet decodes the opcode; its type declarations leave it out.
    if ((query as DecodedPacket & { opcode?: string }).opcode !== 'QUERY')
      return errorResponse(query, 'NOTIMP');
    if (!question || query.questions!.length !== 1) return errorResponse(query, 'FORMERR');
    const name = question.name.toLowerCase().replace(/\.$/, '');
    try {
      if (inZone(name, zone) !== undefined) {
        return encodeResponse(query, await answerer.answer(question), !tcp);
      }
      const ip = question.type === 'PTR' ? reverseAddress(name) : undefined;
      const reverse = ip ? answerer.reverse(question, ip) : undefined;
      if (reverse) return encodeResponse(query, reverse, !tcp);
      if (opts.neverRelay?.(name)) return errorResponse(query, 'NXDOMAIN');
      return (await forwarder.relay(msg, tcp)) ?? errorResponse(query, 'SERVFAIL');
    } catch (err) {
      // An object the records cannot be made of (a name past DNS's limits) fails this answer only.
      log(`answering ${question.name} ${question.type}: ${(err as Error).message}`);
      return errorResponse(query, 'SERVFAIL');
    }
  };

  view.start();
  await Promise.race([
    view.whenSynced(),
    new Promise((r) => setTimeout(r, CLUSTER_DNS_DEFAULTS.syncWaitMs).unref()),
  ]);
  let listeners: Awaited<ReturnType<typeof listenAll>>;
  try {
    listeners = await listenAll(opts.listen, handle, log);
  } catch (err) {
    await view.stop();
    throw err;
  }
  for (const l of opts.listen) log(`cluster DNS for ${zone} on ${l.host}:${l.port} (udp, tcp)`);
  return {
    close: async () => {
      await Promise.all(listeners.map((l) => l.close()));
      await view.stop();
    },
  };
}
