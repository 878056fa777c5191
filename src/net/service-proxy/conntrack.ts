/**
 * UDP flows the rules no longer describe. Connection tracking keeps a UDP flow on the endpoint
 * its first packet was sent to until the flow idles out, so, as kube-proxy does, the proxy
 * deletes the flows to an endpoint that left. (A refused packet leaves no flow behind: the
 * filter table drops it before its flow is confirmed, so a Service that gets its first endpoint
 * needs no clean-up.)
 */
import { execa } from 'execa';
import type { ProxyPort } from './model.js';

const CONNTRACK = '/usr/sbin/conntrack';

export interface StaleFlows {
  clusterIP: string;
  port: number;
  /** The flows DNATed to this endpoint address. */
  endpoint: string;
}

/** Each UDP port's endpoints (`ip:port`), by service port, as the last rewrite wrote them. */
export type UdpEndpoints = Map<string, { clusterIP: string; port: number; endpoints: Set<string> }>;

export function udpEndpoints(ports: ProxyPort[]): UdpEndpoints {
  const out: UdpEndpoints = new Map();
  for (const p of ports)
    if (p.protocol === 'UDP')
      out.set(`${p.key}/${p.clusterIP}:${p.port}`, {
        clusterIP: p.clusterIP,
        port: p.port,
        endpoints: new Set(p.endpoints.map((e) => `${e.ip}:${e.port}`)),
      });
  return out;
}

/** What to delete after going from `before` to `after`. */
export function staleFlows(before: UdpEndpoints, after: UdpEndpoints): StaleFlows[] {
  const out: StaleFlows[] = [];
  for (const [id, was] of before) {
    const now = after.get(id);
    for (const ep of was.endpoints)
      if (!now?.endpoints.has(ep))
        out.push({ clusterIP: was.clusterIP, port: was.port, endpoint: ep.split(':')[0]! });
  }
  return out;
}

/** Deletes the flows; finding none to delete is no failure. */
export async function deleteFlows(flows: StaleFlows[]): Promise<void> {
  for (const f of flows) {
    const args = [
      '-D',
      '-p',
      'udp',
      '--orig-dst',
      f.clusterIP,
      '--orig-port-dst',
      String(f.port),
      '--dst-nat',
      f.endpoint,
    ];
    const r = await execa(CONNTRACK, args, { reject: false });
    if (r.exitCode !== 0 && !/0 flow entries have been deleted/.test(r.stderr))
      throw new Error(`conntrack ${args.join(' ')}: ${r.stderr.trim()}`);
  }
}
