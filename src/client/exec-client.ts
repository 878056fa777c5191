import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { Status } from '../api/types.js';
import type { Connection } from './client.js';

export interface ExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

export interface ExecStreams {
  stdin: NodeJS.ReadableStream & { setRawMode?: (raw: boolean) => void; isTTY?: boolean };
  stdout: NodeJS.WritableStream & { columns?: number; rows?: number; on?: NodeJS.WritableStream['on'] };
  stderr: NodeJS.WritableStream;
}

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** The exit code a status message on the error channel carries, as kubectl reads it. */
export function exitCodeOf(status: Status): { code: number; message?: string } {
  if (status.status === 'Success') return { code: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { code };
  }
  return { code: 1, message: status.message ?? 'command failed' };
}

export function execPath(r: ExecRequest): string {
  const q = new URLSearchParams();
  for (const c of r.command) q.append('command', c);
  if (r.container) q.set('container', r.container);
  q.set('stdin', String(r.stdin));
  q.set('stdout', 'true');
  q.set('stderr', String(!r.tty));
  q.set('tty', String(r.tty));
  return `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}/exec?${q}`;
}

/** The HTTP answer of a refused upgrade, as an error carrying its Status message. */
export function refusal(res: IncomingMessage): Promise<Error> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let message = text || `HTTP ${res.statusCode}`;
      try {
        message = (JSON.parse(text) as Status).message ?? message;
      } catch {}
      resolve(new Error(message));
    });
  });
}

/** Sends the terminal's size, then each change of it (SIGWINCH), on the resize channel. Undoes it all. */
function sendTerminalSize(ws: WebSocket, io: ExecStreams): () => void {
  io.stdin.setRawMode?.(true);
  const resize = () => {
    if (io.stdout.columns && io.stdout.rows) {
      const size = JSON.stringify({ Width: io.stdout.columns, Height: io.stdout.rows });
      ws.send(Buffer.concat([Buffer.from([CHANNEL.resize]), Buffer.from(size)]));
    }
  };
  resize();
  process.on('SIGWINCH', resize);
  return () => {
    process.off('SIGWINCH', resize);
    io.stdin.setRawMode?.(false);
  };
}

/** Sends stdin on its channel, and its end as a close of that channel (v5 only). Undoes it. */
function sendStdin(ws: WebSocket, io: ExecStreams): () => void {
  const onData = (chunk: Buffer | string) =>
    ws.send(Buffer.concat([Buffer.from([CHANNEL.stdin]), Buffer.from(chunk)]));
  const onEnd = () => {
    if (ws.protocol === 'v5.channel.k8s.io') ws.send(Buffer.from([CHANNEL.close, CHANNEL.stdin]));
  };
  io.stdin.on('data', onData);
  io.stdin.on('end', onEnd);
  io.stdin.resume();
  return () => {
    io.stdin.off('data', onData);
    io.stdin.off('end', onEnd);
    io.stdin.pause();
  };
}

/**
 * `kubectl exec` over WebSocket (v5.channel.k8s.io, falling back to v4): one channel byte
 * leads each message. Resolves with the command's exit code.
 */
export function execOverWebSocket(
  conn: Connection,
  r: ExecRequest,
  io: ExecStreams = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const url = new URL(execPath(r), conn.server.replace(/^http/, 'ws'));
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], {
      ca: conn.ca,
      headers: { Authorization: `Bearer ${conn.token}` },
    });
    let result: { code: number; message?: string } | undefined;
    const cleanups: (() => void)[] = [];
    ws.on('unexpected-response', (_req, res) => refusal(res).then(reject));
    ws.on('error', reject);
    ws.on('open', () => {
      if (r.tty && io.stdin.setRawMode) cleanups.push(sendTerminalSize(ws, io));
      if (r.stdin) cleanups.push(sendStdin(ws, io));
    });
    ws.on('message', (data: Buffer) => {
      if (data.length === 0) return;
      const payload = data.subarray(1);
      if (data[0] === CHANNEL.stdout) io.stdout.write(payload);
      else if (data[0] === CHANNEL.stderr) io.stderr.write(payload);
      else if (data[0] === CHANNEL.error && payload.length) {
        try {
          result = exitCodeOf(JSON.parse(payload.toString('utf8')) as Status);
        } catch {
          result = { code: 1, message: payload.toString('utf8') };
        }
      }
    });
    ws.on('close', () => {
      for (const c of cleanups) c();
      if (result?.message) io.stderr.write(`error: ${result.message}\n`);
      resolve(result?.code ?? 0);
    });
  });
}
