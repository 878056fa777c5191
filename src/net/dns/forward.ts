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

type Settle = (err: Error | null, reply?: Buffer) => void;

/**
 * One question and answer with an upstream: `start` opens the socket, sends, calls settle with
 * the reply, and returns how to close the socket; the first settle (or the timeout) wins.
 */
function exchange(u: Upstream, timeoutMs: number, start: (settle: Settle) => () => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let close = () => {};
    const settle: Settle = (err, reply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      close();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(
      () => settle(new Error(`no answer from ${u.host}:${u.port} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    close = start(settle);
  });
}

function viaUdp(u: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return exchange(u, timeoutMs, (settle) => {
    const sock = dgram.createSocket(isIP(u.host) === 6 ? 'udp6' : 'udp4');
    sock.on('error', (err) => settle(err));
    sock.on('message', (msg) => {
      if (msg.length >= 2 && msg.readUInt16BE(0) === query.readUInt16BE(0)) settle(null, msg);
    });
    sock.send(query, u.port, u.host);
    return () => sock.close();
  });
}

function viaTcp(u: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return exchange(u, timeoutMs, (settle) => {
    const sock = net.connect({ host: u.host, port: u.port });
    let buf = Buffer.alloc(0);
    sock.on('error', (err) => settle(err));
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const size = buf.length >= 2 ? buf.readUInt16BE(0) : Number.POSITIVE_INFINITY;
      if (buf.length >= 2 + size) settle(null, buf.subarray(2, 2 + size));
    });
    sock.on('end', () => settle(new Error(`${u.host}:${u.port} closed the connection without an answer`)));
    return () => sock.destroy();
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
