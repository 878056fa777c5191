import { describe, expect, it } from 'vitest';
import { crontabCrd } from '../../../test/fixtures/crontab.js';
import { defaultCrd, recordStorageVersion } from './crd-defaults.js';
import type { CustomResourceDefinition, JSONSchemaProps } from './types.js';
import { crdWarnings, validateCrd, validateCrdUpdate } from './validate-crd.js';

function check(edit: (crd: CustomResourceDefinition) => void) {
  const crd = crontabCrd();
  edit(crd);
  defaultCrd(crd);
  recordStorageVersion(crd);
  return { causes: validateCrd(crd), warnings: crdWarnings(crd) };
}

const messages = (edit: (crd: CustomResourceDefinition) => void) =>
  check(edit).causes.map((c) => `${c.field}: ${c.message}`);

const withSchema = (schema: JSONSchemaProps) => (crd: CustomResourceDefinition) => {
  crd.spec.versions[0].schema = { openAPIV3Schema: schema };
  crd.spec.versions[0].subresources = undefined;
};

describe('CRD validation', () => {
  it('accepts the CronTab example and defaults its names and conversion', () => {
    const crd = crontabCrd();
    defaultCrd(crd);
    recordStorageVersion(crd);
    expect(validateCrd(crd)).toEqual([]);
    expect(crdWarnings(crd)).toEqual([]);
    expect(crd.spec.names.listKind).toBe('CronTabList');
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
    expect(crd.status?.storedVersions).toEqual(['v1']);
  });

  it.each([
    [
      'a field without a type',
      withSchema({ type: 'object', properties: { spec: { type: 'object', properties: { cronSpec: {} } } } }),
      'spec.validation.openAPIV3Schema.properties[spec].properties[cronSpec].type: Required value: must not be empty for specified object fields',
    ],
    [
      'array items without a type',
      withSchema({ type: 'object', properties: { list: { type: 'array', items: {} } } }),
      'spec.validation.openAPIV3Schema.properties[list].items.type: Required value: must not be empty for specified array items',
    ],
    [
      'an array without items',
      withSchema({ type: 'object', properties: { list: { type: 'array' } } }),
      'spec.validation.openAPIV3Schema.properties[list].items: Required value: must be specified',
    ],
    [
      'a root that is not an object',
      withSchema({ type: 'string' }),
      'spec.validation.openAPIV3Schema.type: Invalid value: "string": must be object at the root',
    ],
    [
      'properties beside additionalProperties',
      withSchema({
        type: 'object',
        properties: {
          m: {
            type: 'object',
            properties: { a: { type: 'string' } },
            additionalProperties: { type: 'string' },
          },
        },
      }),
      'spec.validation.openAPIV3Schema.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive',
    ],
    [
      'metadata restricted beyond name',
      withSchema({
        type: 'object',
        properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
      }),
      'spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
    ],
    [
      'a type inside anyOf',
      withSchema({
        type: 'object',
        properties: { v: { type: 'string', anyOf: [{ type: 'string' }, { pattern: 'a' }] } },
      }),
      'spec.validation.openAPIV3Schema.properties[v].anyOf[0].type: Forbidden: must be empty to be structural',
    ],
    [
      'a field only named inside oneOf',
      withSchema({ type: 'object', oneOf: [{ properties: { x: {} } }] }),
      'spec.validation.openAPIV3Schema.properties[x]: Required value: because it is defined in spec.validation.openAPIV3Schema.oneOf[0].properties[x]',
    ],
    [
      'a default that does not validate',
      withSchema({ type: 'object', properties: { n: { type: 'integer', default: 'x' } } }),
      'spec.validation.openAPIV3Schema.properties[n].default: Invalid value: "string":  in body must be of type integer: "string"',
    ],
    [
      'a default in metadata',
      withSchema({ type: 'object', properties: { metadata: { type: 'object', default: { name: 'x' } } } }),
      'spec.validation.openAPIV3Schema.properties[metadata].default: Forbidden: must not be set in top-level metadata',
    ],
    [
      'a list-type map whose key may be missing',
      withSchema({
        type: 'object',
        properties: {
          ports: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['port'],
            items: { type: 'object', properties: { port: { type: 'integer' } } },
          },
        },
      }),
      'spec.validation.openAPIV3Schema.properties[ports].items.properties[port].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
    ],
  ])('rejects %s', (_what, edit, expected) => {
    expect(messages(edit)).toContain(expected);
  });

  it('names the version when versions have different schemas', () => {
    const out = messages((crd) => {
      const v2 = structuredClone(crd.spec.versions[0]);
      v2.name = 'v2';
      v2.storage = false;
      v2.schema = {
        openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { x: {} } } } },
      };
      crd.spec.versions.push(v2);
    });
    expect(out).toContain(
      'spec.versions[1].schema.openAPIV3Schema.properties[spec].properties[x].type: Required value: must not be empty for specified object fields',
    );
  });

  it.each([
    [
      'name',
      (crd: CustomResourceDefinition) => (crd.metadata.name = 'crontabs.example.com'),
      'metadata.name: Invalid value: "crontabs.example.com": must be spec.names.plural+"."+spec.group',
    ],
    [
      'group',
      (crd: CustomResourceDefinition) => (crd.spec.group = 'example'),
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
    ],
    [
      'scope',
      (crd: CustomResourceDefinition) => (crd.spec.scope = 'Global'),
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    ],
    [
      'plural',
      (crd: CustomResourceDefinition) => (crd.spec.names.plural = 'CronTabs'),
      "spec.names.plural: Invalid value: \"CronTabs\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
    [
      'kind',
      (crd: CustomResourceDefinition) => (crd.spec.names.kind = ''),
      'spec.names.kind: Required value',
    ],
    [
      'storage',
      (crd: CustomResourceDefinition) => (crd.spec.versions[0].storage = false),
      'status.storedVersions: Invalid value: []: must have at least one stored version',
    ],
    [
      'column type',
      (crd: CustomResourceDefinition) => (crd.spec.versions[0].additionalPrinterColumns![0].type = 'text'),
      'spec.additionalPrinterColumns[0].type: Invalid value: "text": must be one of boolean,date,integer,number,string',
    ],
    [
      'column path',
      (crd: CustomResourceDefinition) =>
        (crd.spec.versions[0].additionalPrinterColumns![0].jsonPath = 'spec.cronSpec'),
      'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "spec.cronSpec": must be a simple json path starting with .',
    ],
    [
      'scale path',
      (crd: CustomResourceDefinition) =>
        (crd.spec.versions[0].subresources!.scale!.specReplicasPath = '.replicas'),
      'spec.subresources.scale.specReplicasPath: Invalid value: ".replicas": should be a json path under .spec',
    ],
    [
      'protected group',
      (crd: CustomResourceDefinition) => {
        crd.spec.group = 'stable.k8s.io';
        crd.metadata.name = 'crontabs.stable.k8s.io';
      },
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ],
    [
      'conversion',
      (crd: CustomResourceDefinition) => (crd.spec.conversion = { strategy: 'Webhook' }),
      'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
    ],
  ])('checks the %s', (_what, edit, expected) => {
    expect(messages(edit)).toContain(expected);
  });

  it('must have exactly one storage version', () => {
    const out = messages((crd) => {
      crd.spec.versions.push({ ...structuredClone(crd.spec.versions[0]), name: 'v2' });
    });
    expect(
      out.some(
        (m) =>
          m.startsWith('spec.versions: Invalid value:') &&
          m.endsWith('must have exactly one version marked as storage version'),
      ),
    ).toBe(true);
  });

  it('warns that CEL rules and conversion webhooks are not carried out', () => {
    const { causes, warnings } = check((crd) => {
      crd.spec.versions[0].schema!.openAPIV3Schema!.properties!.spec['x-kubernetes-validations'] = [
        { rule: 'self.replicas < 5' },
      ];
      crd.spec.conversion = {
        strategy: 'Webhook',
        webhook: { clientConfig: { url: 'https://127.0.0.1/convert' }, conversionReviewVersions: ['v1'] },
      };
    });
    expect(causes).toEqual([]);
    expect(warnings).toEqual([
      'spec.versions[0].schema.openAPIV3Schema: x-kubernetes-validations rules are not enforced: minik8s does not evaluate CEL',
      'spec.conversion.strategy: Webhook is not supported: minik8s calls no conversion webhooks and serves every version converted as with strategy None (only apiVersion changes)',
    ]);
  });

  it('keeps group and plural, and once established scope and kind', () => {
    const old = crontabCrd();
    defaultCrd(old);
    recordStorageVersion(old);
    old.status!.conditions = [{ type: 'Established', status: 'True' }];
    const next = structuredClone(old);
    next.spec.group = 'other.example.com';
    next.spec.scope = 'Cluster';
    const out = validateCrdUpdate(next, old).map((c) => `${c.field}: ${c.message}`);
    expect(out).toContain('spec.group: Invalid value: "other.example.com": field is immutable');
    expect(out).toContain('spec.scope: Invalid value: "Cluster": field is immutable');
  });
});
