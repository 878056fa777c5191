import fs from 'node:fs/promises';
import path from 'node:path';
import type { ServedPod } from '../api/kinds/index.js';
import { podHostname } from './container-specs.js';
import type { RuntimeOptions } from './pod-context.js';
import { type PodDns, podDns, resolvConfText } from './pod-dns.js';
import { podDir } from './volumes.js';

/**
 * The files the node agent writes for a pod's name service, beside its volumes, as the kubelet
 * and the container runtime write theirs: resolv.conf and /etc/hosts.
 *
 * Where a pod's own resolv.conf lives on the host (beside its volumes), when its DNS settings
 * are its whole configuration; undefined when the pod keeps the node's resolver. Every
 * container of the pod mounts it, as the container runtime mounts the one it writes.
 */
export function ownResolvConf(opts: RuntimeOptions, pod: ServedPod, dns?: PodDns): string | undefined {
  const own = (dns ?? podDns(pod, opts.clusterDNS).dns).own;
  return own ? path.join(podDir(opts.stateDir, pod.metadata.uid), 'resolv.conf') : undefined;
}

/** Written in place, not renamed over: a bind mount holds the file's inode. */
export async function writeResolvConf(file: string, dns: PodDns): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, resolvConfText(dns), { mode: 0o644 });
}

/**
 * The kubelet's /etc/hosts of a pod (managedHostsFileContent): localhost, the pod's addresses
 * with its hostname (and FQDN when it has a subdomain), then its hostAliases.
 */
export function hostsFileText(pod: ServedPod, podIPs: string[]): string {
  const { hostname, domain } = podHostname(pod);
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    ...podIPs.map((ip) => (domain ? `${ip}\t${hostname}.${domain}\t${hostname}` : `${ip}\t${hostname}`)),
  ];
  const aliases = pod.spec.hostAliases ?? [];
  if (aliases.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of aliases) lines.push(`${a.ip}\t${(a.hostnames ?? []).join('\t')}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** Writes the pod's /etc/hosts (in place: mounts hold its inode); its path on the host. */
export async function writeHostsFile(
  opts: RuntimeOptions,
  pod: ServedPod,
  podIPs: string[],
): Promise<string> {
  const file = path.join(podDir(opts.stateDir, pod.metadata.uid), 'etc-hosts');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, hostsFileText(pod, podIPs), { mode: 0o644 });
  return file;
}
