import { PODS } from '../api/kinds/index.js';
import { parseGoDuration } from '../api/time.js';
import { Client } from '../client/client.js';
import { podContainer, targetSelector } from './attachable-pod.js';
import type { Io } from './io.js';
import { podLogs } from './pod-logs.js';

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

/**
 * Streams a container's log (pods/log) to `out` as kubectl logs does, for a pod or TYPE/NAME,
 * until it ends or SIGINT; remarks on the pod and container chosen go to `note`.
 */
export async function streamLogs(
  client: Client,
  namespace: string,
  target: string,
  o: LogOptions,
  out: (chunk: Buffer) => void,
  note: (line: string) => void,
): Promise<void> {
  const { pod, container, among } = await podContainer(
    client,
    namespace,
    target,
    o.container,
    note,
    o.podRunningTimeout,
  );
  if (among > 1) note(`Found ${among} pods, using pod/${pod}`);
  const handle = client.stream(
    Client.path(PODS, namespace, pod, 'log'),
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
 * `logs`: one pod's container as kubectl prints it (for TYPE/NAME without -f, one of its pods,
 * as kubectl picks it); or, for a selector, a followed Service or workload (deploy/web -f), or
 * every container of a pod, each of their pods' lines after a prefix, following pods that start
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
  const many = !target || o.follow || o.allContainers || o.prefix;
  if (!many) return streamLogs(client, namespace, target, o, write, (line) => io.err(line));
  const selected = target ? await targetSelector(client, namespace, target) : undefined;
  const podName = target && !selected ? target.split('/').at(-1) : undefined;
  if (podName && o.follow && !o.allContainers && !o.prefix)
    return streamLogs(client, namespace, target!, o, write, (line) => io.err(line));
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  try {
    await podLogs(
      client,
      {
        namespace,
        labelSelector: selected?.selector ?? o.selector,
        fieldSelector: podName ? `metadata.name=${podName}` : undefined,
        container: o.container,
        allContainers: o.allContainers,
        follow: o.follow,
        previous: o.previous,
        // kubectl's default for a selector: the last 10 lines of each pod.
        tail: o.tail ?? (podName ? -1 : selectorTail),
        sinceSeconds: o.sinceSeconds,
        sinceTime: o.sinceTime,
        timestamps: o.timestamps,
        limitBytes: o.limitBytes,
        ignoreErrors: o.ignoreErrors,
        maxLogRequests: o.maxLogRequests,
        prefix: o.prefix ?? true,
        color: o.color,
      },
      io,
      ac.signal,
    );
  } finally {
    process.off('SIGINT', stop);
  }
}
