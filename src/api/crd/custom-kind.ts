/**
 * The kind a CustomResourceDefinition makes: its accepted names and scope, its served versions
 * (the storage version first, the others converted by apiVersion), each with the schema
 * published for it and its own decoding (pruning, defaults), its status and scale
 * subresources, its printer columns, and the storage version's defaults and validation.
 */
import { errors } from '../errors.js';
import type { KindDef, KindVersion, Subresource } from '../kinds/kind-def.js';
import { STATUS, scale } from '../kinds/subresources.js';
import type { Schema } from '../schema/types.js';
import type { KubeObject } from '../types.js';
import { convertCustomObject } from './convert.js';
import { type CustomVersion, decodeCustomObject, validateCustomObject } from './custom-object.js';
import { applySchemaDefaults } from './defaults.js';
import { customDefinitions, definitionNameOf } from './openapi.js';
import { customPrinter } from './printer.js';
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from './types.js';

export interface CustomKindState {
  /** The CRD is being deleted: its objects are being removed, and no new one is taken. */
  terminating: boolean;
}

export function customKind(crd: CustomResourceDefinition, state: CustomKindState): KindDef | undefined {
  const { group, scope, versions } = crd.spec;
  const names = crd.status?.acceptedNames ?? crd.spec.names;
  const storage = versions.find((v) => v.storage);
  const kind = names.kind;
  if (!storage || !names.plural || !kind) return undefined;
  const listKind = names.listKind ?? `${kind}List`;
  const custom = (v: CustomResourceDefinitionVersion): CustomVersion => ({
    group,
    version: v.name,
    kind,
    namespaced: scope === 'Namespaced',
    schema: v.schema?.openAPIV3Schema ?? {},
    scale: v.subresources?.scale,
  });
  const stored = custom(storage);
  const version = (v: CustomResourceDefinitionVersion): KindVersion => {
    const definition = definitionNameOf(group, v.name, kind);
    const published = customDefinitions(
      { group, version: v.name, kind, listKind },
      v.schema?.openAPIV3Schema,
      'v3',
    );
    const own = custom(v);
    return {
      name: v.name,
      definition,
      schema: published[definition] as Schema,
      decode: (obj) => {
        const { unknownFields, error } = decodeCustomObject(obj, own);
        const why =
          error &&
          `${kind} in version "${v.name}" cannot be handled as a ${kind}: ${error.field}: ${error.message}`;
        return { unknownFields, error: why };
      },
      ...(v === storage
        ? {}
        : {
            fromStored: (obj: KubeObject) => convertCustomObject(obj, group, v.name),
            toStored: (obj: KubeObject) => convertCustomObject(obj, group, storage.name),
          }),
    };
  };
  const served = [storage, ...versions.filter((v) => v !== storage)].filter((v) => v.served);
  if (!served.length) return undefined;
  return {
    group,
    version: storage.name,
    kind,
    resource: names.plural,
    singular: names.singular ?? kind.toLowerCase(),
    namespaced: scope === 'Namespaced',
    shortNames: names.shortNames,
    categories: names.categories,
    versions: served.map(version),
    subresources: subresourcesOf(storage),
    printer: customPrinter(storage.additionalPrinterColumns),
    defaults: (obj) => applySchemaDefaults(obj, stored.schema),
    fromStorage: (obj) => applySchemaDefaults(obj, stored.schema),
    validate: (obj) => validateCustomObject(obj, stored),
    validatesSchema: true,
    genericObjectMeta: true,
    untyped: true,
    crd: crd.metadata.name,
    strategy: {
      resetStatusOnCreate: !!storage.subresources?.status,
      conditionalUpdatesOnly: true,
      prepareForCreate: (obj) => {
        if (state.terminating) {
          throw errors.methodNotAllowed('create not allowed while custom resource definition is terminating');
        }
        obj.metadata.generation ??= 1;
      },
    },
  };
}

function subresourcesOf(v: CustomResourceDefinitionVersion): Subresource[] {
  const out: Subresource[] = [];
  if (v.subresources?.status) out.push(STATUS);
  const paths = v.subresources?.scale;
  if (paths?.specReplicasPath && paths.statusReplicasPath) {
    out.push(
      scale({
        specReplicasPath: paths.specReplicasPath,
        statusReplicasPath: paths.statusReplicasPath,
        labelSelectorPath: paths.labelSelectorPath,
      }),
    );
  }
  return out;
}
