import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type DecodedPacket, type RecordType } from 'dns-packet';

/** A port free for both UDP and TCP on 127.0.0.1, for a DNS server under test. */
export async function freeDnsPort(): Promise<number> {
  for (;;) {
    const sock = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve) =>
      sock.bind(0, '127.0.0.1', () => resolve(sock.address().port)),
    );
    const tcpFree = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    await new Promise<void>((r) => sock.close(() => r()));
    if (tcpFree) return port;
  }
}

/** One question to a DNS server over UDP or TCP, the whole reply decoded. */
export function askDns(
  server: { host: string; port: number },
  name: string,
  type: RecordType,
  opts: { tcp?: boolean; timeoutMs?: number } = {},
): Promise<DecodedPacket> {
  const packet = {
    type: 'query' as const,
    id: Math.floor(Math.random() * 65536),
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' as const }],
  };
  const timeoutMs = opts.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no answer for ${name} ${type} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    let close = () => {};
    const finish = (err: Error | null, reply?: Buffer) => {
      clearTimeout(timer);
      close();
      if (err) reject(err);
      else resolve(dnsPacket.decode(reply!));
    };
    if (opts.tcp) {
      const sock = net.connect(server.port, server.host);
      close = () => sock.destroy();
      let buf = Buffer.alloc(0);
      sock.on('error', (e) => finish(e));
      sock.on('connect', () => sock.write(dnsPacket.streamEncode(packet)));
      sock.on('data', (c) => {
        buf = Buffer.concat([buf, c]);
        if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0))
          finish(null, buf.subarray(2, 2 + buf.readUInt16BE(0)));
      });
    } else {
      const sock = dgram.createSocket('udp4');
      close = () => sock.close();
      sock.on('error', (e) => finish(e));
      sock.on('message', (m) => finish(null, m));
      sock.send(dnsPacket.encode(packet), server.port, server.host);
    }
  });
}
