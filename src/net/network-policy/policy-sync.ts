/**
 * What both NetworkPolicy agents (a node's, for its pods' namespaces; the network container's,
 * for Service traffic) run on: informers on policies, pods and namespaces, and a level-triggered
 * sync shortly after any change that can alter a rule, tried again when it fails.
 */
import { InformerFactory } from '../../client/informer-factory.js';
import type { KubeClient } from '../../client/kube-client.js';
import { syncLoop } from '../sync-loop.js';
import { clusterDnsEndpoint, type PolicyInputs, policyInputs } from './inputs.js';
import { policyView } from './policy-view.js';

/** The agents' durations, as the cluster config file's `networkPolicy:` section sets them. */
export interface PolicySettings {
  /** How long a burst of changes is gathered into one sync. */
  minSyncPeriodMs?: number;
  /** How often a node's agent checks every pod's table against its sandbox, changes or not. */
  resyncPeriodMs?: number;
}

export const DEFAULT_POLICY_MIN_SYNC_MS = 50;
export const DEFAULT_POLICY_RESYNC_MS = 10_000;

export interface PolicySyncOptions {
  client: KubeClient;
  /** The cluster DNS address: it stands for kube-dns's pods. */
  clusterDNS?: string;
  settings?: PolicySettings;
  /** Sync every resyncPeriod too, not only on changes. */
  resync?: boolean;
  retryMs?: number;
  log?: (line: string) => void;
}

export async function runPolicySync(
  opts: PolicySyncOptions,
  sync: (inputs: PolicyInputs) => Promise<void>,
): Promise<{ inputs: PolicyInputs; close(): Promise<void> }> {
  const log = opts.log ?? (() => {});
  const informers = new InformerFactory(opts.client, { transform: policyView });
  const inputs = policyInputs(informers, opts.clusterDNS ? [clusterDnsEndpoint(opts.clusterDNS)] : []);
  const loop = syncLoop(() => sync(inputs), {
    minSyncMs: opts.settings?.minSyncPeriodMs ?? DEFAULT_POLICY_MIN_SYNC_MS,
    retryMs: opts.retryMs ?? 1000,
    onError: (err) => log(`writing network policy rules failed: ${err.message}; trying again`),
  });
  inputs.onChange(() => loop.schedule());
  informers.start();
  await informers.whenSynced();
  loop.schedule(0);
  const resync = opts.resync
    ? setInterval(() => loop.schedule(0), opts.settings?.resyncPeriodMs ?? DEFAULT_POLICY_RESYNC_MS)
    : undefined;
  return {
    inputs,
    async close() {
      clearInterval(resync);
      await loop.close();
      await informers.stop();
    },
  };
}
