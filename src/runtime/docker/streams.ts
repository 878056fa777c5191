import { PassThrough, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { AttachOptions, ContainerLogOptions, ExecOptions, StreamSession } from '../container-runtime.js';

type Hijacked = NodeJS.ReadWriteStream & { destroy(): void };

/** Splits Docker's multiplexed stream format (an 8-byte header per frame) into its payloads. */
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
 * The session over a hijacked Docker stream: output split into stdout and stderr (one stream
 * with a terminal), and the exit code asked of `ended` once the stream ends.
 */
function session(
  docker: Docker,
  stream: Hijacked,
  tty: boolean,
  stdin: boolean,
  resize: (w: number, h: number) => Promise<unknown>,
  ended: () => Promise<number>,
): StreamSession {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (tty) stream.pipe(stdout);
  else docker.modem.demuxStream(stream, stdout, stderr);
  let finished = false;
  const exitCode = new Promise<number>((resolve) => {
    const finish = () => {
      if (finished) return;
      finished = true;
      stdout.end();
      stderr.end();
      ended().then(resolve, () => resolve(1));
    };
    stream.once('end', finish);
    // 'close' may come without 'end' (a reset connection); let a pending 'end' go first.
    stream.once('close', () => setImmediate(finish));
  });
  return {
    stdin: stdin ? (stream as unknown as Writable) : undefined,
    stdout,
    stderr,
    resize: (w, h) => {
      resize(w, h).catch(() => undefined);
    },
    close: () => {
      stream.destroy();
    },
    exitCode,
  };
}

export async function execSession(docker: Docker, id: string, opts: ExecOptions): Promise<StreamSession> {
  const exec = await docker.getContainer(id).exec({
    Cmd: opts.command,
    AttachStdin: opts.stdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: opts.tty,
  });
  const stream = (await exec.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty })) as Hijacked;
  return session(
    docker,
    stream,
    opts.tty,
    opts.stdin,
    (w, h) => exec.resize({ w, h }),
    async () => (await exec.inspect()).ExitCode ?? 0,
  );
}

export async function attachSession(docker: Docker, id: string, opts: AttachOptions): Promise<StreamSession> {
  const container = docker.getContainer(id);
  const tty = !!(await container.inspect()).Config.Tty;
  const stream = (await container.attach({
    stream: true,
    hijack: true,
    stdin: opts.stdin,
    stdout: true,
    stderr: true,
  })) as Hijacked;
  return session(
    docker,
    stream,
    tty,
    opts.stdin,
    (w, h) => container.resize({ w, h }),
    async () => {
      // Docker ends an attach stream when the process ends, and also when the attached stdin
      // ends (unless the container has stdinOnce): then the container runs on, detached.
      const state = (await container.inspect()).State;
      return state.Running ? 0 : state.ExitCode;
    },
  );
}

export async function writeLogs(
  docker: Docker,
  id: string,
  opts: ContainerLogOptions,
  out: Writable,
  signal?: AbortSignal,
): Promise<void> {
  const container = docker.getContainer(id);
  const tty = !!(await container.inspect()).Config.Tty;
  const base = {
    stdout: true,
    stderr: true,
    timestamps: !!opts.timestamps,
    tail: opts.tailLines !== undefined ? opts.tailLines : ('all' as unknown as number),
    // Docker takes seconds since the epoch, fractions too.
    since: opts.sinceTime
      ? Date.parse(opts.sinceTime) / 1000
      : opts.sinceSeconds
        ? Math.floor(Date.now() / 1000) - opts.sinceSeconds
        : 0,
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
