import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { ApiError, errors } from '../api/errors.js';
import type { ServedPod } from '../api/kinds/index.js';
import type { PodIO } from '../api/subresources.js';
import type { Status } from '../api/types.js';
import { CHANNEL } from '../client/exec-client.js';
import type { ContainerRuntime, StreamSession } from './container-runtime.js';
import { execInPod } from './exec.js';
import { streamPodLogs } from './logs.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** The Status a command's end sends on the error channel (what kubectl turns into its exit code). */
export function exitStatus(command: string[], code: number): Omit<Status, 'code'> & { code?: number } {
  if (code === 0) return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** Carries an exec session over a WebSocket speaking the channel.k8s.io framing. */
export function bridgeExec(ws: WebSocket, session: StreamSession, command: string[]): void {
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  session.stdout.on('data', (c: Buffer) => send(CHANNEL.stdout, c));
  session.stderr.on('data', (c: Buffer) => send(CHANNEL.stderr, c));
  ws.on('message', (raw: Buffer) => {
    const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
    if (data.length === 0) return;
    const payload = data.subarray(1);
    if (data[0] === CHANNEL.stdin) session.stdin?.write(payload);
    else if (data[0] === CHANNEL.close && payload[0] === CHANNEL.stdin) session.stdin?.end();
    else if (data[0] === CHANNEL.resize) {
      try {
        const size = JSON.parse(payload.toString('utf8')) as { Width: number; Height: number };
        session.resize(size.Width, size.Height);
      } catch {}
    }
  });
  ws.on('close', () => session.close());
  session.exitCode.then((code) => {
    send(CHANNEL.error, Buffer.from(JSON.stringify(exitStatus(command, code))));
    ws.close(1000);
  });
}

function refuse(socket: Duplex, err: unknown): void {
  const status =
    err instanceof ApiError
      ? err.status
      : errors.internal(err instanceof Error ? err.message : String(err)).status;
  const body = JSON.stringify(status);
  socket.end(
    `HTTP/1.1 ${status.code} ${status.reason ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The container-runtime side of pods/log and pods/exec, for the API server. */
export function podIO(runtime: ContainerRuntime): PodIO {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });
  return {
    logs: (pod, opts, out, signal) =>
      streamPodLogs(runtime, pod as ServedPod, opts, out as NodeJS.WritableStream as never, signal),
    upgrade: (svc, r, url, req: IncomingMessage, socket, head) => {
      (async () => {
        if (r.subresource !== 'exec' || !r.name)
          throw errors.badRequest(`${r.subresource ?? 'this path'} cannot be upgraded`);
        const pod = (await svc.get(r.def, r.namespace, r.name)) as ServedPod;
        const q = url.searchParams;
        const command = q.getAll('command');
        const tty = q.get('tty') === 'true';
        const session = await execInPod(runtime, pod, {
          container: q.get('container') ?? undefined,
          command,
          stdin: q.get('stdin') === 'true',
          tty,
        });
        wss.handleUpgrade(req, socket, head, (ws) => bridgeExec(ws, session, command));
      })().catch((err) => refuse(socket, err));
    },
  };
}
