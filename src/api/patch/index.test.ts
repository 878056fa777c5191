import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { Schema } from '../schema/types.js';
import type { KubeObject } from '../types.js';
import { applyPatch } from './index.js';

const podSpec: Schema = {
  type: 'object',
  properties: {
    containers: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, image: { type: 'string' } } },
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    },
  },
};
const schema: Schema = { type: 'object', properties: { spec: { $ref: '#/components/schemas/PodSpec' } } };
const resolve = (ref: string): Schema => {
  if (ref === '#/components/schemas/PodSpec') return podSpec;
  throw new Error(`unknown ${ref}`);
};

function pod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { a: '1', b: '2' } },
    spec: {
      containers: [
        { name: 'app', image: 'app:1' },
        { name: 'side', image: 'side:1' },
      ],
    },
  };
}

function failure(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('applyPatch', () => {
  it('applies a JSON patch', () => {
    const result = applyPatch(
      'application/json-patch+json',
      pod(),
      [
        { op: 'test', path: '/metadata/name', value: 'p' },
        { op: 'replace', path: '/spec/containers/0/image', value: 'app:2' },
        { op: 'remove', path: '/metadata/labels/b' },
      ],
      schema,
      resolve,
    );
    expect((result.spec as any).containers[0].image).toBe('app:2');
    expect(result.metadata.labels).toEqual({ a: '1' });
  });

  it('answers 422 for a failed test op and for a missing path, 400 for a malformed JSON patch', () => {
    const failedTest = failure(() =>
      applyPatch(
        'application/json-patch+json',
        pod(),
        [{ op: 'test', path: '/metadata/name', value: 'q' }],
        schema,
        resolve,
      ),
    );
    expect(failedTest.code).toBe(422);
    expect(failedTest.status.reason).toBe('Invalid');
    expect(failedTest.message).toContain('testing value /metadata/name failed');

    const missing = failure(() =>
      applyPatch(
        'application/json-patch+json',
        pod(),
        [{ op: 'remove', path: '/metadata/labels/zz' }],
        schema,
        resolve,
      ),
    );
    expect(missing.code).toBe(422);
    expect(missing.status.details?.causes?.[0].message).toBe(
      'remove operation does not apply: doc is missing path: "/metadata/labels/zz": missing value',
    );

    expect(
      failure(() => applyPatch('application/json-patch+json', pod(), { op: 'add' }, schema, resolve)).code,
    ).toBe(400);
    expect(
      failure(() =>
        applyPatch('application/json-patch+json', pod(), [{ op: 'jump', path: '/a' }], schema, resolve),
      ).code,
    ).toBe(400);
  });

  it('applies an RFC 7386 merge patch, replacing lists', () => {
    const result = applyPatch(
      'application/merge-patch+json; charset=utf-8',
      pod(),
      { metadata: { labels: { b: null, c: '3' } }, spec: { containers: [{ name: 'app', image: 'app:3' }] } },
      schema,
      resolve,
    );
    expect(result.metadata.labels).toEqual({ a: '1', c: '3' });
    expect((result.spec as any).containers).toEqual([{ name: 'app', image: 'app:3' }]);
    expect(failure(() => applyPatch('application/merge-patch+json', pod(), [1], schema, resolve)).code).toBe(
      400,
    );
  });

  it('applies a strategic merge patch, merging lists by key', () => {
    const result = applyPatch(
      'application/strategic-merge-patch+json',
      pod(),
      { spec: { containers: [{ name: 'side', image: 'side:2' }] } },
      schema,
      resolve,
    );
    expect((result.spec as any).containers).toEqual([
      { name: 'app', image: 'app:1' },
      { name: 'side', image: 'side:2' },
    ]);
  });

  it('refuses strategic merge without a schema, and server-side apply (not a patch it applies), with 415', () => {
    const noSchema = failure(() =>
      applyPatch('application/strategic-merge-patch+json', pod(), { spec: {} }, undefined, resolve),
    );
    expect(noSchema.code).toBe(415);
    expect(noSchema.status.reason).toBe('UnsupportedMediaType');
    const ssa = failure(() => applyPatch('application/apply-patch+yaml', pod(), {}, schema, resolve));
    expect(ssa.code).toBe(415);
    expect(failure(() => applyPatch('text/plain', pod(), {}, schema, resolve)).code).toBe(415);
  });

  it('never mutates the original object', () => {
    const original = pod();
    const before = JSON.stringify(original);
    applyPatch(
      'application/json-patch+json',
      original,
      [{ op: 'remove', path: '/metadata/labels/a' }],
      schema,
      resolve,
    );
    applyPatch(
      'application/merge-patch+json',
      original,
      { metadata: { labels: { a: null } } },
      schema,
      resolve,
    );
    applyPatch(
      'application/strategic-merge-patch+json',
      original,
      { metadata: { labels: { a: null } } },
      schema,
      resolve,
    );
    expect(JSON.stringify(original)).toBe(before);
  });
});
