/**
 * A compact builder for the Kubernetes OpenAPI schemas minik8s serves. Each helper returns a
 * plain `Schema`; the definitions files read like the Go types they mirror.
 */
import type { Schema } from './types.js';

export const CORE = 'io.k8s.api.core.v1.';
export const APPS = 'io.k8s.api.apps.v1.';
export const BATCH = 'io.k8s.api.batch.v1.';
export const NETWORKING = 'io.k8s.api.networking.v1.';
export const AUTOSCALING_V1 = 'io.k8s.api.autoscaling.v1.';
export const AUTOSCALING_V2 = 'io.k8s.api.autoscaling.v2.';
export const COORDINATION = 'io.k8s.api.coordination.v1.';
export const DISCOVERY = 'io.k8s.api.discovery.v1.';
export const STORAGE = 'io.k8s.api.storage.v1.';
export const POLICY = 'io.k8s.api.policy.v1.';
export const SCHEDULING = 'io.k8s.api.scheduling.v1.';
export const EVENTS = 'io.k8s.api.events.v1.';
export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
export const TIME = `${META}Time`;
export const MICRO_TIME = `${META}MicroTime`;
export const OBJECT_META = `${META}ObjectMeta`;
export const LIST_META = `${META}ListMeta`;
export const LABEL_SELECTOR = `${META}LabelSelector`;

const REF_PREFIX = '#/components/schemas/';

function described(schema: Schema, description?: string): Schema {
  return description ? { description, ...schema } : schema;
}

export const str = (description?: string): Schema => described({ type: 'string' }, description);
export const bool = (description?: string): Schema => described({ type: 'boolean' }, description);
export const int32 = (description?: string): Schema =>
  described({ type: 'integer', format: 'int32' }, description);
export const int64 = (description?: string): Schema =>
  described({ type: 'integer', format: 'int64' }, description);
export const num = (description?: string): Schema =>
  described({ type: 'number', format: 'double' }, description);
export const bytes = (description?: string): Schema =>
  described({ type: 'string', format: 'byte' }, description);

/** A string the API validates against a closed set of values. */
export const oneOf = (values: string[], description?: string): Schema =>
  described({ type: 'string', enum: values }, description);

/** A reference; with a description it takes Kubernetes' `allOf: [$ref]` form. */
export function ref(name: string, description?: string): Schema {
  const target = { $ref: REF_PREFIX + name };
  return description ? { description, allOf: [target] } : target;
}

export const time = (description?: string): Schema => ref(TIME, description);
export const microTime = (description?: string): Schema => ref(MICRO_TIME, description);
export const quantity = (description?: string): Schema => ref(QUANTITY, description);
export const intOrString = (description?: string): Schema => ref(INT_OR_STRING, description);
export const objectMeta = (): Schema =>
  ref(
    OBJECT_META,
    "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  );
export const labelSelector = (description?: string): Schema => ref(LABEL_SELECTOR, description);

export const strMap = (description?: string): Schema =>
  described({ type: 'object', additionalProperties: { type: 'string', default: '' } }, description);
export const quantityMap = (description?: string): Schema =>
  described({ type: 'object', additionalProperties: ref(QUANTITY) }, description);

/** An object kept as given: for rare deep structures minik8s stores but does not act on. */
export const opaque = (description?: string): Schema =>
  described({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, description);

export interface ListOptions {
  mergeKey?: string;
  strategy?: 'merge' | 'retainKeys' | 'merge,retainKeys' | 'replace';
  listType?: 'atomic' | 'set' | 'map';
  mapKeys?: string[];
}

export function list(items: Schema, description?: string, opts: ListOptions = {}): Schema {
  const schema: Schema = described({ type: 'array', items }, description);
  if (opts.mergeKey) schema['x-kubernetes-patch-merge-key'] = opts.mergeKey;
  if (opts.strategy) schema['x-kubernetes-patch-strategy'] = opts.strategy;
  if (opts.listType) schema['x-kubernetes-list-type'] = opts.listType;
  if (opts.mapKeys) schema['x-kubernetes-list-map-keys'] = opts.mapKeys;
  return schema;
}

export const strs = (description?: string, opts?: ListOptions): Schema =>
  list({ type: 'string', default: '' }, description, { listType: 'atomic', ...opts });

/** A list merged by a key, as `patchMergeKey`/`patchStrategy:"merge"` mark it in Go. */
export const mergeList = (items: Schema, key: string, description?: string, mapKeys?: string[]): Schema =>
  list(items, description, {
    mergeKey: key,
    strategy: 'merge',
    listType: 'map',
    mapKeys: mapKeys ?? [key],
  });

export function obj(description: string, properties: Record<string, Schema>, required?: string[]): Schema {
  const schema: Schema = { description, type: 'object', properties };
  if (required?.length) schema.required = required;
  return schema;
}

/** A top-level kind: apiVersion, kind, metadata, then its own fields. */
export function kind(
  description: string,
  gvk: { group: string; version: string; kind: string },
  properties: Record<string, Schema>,
  required?: string[],
): Schema {
  return {
    ...obj(
      description,
      {
        apiVersion: str(
          'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.',
        ),
        kind: str(
          'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase.',
        ),
        metadata: objectMeta(),
        ...properties,
      },
      required,
    ),
    'x-kubernetes-group-version-kind': [gvk],
  };
}

/** The `<Kind>List` definition for a kind. */
export function kindList(itemName: string, gvk: { group: string; version: string; kind: string }): Schema {
  return {
    ...obj(
      `${gvk.kind}List is a list of ${gvk.kind.replace(/List$/, '')} objects.`,
      {
        apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
        items: list(ref(itemName), `List of ${gvk.kind.replace(/List$/, '').toLowerCase()}s.`),
        kind: str('Kind is a string value representing the REST resource this object represents.'),
        metadata: ref(LIST_META, 'Standard list metadata.'),
      },
      ['items'],
    ),
    'x-kubernetes-group-version-kind': [gvk],
  };
}

export function refName(schema: Schema): string | undefined {
  const target = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
  return target?.startsWith(REF_PREFIX) ? target.slice(REF_PREFIX.length) : undefined;
}
