import type { Pod } from '../../api/kinds/index.js';
import { finishedAt } from './job-util.js';

/** A Job's failures since its last success, as Kubernetes' backoffRecord keeps them. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/**
 * The record after this sync's newly finished pods: a success resets it, except for failures
 * that ended after the last success.
 */
export function nextBackoffRecord(
  prev: BackoffRecord | undefined,
  succeeded: Pod[],
  failed: Pod[],
): BackoffRecord {
  const record: BackoffRecord = { ...(prev ?? { failuresAfterLastSuccess: 0 }) };
  const failedTimes = failed.map(finishedAt).sort((a, b) => a - b);
  if (!succeeded.length) {
    if (!failedTimes.length) return record;
    return {
      failuresAfterLastSuccess: record.failuresAfterLastSuccess + failedTimes.length,
      lastFailureTime: failedTimes[failedTimes.length - 1],
    };
  }
  const lastSuccess = Math.max(...succeeded.map(finishedAt));
  const after = failedTimes.filter((t) => t > lastSuccess);
  return after.length
    ? { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1] }
    : { failuresAfterLastSuccess: 0 };
}

/** How long a replacement must still wait: base, doubled per failure after the first, at most max. */
export function remainingBackoffMs(
  record: BackoffRecord,
  now: number,
  baseMs: number,
  maxMs: number,
): number {
  if (!record.failuresAfterLastSuccess || record.lastFailureTime === undefined) return 0;
  const delay = Math.min(baseMs * 2 ** (record.failuresAfterLastSuccess - 1), maxMs);
  return Math.max(0, delay - (now - record.lastFailureTime));
}
