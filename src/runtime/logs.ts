import type { Writable } from 'node:stream';
import { errors } from '../api/errors.js';
import type { ServedPod } from '../api/kinds/index.js';
import type { LogOptions } from '../api/subresources.js';
import type { ContainerRuntime } from './container-runtime.js';
import { podInstances, runsOf } from './instances.js';
import { chooseContainer } from './target-container.js';

/**
 * Writes a pod container's logs (stdout and stderr interleaved, as the kubelet serves them)
 * to `out`. With follow, it resolves when the container stops or `signal` aborts. It does not
 * end `out`. Errors a client made (no such container, not started yet) are ApiErrors (400).
 */
export async function streamPodLogs(
  runtime: ContainerRuntime,
  pod: ServedPod,
  opts: LogOptions,
  out: Writable,
  signal?: AbortSignal,
): Promise<void> {
  const { name, kind } = chooseContainer(pod, opts.container);
  const runs = runsOf(await podInstances(runtime, pod.metadata.uid), name, kind);
  const target = opts.previous ? runs[1] : runs[0];
  if (!target) {
    if (opts.previous)
      throw errors.badRequest(
        `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`,
      );
    const waiting = [
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.initContainerStatuses ?? []),
    ].find((s) => s.name === name)?.state?.waiting?.reason;
    throw errors.badRequest(
      `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${waiting ?? 'ContainerCreating'}`,
    );
  }
  const { follow, tailLines, sinceSeconds, sinceTime, timestamps } = opts;
  await runtime.logs(target.id, { follow, tailLines, sinceSeconds, sinceTime, timestamps }, out, signal);
}
