import { dns1123Subdomain, fieldErrors as fe } from '../../schema/field-errors.js';
import { type Obj, specOf } from '../../schema/json-values.js';
import { ingressClassPrinter } from '../../table/networking.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

/** The annotation that makes a class the one Ingresses without `ingressClassName` get. */
export const IS_DEFAULT_INGRESS_CLASS = 'ingressclass.kubernetes.io/is-default-class';

// Kubernetes' IsDomainPrefixedPath: a DNS subdomain, a slash, then a path.
function domainPrefixedPath(value: string): string[] {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1)
    return ['must be a domain-prefixed path (such as "acme.io/foo")'];
  return dns1123Subdomain(value.slice(0, slash));
}

function validateIngressClass(o: Obj): StatusCause[] {
  const controller = specOf(o).controller;
  if (!controller) return [fe.required('spec.controller')];
  const value = String(controller);
  if (value.length > 250) return [fe.invalid('spec.controller', value, 'must be no more than 250 bytes')];
  return domainPrefixedPath(value).map((m) => fe.invalid('spec.controller', value, m));
}

export const INGRESS_CLASSES: KindDef = {
  ...resources.INGRESS_CLASSES,
  versions: [builtinVersion('networking.k8s.io', 'v1', 'IngressClass')],
  printer: ingressClassPrinter,
  validate: validateIngressClass,
  validateUpdate: (next, old) =>
    specOf(next).controller !== specOf(old).controller
      ? [fe.immutable('spec.controller', specOf(next).controller ?? '')]
      : [],
};
