import type { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { errors } from '../api/errors.js';
import type { LogOptions } from '../api/subresources.js';
import { chooseContainer, podInstances, runsOf } from './instances.js';
import type { Pod } from './pod.js';

/** Splits Docker's multiplexed log format (8-byte frame headers) into its payloads. */
export function demuxBuffer(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(parts);
}

/**
 * Writes a pod container's logs (stdout and stderr interleaved, as the kubelet serves them)
 * to `out`. With follow, it resolves when the container stops or `signal` aborts. It does not
 * end `out`. Errors a client made (no such container, not started yet) are ApiErrors (400).
 */
export async function streamPodLogs(
  docker: Docker,
  pod: Pod,
  opts: LogOptions,
  out: Writable,
  signal?: AbortSignal,
): Promise<void> {
  const { name, kind } = chooseContainer(pod, opts.container);
  const runs = runsOf(await podInstances(docker, pod.metadata.uid), name, kind);
  const target = opts.previous ? runs[1] : runs[0];
  if (!target) {
    if (opts.previous)
      throw errors.badRequest(
        `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`,
      );
    const waiting = [
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.initContainerStatuses ?? []),
    ].find((s) => s.name === name)?.state.waiting?.reason;
    throw errors.badRequest(
      `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${waiting ?? 'ContainerCreating'}`,
    );
  }
  const container = docker.getContainer(target.id);
  const tty = !!(await container.inspect()).Config.Tty;
  const base = {
    stdout: true,
    stderr: true,
    timestamps: !!opts.timestamps,
    tail: opts.tailLines !== undefined ? opts.tailLines : ('all' as unknown as number),
    since: opts.sinceSeconds ? Math.floor(Date.now() / 1000) - opts.sinceSeconds : 0,
  };
  if (!opts.follow) {
    const buf = (await container.logs({ ...base, follow: false })) as unknown as Buffer;
    out.write(tty ? buf : demuxBuffer(buf));
    return;
  }
  const stream = (await container.logs({ ...base, follow: true })) as NodeJS.ReadableStream & {
    destroy(): void;
  };
  await new Promise<void>((resolve) => {
    const stop = () => {
      stream.destroy();
      resolve();
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    if (tty) stream.on('data', (c: Buffer) => out.write(c));
    else docker.modem.demuxStream(stream, out, out);
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', resolve);
  });
}
