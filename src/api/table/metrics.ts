/** NodeMetrics and PodMetrics (metrics.k8s.io/v1beta1) as metrics-server's ConvertToTable prints them. */
import { addQuantities, type ExactQuantity, exactQuantity, formatQuantity } from '../schema/quantity.js';
import { column, type Printer } from './types.js';

const columns = [
  column('Name', 'Name of the resource', { format: 'name' }),
  column('cpu', '', { format: 'quantity' }),
  column('memory', '', { format: 'quantity' }),
  column('Window', '', { format: 'duration' }),
];

/** A pod's usage is the sum of its containers'; CPU reads in decimal units, memory in binary ones. */
function total(usages: Record<string, string>[], resource: 'cpu' | 'memory'): string {
  let sum: ExactQuantity = { digits: 0n, exponent: 0 };
  for (const usage of usages) {
    const q = exactQuantity(usage[resource]);
    if (q) sum = addQuantities(sum, q);
  }
  return formatQuantity(sum, resource === 'cpu' ? 'DecimalSI' : 'BinarySI');
}

export const nodeMetricsPrinter: Printer = {
  columns,
  cells: (m) => [m.metadata.name, total([m.usage ?? {}], 'cpu'), total([m.usage ?? {}], 'memory'), m.window],
};

export const podMetricsPrinter: Printer = {
  columns,
  cells: (m) => {
    const usages = (m.containers ?? []).map((c: { usage?: Record<string, string> }) => c.usage ?? {});
    return [m.metadata.name, total(usages, 'cpu'), total(usages, 'memory'), m.window];
  },
};
