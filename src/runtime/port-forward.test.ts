import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SpdyConnection, type SpdyStream } from '../client/spdy/connection.js';
import { queryPorts, servePortForward, servePortForwardChannels } from './port-forward.js';

/** A kubectl-like client session to servePortForward, whose "pod" is a TCP echo on 127.0.0.1. */
async function setup() {
  const echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const refusedPort = (closed.address() as net.AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const front = net.createServer((socket) =>
    servePortForward(new SpdyConnection(socket, { server: true }), {
      ip: '127.0.0.1',
      podFullName: 'web_default',
      uid: 'u-1',
    }),
  );
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  const client = new SpdyConnection(net.connect((front.address() as net.AddressInfo).port, '127.0.0.1'), {
    server: false,
  });
  return {
    client,
    echoPort: (echo.address() as net.AddressInfo).port,
    refusedPort,
    close: () => {
      client.close();
      echo.close();
      front.close();
    },
  };
}

const text = (s: SpdyStream) =>
  new Promise<string>((resolve) => {
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString()));
    s.on('end', () => resolve(out));
  });

/** What kubectl does for one local connection: error stream, then data stream, same requestID. */
async function forward(client: SpdyConnection, port: number, id: number, send: string) {
  const headers = { streamType: 'error', port: String(port), requestID: String(id) };
  const error = await client.openStream(headers);
  error.end();
  const data = await client.openStream({ ...headers, streamType: 'data' });
  data.end(send);
  return { data: await text(data), error: await text(error) };
}

let close = () => {};
afterEach(() => close());

describe('servePortForward', () => {
  it('joins each stream pair to the port, many at once, and reports a refused one on its error stream only', async () => {
    const t = await setup();
    close = t.close;
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => forward(t.client, t.echoPort, i, `ping ${i}`)),
      forward(t.client, t.refusedPort, 10, 'lost'),
    ]);
    for (let i = 0; i < 10; i++) expect(results[i]).toEqual({ data: `ping ${i}`, error: '' });
    expect(results[10]).toEqual({
      data: '',
      error: `error forwarding port ${t.refusedPort} to pod web_default, uid u-1: dial tcp 127.0.0.1:${t.refusedPort}: connect: connection refused`,
    });
    expect(await forward(t.client, t.echoPort, 11, 'still here')).toEqual({ data: 'still here', error: '' });
  });

  it('refuses streams without a valid port or stream type', async () => {
    const t = await setup();
    close = t.close;
    await expect(t.client.openStream({ streamType: 'data', requestID: '0' })).rejects.toThrow(/reset/);
    await expect(t.client.openStream({ streamType: 'data', port: '0', requestID: '0' })).rejects.toThrow(
      /reset/,
    );
    await expect(t.client.openStream({ streamType: 'other', port: '80', requestID: '0' })).rejects.toThrow(
      /reset/,
    );
    expect(await forward(t.client, t.echoPort, 1, 'ok')).toEqual({ data: 'ok', error: '' });
  });
});

describe('servePortForwardChannels', () => {
  it('sends each port first, then carries data on channel 2i and a refused dial on 2i+1', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const echoPort = (echo.address() as net.AddressInfo).port;
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) =>
      servePortForwardChannels(ws, [echoPort, 1], {
        ip: '127.0.0.1',
        podFullName: 'web_default',
        uid: 'u-1',
      }),
    );
    const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as net.AddressInfo).port}`);
    close = () => {
      ws.close();
      wss.close();
      echo.close();
    };
    const seen: Record<number, Buffer[]> = {};
    ws.on('message', (m: Buffer) => {
      seen[m[0]] = [...(seen[m[0]] ?? []), m.subarray(1)];
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello')]));
    const le = (p: number) => Buffer.from([p & 0xff, p >> 8]);
    await expect
      .poll(() => Buffer.concat(seen[0] ?? []).toString('latin1'))
      .toBe(`${le(echoPort).toString('latin1')}hello`);
    await expect
      .poll(() => Buffer.concat((seen[3] ?? []).slice(1)).toString())
      .toMatch(
        /^error forwarding port 1 to pod web_default, uid u-1: dial tcp 127\.0\.0\.1:1: connect: connection refused$/,
      );
    expect(seen[1]?.[0]).toEqual(le(echoPort));
    expect(seen[2]?.[0]).toEqual(le(1));
  });

  it('reads the ports query as the kubelet does', () => {
    expect(queryPorts(['80,8080', '9090'])).toEqual([80, 8080, 9090]);
    expect(() => queryPorts([])).toThrow(/"port" is required/);
    expect(() => queryPorts(['http'])).toThrow(/unable to parse "http" as a port/);
  });
});
