import fs from 'node:fs/promises';
import path from 'node:path';
import type { ServedPod } from '../api/kinds/index.js';
import type { RuntimeOptions } from './pod-context.js';
import { type PodDns, podDns, resolvConfText } from './pod-dns.js';
import { podDir } from './volumes.js';

/**
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
