/**
 * Logs of many pods at once, as stern and `kubectl logs -l` print them: every pod a selector
 * picks (and, when following, every pod that starts later), each line after a prefix coloured
 * per pod. A container that restarts is followed again from its new run.
 */
import { createHash } from 'node:crypto';
import { Chalk, type ChalkInstance } from 'chalk';
import { PODS, type ServedPod } from '../api/kinds/index.js';
import type { ContainerStatus } from '../api/kinds/types.generated.js';
import { Client } from '../client/client.js';
import { Informer } from '../client/informer.js';
import type { WatchHandle } from '../client/kube-client.js';
import { defaultContainer } from '../runtime/default-container.js';
import type { Io } from './io.js';

export interface PodLogsOptions {
  namespace: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** One container by name, else each pod's default one, else every one with allContainers. */
  container?: string;
  allContainers: boolean;
  follow: boolean;
  /** Each container's previous, ended run rather than its current one. */
  previous: boolean;
  /** The last N lines of each container that runs when the command starts; negative: all. */
  tail: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps: boolean;
  /** At most this many bytes of each container's log (the API's limitBytes). */
  limitBytes?: number;
  /** Without follow, a log the server refuses is said on stdout and the next one read (--ignore-errors). */
  ignoreErrors: boolean;
  /** With follow, how many logs may stream at once (kubectl's --max-log-requests). */
  maxLogRequests: number;
  prefix: boolean;
  color: boolean;
}

/** kubectl's refusal to follow more logs at once than --max-log-requests allows. */
export function tooManyStreams(streams: number, max: number): Error {
  return new Error(
    `you are attempting to follow ${streams} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`,
  );
}

const PALETTE = [
  'cyan',
  'green',
  'magenta',
  'yellow',
  'blue',
  'red',
  'cyanBright',
  'greenBright',
  'magentaBright',
] as const;

/** The prefix of a container's lines, kubectl's `[pod/NAME/CONTAINER] `, in the colour of its pod. */
export function linePrefix(pod: string, container: string, chalk: ChalkInstance | undefined): string {
  const text = `[pod/${pod}/${container}] `;
  if (!chalk) return text;
  const colour = PALETTE[createHash('sha1').update(pod).digest()[0] % PALETTE.length];
  return chalk[colour](text);
}

/** Every container of a pod, in the order kubectl's --all-containers reads them: init, app, ephemeral. */
export const containerNames = (pod: ServedPod): string[] =>
  [...(pod.spec.initContainers ?? []), ...pod.spec.containers, ...(pod.spec.ephemeralContainers ?? [])].map(
    (c) => c.name,
  );

/** kubectl's refusal of a -c that names no container of the pod, before any log is read. */
export function checkContainer(pod: ServedPod, container: string | undefined): void {
  if (container && !containerNames(pod).includes(container))
    throw new Error(`container ${container} is not valid for pod ${pod.metadata.name}`);
}

function chosenContainers(pod: ServedPod, o: PodLogsOptions): string[] {
  if (o.container) return [o.container];
  if (o.allContainers) return containerNames(pod);
  const chosen = defaultContainer(pod).name;
  return chosen ? [chosen] : [];
}

const statusOf = (pod: ServedPod, container: string): ContainerStatus | undefined =>
  [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find(
    (s) => s.name === container,
  );

/**
 * The run of a container whose log the kubelet serves now: the running or ended one, or, in
 * back-off (CrashLoopBackOff), the last ended run, as kubectl prints it. Undefined: none yet.
 */
export function runShown(status: ContainerStatus | undefined): string | undefined {
  const state = status?.state;
  if (state?.running || state?.terminated) return status?.containerID ?? String(status?.restartCount);
  const last = status?.lastState?.terminated;
  if (state?.waiting && last?.containerID && last.containerID === status?.containerID)
    return last.containerID;
  return undefined;
}

/** Splits a byte stream into whole lines, each written with the prefix; the last partial one at the end. */
function lineWriter(prefix: string, write: (line: string) => void) {
  let rest = '';
  return {
    chunk(c: Buffer) {
      const text = rest + c.toString('utf8');
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) write(prefix + l);
    },
    end() {
      if (rest) write(prefix + rest);
      rest = '';
    },
  };
}

class LogStreams {
  private readonly open = new Map<string, WatchHandle>();
  /** Streams of runs that started while --max-log-requests were open: each starts when one ends. */
  private readonly waiting: (() => void)[] = [];
  private stopped = false;
  /** Container runs already streamed (pod uid, container, restart count): never twice. */
  private readonly streamed = new Set<string>();
  private readonly chalk?: ChalkInstance;

  constructor(
    private readonly client: Client,
    private readonly o: PodLogsOptions,
    private readonly io: Io,
  ) {
    this.chalk = o.color ? new Chalk({ level: 1 }) : undefined;
  }

  /** A stream to start for each chosen container of the pod that has a run not streamed yet. */
  runsOf(pod: ServedPod, first: boolean): (() => Promise<void>)[] {
    const runs: (() => Promise<void>)[] = [];
    for (const container of chosenContainers(pod, this.o)) {
      // The previous run is asked for whatever the state, as kubectl does: the server says when there is none.
      const run = this.o.previous ? 'previous' : runShown(statusOf(pod, container));
      if (!run) continue;
      const key = `${pod.metadata.uid}/${container}/${run}`;
      if (this.streamed.has(key)) continue;
      this.streamed.add(key);
      runs.push(() => this.stream(pod, container, key, first));
    }
    return runs;
  }

  private async stream(pod: ServedPod, container: string, key: string, first: boolean): Promise<void> {
    // As kubectl, one stream is always followed, whatever the limit says.
    if (this.o.follow && this.open.size >= Math.max(1, this.o.maxLogRequests))
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.stopped) return;
    const name = pod.metadata.name;
    const prefix = this.o.prefix ? linePrefix(name, container, this.chalk) : '';
    const lines = lineWriter(prefix, (l) => this.io.out(l));
    const handle = this.client.stream(
      Client.path(PODS, pod.metadata.namespace, name, 'log'),
      {
        accept: 'application/json, */*',
        query: {
          container,
          follow: this.o.follow || undefined,
          previous: this.o.previous || undefined,
          // Runs that start later are followed from their first line.
          tailLines: first && this.o.tail >= 0 ? this.o.tail : undefined,
          sinceSeconds: first ? this.o.sinceSeconds : undefined,
          sinceTime: first ? this.o.sinceTime : undefined,
          timestamps: this.o.timestamps || undefined,
          limitBytes: this.o.limitBytes,
        },
      },
      () => undefined,
      (c) => lines.chunk(c),
    );
    this.open.set(key, handle);
    try {
      await handle.done;
    } catch (err) {
      // Without follow the command ends at the first error, as kubectl's does, unless told to go on.
      if (!this.o.follow && !this.o.ignoreErrors) throw err;
      if (this.o.follow) this.io.err(`error: ${name}/${container}: ${(err as Error).message}`);
      else this.io.out(`error: ${(err as Error).message}`);
    } finally {
      lines.end();
      this.open.delete(key);
      this.waiting.shift()?.();
    }
  }

  stop(): void {
    this.stopped = true;
    for (const h of this.open.values()) h.stop();
    for (const start of this.waiting.splice(0)) start();
  }

  /** How many logs kubectl would ask for at once: each pod's chosen containers, whatever their state. */
  requests(pods: ServedPod[]): number {
    return pods.reduce((n, pod) => n + chosenContainers(pod, this.o).length, 0);
  }
}

/**
 * Prints the logs of the pods the selector picks; with follow, keeps streaming them and the
 * pods that start later until the signal aborts.
 */
export async function podLogs(client: Client, o: PodLogsOptions, io: Io, signal: AbortSignal): Promise<void> {
  // A previous run has ended: its log is read whole, followed or not, and a pod that starts later has none.
  const following = o.follow && !o.previous;
  const streams = new LogStreams(client, { ...o, follow: following }, io);
  const informer = new Informer<ServedPod>(client, PODS, {
    namespace: o.namespace,
    labelSelector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    pageSize: 500,
  });
  let synced = false;
  const all: Promise<void>[] = [];
  if (following) {
    const seen = (pod: ServedPod) => {
      if (synced) for (const run of streams.runsOf(pod, false)) all.push(run());
    };
    informer.addHandler({ add: seen, update: (_old, pod) => seen(pod) });
  }
  informer.start();
  const stop = () => {
    streams.stop();
    void informer.stop();
  };
  signal.addEventListener('abort', stop, { once: true });
  try {
    await Promise.race([informer.whenSynced(), new Promise((r) => signal.addEventListener('abort', r))]);
    const pods = informer.list().sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    if (!pods.length && !following) io.err(`No resources found in ${o.namespace} namespace.`);
    // As kubectl, before any log: each pod's default container said, a wrong -c refused.
    for (const pod of pods) {
      checkContainer(pod, o.container);
      const note = !o.container && !o.allContainers ? defaultContainer(pod).note : undefined;
      if (note) io.err(note);
    }
    const requests = streams.requests(pods);
    if (o.follow && requests > 1 && requests > o.maxLogRequests)
      throw tooManyStreams(requests, o.maxLogRequests);
    if (following) {
      synced = true;
      for (const pod of pods) for (const run of streams.runsOf(pod, true)) all.push(run());
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    } else {
      await informer.stop();
      // Without follow, one pod's log after the other, as kubectl prints them.
      for (const pod of pods) for (const run of streams.runsOf(pod, true)) await run();
    }
  } finally {
    signal.removeEventListener('abort', stop);
    stop();
    await Promise.allSettled(all);
  }
}
