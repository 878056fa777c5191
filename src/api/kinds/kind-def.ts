/** What the API knows of one kind: the one definition every part of the server reads. */

import type { Schema } from '../schema/types.js';
import type { NameCheck } from '../schema/validate-meta.js';
import type { Printer } from '../table/types.js';
import type { KubeObject, StatusCause } from '../types.js';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** One version the kind is served in. */
export interface KindVersion {
  name: string;
  /** The name the schema is published under in OpenAPI, e.g. 'io.k8s.api.apps.v1.Deployment'. */
  definition: string;
  schema: Schema;
  /** The protobuf message clients may send the kind as, in this version. */
  protobuf?: string;
  /** Conversion from and to the stored version; absent on the stored version itself. */
  fromStored?(obj: KubeObject): KubeObject;
  toStored?(obj: KubeObject): KubeObject;
  /**
   * Decodes a request object of this version in place where the kind's own schema rules apply
   * (custom kinds: pruning, defaults): the fields it pruned, or why it cannot be read.
   */
  decode?(obj: KubeObject): { unknownFields: string[]; error?: string };
}

/** Where a kind keeps what its scale subresource reads and writes (CRDs' scale paths). */
export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  /** A string selector, or a LabelSelector or map the selector string is made from. */
  labelSelectorPath?: string;
}

/** A subresource, as discovery lists it. */
export interface Subresource {
  name: string;
  /** What it takes and answers when that is not the kind itself (Scale, Binding, Eviction, ...). */
  kind?: GroupVersionKind & { definition?: string; protobuf?: string };
  verbs: readonly string[];
  /** It takes a connection (a stream, a proxied request) rather than an object: exec, proxy, ... */
  connect?: boolean;
  /** Where the replica count and selector are, for `scale`. */
  scale?: ScalePaths;
}

/** How the API server treats objects of the kind beyond their schema (Kubernetes' REST strategy). */
export interface Strategy {
  /** The status is the controllers' to write: what a client sends on create is dropped. */
  resetStatusOnCreate?: boolean;
  /** What the server sets on a new object after defaulting and admission (PrepareForCreate). */
  prepareForCreate?(obj: KubeObject): void;
  /** Turns a decoded request into the stored form (a Secret's stringData goes into data). */
  canonicalize?(obj: KubeObject): void;
  /**
   * A delete was asked for: the grace period the object gets (0: removed as soon as nothing else
   * holds it), after changing what a deletion changes (a Namespace turns Terminating).
   */
  beginDelete?(obj: KubeObject, requestedGraceSeconds: number | undefined): number;
  /** Finalizers kept in the spec, which hold a deletion as metadata.finalizers do (a Namespace's). */
  specFinalizers?(obj: KubeObject): readonly string[];
  /** An object marked for deletion that must still wait out its grace period (a bound pod). */
  awaitsGrace?(obj: KubeObject): boolean;
  /** What the server accepts but tells the client of, on create and update (WarningsOnCreate/Update). */
  warnings?(obj: KubeObject, old?: KubeObject): string[];
  /**
   * An update must name the resourceVersion it read: none, or "0", is refused rather than taken
   * as unconditional (Kubernetes' AllowUnconditionalUpdate false: PodDisruptionBudgets, custom resources).
   */
  conditionalUpdatesOnly?: boolean;
  /** A DELETE answers the deleted object rather than a Status (ReturnDeletedObject). */
  returnDeletedObject?: boolean;
}

export interface KindDef {
  group: string; // '' for core
  /** The version objects are stored in, which discovery prefers. */
  version: string;
  kind: string;
  /** The plural resource name of REST paths. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames?: readonly string[];
  categories?: readonly string[];
  /** Every version served, the stored one first. */
  versions: readonly KindVersion[];
  /**
   * The verbs the kind allows, as discovery lists them; absent: every verb of a stored kind. A
   * kind that allows only get and list is not stored: its objects come from a source the API
   * is given (metrics.k8s.io), and nothing may write or watch them.
   */
  verbs?: readonly string[];
  subresources?: readonly Subresource[];
  /** Fields a field selector may name, besides metadata.name and metadata.namespace. */
  fieldLabels?: readonly string[];
  /**
   * A kind served under other field names than its stored kind's: each field label it takes
   * (metadata.name and metadata.namespace included) and the stored kind's field it selects.
   */
  fieldLabelConversions?: Readonly<Record<string, string>>;
  /** The columns of `kubectl get`; name and age when absent. */
  printer?: Printer;
  /** Kubernetes' defaulting (SetDefaults_*) of an object in the stored version, in place. */
  defaults?(obj: KubeObject): void;
  /**
   * Metadata is checked as apimachinery checks it for any API (CRDs, custom kinds), without the
   * rule Kubernetes' own kinds add on finalizer names.
   */
  genericObjectMeta?: boolean;
  /** The syntax of names; a DNS-1123 subdomain when absent. */
  nameCheck?: NameCheck;
  /** Semantic validation of an object (defaulted, stored version), beyond its schema. */
  validate?(obj: KubeObject): StatusCause[];
  /** `validate` checks every rule of the schema itself (custom kinds): the schema is not checked again. */
  validatesSchema?: boolean;
  /**
   * No Go type stands behind the kind (a custom resource), so it has no patch strategies: a
   * strategic merge patch is refused (415), as Kubernetes refuses it.
   */
  untyped?: boolean;
  /** What reading an object from storage does to it, in place (a custom kind's defaults). */
  fromStorage?(obj: KubeObject): void;
  /** What an update may not change, beyond what `validate` checks of the new object. */
  validateUpdate?(next: KubeObject, old: KubeObject): StatusCause[];
  strategy?: Strategy;
  /**
   * The kind whose store holds these objects, in its form (events.k8s.io Events are core Events):
   * the versions convert from and to it, and controllers follow that kind rather than this one.
   */
  storedAs?: Pick<KindDef, 'group' | 'version' | 'kind' | 'resource'>;
  /** The name of the CustomResourceDefinition the kind is served for; absent on built-in kinds. */
  crd?: string;
}

/**
 * What a client knows of a kind in one version from discovery: enough to name it, reach it and
 * print it. A KindDef is one too (in its stored version).
 */
export type ApiResource = Pick<
  KindDef,
  'group' | 'version' | 'kind' | 'resource' | 'singular' | 'namespaced' | 'shortNames' | 'categories'
>;
