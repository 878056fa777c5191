import { RESOURCE_QUOTAS, type ResourceQuota } from '../../api/kinds/index.js';
import { exactQuantity, formatQuantity, scaledValue } from '../../api/schema/quantity.js';
import { type DescribeWriter, LEVEL_0, ofObject, quantityString, sortedKeys, tabbed } from './shared.js';

const SCOPE_HELP: Record<string, string> = {
  Terminating:
    'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort:
    'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/** A quota's sorted scopes and each one's help line, as kubectl prints them (`indent` before each help line). */
export function describeScopes(quota: ResourceQuota, w: DescribeWriter, level: number, help: string): void {
  const scopes = [...(quota.spec?.scopes ?? [])].sort();
  if (!scopes.length) return;
  w.write(level, `Scopes:\t${scopes.join(', ')}\n`);
  for (const s of scopes) if (SCOPE_HELP[s]) w.write(level, `${help}${SCOPE_HELP[s]}\n`);
}

const format = (q: unknown) => (/i$/.test(String(q)) ? 'BinarySI' : 'DecimalSI');

/** Used in the hard amount's format, as kubectl rewrites it when the two differ (its whole value). */
function usedText(used: unknown, hard: unknown): string {
  const exact = exactQuantity(used);
  if (!exact || used === undefined) return quantityString(used);
  if (format(used) === format(hard)) return quantityString(used);
  return formatQuantity({ digits: scaledValue(exact, 0), exponent: 0 }, format(hard));
}

/** kubectl's describeQuota. */
export function describeQuotaText(quota: ResourceQuota): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${quota.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${quota.metadata.namespace ?? ''}\n`);
    describeScopes(quota, w, LEVEL_0, ' * ');
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    for (const r of sortedKeys(quota.status?.hard))
      w.write(
        LEVEL_0,
        `${r}\t${usedText(quota.status?.used?.[r], quota.status?.hard?.[r])}\t${quantityString(quota.status?.hard?.[r])}\n`,
      );
  });
}

export const describeResourceQuota = ofObject<ResourceQuota>(RESOURCE_QUOTAS, describeQuotaText);
