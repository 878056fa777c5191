import type { IntOrString } from '../../api/kinds/index.js';

/**
 * An IntOrString count as Kubernetes' GetScaledValueFromIntOrPercent reads it: a number as is,
 * a percentage of `total` rounded up or down (maxSurge and maxUnavailable round differently).
 */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (!percent) return Number.parseInt(value, 10) || 0;
  const scaled = (Number(percent[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
