/**
 * TypeScript interfaces of the schema definitions, so that every layer reads objects in the
 * shapes the API validates. scripts/gen-types.mjs writes them to src/api/kinds/types.generated.ts;
 * a unit test fails when that file is stale.
 */

import { compareText } from '../compare-text.js';
import { MICRO_TIME, refName, TIME } from './dsl.js';
import type { Definitions, Schema } from './types.js';

const KUBE_OBJECT_FIELDS = ['apiVersion', 'kind', 'metadata'];

// A zero metav1.Time is written as null (a condition's `lastProbeTime: null`), which the schema does not say.
const NULL_WHEN_ZERO = new Set([TIME, MICRO_TIME]);

/** 'io.k8s.api.core.v1.PodSpec' → ['core', 'v1', 'PodSpec']; apimachinery types count as core. */
function parts(name: string): { group: string; version: string; type: string } {
  const segments = name.split('.');
  const type = segments[segments.length - 1];
  const version = segments[segments.length - 2];
  const group = name.startsWith('io.k8s.api.') ? segments[3] : 'core';
  return { group, version: /^v\d/.test(version) ? version : '', type };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The TypeScript name of each definition: its own type name, qualified by group and version where
 * several definitions share it; core's keeps the plain name, and otherwise the latest version does.
 */
export function typeNames(definitions: Definitions): Map<string, string> {
  const byType = new Map<string, string[]>();
  for (const name of Object.keys(definitions)) {
    const { type } = parts(name);
    byType.set(type, [...(byType.get(type) ?? []), name]);
  }
  const names = new Map<string, string>();
  for (const [type, sharing] of byType) {
    const rank = (n: string) => {
      const p = parts(n);
      return [p.group === 'core' ? 1 : 0, Number(p.version.replace(/\D.*$/, '').slice(1)) || 0];
    };
    const [plain] = [...sharing].sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      return rb[0] - ra[0] || rb[1] - ra[1];
    });
    for (const name of sharing) {
      const p = parts(name);
      names.set(name, name === plain ? type : `${capitalize(p.group)}${capitalize(p.version)}${type}`);
    }
  }
  return names;
}

function comment(description: string | undefined, indent: string): string {
  if (!description) return '';
  const first = description
    .split(/(?<=\.)\s/)[0]
    .replace(/\*\//g, '*\\/')
    .replace(/\s+/g, ' ');
  return `${indent}/** ${first} */\n`;
}

const isIdentifier = (key: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key);

class Writer {
  constructor(
    private readonly definitions: Definitions,
    private readonly names: Map<string, string>,
  ) {}

  type(schema: Schema, indent: string): string {
    const target = refName(schema);
    if (target) return this.names.get(target) ?? 'unknown';
    if (schema['x-kubernetes-int-or-string']) return 'number | string';
    if (schema.enum?.length) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
    switch (schema.type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array': {
        const item = schema.items ? this.type(schema.items, indent) : 'unknown';
        return item.includes(' ') && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
      }
      case 'object':
        if (schema.properties) return this.objectLiteral(schema, indent);
        if (typeof schema.additionalProperties === 'object')
          return `Record<string, ${this.type(schema.additionalProperties, indent)}>`;
        return 'Record<string, unknown>';
      default:
        return 'unknown';
    }
  }

  members(schema: Schema, indent: string, skip: string[] = []): string {
    const required = new Set(schema.required ?? []);
    return Object.entries(schema.properties ?? {})
      .filter(([key]) => !skip.includes(key))
      .sort(([a], [b]) => compareText(a, b))
      .map(([key, prop]) => {
        const name = isIdentifier(key) ? key : JSON.stringify(key);
        const optional = required.has(key) ? '' : '?';
        return `${comment(prop.description, indent)}${indent}${name}${optional}: ${this.type(prop, indent)};\n`;
      })
      .join('');
  }

  private objectLiteral(schema: Schema, indent: string): string {
    return `{\n${this.members(schema, `${indent}  `)}${indent}}`;
  }

  definition(name: string): string {
    const schema = this.definitions[name];
    const tsName = this.names.get(name)!;
    const doc = comment(schema.description, '');
    if (schema.properties) {
      const gvk = schema['x-kubernetes-group-version-kind'];
      const isObject = !!gvk && KUBE_OBJECT_FIELDS.every((f) => schema.properties?.[f]);
      const head = isObject ? `export interface ${tsName} extends KubeObject` : `export interface ${tsName}`;
      const body = this.members(schema, '  ', isObject ? KUBE_OBJECT_FIELDS : []);
      return `${doc}${head} {\n${body}}\n`;
    }
    const nullable = NULL_WHEN_ZERO.has(name) ? ' | null' : '';
    return `${doc}export type ${tsName} = ${this.type(schema, '')}${nullable};\n`;
  }
}

/** The generated module: one interface or type per definition, lists excepted (KubeList<T> serves). */
export function toTypeScript(definitions: Definitions): string {
  const names = typeNames(definitions);
  const writer = new Writer(definitions, names);
  const isList = (name: string) =>
    name.endsWith('List') && !!definitions[name]['x-kubernetes-group-version-kind'];
  const body = [...names]
    .filter(([name]) => !isList(name))
    .sort(([, a], [, b]) => compareText(a, b))
    .map(([name]) => writer.definition(name))
    .join('\n');
  return [
    '// Generated from the schema definitions by scripts/gen-types.mjs: do not edit.',
    "import type { KubeObject } from '../types.js';",
    '',
    body,
  ].join('\n');
}
