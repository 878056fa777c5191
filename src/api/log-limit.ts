import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { errors } from './errors.js';

/**
 * A pod log request's limitBytes, checked as Kubernetes' ValidatePodLogOptions checks it: a
 * positive integer, or absent.
 */
export function limitBytesOf(q: URLSearchParams, pod: string): number | undefined {
  const raw = q.get('limitBytes');
  if (!raw) return undefined;
  if (!/^[+-]?\d+$/.test(raw)) throw errors.badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
  // Go reads an int64; past it, its own words. Below 2^63 and past 2^53 a limit is as good as none.
  if (BigInt(raw) > 2n ** 63n - 1n || BigInt(raw) < -(2n ** 63n))
    throw errors.badRequest(`strconv.ParseInt: parsing "${raw}": value out of range`);
  const n = Math.min(Number(raw), Number.MAX_SAFE_INTEGER);
  if (n < 1)
    throw errors.invalid('', 'PodLogOptions', pod, [
      {
        field: 'limitBytes',
        message: `Invalid value: ${n}: must be greater than 0`,
        reason: 'FieldValueInvalid',
      },
    ]);
  return n;
}

/**
 * What the runtime writes, passed on to the response up to `limit` bytes; then `full` is called
 * (to stop the runtime's stream), as the kubelet's limited writer ends a log at its limitBytes.
 */
export function limitedWriter(res: ServerResponse, limit: number | undefined, full: () => void): Writable {
  let left = limit ?? Number.POSITIVE_INFINITY;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (left > 0) {
        const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
        left -= part.length;
        res.write(part);
        if (left === 0) full();
      }
      done();
    },
  });
}
