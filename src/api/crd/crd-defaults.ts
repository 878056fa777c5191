/**
 * What the API server fills in on a CustomResourceDefinition (apiextensions v1 defaults and the
 * CRD strategy): singular and listKind from the kind, conversion strategy None, a webhook
 * service's port 443, and status.storedVersions, which only ever grows.
 */
import { isObj } from '../schema/json-values.js';
import type { CustomResourceDefinition } from './types.js';

export function defaultCrd(crd: CustomResourceDefinition): void {
  const spec = crd.spec;
  if (!isObj(spec)) return;
  const names = isObj(spec.names) ? spec.names : {};
  if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  if (!spec.conversion) spec.conversion = { strategy: 'None' };
  const service = (spec.conversion.webhook?.clientConfig as { service?: { port?: number } } | undefined)
    ?.service;
  if (isObj(service) && service.port === undefined) service.port = 443;
  for (const v of Array.isArray(spec.versions) ? spec.versions : []) {
    if (isObj(v)) {
      v.served ??= false;
      v.storage ??= false;
    }
  }
}

/** Adds the storage version to status.storedVersions: objects may now be stored in it. */
export function recordStorageVersion(crd: CustomResourceDefinition): void {
  const storage = (Array.isArray(crd.spec?.versions) ? crd.spec.versions : []).find(
    (v) => isObj(v) && v.storage,
  );
  crd.status ??= {};
  const stored = Array.isArray(crd.status.storedVersions) ? crd.status.storedVersions : [];
  if (storage && !stored.includes(storage.name)) stored.push(storage.name);
  crd.status.storedVersions = stored;
}
