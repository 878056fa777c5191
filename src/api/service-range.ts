/**
 * The range Service cluster IPs come from. A cluster with a bridge network takes the second
 * quarter of its subnet (x.y.64.0/18 of a /16), so every service address is one the cluster
 * holds on this machine; only a cluster with no bridge network keeps kubeadm's 10.96.0.0/16,
 * where nothing is ever sent.
 */
export const DEFAULT_SERVICE_RANGE = '10.96.0.0/16';

/** Offsets of the addresses every cluster gives its own Services. */
const KUBERNETES_OFFSET = 1;
const DNS_OFFSET = 10;

function parseIp(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

const formatIp = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export class ServiceRange {
  readonly cidr: string;
  private readonly base: number;
  /** Addresses in the range, the network and broadcast addresses included. */
  readonly size: number;

  constructor(cidr: string = DEFAULT_SERVICE_RANGE) {
    const [ip = '', len = ''] = cidr.split('/');
    const base = parseIp(ip);
    const bits = Number(len);
    if (base === undefined || !Number.isInteger(bits) || bits < 8 || bits > 30)
      throw new Error(`invalid service range "${cidr}": use an IPv4 CIDR from /8 to /30`);
    this.size = 2 ** (32 - bits);
    this.base = base - (base % this.size);
    this.cidr = `${formatIp(this.base)}/${bits}`;
  }

  /** The range of a cluster bridge subnet: its second quarter. */
  static ofBridge(subnet: string): ServiceRange {
    const bridge = new ServiceRange(subnet);
    const bits = Number(subnet.split('/')[1]) + 2;
    return new ServiceRange(`${formatIp(bridge.base + bridge.size / 4)}/${bits}`);
  }

  /** The offset of `ip` in the range, or undefined when it lies outside. */
  indexOf(ip: string): number | undefined {
    const n = parseIp(ip);
    if (n === undefined || n < this.base || n >= this.base + this.size) return undefined;
    return n - this.base;
  }

  /** Whether `ip` can be a Service's: in the range, neither its network nor its broadcast address. */
  holds(ip: string): boolean {
    const i = this.indexOf(ip);
    return i !== undefined && i > 0 && i < this.size - 1;
  }

  addressAt(offset: number): string {
    return formatIp(this.base + offset);
  }

  /** The `kubernetes` Service's address (x.y.64.1). */
  get kubernetes(): string {
    return this.addressAt(KUBERNETES_OFFSET);
  }

  /** The cluster DNS Service's address (x.y.64.10). */
  get dns(): string {
    return this.addressAt(DNS_OFFSET);
  }
}
