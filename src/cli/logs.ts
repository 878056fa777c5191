import { PODS, type ServedPod } from '../api/kinds/index.js';
import { parseGoDuration } from '../api/time.js';
import { Client } from '../client/client.js';
import { defaultContainer } from '../runtime/default-container.js';
import type { Io } from './io.js';
import { type LogSource, loggingPod, logSource } from './log-source.js';
import { checkContainer, containerNames, podLogs } from './pod-logs.js';

export interface LogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  /** Only the last N lines; negative: all; undefined: not given (all, or 10 per pod for a selector). */
  tail?: number;
  timestamps: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  /** At most this many bytes of each log (the API's limitBytes); undefined: no limit. */
  limitBytes?: number;
  /** A log the server refuses is said on stdout, `error: ...`, and the command goes on (--ignore-errors). */
  ignoreErrors: boolean;
  /** How long to wait for a pod of a Service or workload named (--pod-running-timeout). */
  podRunningTimeout: number;
}

/**
 * Which lines `logs` asks for, its flags checked as kubectl checks them: --since (a duration),
 * --since-seconds or --since-time (RFC 3339), one of them at most, --limit-bytes from 0 (no
 * limit) and --tail from -1.
 */
export function logWindow(f: {
  since?: string;
  sinceSeconds?: number;
  sinceTime?: string;
  tail?: number;
  limitBytes?: number;
}): {
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
} {
  const since = f.since === undefined ? undefined : parseGoDuration(f.since);
  if (f.since !== undefined && since === undefined)
    throw new Error(`invalid argument "${f.since}" for "--since" flag: time: invalid duration "${f.since}"`);
  if (f.sinceTime && (since !== undefined || f.sinceSeconds !== undefined))
    throw new Error('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (f.limitBytes !== undefined && f.limitBytes < 0) throw new Error('--limit-bytes must be greater than 0');
  if (f.tail !== undefined && f.tail < -1) throw new Error('--tail must be greater than or equal to -1');
  return {
    sinceSeconds: since !== undefined ? Math.ceil(since / 1000) : f.sinceSeconds,
    sinceTime: f.sinceTime,
    limitBytes: f.limitBytes || undefined,
  };
}

/** Streams one container's log (pods/log) to `out` as kubectl logs does, until it ends or SIGINT. */
async function streamLogs(
  client: Client,
  pod: ServedPod,
  container: string | undefined,
  o: LogOptions,
  out: (chunk: Buffer) => void,
): Promise<void> {
  const handle = client.stream(
    Client.path(PODS, pod.metadata.namespace, pod.metadata.name, 'log'),
    {
      accept: 'application/json, */*',
      query: {
        container,
        follow: o.follow || undefined,
        previous: o.previous || undefined,
        tailLines: o.tail !== undefined && o.tail >= 0 ? o.tail : undefined,
        timestamps: o.timestamps || undefined,
        sinceSeconds: o.sinceSeconds,
        sinceTime: o.sinceTime,
        limitBytes: o.limitBytes,
      },
    },
    () => undefined,
    out,
  );
  const stop = () => handle.stop();
  process.once('SIGINT', stop);
  try {
    await handle.done;
  } catch (err) {
    if (!o.ignoreErrors) throw err;
    out(Buffer.from(`error: ${(err as Error).message}\n`));
  } finally {
    process.off('SIGINT', stop);
  }
}

/** How many lines of each pod `logs -l` prints when --tail is not given, as kubectl. */
export const selectorTail = 10;

export interface ManyLogOptions extends LogOptions {
  selector?: string;
  allContainers: boolean;
  /** Prefix each line with its pod and container; undefined: yes, unless one pod's one container shows. */
  prefix?: boolean;
  color: boolean;
  /** With -f, how many logs may stream at once (--max-log-requests, kubectl's default 5). */
  maxLogRequests: number;
}

/**
 * `logs`: one pod's log as kubectl prints it, for a pod or, without -f, TYPE/NAME (the pod kubectl
 * picks, every container of it with --all-containers); or, for a selector or a Service or
 * workload followed with -f, each of their pods' lines after a prefix, following pods that start
 * later as stern does.
 */
export async function logs(
  client: Client,
  namespace: string,
  target: string | undefined,
  o: ManyLogOptions,
  io: Io,
  write: (chunk: Buffer) => void,
): Promise<void> {
  if (target && o.selector) throw new Error('only one of a pod name and a selector (-l) may be given');
  if (!target && !o.selector) throw new Error('a pod name, TYPE/NAME or a selector (-l) is required');
  const source: LogSource = target ? await logSource(client, namespace, target) : { selector: o.selector! };
  if ('selector' in source && !o.selector && o.follow && o.container)
    await refuseWrongContainer(client, namespace, source, o, io);
  if ('selector' in source && (o.selector || o.follow))
    // kubectl's default for a selector: the last 10 lines of each pod.
    return manyPods(
      client,
      namespace,
      { ...o, tail: o.tail ?? selectorTail, prefix: o.prefix ?? true },
      source,
      io,
    );
  const pod = await loggingPod(client, namespace, source, o.podRunningTimeout, (line) => io.err(line));
  checkContainer(pod, o.container);
  let container = o.container;
  if (!container && !o.allContainers) {
    const chosen = defaultContainer(pod);
    if (chosen.note) io.err(chosen.note);
    container = chosen.name;
  }
  if (!o.allContainers && !o.prefix) return streamLogs(client, pod, container, o, write);
  // Several containers, or --prefix: one pod's containers one after the other (together with -f).
  return manyPods(
    client,
    namespace,
    { ...o, container, tail: o.tail ?? -1, prefix: !!o.prefix },
    { pod },
    io,
  );
}

/**
 * kubectl follows the one pod of a workload it picks: a -c that pod lacks is refused as kubectl
 * refuses it (its `Found N pods` remark first), rather than following the pods for nothing.
 */
async function refuseWrongContainer(
  client: Client,
  namespace: string,
  source: LogSource,
  o: ManyLogOptions,
  io: Io,
): Promise<void> {
  const remarks: string[] = [];
  const pod = await loggingPod(client, namespace, source, o.podRunningTimeout, (line) => remarks.push(line));
  if (containerNames(pod).includes(o.container!)) return;
  for (const line of remarks) io.err(line);
  checkContainer(pod, o.container);
}

async function manyPods(
  client: Client,
  namespace: string,
  o: ManyLogOptions & { tail: number; prefix: boolean },
  source: LogSource,
  io: Io,
): Promise<void> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  try {
    await podLogs(
      client,
      {
        ...o,
        namespace,
        labelSelector: 'selector' in source ? source.selector : undefined,
        fieldSelector: 'pod' in source ? `metadata.name=${source.pod.metadata.name}` : undefined,
      },
      io,
      ac.signal,
    );
  } finally {
    process.off('SIGINT', stop);
  }
}
