import dgram from 'node:dgram';
import net, { isIP } from 'node:net';
import dnsPacket, { type Answer, type RecordType } from 'dns-packet';

export interface Upstream {
  host: string;
  port: number;
}

/** `ip`, `ip:port` or `[ipv6]:port`, the forms resolv.conf and CoreDNS's forward take. */
export function parseUpstream(s: string): Upstream {
  const bracketed = s.match(/^\[([^\]]+)\](?::(\d+))?$/);
  if (bracketed && isIP(bracketed[1]!) === 6)
    return { host: bracketed[1]!, port: Number(bracketed[2] ?? 53) };
  if (isIP(s)) return { host: s, port: 53 };
  const v4 = s.match(/^([\d.]+):(\d+)$/);
  if (v4 && isIP(v4[1]!) === 4) return { host: v4[1]!, port: Number(v4[2]) };
  throw new Error(`upstream resolver "${s}" is not an IP address or IP:port`);
}

function viaUdp(u: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket(isIP(u.host) === 6 ? 'udp6' : 'udp4');
    const done = (err: Error | null, reply?: Buffer) => {
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(
      () => done(new Error(`no answer from ${u.host}:${u.port} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    sock.on('error', (err) => done(err));
    sock.on('message', (msg) => {
      if (msg.length >= 2 && msg.readUInt16BE(0) === query.readUInt16BE(0)) done(null, msg);
    });
    sock.send(query, u.port, u.host);
  });
}

function viaTcp(u: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: u.host, port: u.port });
    let buf = Buffer.alloc(0);
    const done = (err: Error | null, reply?: Buffer) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(
      () => done(new Error(`no answer from ${u.host}:${u.port} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    sock.on('error', (err) => done(err));
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0))
        done(null, buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
    sock.on('end', () => done(new Error(`${u.host}:${u.port} closed the connection without an answer`)));
  });
}

/**
 * Relays queries for names outside the cluster to the upstream resolvers, one after another
 * until one answers (as CoreDNS's forward plugin, over the protocol the client used).
 */
export class Forwarder {
  constructor(
    private readonly upstreams: Upstream[],
    private readonly timeoutMs: number,
    private readonly log?: (line: string) => void,
  ) {}

  async relay(query: Buffer, tcp: boolean): Promise<Buffer | undefined> {
    for (const u of this.upstreams) {
      try {
        return await (tcp ? viaTcp : viaUdp)(u, query, this.timeoutMs);
      } catch (err) {
        this.log?.(`forwarding to ${u.host}:${u.port}: ${(err as Error).message}`);
      }
    }
    return undefined;
  }

  /** The answer section for a name and type, asked of the upstreams (over TCP when truncated). */
  async lookup(name: string, type: RecordType): Promise<Answer[]> {
    const query = dnsPacket.encode({
      type: 'query',
      id: Math.floor(Math.random() * 65536),
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ name, type, class: 'IN' }],
    });
    let reply = await this.relay(query, false);
    if (reply && dnsPacket.decode(reply).flag_tc) reply = await this.relay(query, true);
    return reply ? (dnsPacket.decode(reply).answers ?? []) : [];
  }
}
