import { PassThrough, type Readable, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import { ApiError, errors } from '../api/errors.js';
import { runningContainer } from './instances.js';
import type { Pod } from './pod.js';

export interface ExecOptions {
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

export interface ExecSession {
  stdin: Writable | undefined;
  stdout: Readable;
  stderr: Readable;
  resize(width: number, height: number): void;
  /** The command's exit code, once it ended. */
  exitCode: Promise<number>;
}

/** Runs a command in a running container of a pod (what `kubectl exec` reaches). */
export async function execInPod(docker: Docker, pod: Pod, opts: ExecOptions): Promise<ExecSession> {
  const id = await runningContainer(docker, pod, opts.container);
  return execInContainer(docker, id, opts);
}

export async function execInContainer(
  docker: Docker,
  id: string,
  opts: Omit<ExecOptions, 'container'>,
): Promise<ExecSession> {
  if (opts.command.length === 0)
    throw errors.badRequest('you must specify at least one command for the container');
  const exec = await docker.getContainer(id).exec({
    Cmd: opts.command,
    AttachStdin: opts.stdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: opts.tty,
  });
  let stream: NodeJS.ReadWriteStream;
  try {
    stream = (await exec.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty })) as NodeJS.ReadWriteStream;
  } catch (err) {
    throw new ApiError({
      ...errors.internal(`error executing command in container: ${(err as Error).message}`).status,
    });
  }
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (opts.tty) stream.pipe(stdout);
  else docker.modem.demuxStream(stream, stdout, stderr);
  const exitCode = new Promise<number>((resolve) => {
    const finish = () => {
      stdout.end();
      stderr.end();
      exec
        .inspect()
        .then((info) => resolve(info.ExitCode ?? 0))
        .catch(() => resolve(1));
    };
    stream.once('end', finish);
    stream.once('close', () => setImmediate(() => (stdout.writableEnded ? undefined : finish())));
  });
  return {
    stdin: opts.stdin ? (stream as unknown as Writable) : undefined,
    stdout,
    stderr,
    resize: (w, h) => {
      exec.resize({ w, h }).catch(() => undefined);
    },
    exitCode,
  };
}

/** Runs a command to completion (probes and hooks): exit code and output, bounded by timeoutMs. */
export async function execCollect(
  docker: Docker,
  id: string,
  command: string[],
  timeoutMs: number,
): Promise<{ exitCode: number; output: string; timedOut: boolean }> {
  const session = await execInContainer(docker, id, { command, stdin: false, tty: false });
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
  if (result === 'timeout') return { exitCode: -1, output, timedOut: true };
  return { exitCode: result, output, timedOut: false };
}
