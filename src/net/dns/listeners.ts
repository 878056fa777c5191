import dgram from 'node:dgram';
import net from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

/** Answers one DNS message; `tcp` says which transport it came on. Undefined: no reply. */
export type MessageHandler = (msg: Buffer, tcp: boolean) => Promise<Buffer | undefined>;

export interface Listener {
  close(): Promise<void>;
}

/** How long an idle TCP connection stays open, as CoreDNS's server's read timeout. */
const TCP_IDLE_MS = 10_000;

function frame(msg: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(msg.length);
  return Buffer.concat([len, msg]);
}

async function listenUdp(addr: ListenAddress, handle: MessageHandler, log: (l: string) => void) {
  const sock = dgram.createSocket(net.isIP(addr.host) === 6 ? 'udp6' : 'udp4');
  sock.on('message', (msg, rinfo) => {
    // A reply may find the socket closed (the server stopping): logged, never thrown.
    handle(msg, false)
      .then((reply) => reply && sock.send(reply, rinfo.port, rinfo.address))
      .catch((err) => log(`answering ${rinfo.address}: ${(err as Error).message}`));
  });
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(addr.port, addr.host, () => {
      sock.off('error', reject);
      sock.on('error', (err) => log(`udp ${addr.host}:${addr.port}: ${err.message}`));
      resolve();
    });
  });
  return { close: () => new Promise<void>((resolve) => sock.close(() => resolve())) };
}

/** DNS over TCP: each message carries a two-byte length; a connection may carry many. */
async function listenTcp(addr: ListenAddress, handle: MessageHandler, log: (l: string) => void) {
  const open = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    open.add(sock);
    sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
    sock.on('close', () => open.delete(sock));
    sock.on('error', () => sock.destroy());
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        handle(msg, true)
          .then((reply) => {
            if (reply && !sock.destroyed) sock.write(frame(reply));
          })
          .catch((err) => log(`answering ${sock.remoteAddress}: ${(err as Error).message}`));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(addr.port, addr.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** UDP and TCP on each address; if one cannot be bound, none stays bound. */
export async function listenAll(
  addrs: ListenAddress[],
  handle: MessageHandler,
  log: (line: string) => void,
): Promise<Listener[]> {
  const bound: Listener[] = [];
  try {
    for (const addr of addrs) {
      bound.push(await listenUdp(addr, handle, log));
      bound.push(await listenTcp(addr, handle, log));
    }
  } catch (err) {
    await Promise.all(bound.map((l) => l.close()));
    throw err;
  }
  return bound;
}
