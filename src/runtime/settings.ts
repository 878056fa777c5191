/**
 * The node agent's durations, with the kubelet's defaults where the kubelet has the same one.
 * The cluster config file can shorten them (tests do); the node container hands them to the
 * agent in one environment variable.
 */
export interface KubeletSettings {
  /** How often the node's Lease is renewed (a quarter of the kubelet's 40 s lease). */
  nodeLeaseRenewIntervalMs: number;
  /** How often the node's status is posted when nothing in it changed (--node-status-report-frequency). */
  nodeStatusReportFrequencyMs: number;
  /**
   * How often the agent lists the node's containers (the kubelet's PLEG relist period, 1 s). A
   * pod is synced when its containers changed, when its objects or probes did, and on every
   * listing while it waits for something (a start, a back-off, an image, a deletion).
   */
  podSyncIntervalMs: number;
  /** How often a pod is synced when nothing about it changed (--sync-frequency). */
  syncFrequencyMs: number;
  /**
   * How often emptyDir usage is measured against its sizeLimit (--housekeeping-interval), and how
   * old the network counters a /metrics/cadvisor scrape serves may be before it reads them again.
   */
  housekeepingIntervalMs: number;
  /**
   * How often a pod's ConfigMap, Secret, projected and downward API volumes are written again
   * from their objects (the kubelet's take up to its 1 min sync plus its cache's TTL).
   */
  volumeRefreshIntervalMs: number;
}

export const DEFAULT_KUBELET_SETTINGS: KubeletSettings = {
  nodeLeaseRenewIntervalMs: 10_000,
  nodeStatusReportFrequencyMs: 300_000,
  podSyncIntervalMs: 1_000,
  syncFrequencyMs: 60_000,
  housekeepingIntervalMs: 10_000,
  volumeRefreshIntervalMs: 30_000,
};

export const KUBELET_SETTINGS_ENV = 'MINIK8S_KUBELET_SETTINGS';

/** The settings a node container was given (JSON in its environment). */
export function kubeletSettingsFromEnv(env: NodeJS.ProcessEnv): Partial<KubeletSettings> {
  const text = env[KUBELET_SETTINGS_ENV];
  return text ? (JSON.parse(text) as Partial<KubeletSettings>) : {};
}
