import { LIMIT_RANGES, type LimitRange } from '../../api/kinds/index.js';
import { type DescribeWriter, LEVEL_0, ofObject, quantityString, tabbed } from './shared.js';

/**
 * describeLimitRangeSpec: a row per limit type and resource, `-` where unset (kubectl's rows
 * follow a map's order, which changes from run to run; sorted here).
 */
export function describeLimitRows(range: LimitRange, prefix: string, w: DescribeWriter): void {
  for (const item of range.spec?.limits ?? []) {
    const lists = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    const names = [...new Set(lists.flatMap((l) => Object.keys(l ?? {})))].sort();
    for (const name of names) {
      const cells = lists.map((l) => (l?.[name] !== undefined ? quantityString(l[name]) : '-'));
      w.write(LEVEL_0, `${prefix}${item.type}\t${name}\t${cells.join('\t')}\n`);
    }
  }
}

export const LIMIT_HEADER =
  'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n';
export const LIMIT_RULE =
  '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n';

/** kubectl's describeLimitRange. */
export function describeLimitRangeText(range: LimitRange): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${range.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${range.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, LIMIT_HEADER);
    w.write(LEVEL_0, LIMIT_RULE);
    describeLimitRows(range, '', w);
  });
}

export const describeLimitRange = ofObject<LimitRange>(LIMIT_RANGES, describeLimitRangeText);
