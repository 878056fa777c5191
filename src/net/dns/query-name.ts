/**
 * A name inside the cluster domain, split as CoreDNS's kubernetes plugin reads it:
 * `[_port._proto.|endpoint.]service.namespace.(svc|pod).zone`.
 */
export interface ZoneQuery {
  /** The name relative to the zone ('' at the apex). */
  relative: string;
  kind?: 'svc' | 'pod';
  namespace?: string;
  /** The Service's name, or a pod's dashed address. */
  service?: string;
  endpoint?: string;
  port?: string;
  protocol?: string;
  /** Not a name the schema can hold: NXDOMAIN. */
  invalid?: boolean;
}

const stripUnderscore = (s: string) => (s.startsWith('_') ? s.slice(1) : s);

/** The relative part of `name` when it lies in `zone`, else undefined. Both lower case, no final dot. */
export function inZone(name: string, zone: string): string | undefined {
  if (name === zone) return '';
  return name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : undefined;
}

export function parseZoneQuery(relative: string): ZoneQuery {
  const q: ZoneQuery = { relative };
  if (relative === '') return q;
  const labels = relative.split('.');
  const kind = labels.pop()!;
  if (kind !== 'svc' && kind !== 'pod') return { ...q, invalid: true };
  q.kind = kind;
  q.namespace = labels.pop();
  q.service = labels.pop();
  if (labels.length === 1) q.endpoint = labels[0];
  else if (labels.length === 2) {
    q.port = stripUnderscore(labels[0]!);
    q.protocol = stripUnderscore(labels[1]!);
  } else if (labels.length > 2) q.invalid = true;
  return q;
}

/** The address a reverse name (in-addr.arpa or ip6.arpa) stands for, if it is a whole one. */
export function reverseAddress(name: string): string | undefined {
  const v4 = name.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/);
  if (v4) {
    const octets = v4.slice(1).reverse();
    return octets.every((o) => Number(o) <= 255 && String(Number(o)) === o) ? octets.join('.') : undefined;
  }
  const v6 = name.match(/^((?:[0-9a-f]\.){32})ip6\.arpa$/);
  if (!v6) return undefined;
  const hex = v6[1]!.split('.').filter(Boolean).reverse().join('');
  const groups = hex.match(/.{4}/g)!.map((g) => g.replace(/^0+(?=.)/, ''));
  return compressV6(groups);
}

/** An IPv6 address in its canonical short form (RFC 5952), as the API stores addresses. */
function compressV6(groups: string[]): string {
  let best = { at: -1, len: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  const head = groups.slice(0, best.at).join(':');
  const tail = groups.slice(best.at + best.len).join(':');
  return `${head}::${tail}`;
}
