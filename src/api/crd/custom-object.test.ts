import { describe, expect, it } from 'vitest';
import { CRON_SPEC_PATTERN, crontabCrd } from '../../../test/fixtures/crontab.js';
import type { KubeObject } from '../types.js';
import { type CustomVersion, decodeCustomObject, validateCustomObject } from './custom-object.js';
import type { JSONSchemaProps } from './types.js';

const crd = crontabCrd();
const crontab: CustomVersion = {
  group: 'stable.example.com',
  version: 'v1',
  kind: 'CronTab',
  namespaced: true,
  schema: crd.spec.versions[0].schema!.openAPIV3Schema!,
  scale: crd.spec.versions[0].subresources!.scale,
};

function object(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'my-new-cron-object', namespace: 'default' },
    spec,
    ...extra,
  };
}

function errors(obj: KubeObject, v: CustomVersion = crontab): string[] {
  decodeCustomObject(obj, v);
  return validateCustomObject(obj, v).map((c) => `${c.field}: ${c.message}`);
}

/** A version of a kind whose spec has the given schema. */
function kind(spec: JSONSchemaProps): CustomVersion {
  return { ...crontab, scale: undefined, schema: { type: 'object', properties: { spec } } };
}

describe('custom object validation', () => {
  it('accepts the CronTab example', () => {
    expect(errors(object({ cronSpec: '* * * * */5', image: 'my-awesome-cron-image', replicas: 1 }))).toEqual(
      [],
    );
  });

  it.each([
    [
      'a pattern',
      object({ cronSpec: '* * * *' }),
      `spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '${CRON_SPEC_PATTERN}'`,
    ],
    [
      'a type',
      object({ replicas: 'three' }),
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ],
    [
      'a maximum',
      object({ replicas: 15 }),
      'spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10',
    ],
    [
      'a minimum',
      object({ replicas: 0 }),
      'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
    ],
    ['the kind', { ...object({}), kind: 'Other' }, 'kind: Invalid value: "Other": must be CronTab'],
  ])('checks %s', (_what, obj, expected) => {
    expect(errors(obj)).toContainEqual(expected);
  });

  it.each([
    [
      { type: 'object', required: ['image'], properties: { image: { type: 'string' } } },
      {},
      'spec.image: Required value',
    ],
    [
      { type: 'object', properties: { mode: { type: 'string', enum: ['fast', 'slow'] } } },
      { mode: 'medium' },
      'spec.mode: Unsupported value: "medium": supported values: "fast", "slow"',
    ],
    [
      { type: 'object', properties: { n: { type: 'string', maxLength: 3 } } },
      { n: 'abcd' },
      'spec.n: Too long: may not be more than 3 bytes',
    ],
    [
      { type: 'object', properties: { n: { type: 'string', minLength: 2 } } },
      { n: 'a' },
      'spec.n: Invalid value: "a": spec.n in body should be at least 2 chars long',
    ],
    [
      { type: 'object', properties: { l: { type: 'array', maxItems: 1, items: { type: 'string' } } } },
      { l: ['a', 'b'] },
      'spec.l: Too many: 2: must have at most 1 item',
    ],
    [
      { type: 'object', properties: { l: { type: 'array', minItems: 2, items: { type: 'string' } } } },
      { l: ['a'] },
      'spec.l: Invalid value: 1: spec.l in body should have at least 2 items',
    ],
    [
      { type: 'object', properties: { l: { type: 'array', items: { type: 'integer' } } } },
      { l: [1, 'x'] },
      'spec.l[1]: Invalid value: "string": spec.l[1] in body must be of type integer: "string"',
    ],
    [
      { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } },
      { at: 'yesterday' },
      'spec.at: Invalid value: "yesterday": spec.at in body must be of type date-time: "yesterday"',
    ],
    [
      { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true } } },
      { port: 1.5 },
      'spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"',
    ],
    [
      { type: 'object', properties: { n: { type: 'integer', multipleOf: 5 } } },
      { n: 7 },
      'spec.n: Invalid value: 7: spec.n in body should be a multiple of 5',
    ],
    [
      { type: 'object', properties: { n: { type: 'number', maximum: 1000000 } } },
      { n: 2000000 },
      'spec.n: Invalid value: 2000000: spec.n in body should be less than or equal to 1e+06',
    ],
    [
      {
        type: 'object',
        properties: { v: { type: 'string', oneOf: [{ pattern: '^a' }, { pattern: 'b$' }] } },
      },
      { v: 'ab' },
      '<nil>: Invalid value: "": "spec.v" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    ],
    [
      {
        type: 'object',
        properties: { v: { type: 'string', anyOf: [{ pattern: '^a' }, { pattern: 'b$' }] } },
      },
      { v: 'cc' },
      '<nil>: Invalid value: "": "spec.v" must validate at least one schema (anyOf)',
    ],
    [
      { type: 'object', properties: { v: { type: 'string', not: { pattern: '^a' } } } },
      { v: 'abc' },
      '<nil>: Invalid value: "": "spec.v" must not validate the schema (not)',
    ],
    [
      {
        type: 'object',
        properties: { tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } },
      },
      { tags: ['a', 'b', 'a'] },
      'spec.tags[2]: Duplicate value: "a"',
    ],
    [
      {
        type: 'object',
        properties: {
          ports: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
          },
        },
      },
      { ports: [{ name: 'http' }, { name: 'http' }] },
      'spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}',
    ],
    [
      {
        type: 'object',
        properties: {
          template: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
      { template: { metadata: { name: 'x' } } },
      'spec.template.apiVersion: Required value',
    ],
  ] as [JSONSchemaProps, Record<string, unknown>, string][])('%j rejects %j', (spec, value, expected) => {
    expect(errors(object(value), kind(spec))).toContain(expected);
  });

  it('lets a nullable field hold null and drops a null where it may not be', () => {
    const v = kind({
      type: 'object',
      properties: { a: { type: 'string', nullable: true }, b: { type: 'string' } },
    });
    const obj = object({ a: null, b: null });
    expect(errors(obj, v)).toEqual([]);
    expect(obj.spec).toEqual({ a: null });
  });

  it('validates the scale subresource paths', () => {
    expect(errors(object({}, { status: { replicas: -1 } }))).toContain(
      '.status.replicas: Invalid value: -1: should be a non-negative integer',
    );
  });
});

describe('custom object decoding', () => {
  it('prunes unknown fields and reports their paths', () => {
    const obj = object({ cronSpec: '* * * * */5', extra: 1 }, { other: true });
    obj.metadata = { ...obj.metadata, bogus: 'x' } as KubeObject['metadata'];
    const { unknownFields } = decodeCustomObject(obj, crontab);
    expect(unknownFields).toEqual(['metadata.bogus', 'other', 'spec.extra']);
    expect(obj).toEqual(object({ cronSpec: '* * * * */5', replicas: 1 }));
  });

  it('keeps what x-kubernetes-preserve-unknown-fields and embedded resources keep', () => {
    const v = kind({
      type: 'object',
      properties: {
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        pod: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object' } },
        },
      },
    });
    const obj = object({
      free: { a: { b: 1 } },
      pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', junk: 1 }, spec: { x: 1 }, status: {} },
    });
    expect(decodeCustomObject(obj, v).unknownFields).toEqual([
      'spec.pod.metadata.junk',
      'spec.pod.spec.x',
      'spec.pod.status',
    ]);
    expect(obj.spec).toEqual({
      free: { a: { b: 1 } },
      pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} },
    });
  });

  it('fills defaults, also inside lists and maps', () => {
    const v = kind({
      type: 'object',
      properties: {
        list: {
          type: 'array',
          items: { type: 'object', properties: { n: { type: 'integer', default: 3 } } },
        },
        map: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } },
        },
      },
    });
    const obj = object({ list: [{}, { n: 1 }], map: { a: {} } });
    decodeCustomObject(obj, v);
    expect(obj.spec).toEqual({ list: [{ n: 3 }, { n: 1 }], map: { a: { on: true } } });
  });

  it('refuses metadata of the wrong shape', () => {
    const obj = object({});
    obj.metadata = { name: 'x', labels: { a: 1 } } as unknown as KubeObject['metadata'];
    expect(decodeCustomObject(obj, crontab).error?.message).toMatch(
      /^Invalid value: .*json: cannot unmarshal number into Go struct field ObjectMeta.labels of type string$/,
    );
  });
});
