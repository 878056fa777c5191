import { CRON_JOBS, type CronJob, JOBS, type Job } from '../api/kinds/index.js';
import type { KubeClient } from '../client/kube-client.js';

/**
 * `kubectl create job NAME --from=cronjob/CRONJOB`: a Job from the CronJob's template, owned by
 * it and marked as started by hand; resolves to "job.batch/NAME created".
 */
export async function createJobFromCronJob(
  client: KubeClient,
  namespace: string,
  name: string,
  from: string,
): Promise<string> {
  const [kind, cronJobName, ...rest] = from.split('/');
  if (
    !['cronjob', 'cronjobs', 'cj', 'cronjob.batch', 'cronjobs.batch'].includes(kind) ||
    !cronJobName ||
    rest.length
  )
    throw new Error(`from must be an existing cronjob: ${from}`);
  const cj = await client.get<CronJob>(CRON_JOBS, namespace, cronJobName);
  const tmpl = cj.spec?.jobTemplate;
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace,
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...tmpl?.metadata?.annotations },
      labels: tmpl?.metadata?.labels,
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cronJobName,
          uid: cj.metadata.uid!,
          controller: true,
        },
      ],
    },
    spec: structuredClone(tmpl!.spec!),
  };
  await client.create(JOBS, job, { fieldManager: 'kubectl-create' });
  return `job.batch/${name} created`;
}
