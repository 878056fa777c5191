import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocket, WebSocketServer } from 'ws';
import { ApiError, errors } from '../api/errors.js';
import type { ServedPod } from '../api/kinds/index.js';
import { podAddress } from '../api/proxy.js';
import type { PodIO } from '../api/subresources.js';
import type { Status } from '../api/types.js';
import { CHANNEL } from '../client/exec-client.js';
import { PORT_FORWARD_PROTOCOL } from '../client/port-forward-client.js';
import { SpdyConnection } from '../client/spdy/connection.js';
import type { ContainerRuntime, StreamSession } from './container-runtime.js';
import { execInPod } from './exec.js';
import { streamPodLogs } from './logs.js';
import { queryPorts, servePortForward, servePortForwardChannels } from './port-forward.js';
import { chooseContainer, runningContainer } from './target-container.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
/** kubectl tunnels port-forward's SPDY through a WebSocket under this subprotocol (KEP-4006). */
const SPDY_TUNNEL = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;

type StatusOf = (code: number) => Omit<Status, 'code'> & { code?: number };

const SUCCESS: Omit<Status, 'code'> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };

/** The Status a command's end sends on the error channel (what kubectl turns into its exit code). */
export function exitStatus(command: string[], code: number): Omit<Status, 'code'> & { code?: number } {
  if (code === 0) return SUCCESS;
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

/**
 * Carries an exec or attach session over a WebSocket speaking the channel.k8s.io framing. The
 * client's end of stdin reaches the process unless `passStdinEnd` is false: an attached
 * container's stdin outlives one attach unless the container has stdinOnce (Docker would end
 * the attach's output at once instead).
 */
export function bridgeSession(
  ws: WebSocket,
  session: StreamSession,
  statusOf: StatusOf,
  passStdinEnd = true,
): void {
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
    else if (data[0] === CHANNEL.close && payload[0] === CHANNEL.stdin && passStdinEnd) session.stdin?.end();
    else if (data[0] === CHANNEL.resize) {
      try {
        const size = JSON.parse(payload.toString('utf8')) as { Width: number; Height: number };
        session.resize(size.Width, size.Height);
      } catch {}
    }
  });
  ws.on('close', () => session.close());
  session.exitCode.then((code) => {
    send(CHANNEL.error, Buffer.from(JSON.stringify(statusOf(code))));
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

/**
 * `ws` accepts only RFC 6455 tokens as subprotocols, and "SPDY/3.1+..." has a "/" (Go's
 * gorilla/websocket takes it). The offer is renamed to a token for `ws` to parse; the answer
 * names the protocol as kubectl offered it.
 */
const TUNNEL_TOKEN = 'spdy-tunnel';
const offersTunnel = (req: IncomingMessage) =>
  (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .includes(SPDY_TUNNEL);
function offerAsToken(req: IncomingMessage): void {
  req.headers['sec-websocket-protocol'] = TUNNEL_TOKEN;
}

const isWebSocket = (req: IncomingMessage) => (req.headers.upgrade ?? '').toLowerCase() === 'websocket';

/**
 * The plain SPDY/3.1 upgrade kubectl falls back to: the handshake of Kubernetes'
 * httpstream (protocol negotiation on X-Stream-Protocol-Version), then SPDY on the socket.
 */
function upgradeSpdy(req: IncomingMessage, socket: Duplex, head: Buffer): Duplex {
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'spdy/3.1')
    throw errors.badRequest('unable to upgrade: missing upgrade headers in request');
  const offered = (req.headers['x-stream-protocol-version'] ?? '')
    .toString()
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (offered.length && !offered.includes(PORT_FORWARD_PROTOCOL))
    throw errors.forbidden(
      {},
      `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${PORT_FORWARD_PROTOCOL}]`,
    );
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`,
  );
  if (head.length) socket.unshift(head);
  return socket;
}

/** The container-runtime side of pods/log, exec, attach and portforward, for the API server. */
export function podIO(runtime: ContainerRuntime): PodIO {
  const channels = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });
  const tunnel = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has(TUNNEL_TOKEN) ? SPDY_TUNNEL : false),
  });
  return {
    logs: (pod, opts, out, signal) =>
      streamPodLogs(runtime, pod as ServedPod, opts, out as NodeJS.WritableStream as never, signal),
    upgrade: (svc, r, url, req: IncomingMessage, socket, head, podNetwork) => {
      (async () => {
        if (!r.name || !['exec', 'attach', 'portforward'].includes(r.subresource ?? ''))
          throw errors.badRequest(`${r.subresource ?? 'this path'} cannot be upgraded`);
        const pod = (await svc.get(r.def, r.namespace, r.name)) as ServedPod;
        const q = url.searchParams;
        if (r.subresource === 'portforward') {
          if (!pod.status?.podIP)
            throw errors.badRequest(`pod ${pod.metadata.name} does not have an IP address yet`);
          const target = {
            ip: podAddress(pod, podNetwork),
            podFullName: `${pod.metadata.name}_${pod.metadata.namespace}`,
            uid: pod.metadata.uid,
          };
          const serve = (transport: Duplex) =>
            servePortForward(new SpdyConnection(transport, { server: true }), target);
          if (isWebSocket(req) && !offersTunnel(req)) {
            const ports = queryPorts(q.getAll('ports'));
            channels.handleUpgrade(req, socket, head, (ws) => servePortForwardChannels(ws, ports, target));
          } else if (isWebSocket(req)) {
            offerAsToken(req);
            tunnel.handleUpgrade(req, socket, head, (ws) => serve(createWebSocketStream(ws)));
          } else serve(upgradeSpdy(req, socket, head));
          return;
        }
        const stdin = q.get('stdin') === 'true';
        const container = q.get('container') ?? undefined;
        if (r.subresource === 'attach') {
          const id = await runningContainer(runtime, pod, container);
          const { name } = chooseContainer(pod, container);
          const once = !!pod.spec.containers.find((c) => c.name === name)?.stdinOnce;
          const session = await runtime.attach(id, { stdin });
          channels.handleUpgrade(req, socket, head, (ws) => bridgeSession(ws, session, () => SUCCESS, once));
          return;
        }
        const command = q.getAll('command');
        const session = await execInPod(runtime, pod, {
          container,
          command,
          stdin,
          tty: q.get('tty') === 'true',
        });
        channels.handleUpgrade(req, socket, head, (ws) =>
          bridgeSession(ws, session, (code) => exitStatus(command, code)),
        );
      })().catch((err) => refuse(socket, err));
    },
  };
}
