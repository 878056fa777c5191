/** Validation of object metadata: names, namespace, labels, annotations, owner references, finalizers. */
import type { StatusCause } from '../types.js';
import { asPrefix, fieldErrors as fe, labelValue, qualifiedName } from './field-errors.js';
import { isObj } from './json-values.js';

const TOTAL_ANNOTATION_SIZE = 256 * 1024;
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

export type NameCheck = (name: string) => string[];

export function validateLabels(labels: unknown, field: string): StatusCause[] {
  if (!isObj(labels)) return [];
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const msg of qualifiedName(key)) causes.push(fe.invalid(field, key, msg));
    for (const msg of labelValue(String(value))) causes.push(fe.invalid(field, value, msg));
  }
  return causes;
}

export function validateAnnotations(annotations: unknown, field: string): StatusCause[] {
  if (!isObj(annotations)) return [];
  const causes: StatusCause[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const msg of qualifiedName(key.toLowerCase())) causes.push(fe.invalid(field, key, msg));
    size += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (size > TOTAL_ANNOTATION_SIZE) causes.push(fe.tooLong(field, TOTAL_ANNOTATION_SIZE));
  return causes;
}

function validateOwnerReferences(refs: unknown, field: string): StatusCause[] {
  if (!Array.isArray(refs)) return [];
  const causes: StatusCause[] = [];
  const controllers: string[] = [];
  for (const ref of refs) {
    if (!isObj(ref)) continue;
    const apiVersion = String(ref.apiVersion ?? '');
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
    if (!version) causes.push(fe.invalid(`${field}.apiVersion`, apiVersion, 'version must not be empty'));
    if (!ref.kind) causes.push(fe.invalid(`${field}.kind`, ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) causes.push(fe.invalid(`${field}.name`, ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) causes.push(fe.invalid(`${field}.uid`, ref.uid ?? '', 'uid must not be empty'));
    if (ref.controller === true) controllers.push(`${ref.kind}/${ref.name}`);
  }
  if (controllers.length > 1) {
    causes.push(
      fe.invalid(
        field,
        refs,
        `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`,
      ),
    );
  }
  return causes;
}

/** `inTree`: Kubernetes' own kinds also take only standard or fully qualified finalizer names. */
function validateFinalizers(finalizers: unknown, field: string, inTree: boolean): StatusCause[] {
  if (!Array.isArray(finalizers)) return [];
  const causes: StatusCause[] = [];
  finalizers.forEach((f, i) => {
    const name = String(f);
    const errs = qualifiedName(name);
    for (const msg of errs) causes.push(fe.invalid(`${field}[${i}]`, name, msg));
    if (errs.length) return;
    if (inTree && !name.includes('/') && !STANDARD_FINALIZERS.includes(name)) {
      causes.push(
        fe.invalid(
          `${field}[${i}]`,
          name,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
    }
  });
  return causes;
}

/**
 * ValidateObjectMeta: `nameCheck` is the kind's name syntax; `inTree` for Kubernetes' own kinds,
 * which add a rule on finalizer names that CRDs and custom kinds do not have.
 */
export function validateObjectMeta(
  meta: unknown,
  namespaced: boolean,
  nameCheck: NameCheck,
  path = 'metadata',
  inTree = true,
): StatusCause[] {
  const m = isObj(meta) ? meta : {};
  const causes: StatusCause[] = [];
  if (m.generateName) {
    for (const msg of nameCheck(asPrefix(String(m.generateName))))
      causes.push(fe.invalid(`${path}.generateName`, m.generateName, msg));
  }
  if (!m.name) {
    if (!m.generateName) causes.push(fe.required(`${path}.name`, 'name or generateName is required'));
  } else {
    for (const msg of nameCheck(String(m.name))) causes.push(fe.invalid(`${path}.name`, m.name, msg));
  }
  if (namespaced) {
    if (!m.namespace) causes.push(fe.required(`${path}.namespace`));
    else {
      const ns = String(m.namespace);
      if (ns.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) {
        causes.push(
          fe.invalid(
            `${path}.namespace`,
            ns,
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
          ),
        );
      }
    }
  } else if (m.namespace) {
    causes.push(fe.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  if (typeof m.generation === 'number' && m.generation < 0) {
    causes.push(fe.invalid(`${path}.generation`, m.generation, 'must be greater than or equal to 0'));
  }
  causes.push(...validateLabels(m.labels, `${path}.labels`));
  causes.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  causes.push(...validateOwnerReferences(m.ownerReferences, `${path}.ownerReferences`));
  causes.push(...validateFinalizers(m.finalizers, `${path}.finalizers`, inTree));
  return causes;
}

/** ValidateObjectMetaUpdate: what may never change once an object exists. */
export function validateObjectMetaUpdate(next: unknown, old: unknown): StatusCause[] {
  const n = isObj(next) ? next : {};
  const o = isObj(old) ? old : {};
  const causes: StatusCause[] = [];
  for (const key of ['name', 'namespace', 'uid', 'creationTimestamp']) {
    if (o[key] !== undefined && n[key] !== o[key]) causes.push(fe.immutable(`metadata.${key}`, n[key] ?? ''));
  }
  if (o.deletionTimestamp && n.deletionTimestamp !== o.deletionTimestamp) {
    causes.push(fe.immutable('metadata.deletionTimestamp', n.deletionTimestamp ?? null));
  }
  if (
    o.deletionGracePeriodSeconds !== undefined &&
    n.deletionGracePeriodSeconds !== o.deletionGracePeriodSeconds
  ) {
    causes.push(fe.immutable('metadata.deletionGracePeriodSeconds', n.deletionGracePeriodSeconds ?? null));
  }
  if (o.deletionTimestamp && Array.isArray(n.finalizers)) {
    const kept = new Set(o.finalizers ?? []);
    const added = n.finalizers.filter((f: unknown) => !kept.has(f));
    if (added.length)
      causes.push(
        fe.forbidden(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        ),
      );
  }
  return causes;
}
