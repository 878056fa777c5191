/**
 * The OpenAPI v2 document as the protobuf kubectl asks for
 * (application/com.github.proto-openapi.spec.v2@v1.0+protobuf): gnostic's openapi.v2.Document,
 * with extension, enum and default values as YAML text, as gnostic compiles them.
 */
import protobuf from 'protobufjs';
import { stringify } from 'yaml';
import { openapiV2Proto } from './gnostic-proto.js';

type Json = Record<string, any>;

let root: protobuf.Root | undefined;

/** The gnostic messages, parsed on first use. */
export function openapiV2Types(): protobuf.Root {
  if (!root) {
    root = new protobuf.Root();
    protobuf.parse(openapiV2Proto, root, { keepCase: true });
    root.resolveAll();
  }
  return root;
}

const any = (value: unknown) => ({ yaml: stringify(value) });

function extensions(obj: Json): Json[] {
  return Object.entries(obj)
    .filter(([k]) => k.startsWith('x-'))
    .map(([name, value]) => ({ name, value: any(value) }));
}

const SCHEMA_SCALARS: Record<string, string> = {
  format: 'format',
  title: 'title',
  description: 'description',
  multipleOf: 'multiple_of',
  maximum: 'maximum',
  exclusiveMaximum: 'exclusive_maximum',
  minimum: 'minimum',
  exclusiveMinimum: 'exclusive_minimum',
  maxLength: 'max_length',
  minLength: 'min_length',
  pattern: 'pattern',
  maxItems: 'max_items',
  minItems: 'min_items',
  uniqueItems: 'unique_items',
  maxProperties: 'max_properties',
  minProperties: 'min_properties',
  required: 'required',
  discriminator: 'discriminator',
  readOnly: 'read_only',
};

function schema(s: Json): Json {
  const out: Json = { vendor_extension: extensions(s) };
  for (const [key, field] of Object.entries(SCHEMA_SCALARS)) if (s[key] !== undefined) out[field] = s[key];
  if (s.$ref) out._ref = s.$ref;
  if (s.type) out.type = { value: [s.type] };
  if (s.default !== undefined) out.default = any(s.default);
  if (s.example !== undefined) out.example = any(s.example);
  if (s.enum) out.enum = s.enum.map(any);
  if (s.items) out.items = { schema: [schema(s.items)] };
  if (s.allOf) out.all_of = s.allOf.map(schema);
  if (s.properties) out.properties = { additional_properties: named(s.properties, schema) };
  if (s.additionalProperties !== undefined)
    out.additional_properties =
      typeof s.additionalProperties === 'boolean'
        ? { boolean: s.additionalProperties }
        : { schema: schema(s.additionalProperties) };
  return out;
}

function named(map: Json, value: (v: any) => Json): Json[] {
  return Object.entries(map).map(([name, v]) => ({ name, value: value(v) }));
}

function parameter(p: Json): Json {
  if (p.in === 'body')
    return {
      parameter: {
        body_parameter: { name: p.name, in: p.in, required: !!p.required, schema: schema(p.schema) },
      },
    };
  const sub = {
    name: p.name,
    in: p.in,
    description: p.description,
    type: p.type,
    unique_items: !!p.uniqueItems,
    required: !!p.required,
  };
  const kind = p.in === 'path' ? 'path_parameter_sub_schema' : 'query_parameter_sub_schema';
  return { parameter: { non_body_parameter: { [kind]: sub } } };
}

function operation(op: Json): Json {
  return {
    tags: op.tags,
    description: op.description,
    operation_id: op.operationId,
    consumes: op.consumes,
    produces: op.produces,
    schemes: op.schemes,
    parameters: (op.parameters ?? []).map(parameter),
    responses: {
      response_code: named(op.responses, (r) => ({
        response: { description: r.description, schema: { schema: schema(r.schema) } },
      })),
    },
    vendor_extension: extensions(op),
  };
}

function pathItem(item: Json): Json {
  const out: Json = { parameters: (item.parameters ?? []).map(parameter) };
  for (const method of ['get', 'put', 'post', 'delete', 'patch'])
    if (item[method]) out[method] = operation(item[method]);
  return out;
}

/** Encodes a v2 document (as served in JSON) as gnostic's openapi.v2.Document. */
export function encodeOpenApiV2(doc: Json): Buffer {
  const Document = openapiV2Types().lookupType('openapi.v2.Document');
  const message = Document.fromObject({
    swagger: doc.swagger,
    info: doc.info,
    paths: { path: named(doc.paths, pathItem) },
    definitions: { additional_properties: named(doc.definitions, schema) },
  });
  return Buffer.from(Document.encode(message).finish());
}
