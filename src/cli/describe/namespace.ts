import {
  LIMIT_RANGES,
  type LimitRange,
  NAMESPACES,
  type Namespace,
  RESOURCE_QUOTAS,
  type ResourceQuota,
} from '../../api/kinds/index.js';
import type { Client } from '../../client/client.js';
import { describeLimitRows, LIMIT_HEADER, LIMIT_RULE } from './limit-range.js';
import { describeScopes } from './resource-quota.js';
import {
  type DescribeWriter,
  describeTransitionConditions,
  LEVEL_0,
  LEVEL_1,
  printAnnotationsMultiline,
  printLabelsMultiline,
  quantityString,
  sortedKeys,
  tabbed,
} from './shared.js';

/** DescribeResourceQuotas: each quota's scopes and its used and hard amounts, by name. */
function describeQuotas(quotas: ResourceQuota[], w: DescribeWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  const byName = [...quotas].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  for (const q of byName) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name}\n`);
    describeScopes(q, w, LEVEL_1, '* ');
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    for (const r of sortedKeys(q.status?.hard))
      w.write(
        LEVEL_1,
        `${r}\t${quantityString(q.status?.used?.[r])}\t${quantityString(q.status?.hard?.[r])}\n`,
      );
  }
}

/** DescribeLimitRanges: every range's rows under one header. */
function describeLimitRanges(ranges: LimitRange[], w: DescribeWriter): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, `Resource Limits\n ${LIMIT_HEADER}`);
  w.write(LEVEL_0, ` ${LIMIT_RULE}`);
  for (const range of ranges) describeLimitRows(range, ' ', w);
}

/** kubectl's describeNamespace; quotas and limit ranges undefined when the server has none to list. */
export function describeNamespaceText(
  ns: Namespace,
  quotas: ResourceQuota[] | undefined,
  limitRanges: LimitRange[] | undefined,
): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    describeTransitionConditions(w, ns.status?.conditions);
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeQuotas(quotas, w);
    }
    if (limitRanges) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(limitRanges, w);
    }
  });
}

export async function describeNamespace(client: Client, _namespace: string, name: string): Promise<string> {
  const ns = await client.get<Namespace>(NAMESPACES, undefined, name);
  const quotas = await client.list<ResourceQuota>(RESOURCE_QUOTAS, { namespace: name });
  const limitRanges = await client.list<LimitRange>(LIMIT_RANGES, { namespace: name });
  return describeNamespaceText(ns, quotas.items, limitRanges.items);
}
