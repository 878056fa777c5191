/**
 * The node agent's durations, with the kubelet's defaults. The cluster config file can shorten
 * them (tests do); the node container hands them to the agent in one environment variable.
 */
export interface KubeletSettings {
  /** How often the node's Lease is renewed (a quarter of the kubelet's 40 s lease). */
  nodeLeaseRenewIntervalMs: number;
  /** How often the node's status is posted when nothing in it changed (--node-status-report-frequency). */
  nodeStatusReportFrequencyMs: number;
  /** How often every pod is compared with its containers. */
  syncFrequencyMs: number;
  /** How often emptyDir usage is measured against its sizeLimit (--housekeeping-interval). */
  housekeepingIntervalMs: number;
}

export const DEFAULT_KUBELET_SETTINGS: KubeletSettings = {
  nodeLeaseRenewIntervalMs: 10_000,
  nodeStatusReportFrequencyMs: 300_000,
  syncFrequencyMs: 1_000,
  housekeepingIntervalMs: 10_000,
};

export const KUBELET_SETTINGS_ENV = 'MINIK8S_KUBELET_SETTINGS';

/** The settings a node container was given (JSON in its environment); defaults for the rest. */
export function kubeletSettingsFromEnv(env: NodeJS.ProcessEnv): KubeletSettings {
  const text = env[KUBELET_SETTINGS_ENV];
  if (!text) return DEFAULT_KUBELET_SETTINGS;
  const given = JSON.parse(text) as Partial<KubeletSettings>;
  return { ...DEFAULT_KUBELET_SETTINGS, ...given };
}
