import { PODS } from '../api/kinds/index.js';
import { Client } from '../client/client.js';
import { podContainer } from './attachable-pod.js';

export interface LogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  /** Only the last N lines; negative: all. */
  tail: number;
  timestamps: boolean;
  sinceSeconds?: number;
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
  const { pod, container, among } = await podContainer(client, namespace, target, o.container, note);
  if (among > 1) note(`Found ${among} pods, using pod/${pod}`);
  const handle = client.stream(
    Client.path(PODS, namespace, pod, 'log'),
    {
      accept: 'application/json, */*',
      query: {
        container,
        follow: o.follow || undefined,
        previous: o.previous || undefined,
        tailLines: o.tail >= 0 ? o.tail : undefined,
        timestamps: o.timestamps || undefined,
        sinceSeconds: o.sinceSeconds,
      },
    },
    () => undefined,
    out,
  );
  const stop = () => handle.stop();
  process.once('SIGINT', stop);
  try {
    await handle.done;
  } finally {
    process.off('SIGINT', stop);
  }
}
