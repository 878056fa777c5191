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
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n))
    throw errors.badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
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
