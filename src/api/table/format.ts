/** Cell formatting shared by the printers, as Kubernetes' printers format these values. */
import type { LabelSelector } from '../kinds/types.generated.js';

/** labels.FormatLabels: "a=1,b=2" in key order, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((key) => `${key}=${labels?.[key]}`).join(',');
}

/** A label selector as a selector string ("app=web,tier in (a,b)"), "" when it selects nothing or everything. */
export function selectorString(selector: LabelSelector | undefined | null): string {
  if (!selector) return '';
  const requirements: [string, string][] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    requirements.push([key, `${key}=${value}`]);
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const sorted = [...new Set(values)].sort().join(',');
    const text =
      operator === 'In'
        ? `${key} in (${sorted})`
        : operator === 'NotIn'
          ? `${key} notin (${sorted})`
          : operator === 'DoesNotExist'
            ? `!${key}`
            : key;
    requirements.push([key, text]);
  }
  return requirements
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, text]) => text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, "<none>" when empty. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  return selectorString(selector) || '<none>';
}

/** The CONTAINERS and IMAGES cells: names and images, comma-separated. */
export function containerCells(
  containers: { name?: string; image?: string }[] | undefined,
): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

const accessModeAbbreviations: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** "RWO,RWX": access modes in Kubernetes' fixed order. */
export function accessModes(modes: string[] | undefined): string {
  return accessModeAbbreviations
    .filter(([mode]) => modes?.includes(mode))
    .map(([, short]) => short)
    .join(',');
}

/** The first `max` items, then " + N more..." (listWithMoreString); "<unset>" when empty. */
export function listWithMore(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown || '<unset>';
}

/** "True"/"False", or "<unset>" for a missing optional boolean (printBoolPtr). */
export function boolPtr(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

/**
 * Load-balancer ingress points, sorted and deduplicated. Not clipped: the server renders tables
 * as wide, where Kubernetes does not clip either.
 */
export function loadBalancerIngress(ingress: { ip?: string; hostname?: string }[] | undefined): string {
  const points = new Set<string>();
  for (const point of ingress ?? []) {
    if (point.ip) points.add(point.ip);
    else if (point.hostname) points.add(point.hostname);
  }
  return [...points].sort().join(',');
}

/** net.JoinHostPort: brackets around IPv6 addresses. */
export function hostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
