import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SpdyConnection, type SpdyStream } from '../client/spdy/connection.js';
import { servePortForward } from './port-forward.js';

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
