/**
 * The kubelet's side of pods/portforward (portforward.k8s.io): each forwarded connection is a
 * pair of SPDY streams, `error` then `data`, sharing a `requestID` and naming a `port`. The data
 * stream is joined to a TCP connection to the pod's port; a connection that fails is reported
 * on its own error stream, and the other connections go on.
 */
import net from 'node:net';
import { WebSocket } from 'ws';
import { errors } from '../api/errors.js';
import { dialError } from '../api/proxy.js';
import type { SpdyConnection, SpdyStream } from '../client/spdy/connection.js';
import { RST } from '../client/spdy/frames.js';

/** How long the second stream of a pair may lag the first (Kubernetes' DefaultStreamCreationTimeout). */
const STREAM_CREATION_TIMEOUT_MS = 30_000;

export interface ForwardTarget {
  /** The pod's address: the host reaches it on the cluster's bridge. */
  ip: string;
  /** The pod as the kubelet names it in errors (NAME_NAMESPACE) and its uid. */
  podFullName: string;
  uid: string;
}

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** Why a stream's headers are refused, as the kubelet words it; undefined when they are fine. */
function invalid(h: Record<string, string>): string | undefined {
  if (!h.port) return '"port" header is required';
  if (!/^\d+$/.test(h.port) || Number(h.port) > 65535) return `unable to parse "${h.port}" as a port`;
  if (Number(h.port) < 1) return `port "${h.port}" must be > 0`;
  if (!h.streamtype) return '"streamType" header is required';
  if (h.streamtype !== 'error' && h.streamtype !== 'data') return `invalid stream type "${h.streamtype}"`;
  return undefined;
}

/** Older clients send no requestID: the kubelet pairs their streams by consecutive stream ids. */
function requestId(s: SpdyStream): string {
  return s.headers.requestid ?? String(s.headers.streamtype === 'error' ? s.id : s.id - 2);
}

/** Serves the port-forward streams of one upgraded connection until it closes. */
export function servePortForward(conn: SpdyConnection, target: ForwardTarget): void {
  const pairs = new Map<string, Pair>();
  conn.on('stream', (stream: SpdyStream) => {
    if (invalid(stream.headers)) {
      stream.reset(RST.protocolError);
      return;
    }
    stream.reply();
    const id = requestId(stream);
    let pair = pairs.get(id);
    if (!pair) {
      const created: Pair = {
        timer: setTimeout(() => {
          pairs.delete(id);
          created.error?.end(`(request=${id}) timed out waiting for streams`);
          created.data?.reset();
        }, STREAM_CREATION_TIMEOUT_MS),
      };
      pair = created;
      pairs.set(id, pair);
    }
    const type = stream.headers.streamtype as 'data' | 'error';
    if (pair[type]) {
      pair.error?.write(`error processing stream for request ${id}: ${type} stream already assigned`);
      stream.reset();
      return;
    }
    pair[type] = stream;
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      pairs.delete(id);
      forward(pair.data, pair.error, Number(stream.headers.port), target);
    }
  });
  conn.on('close', () => {
    for (const p of pairs.values()) clearTimeout(p.timer);
    pairs.clear();
  });
}

function forward(data: SpdyStream, error: SpdyStream, port: number, target: ForwardTarget): void {
  // Error-stream input is ignored; the client only closes it.
  error.resume();
  error.on('error', () => undefined);
  data.on('error', () => undefined);
  const socket = net.connect({ host: target.ip, port, allowHalfOpen: true, noDelay: true });
  let connected = false;
  socket.once('connect', () => {
    connected = true;
    data.pipe(socket);
    socket.pipe(data);
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (connected) return;
    error.end(
      `error forwarding port ${port} to pod ${target.podFullName}, uid ${target.uid}: ${dialError(target.ip, port, err)}`,
    );
    data.end();
  });
  // The client resets the data stream once it has read all; then nothing more goes either way.
  data.on('close', () => socket.destroy());
  socket.on('close', () => {
    if (connected) error.end();
    if (!data.writableEnded) data.end();
  });
}

/** The `ports` query parameter (repeated or comma separated), as the kubelet reads it. */
export function queryPorts(values: string[]): number[] {
  const ports = values.flatMap((v) => v.split(',')).filter(Boolean);
  if (!ports.length) throw errors.badRequest('query parameter "port" is required');
  return ports.map((p) => {
    if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535)
      throw errors.badRequest(`unable to parse "${p}" as a port`);
    return Number(p);
  });
}

/**
 * The WebSocket form of port-forward that client-node speaks (channel.k8s.io framing, the ports
 * in the query, one TCP connection each). Port i has channels 2i (data) and 2i+1 (errors); each channel's first message is the port,
 * two bytes little-endian, as the kubelet sends it. The WebSocket ends when every connection has.
 */
export function servePortForwardChannels(ws: WebSocket, ports: number[], target: ForwardTarget): void {
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  let open = ports.length;
  const sockets = ports.map((port, i) => {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    send(2 * i, portBytes);
    send(2 * i + 1, portBytes);
    const socket = net.connect({ host: target.ip, port, noDelay: true });
    let connected = false;
    socket.once('connect', () => {
      connected = true;
    });
    socket.on('data', (c: Buffer) => send(2 * i, c));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected)
        send(
          2 * i + 1,
          Buffer.from(
            `error forwarding port ${port} to pod ${target.podFullName}, uid ${target.uid}: ${dialError(target.ip, port, err)}`,
          ),
        );
    });
    socket.on('close', () => {
      if (--open === 0) ws.close(1000);
    });
    return socket;
  });
  ws.on('message', (raw: Buffer) => {
    const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
    const socket = data.length && data[0] % 2 === 0 ? sockets[data[0] / 2] : undefined;
    socket?.write(data.subarray(1));
  });
  ws.on('close', () => {
    for (const s of sockets) s.destroy();
  });
}
