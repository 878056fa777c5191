import { errors } from '../api/errors.js';
import type { ServedPod } from '../api/kinds/index.js';
import type { ContainerRuntime, StreamSession } from './container-runtime.js';
import { runningContainer } from './target-container.js';

export interface PodExecOptions {
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/** Runs a command in a running container of a pod (what `kubectl exec` reaches). */
export async function execInPod(
  runtime: ContainerRuntime,
  pod: ServedPod,
  opts: PodExecOptions,
): Promise<StreamSession> {
  if (opts.command.length === 0)
    throw errors.badRequest('you must specify at least one command for the container');
  const id = await runningContainer(runtime, pod, opts.container);
  try {
    return await runtime.exec(id, { command: opts.command, stdin: opts.stdin, tty: opts.tty });
  } catch (err) {
    throw errors.internal(`error executing command in container: ${(err as Error).message}`);
  }
}

/** Runs a command to completion (probes and hooks): exit code and output, bounded by timeoutMs. */
export async function execCollect(
  runtime: ContainerRuntime,
  id: string,
  command: string[],
  timeoutMs: number,
): Promise<{ exitCode: number; output: string; timedOut: boolean }> {
  const session = await runtime.exec(id, { command, stdin: false, tty: false });
  const chunks: Buffer[] = [];
  session.stdout.on('data', (c: Buffer) => chunks.push(c));
  session.stderr.on('data', (c: Buffer) => chunks.push(c));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const result = await Promise.race([session.exitCode, timeout]);
  clearTimeout(timer);
  const output = Buffer.concat(chunks).toString('utf8');
  if (result === 'timeout') {
    session.close();
    return { exitCode: -1, output, timedOut: true };
  }
  return { exitCode: result, output, timedOut: false };
}
