/**
 * An OpenAPI v3 schema object, as Kubernetes publishes them under /openapi/v3, with the
 * Kubernetes extensions minik8s reads. One set of these serves decoding (unknown and
 * mistyped fields), defaulting, strategic merge patch, OpenAPI documents and `explain`.
 */
export interface Schema {
  $ref?: string; // '#/components/schemas/<definition name>'
  allOf?: Schema[];
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string; // int32, int64, date-time, byte, int-or-string ...
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string; // 'merge', 'retainKeys', 'merge,retainKeys', 'replace'
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

/** Definition name (e.g. 'io.k8s.api.core.v1.Pod') to schema. */
export type Definitions = Record<string, Schema>;
