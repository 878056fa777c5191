import type { ServedPod } from '../api/kinds/index.js';

/** The resolver settings of a pod's containers; servers or searches left empty keep the node's. */
export interface PodDns {
  servers: string[];
  searches: string[];
  options: string[];
  /**
   * The pod's whole resolver configuration (ClusterFirst with a cluster DNS, None), written as
   * its resolv.conf; otherwise additions to the node's resolver (Default).
   */
  own: boolean;
}

/** What the kubelet tells the pod (and its node) about the DNS settings it made. */
export interface PodDnsWarning {
  reason: 'MissingClusterDNS' | 'DNSConfigForming';
  message: string;
}

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** The resolver's own limits (glibc), as the kubelet applies them. */
const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_CHARS = 2048;

const unique = (xs: string[]) => [...new Set(xs)];

/** Options by name, the later ones winning, as the kubelet merges them ("ndots:5", "edns0"). */
function mergeOptions(base: string[], extra: { name?: string; value?: string }[]): string[] {
  const byName = new Map<string, string>();
  for (const o of base) {
    const at = o.indexOf(':');
    byName.set(at < 0 ? o : o.slice(0, at), at < 0 ? '' : o.slice(at + 1));
  }
  for (const o of extra) if (o.name) byName.set(o.name, o.value ?? '');
  return [...byName].map(([name, value]) => (value ? `${name}:${value}` : name));
}

function fitLimits(dns: PodDns, warnings: PodDnsWarning[]): PodDns {
  let { servers, searches } = dns;
  if (servers.length > MAX_NAMESERVERS) {
    servers = servers.slice(0, MAX_NAMESERVERS);
    warnings.push({
      reason: 'DNSConfigForming',
      message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${servers.join(' ')}`,
    });
  }
  let kept = searches;
  while (kept.length > MAX_SEARCH_PATHS || kept.join(' ').length > MAX_SEARCH_CHARS) kept = kept.slice(0, -1);
  if (kept.length < searches.length) {
    searches = kept;
    warnings.push({
      reason: 'DNSConfigForming',
      message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${searches.join(' ')}`,
    });
  }
  return { ...dns, servers, searches };
}

/**
 * A pod's DNS settings from its dnsPolicy and dnsConfig, as the kubelet forms them:
 * ClusterFirst (and ClusterFirstWithHostNet) points at the cluster DNS with the namespace's
 * search path and ndots:5; Default keeps the node's resolver (so does ClusterFirst for a pod
 * on the host network, and for any pod when the node knows no cluster DNS); None starts empty.
 * dnsConfig's nameservers, searches and options are then added, duplicates dropped.
 */
export function podDns(
  pod: ServedPod,
  clusterDNS: string | undefined,
  clusterDomain = DEFAULT_CLUSTER_DOMAIN,
): { dns: PodDns; warnings: PodDnsWarning[] } {
  const spec = pod.spec;
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const warnings: PodDnsWarning[] = [];
  const wantsCluster =
    policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec.hostNetwork);
  let dns: PodDns = { servers: [], searches: [], options: [], own: policy === 'None' };
  if (wantsCluster && clusterDNS) {
    const ns = pod.metadata.namespace;
    dns = {
      servers: [clusterDNS],
      searches: [`${ns}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain],
      options: ['ndots:5'],
      own: true,
    };
  } else if (wantsCluster) {
    warnings.push({
      reason: 'MissingClusterDNS',
      message: `pod: "${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "${policy}" policy. Falling back to "Default" policy.`,
    });
  }
  const extra = spec.dnsConfig;
  if (extra) {
    dns = {
      servers: unique([...dns.servers, ...(extra.nameservers ?? [])]),
      searches: unique([...dns.searches, ...(extra.searches ?? [])]),
      options: mergeOptions(dns.options, extra.options ?? []),
      own: dns.own,
    };
  }
  return { dns: fitLimits(dns, warnings), warnings };
}

/** A resolv.conf as the container runtime (CRI) writes it from the pod's settings. */
export function resolvConfText(dns: PodDns): string {
  return [
    ...(dns.searches.length ? [`search ${dns.searches.join(' ')}`] : []),
    ...dns.servers.map((s) => `nameserver ${s}`),
    ...(dns.options.length ? [`options ${dns.options.join(' ')}`] : []),
  ]
    .map((l) => `${l}\n`)
    .join('');
}
