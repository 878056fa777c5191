import fs from 'node:fs';
import { isIP } from 'node:net';
import { parse } from 'yaml';
import type { AdmissionSettings, TolerationSettings } from '../api/admission/index.js';
import { parseGoDuration } from '../api/time.js';
import type { PolicySettings } from '../net/network-policy/policy-sync.js';
import type { ProxySettings } from '../net/service-proxy/proxy.js';
import type { ControllerSettings } from '../reconcile/settings.js';
import type { KubeletSettings } from '../runtime/settings.js';
import { MAX_NODES } from './node-limit.js';

export const CONFIG_API_VERSION = 'minik8s.dev/v1alpha1';

/** The tunable durations of a cluster, as stored in cluster.json (milliseconds). */
export interface ClusterSettings {
  controllers?: Partial<ControllerSettings>;
  kubelet?: Partial<KubeletSettings>;
  admission?: AdmissionSettings;
  metrics?: MetricsSettings;
  proxy?: ProxySettings;
  networkPolicy?: PolicySettings;
}

/** metrics-server's durations, as the control plane's metrics of nodes and pods take them. */
export interface MetricsSettings {
  /** How often nodes and pods are measured (--metric-resolution). */
  metricResolutionMs?: number;
}

/** What `up --config FILE` reads: kind-style cluster configuration. */
export interface ClusterConfig {
  nodes?: number;
  hollowNodes?: number;
  nodeCpus?: string;
  nodeMemory?: string;
  datastoreEndpoint?: string;
  /** The host address NodePort, LoadBalancer and Ingress listeners bind. */
  listenAddress?: string;
  ingressHttpPort?: number;
  ingressHttpsPort?: number;
  settings: ClusterSettings;
}

// The file's field (named as Kubernetes' flag, in camelCase) -> the controller setting.
const CONTROLLER_DURATIONS: Record<string, keyof ControllerSettings> = {
  nodeMonitorGracePeriod: 'nodeMonitorGracePeriodMs',
  nodeMonitorPeriod: 'nodeMonitorPeriodMs',
  eventTTL: 'eventTtlMs',
  namespaceDeletionDelay: 'namespaceDeletionDelayMs',
  unschedulableRetryPeriod: 'unschedulableRetryMs',
  podInitialBackoff: 'podInitialBackoffMs',
  podMaxBackoff: 'podMaxBackoffMs',
  podContainerSweepPeriod: 'podContainerSweepPeriodMs',
  resyncPeriod: 'resyncMs',
  horizontalPodAutoscalerSyncPeriod: 'horizontalPodAutoscalerSyncPeriodMs',
  horizontalPodAutoscalerDownscaleStabilization: 'horizontalPodAutoscalerDownscaleStabilizationMs',
  horizontalPodAutoscalerCpuInitializationPeriod: 'horizontalPodAutoscalerCpuInitializationPeriodMs',
  horizontalPodAutoscalerInitialReadinessDelay: 'horizontalPodAutoscalerInitialReadinessDelayMs',
  jobPodFailureBackoff: 'jobPodFailureBackoffMs',
  jobPodFailureBackoffMax: 'jobPodFailureBackoffMaxMs',
  podGCOrphanQuarantine: 'podGcOrphanQuarantineMs',
  disruptionTimeout: 'disruptionTimeoutMs',
};

const METRICS_DURATIONS: Record<string, keyof MetricsSettings> = {
  metricResolution: 'metricResolutionMs',
};

// kube-proxy's iptables.minSyncPeriod, as the `kubeProxy:` section's field.
const PROXY_DURATIONS: Record<string, keyof ProxySettings> = {
  minSyncPeriod: 'minSyncPeriodMs',
};

// The NetworkPolicy agents' durations, as the `networkPolicy:` section's fields.
const POLICY_DURATIONS: Record<string, keyof PolicySettings> = {
  minSyncPeriod: 'minSyncPeriodMs',
  resyncPeriod: 'resyncPeriodMs',
};

// Settings of the controllerManager section that are counts, not durations (kube-controller-manager's flags).
const CONTROLLER_COUNTS: Record<string, keyof ControllerSettings> = {
  terminatedPodGCThreshold: 'terminatedPodGcThreshold',
};

const TOP_LEVEL = [
  'apiVersion',
  'kind',
  'nodes',
  'hollowNodes',
  'nodeCpus',
  'nodeMemory',
  'datastoreEndpoint',
  'listenAddress',
  'ingressHttpPort',
  'ingressHttpsPort',
  'controllerManager',
  'kubelet',
  'apiServer',
  'metricsServer',
  'kubeProxy',
  'networkPolicy',
];

// kube-apiserver's --default-*-toleration-seconds, given as durations like the rest.
const API_SERVER_DURATIONS: Record<string, keyof TolerationSettings> = {
  defaultNotReadyTolerationSeconds: 'notReadySeconds',
  defaultUnreachableTolerationSeconds: 'unreachableSeconds',
};

// The kubelet's flags, and minik8s's own names for the durations the kubelet has no flag for.
const KUBELET_DURATIONS: Record<string, keyof KubeletSettings> = {
  nodeLeaseRenewInterval: 'nodeLeaseRenewIntervalMs',
  nodeStatusReportFrequency: 'nodeStatusReportFrequencyMs',
  podSyncInterval: 'podSyncIntervalMs',
  syncFrequency: 'syncFrequencyMs',
  housekeepingInterval: 'housekeepingIntervalMs',
  volumeRefreshInterval: 'volumeRefreshIntervalMs',
};

/** A positive duration in Go's syntax, in ms. */
function durationMs(value: unknown, field: string, where: string): number {
  const ms = parseGoDuration(value);
  if (ms === undefined || ms <= 0)
    throw new Error(
      `${where}: ${field}: "${String(value)}" is not a positive duration such as 40s, 5m or 500ms`,
    );
  return ms;
}

function unknownFields(obj: Record<string, unknown>, known: string[], where: string): void {
  const extra = Object.keys(obj).filter((k) => !known.includes(k));
  if (extra.length)
    throw new Error(
      `${where}: unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}`,
    );
}

function count(value: unknown, field: string, where: string): number {
  if (!Number.isInteger(value) || (value as number) < 0)
    throw new Error(`${where}: ${field}: "${String(value)}" is not a whole number, 0 or more`);
  return value as number;
}

/**
 * A section of durations (`controllerManager:`, `kubelet:`), as settings in milliseconds, and of
 * the counts `counts` names.
 */
function durations<K extends string>(
  d: Record<string, unknown>,
  section: string,
  names: Record<string, K>,
  where: string,
  counts: Record<string, K> = {},
): Partial<Record<K, number>> | undefined {
  const given = d[section];
  if (given === undefined) return undefined;
  if (!given || typeof given !== 'object' || Array.isArray(given))
    throw new Error(`${where}: ${section} must be a mapping`);
  unknownFields(
    given as Record<string, unknown>,
    [...Object.keys(names), ...Object.keys(counts)],
    `${where}: ${section}`,
  );
  const out: Partial<Record<K, number>> = {};
  for (const [field, value] of Object.entries(given)) {
    if (counts[field]) out[counts[field]] = count(value, `${section}.${field}`, where);
    else out[names[field]] = durationMs(value, `${section}.${field}`, where);
  }
  return out;
}

/** Reads and checks a cluster config file; every mistake is one line naming the field. */
export function readClusterConfig(file: string): ClusterConfig {
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read cluster config ${file}: ${(err as Error).message}`);
  }
  return parseClusterConfig(doc, file);
}

export function parseClusterConfig(doc: unknown, where: string): ClusterConfig {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(`${where}: a cluster config must be a YAML mapping`);
  const d = doc as Record<string, unknown>;
  if (d.apiVersion !== CONFIG_API_VERSION || d.kind !== 'Cluster')
    throw new Error(`${where}: expected apiVersion: ${CONFIG_API_VERSION} and kind: Cluster`);
  unknownFields(d, TOP_LEVEL, where);
  const config: ClusterConfig = { settings: {} };
  for (const f of ['nodes', 'hollowNodes'] as const) {
    if (d[f] === undefined) continue;
    if (!Number.isInteger(d[f]) || (d[f] as number) < 0 || (d[f] as number) > MAX_NODES)
      throw new Error(`${where}: ${f} must be a whole number, 0 to ${MAX_NODES}`);
    config[f] = d[f] as number;
  }
  for (const f of ['ingressHttpPort', 'ingressHttpsPort'] as const) {
    if (d[f] === undefined) continue;
    if (!Number.isInteger(d[f]) || (d[f] as number) < 1 || (d[f] as number) > 65535)
      throw new Error(`${where}: ${f} must be a port number, 1 to 65535`);
    config[f] = d[f] as number;
  }
  if (d.listenAddress !== undefined) {
    if (typeof d.listenAddress !== 'string' || !isIP(d.listenAddress))
      throw new Error(`${where}: listenAddress must be an IP address such as 127.0.0.1 or 0.0.0.0`);
    config.listenAddress = d.listenAddress;
  }
  for (const f of ['nodeCpus', 'nodeMemory', 'datastoreEndpoint'] as const) {
    if (d[f] === undefined) continue;
    if (typeof d[f] !== 'string' && typeof d[f] !== 'number')
      throw new Error(`${where}: ${f} must be a string`);
    config[f] = String(d[f]);
  }
  const controllers = durations(d, 'controllerManager', CONTROLLER_DURATIONS, where, CONTROLLER_COUNTS);
  if (controllers) config.settings.controllers = controllers;
  const kubelet = durations(d, 'kubelet', KUBELET_DURATIONS, where);
  if (kubelet) config.settings.kubelet = kubelet;
  const metrics = durations(d, 'metricsServer', METRICS_DURATIONS, where);
  if (metrics) config.settings.metrics = metrics;
  const proxy = durations(d, 'kubeProxy', PROXY_DURATIONS, where);
  if (proxy) config.settings.proxy = proxy;
  const networkPolicy = durations(d, 'networkPolicy', POLICY_DURATIONS, where);
  if (networkPolicy) config.settings.networkPolicy = networkPolicy;
  const tolerationsMs = durations(d, 'apiServer', API_SERVER_DURATIONS, where);
  if (tolerationsMs) {
    const seconds = Object.entries(tolerationsMs).map(([k, ms]) => [k, Math.round((ms as number) / 1000)]);
    config.settings.admission = { tolerations: Object.fromEntries(seconds) };
  }
  return config;
}
