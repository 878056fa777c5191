import fs from 'node:fs';
import type Docker from 'dockerode';

export const CLUSTER_LABEL = 'io.minik8s.cluster';
export const TEST_LABEL = 'minik8s.test';

/** The /16 subnets a cluster network may take, first free one wins. */
export const candidateSubnets = [
  ...Array.from({ length: 11 }, (_, i) => `10.${244 + i}.0.0/16`),
  '172.30.0.0/16',
  '172.31.0.0/16',
  '192.168.0.0/16',
];

export interface ClusterNetwork {
  id: string;
  name: string;
  subnet: string;
  gateway: string;
}

export function networkName(cluster: string): string {
  return `minik8s-${cluster}`;
}

/** Labels every Docker object of a cluster carries; tests add theirs through MINIK8S_TEST=1. */
export function clusterLabels(cluster: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { [CLUSTER_LABEL]: cluster, ...(env.MINIK8S_TEST === '1' ? { [TEST_LABEL]: '1' } : {}) };
}

/** The cluster's network, found by its label (ids are never remembered), or undefined. */
export async function findNetwork(docker: Docker, cluster: string): Promise<ClusterNetwork | undefined> {
  const found = await docker.listNetworks({ filters: { label: [`${CLUSTER_LABEL}=${cluster}`] } });
  const net = found.find((n) => n.Name === networkName(cluster)) ?? found[0];
  if (!net) return undefined;
  const config = net.IPAM?.Config?.[0];
  if (!config?.Subnet || !config.Gateway) {
    throw new Error(`Docker network ${net.Name} has no IPv4 subnet; remove it with \`minik8s down\``);
  }
  return { id: net.Id, name: net.Name, subnet: config.Subnet, gateway: config.Gateway };
}

/** Creates the cluster's bridge network on the first free candidate subnet, or finds it. */
export async function ensureNetwork(docker: Docker, cluster: string): Promise<ClusterNetwork> {
  const existing = await findNetwork(docker, cluster);
  if (existing) return existing;
  const tried: string[] = [];
  for (;;) {
    const subnet = await chooseSubnet(
      docker,
      candidateSubnets.filter((c) => !tried.includes(c)),
    );
    try {
      await docker.createNetwork({
        Name: networkName(cluster),
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: clusterLabels(cluster),
        IPAM: {
          Driver: 'default',
          Config: [
            {
              Subnet: subnet,
              Gateway: addressAt(subnet, 1),
              IPRange: podRange(subnet),
              AuxiliaryAddresses: { 'pod-range-base': podRange(subnet).split('/')[0] ?? '' },
            },
          ],
        },
      });
      break;
    } catch (err) {
      // Another `up` of the same cluster created it first.
      if ((err as { statusCode?: number }).statusCode === 409) break;
      // Another cluster took this subnet between our look and our create.
      if (!/overlap/i.test(String((err as Error).message))) throw err;
      tried.push(subnet);
    }
  }
  const created = await findNetwork(docker, cluster);
  if (!created) throw new Error(`Docker network ${networkName(cluster)} vanished right after its creation`);
  return created;
}

/** Removes the cluster's network, first disconnecting whatever is still attached. */
export async function removeNetwork(docker: Docker, cluster: string): Promise<void> {
  const found = await docker.listNetworks({ filters: { label: [`${CLUSTER_LABEL}=${cluster}`] } });
  for (const { Id } of found) {
    const net = docker.getNetwork(Id);
    const info = (await net.inspect().catch(ignoreMissing)) as Docker.NetworkInspectInfo | undefined;
    if (!info) continue;
    await Promise.all(
      Object.keys(info.Containers ?? {}).map((container) =>
        net.disconnect({ Container: container, Force: true }).catch(ignoreMissing),
      ),
    );
    await net.remove().catch(ignoreMissing);
  }
}

function ignoreMissing(err: unknown): undefined {
  if ((err as { statusCode?: number }).statusCode === 404) return undefined;
  throw err;
}

/** The first candidate /16 that overlaps neither another Docker network nor a host route. */
export async function chooseSubnet(docker: Docker, candidates = candidateSubnets): Promise<string> {
  const networks = await docker.listNetworks();
  const taken = [
    ...networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => !!s)),
    ...hostRoutes(),
  ]
    .filter((s) => !s.includes(':'))
    .map(parseCidr);
  const free = candidates.find((c) => {
    const cand = parseCidr(c);
    return !taken.some((t) => overlaps(cand, t));
  });
  if (!free) throw new Error(`no free subnet for a cluster network among ${candidates.join(', ')}`);
  return free;
}

/**
 * The upper half of the subnet, where Docker hands out pod (sandbox) addresses. Node
 * containers take fixed addresses in the lower half, so a pod never holds the address a
 * stopped or newly added node needs. Its first address is reserved: `x.y.128.0` reads as a
 * network address to people and some tools.
 */
export function podRange(cidr: string): string {
  const { base, bits } = parseCidr(cidr);
  if (bits >= 30) throw new Error(`subnet ${cidr} is too small for a cluster`);
  return `${formatIp(base + 2 ** (31 - bits))}/${bits + 1}`;
}

/** The address `offset` places after the network address of `cidr` (offset 1 is the gateway). */
export function addressAt(cidr: string, offset: number): string {
  const { base, bits } = parseCidr(cidr);
  if (offset <= 0 || offset >= 2 ** (32 - bits) - 1) throw new Error(`offset ${offset} is outside ${cidr}`);
  return formatIp(base + offset);
}

interface Cidr {
  base: number;
  bits: number;
}

function parseCidr(cidr: string): Cidr {
  const [ip = '', len = '32'] = cidr.split('/');
  const bits = Number.parseInt(len, 10);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (parseIp(ip) & mask) >>> 0, bits };
}

function overlaps(a: Cidr, b: Cidr): boolean {
  const bits = Math.min(a.bits, b.bits);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (a.base & mask) >>> 0 === (b.base & mask) >>> 0;
}

export function parseIp(ip: string): number {
  const parts = ip.split('.').map((p) => Number.parseInt(p, 10));
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255)))
    throw new Error(`not an IPv4 address: ${ip}`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Subnets the host routes directly (its LANs, VPNs), read from /proc; the default route excluded. */
function hostRoutes(): string[] {
  let text: string;
  try {
    text = fs.readFileSync('/proc/net/route', 'utf8');
  } catch {
    return [];
  }
  const routes: string[] = [];
  for (const line of text.trim().split('\n').slice(1)) {
    const [, dest, , , , , , mask] = line.trim().split(/\s+/);
    if (!dest || !mask || mask === '00000000') continue;
    const toIp = (hex: string) => formatIp(Buffer.from(hex, 'hex').readUInt32LE(0));
    const bits = parseIp(toIp(mask)).toString(2).replace(/0/g, '').length;
    routes.push(`${toIp(dest)}/${bits}`);
  }
  return routes;
}
