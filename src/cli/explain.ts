import type { ApiResource } from '../api/kinds/kind-def.js';
import type { Client } from '../client/client.js';
import type { KubeTarget } from './connect.js';
import type { ResourceTypes } from './kinds.js';

/** The parts of an OpenAPI v3 schema `explain` reads. */
interface Schema {
  description?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  enum?: unknown[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

interface Document {
  components?: { schemas?: Record<string, Schema> };
}

/** `explain RESOURCE[.field.path]`: kubectl explain's text, from the server's OpenAPI v3. */
export async function explain(
  target: KubeTarget,
  path: string,
  opts: { apiVersion?: string; recursive?: boolean },
): Promise<string> {
  const type = path.split('.')[0];
  const types = await target.types((t) => !!t.find(type));
  const { def, fields } = parseExplainPath(path, types, opts.apiVersion);
  return explainText(await fetchOpenApi(target.client, def), def, fields, opts.recursive);
}

/** What `explain RESOURCE[.field.path]` names: the resource and the fields under it. */
function parseExplainPath(
  path: string,
  types: ResourceTypes,
  apiVersion?: string,
): { def: ApiResource; fields: string[] } {
  const [type, ...fields] = path.split('.');
  const def = types.find(type);
  if (!def) throw new Error(`the server doesn't have a resource type "${type}"`);
  if (!apiVersion) return { def, fields };
  const inVersion = types.findIn(type, apiVersion);
  if (!inVersion) throw new Error(`couldn't find resource for "${apiVersion}, Resource=${def.resource}"`);
  return { def: inVersion, fields };
}

/** The OpenAPI v3 document of a resource's group and version, as kubectl explain reads it. */
async function fetchOpenApi(client: Client, def: ApiResource): Promise<Document> {
  const index = await client.request<{ paths?: Record<string, { serverRelativeURL?: string }> }>(
    'GET',
    '/openapi/v3',
  );
  const key = def.group ? `apis/${def.group}/${def.version}` : `api/${def.version}`;
  const url = index.paths?.[key]?.serverRelativeURL;
  if (!url) throw new Error(`couldn't find resource for "${def.resource}" in the server's OpenAPI`);
  return client.request<Document>('GET', url);
}

/** A field path that leads nowhere; kubectl has printed the kind's header to stdout by then. */
export class ExplainFieldMissing extends Error {
  constructor(
    message: string,
    readonly header: string,
  ) {
    super(message);
  }
}

/** The header kubectl prints before the error of a field that does not exist. */
export const explainHeader = (err: unknown) => (err instanceof ExplainFieldMissing ? err.header : undefined);

/** kubectl explain's plaintext: KIND, VERSION, FIELD, DESCRIPTION and FIELDS (names only with recursive). */
export function explainText(doc: Document, def: ApiResource, fields: string[], recursive = false): string {
  const schemas = doc.components?.schemas ?? {};
  const resolve = (s: Schema | undefined): Schema | undefined => {
    if (s?.allOf?.length === 1 && !s.properties)
      return resolve({ ...s.allOf[0], description: s.description });
    // The named schema itself, so that a type met again while listing recursively is known.
    if (s?.$ref) return schemas[s.$ref.split('/').pop() ?? ''];
    return s;
  };
  const root = Object.values(schemas).find((s) =>
    s['x-kubernetes-group-version-kind']?.some(
      (g) => g.group === def.group && g.version === def.version && g.kind === def.kind,
    ),
  );
  if (!root)
    throw new Error(
      `couldn't find resource for "${def.group ? `${def.group}/` : ''}${def.version}, Kind=${def.kind}"`,
    );

  const typeName = (s: Schema | undefined): string => {
    if (!s) return 'Object';
    if (s.items) return `[]${typeName(s.items)}`;
    if (s.additionalProperties && typeof s.additionalProperties === 'object')
      return `map[string]${typeName(s.additionalProperties)}`;
    if (s.allOf?.length === 1 && !s.properties) return typeName(s.allOf[0]);
    if (s.$ref) {
      const name = s.$ref.split('/').pop() ?? '';
      const target = schemas[name];
      if (!target?.type || target.type === 'object') return name.split('.').pop() || 'Object';
      return target.type;
    }
    return !s.type || s.type === 'object' ? 'Object' : s.type;
  };
  // The schema a field's children live in: arrays and maps explain their elements.
  const body = (s: Schema | undefined): Schema | undefined => {
    const r = resolve(s);
    if (r?.items) return body(r.items);
    if (r?.additionalProperties && typeof r.additionalProperties === 'object' && !r.properties)
      return body(r.additionalProperties);
    return r;
  };

  const out: string[] = [];
  if (def.group) out.push(`GROUP:      ${def.group}`);
  out.push(`KIND:       ${def.kind}`, `VERSION:    ${def.version}`, '');
  let field: { name: string; schema: Schema } | undefined;
  let current: Schema | undefined = root;
  for (const name of fields) {
    const child: Schema | undefined = body(current)?.properties?.[name];
    if (!child) throw new ExplainFieldMissing(`field "${name}" does not exist`, out.join('\n'));
    field = { name, schema: child };
    current = child;
  }
  const descriptions: string[] = [];
  if (field) {
    out.push(`FIELD: ${field.name} <${typeName(field.schema)}>`);
    const values = resolve(field.schema)?.enum;
    if (values?.length) out.push('ENUM:', ...values.map((v) => `    ${enumValue(v)}`));
    else out.push('');
    out.push('');
    if (field.schema.description) descriptions.push(field.schema.description);
    const refDescription = body(field.schema)?.description;
    if (refDescription && refDescription !== field.schema.description) descriptions.push(refDescription);
  } else if (root.description) descriptions.push(root.description);
  out.push('DESCRIPTION:');
  if (descriptions.length) out.push(...descriptions.flatMap((d) => wrap(d, 4)), '    ');
  else out.push('    <empty>');

  const props = body(current)?.properties;
  if (props && Object.keys(props).length > 0) {
    out.push('FIELDS:');
    const list = (s: Schema | undefined, indent: string, seen: Set<Schema>) => {
      const b = body(s);
      if (!b?.properties || seen.has(b)) return;
      for (const name of Object.keys(b.properties).sort()) {
        const p = b.properties[name];
        const required = b.required?.includes(name) ? ' -required-' : '';
        out.push(`${indent}${name}\t<${typeName(p)}>${required}`);
        const values = resolve(p)?.enum;
        if (values?.length) out.push(`${indent}${enumLine(values)}`);
        if (recursive) list(p, `${indent}  `, new Set([...seen, b]));
        else out.push(...wrap(p.description || '<no description>', indent.length + 2), '');
      }
    };
    list(current, '  ', new Set());
    out.push('');
  } else out.push('');
  return out.join('\n');
}

/** An enum value as kubectl prints it: the empty string quoted. */
function enumValue(v: unknown): string {
  return v === '' ? '""' : String(v);
}

function enumLine(values: unknown[]): string {
  const shown = values.slice(0, 4).map(enumValue).join(', ');
  return `enum: ${shown}${values.length > 4 ? ', ....' : ''}`;
}

/** Text wrapped at 80 columns under an indent, a long word on a line of its own, as kubectl wraps it. */
export function wrap(text: string, indent: number, width = 80): string[] {
  if (!text) return [];
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      if (line && indent + line.length + 1 + word.length > width) {
        out.push(pad + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(pad + line);
  }
  return out;
}
