import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openapiV2, toV2Schema } from './v2.js';
import { encodeOpenApiV2, openapiV2Types } from './v2-protobuf.js';

type Json = Record<string, any>;

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refs(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' || k === '_ref') out.push(x as string);
      else refs(x, out);
    }
  return out;
}

describe('OpenAPI v2', () => {
  const doc = openapiV2().document as Json;

  it('is a Swagger 2.0 document whose every reference names one of its definitions', () => {
    expect(doc.swagger).toBe('2.0');
    for (const r of refs(doc)) {
      expect(r.startsWith('#/definitions/'), r).toBe(true);
      expect(doc.definitions[r.slice('#/definitions/'.length)], r).toBeDefined();
    }
  });

  it('marks PATCH of each kind with its group-version-kind and takes fieldValidation', () => {
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    expect(patch['x-kubernetes-action']).toBe('patch');
    expect(patch.consumes).toContain('application/strategic-merge-patch+json');
    expect(patch.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'body', in: 'body', required: true }),
        expect.objectContaining({ name: 'fieldValidation', in: 'query', type: 'string' }),
      ]),
    );
  });

  it("puts a described reference in v2's form, and an int-or-string as a string", () => {
    expect(toV2Schema({ description: 'd', allOf: [{ $ref: '#/components/schemas/X' }] })).toEqual({
      description: 'd',
      $ref: '#/definitions/X',
    });
    expect(doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      type: 'string',
      format: 'int-or-string',
    });
  });

  it('encodes as gnostic protobuf that decodes back to the same document', () => {
    const Document = openapiV2Types().lookupType('openapi.v2.Document');
    const decoded = Document.toObject(Document.decode(encodeOpenApiV2(doc)), { defaults: false }) as Json;
    expect(decoded.swagger).toBe('2.0');
    expect(decoded.paths.path.map((p: Json) => p.name)).toEqual(Object.keys(doc.paths));
    expect(decoded.definitions.additional_properties.map((d: Json) => d.name)).toEqual(
      Object.keys(doc.definitions),
    );

    const deployment = decoded.paths.path.find(
      (p: Json) => p.name === '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
    ).value;
    const extensions = Object.fromEntries(
      deployment.patch.vendor_extension.map((e: Json) => [e.name, parse(e.value.yaml)]),
    );
    expect(extensions['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    const query = deployment.patch.parameters
      .map((p: Json) => p.parameter.non_body_parameter?.query_parameter_sub_schema?.name)
      .filter(Boolean);
    expect(query).toContain('fieldValidation');

    const pod = decoded.definitions.additional_properties.find(
      (d: Json) => d.name === 'io.k8s.api.core.v1.Pod',
    ).value;
    const props = Object.fromEntries(
      pod.properties.additional_properties.map((p: Json) => [p.name, p.value]),
    );
    expect(props.spec._ref).toBe('#/definitions/io.k8s.api.core.v1.PodSpec');
    expect(pod.type.value).toEqual(['object']);
    const policy = decoded.definitions.additional_properties
      .find((d: Json) => d.name === 'io.k8s.api.core.v1.PodSpec')
      .value.properties.additional_properties.find((p: Json) => p.name === 'restartPolicy').value;
    expect(policy.enum.map((e: Json) => parse(e.yaml))).toEqual(['Always', 'Never', 'OnFailure']);
  });
});
