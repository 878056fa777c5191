import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type SpdyConnection as Conn, SpdyConnection, type SpdyStream } from './connection.js';
import { FrameReader, pingFrame, TYPE } from './frames.js';

/** A client and a server session over a real TCP connection on 127.0.0.1. */
async function pair(): Promise<{ client: Conn; server: Conn; raw: net.Socket; close: () => void }> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => srv.once('connection', r));
  const raw = net.connect((srv.address() as net.AddressInfo).port, '127.0.0.1');
  const server = new SpdyConnection(await accepted, { server: true });
  const client = new SpdyConnection(raw, { server: false });
  return {
    client,
    server,
    raw,
    close: () => {
      client.close();
      server.close();
      srv.close();
    },
  };
}

const readAll = (s: NodeJS.ReadableStream) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks)));
    s.on('error', reject);
  });

let close = () => {};
afterEach(() => close());

describe('SpdyConnection', () => {
  it('opens streams that the peer accepts, and carries data both ways with half-close', async () => {
    const p = await pair();
    close = p.close;
    p.server.on('stream', (s: SpdyStream) => {
      s.reply();
      // An echo that upper-cases, ending its side when the client ends its own.
      s.on('data', (c: Buffer) => s.write(Buffer.from(c.toString().toUpperCase())));
      s.on('end', () => s.end(`:${s.headers.port}`));
    });
    const stream = await p.client.openStream({ streamType: 'data', port: '8080', requestID: '0' });
    expect(stream.id).toBe(1);
    stream.end('hello');
    expect((await readAll(stream)).toString()).toBe('HELLO:8080');
  });

  it('keeps many concurrent streams apart, with more data than any buffer holds', async () => {
    const p = await pair();
    close = p.close;
    p.server.on('stream', (s: SpdyStream) => {
      s.reply();
      s.pipe(s);
    });
    const payload = (i: number) => Buffer.alloc(1 << 20, i);
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const s = await p.client.openStream({ n: String(i) });
        s.end(payload(i));
        return readAll(s);
      }),
    );
    expect(results.map((r, i) => r.equals(payload(i)))).toEqual(results.map(() => true));
  });

  it('refuses a stream by reset: the opener learns it, the connection goes on', async () => {
    const p = await pair();
    close = p.close;
    p.server.on('stream', (s: SpdyStream) => (s.headers.ok ? s.reply() : s.reset()));
    await expect(p.client.openStream({})).rejects.toThrow(/reset/);
    const ok = await p.client.openStream({ ok: 'yes' });
    expect(ok.id).toBe(3);
  });

  it("answers the peer's pings and ends every stream when the transport closes", async () => {
    const p = await pair();
    close = p.close;
    const frames = new FrameReader();
    const seen: number[] = [];
    p.raw.on('data', (c: Buffer) => {
      for (const f of frames.push(c))
        if (f.kind === 'control' && f.type === TYPE.ping) seen.push(f.payload.readUInt32BE(0));
    });
    p.raw.write(pingFrame(5));
    await expect.poll(() => seen).toEqual([5]);
    let opened: SpdyStream | undefined;
    p.server.on('stream', (s: SpdyStream) => {
      opened = s;
      s.reply();
    });
    await p.client.openStream({});
    const closed = new Promise((r) => opened!.on('close', r));
    p.client.close();
    await closed;
    expect(p.server.isClosed).toBe(true);
  });
});
