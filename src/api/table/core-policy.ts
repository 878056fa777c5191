/** ResourceQuota and LimitRange, as printers.go prints them. */
import { since } from '../time.js';
import { ageColumn, column, nameColumn, type Printer } from './types.js';

export const resourceQuotaPrinter: Printer = {
  columns: [
    nameColumn,
    ageColumn,
    column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column(
      'Limit',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  cells(quota, now) {
    const hard: Record<string, string> = quota.status?.hard ?? {};
    const used: Record<string, string> = quota.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const column = name.startsWith('limits.') ? limits : requests;
      column.push(`${name}: ${used[name] ?? '0'}/${hard[name]}`);
    }
    return [
      quota.metadata.name,
      since(quota.metadata.creationTimestamp, now),
      requests.join(', '),
      limits.join(', '),
    ];
  },
};

export const limitRangePrinter: Printer = {
  columns: [nameColumn, column('Created At', 'Creation timestamp of LimitRange', { type: 'date' })],
  cells: (lr) => [lr.metadata.name, lr.metadata.creationTimestamp ?? ''],
};
