import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { namesServer } from './client-hello.js';

/** The first bytes Node's TLS client sends (its ClientHello), with or without a server name. */
async function clientHello(servername?: string): Promise<Buffer> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const first = new Promise<Buffer>((resolve) =>
    server.once('connection', (s) => {
      let seen = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        seen = Buffer.concat([seen, d]);
        if (seen.length >= 5 && seen.length >= 5 + seen.readUInt16BE(3)) {
          resolve(seen);
          s.destroy();
        }
      });
    }),
  );
  const client = tls.connect({
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    servername,
    rejectUnauthorized: false,
  });
  client.on('error', () => undefined);
  const hello = await first;
  client.destroy();
  server.close();
  return hello;
}

describe('a ClientHello naming its server', () => {
  it('tells a hello with a server name from one without, and waits for the whole record', async () => {
    const named = await clientHello('shop.test');
    const unnamed = await clientHello();
    expect(namesServer(named)).toBe(true);
    expect(namesServer(unnamed)).toBe(false);
    expect(namesServer(named.subarray(0, 4))).toBeUndefined();
    expect(namesServer(named.subarray(0, named.length - 1))).toBeUndefined();
  });

  it('counts what is no ClientHello as naming none, so that TLS refuses it', () => {
    expect(namesServer(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toBe(false);
    expect(namesServer(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x02, 0x02, 0x00]))).toBe(false);
  });
});
