import {
  LIMIT_RANGES,
  type LimitRange,
  NAMESPACES,
  type Namespace,
  RESOURCE_QUOTAS,
  type ResourceQuota,
} from '../../api/kinds/index.js';
import type { Client } from '../../client/client.js';
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
    const scopes = [...(q.spec?.scopes ?? [])].sort();
    if (scopes.length) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_1, `* ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    for (const r of sortedKeys(q.status?.hard))
      w.write(
        LEVEL_1,
        `${r}\t${quantityString(q.status?.used?.[r])}\t${quantityString(q.status?.hard?.[r])}\n`,
      );
  }
}

/** DescribeLimitRanges: one row per limit type and resource (kubectl's order is a map's; sorted here). */
function describeLimitRanges(ranges: LimitRange[], w: DescribeWriter): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    LEVEL_0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const range of ranges)
    for (const item of range.spec?.limits ?? []) {
      const lists = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
      const names = [...new Set(lists.flatMap((l) => Object.keys(l ?? {})))].sort();
      for (const name of names) {
        const cells = lists.map((l) => (l?.[name] !== undefined ? quantityString(l[name]) : '-'));
        w.write(LEVEL_0, ` ${item.type}\t${name}\t${cells.join('\t')}\n`);
      }
    }
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
