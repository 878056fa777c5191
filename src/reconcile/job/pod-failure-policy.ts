import type { ContainerStatus, Job, Pod, PodFailurePolicyRule } from '../../api/kinds/index.js';

export interface PolicyMatch {
  action?: PodFailurePolicyRule['action'];
  /** Whether the failure counts against backoffLimit. */
  countFailed: boolean;
  /** For FailJob: the Job's failure message. */
  message?: string;
}

function exitCodeMatch(
  pod: Pod,
  req: NonNullable<PodFailurePolicyRule['onExitCodes']>,
): ContainerStatus | undefined {
  const lists = [pod.status?.containerStatuses ?? [], pod.status?.initContainerStatuses ?? []];
  for (const statuses of lists) {
    for (const s of statuses) {
      const code = s.state?.terminated?.exitCode;
      if (code === undefined || code === 0) continue;
      if (req.containerName && req.containerName !== s.name) continue;
      if (req.values.includes(code) === (req.operator === 'In')) return s;
    }
  }
  return undefined;
}

/** The first rule of the Job's podFailurePolicy the failed pod matches, as Kubernetes reads it. */
export function matchPodFailurePolicy(job: Job, pod: Pod): PolicyMatch {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  const who = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [index, rule] of rules.entries()) {
    let message: string | undefined;
    if (rule.onExitCodes) {
      const s = exitCodeMatch(pod, rule.onExitCodes);
      if (!s) continue;
      message = `Container ${s.name} for pod ${who} failed with exit code ${s.state?.terminated?.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const c = (pod.status?.conditions ?? []).find((pc) =>
        rule.onPodConditions!.some((p) => p.type === pc.type && (p.status ?? 'True') === pc.status),
      );
      if (!c) continue;
      message = `Pod ${who} has condition ${c.type} matching ${rule.action} rule at index ${index}`;
    } else continue;
    if (rule.action === 'Ignore') return { action: 'Ignore', countFailed: false };
    if (rule.action === 'Count') return { action: 'Count', countFailed: true };
    if (rule.action === 'FailJob') return { action: 'FailJob', countFailed: true, message };
  }
  return { countFailed: true };
}
