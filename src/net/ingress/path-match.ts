/** An Ingress path rule's type; ImplementationSpecific is read as Prefix here. */
export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

/**
 * Whether a request path matches a rule's path, as the Ingress API defines it: Exact is the
 * whole path, case-sensitive; Prefix matches element by element on `/`, so `/foo` matches
 * `/foo`, `/foo/` and `/foo/bar` but not `/foobar`, and a trailing slash on either side is
 * ignored. `/` matches every path.
 */
export function pathMatches(type: PathType, rule: string, path: string): boolean {
  if (type === 'Exact') return rule === path;
  const want = elements(rule);
  const have = elements(path);
  if (want.length > have.length) return false;
  return want.every((e, i) => e === have[i]);
}

const elements = (p: string) => p.split('/').filter((e) => e !== '');

/**
 * Whether a request's host matches a rule's host: exactly, or for `*.example.com` any host of
 * exactly one more label (`a.example.com`, not `example.com` nor `a.b.example.com`).
 */
export function hostMatches(rule: string, host: string): boolean {
  if (!rule.startsWith('*.')) return rule === host;
  const suffix = rule.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, -suffix.length);
  return label.length > 0 && !label.includes('.');
}

/** The request's host name, lower case, without a port. */
export function requestHost(header: string | undefined): string {
  const h = (header ?? '').toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}
