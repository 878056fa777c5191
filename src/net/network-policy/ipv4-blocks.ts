/**
 * IPv4 CIDR blocks as numbers, and a block less its exceptions as the disjoint blocks that are
 * left: an ipBlock with `except` becomes plain `-s`/`-d` matches, so every allowed peer is one
 * iptables rule with one verdict.
 */
import { parseCidr } from '../../api/cidr.js';

export interface Block {
  base: number;
  prefix: number;
}

const size = (prefix: number) => 2 ** (32 - prefix);

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const formatIp = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export const formatBlock = (b: Block) => `${formatIp(b.base)}/${b.prefix}`;

/** An IPv4 CIDR as a block (host bits cleared, as Kubernetes reads "10.0.0.1/8"); IPv6 gives undefined. */
export function ipv4Block(cidr: string): Block | undefined {
  const c = parseCidr(cidr);
  if (c?.family !== 'ipv4') return undefined;
  const n = ipToNumber(c.address);
  return { base: n - (n % size(c.prefix)), prefix: c.prefix };
}

const contains = (outer: Block, inner: Block) =>
  inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base < outer.base + size(outer.prefix);

/** `block` without every address of `except`, as disjoint blocks in address order. */
export function subtract(block: Block, except: Block[]): Block[] {
  const holes = except.filter((e) => contains(block, e) || contains(e, block));
  if (holes.some((h) => contains(h, block))) return [];
  if (holes.length === 0) return [block];
  const half = size(block.prefix + 1);
  return [
    ...subtract({ base: block.base, prefix: block.prefix + 1 }, holes),
    ...subtract({ base: block.base + half, prefix: block.prefix + 1 }, holes),
  ];
}
