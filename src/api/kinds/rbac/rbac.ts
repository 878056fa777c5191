/** The rbac.authorization.k8s.io/v1 kinds: who may do what, in a namespace or across the cluster. */
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { bindingPrinter, rolePrinter } from '../../table/rbac.js';
import type { KubeObject, StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { ApiResource, KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** RBAC names are path segments (ValidateRBACName): `system:node` is a valid role name. */
function pathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  for (const bad of ['/', '%']) if (name.includes(bad)) return [`may not contain '${bad}'`];
  return [];
}

interface Rule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
}

function validateRules(rules: unknown, namespaced: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  (Array.isArray(rules) ? (rules as Rule[]) : []).forEach((rule, i) => {
    if (typeof rule !== 'object' || rule === null) return;
    const at = `rules[${i}]`;
    if (!rule.verbs?.length) causes.push(fe.required(`${at}.verbs`, 'verbs must contain at least one value'));
    if (rule.nonResourceURLs?.length) {
      if (namespaced)
        causes.push(
          fe.invalid(
            `${at}.nonResourceURLs`,
            rule.nonResourceURLs,
            'namespaced rules cannot apply to non-resource URLs',
          ),
        );
      if (rule.apiGroups?.length || rule.resources?.length)
        causes.push(
          fe.invalid(
            `${at}.nonResourceURLs`,
            rule.nonResourceURLs,
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      return;
    }
    if (!rule.apiGroups?.length)
      causes.push(fe.required(`${at}.apiGroups`, 'resource rules must supply at least one api group'));
    if (!rule.resources?.length)
      causes.push(fe.required(`${at}.resources`, 'resource rules must supply at least one resource'));
  });
  return causes;
}

interface Binding {
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
  subjects?: { kind?: string; name?: string; namespace?: string; apiGroup?: string }[];
}

function validateBinding(b: Binding, kinds: string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  const ref = typeof b.roleRef === 'object' && b.roleRef !== null ? b.roleRef : {};
  if (ref.apiGroup !== RBAC_GROUP)
    causes.push(fe.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  if (!kinds.includes(ref.kind ?? '')) causes.push(fe.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) causes.push(fe.required('roleRef.name', ''));
  (Array.isArray(b.subjects) ? b.subjects : []).forEach((s, i) => {
    if (typeof s !== 'object' || s === null) return;
    const at = `subjects[${i}]`;
    if (!s.name) causes.push(fe.required(`${at}.name`, ''));
    if (s.kind === 'ServiceAccount') {
      if (!s.namespace) causes.push(fe.required(`${at}.namespace`, ''));
    } else if (s.kind === 'User' || s.kind === 'Group') {
      if (s.apiGroup !== RBAC_GROUP)
        causes.push(fe.notSupported(`${at}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
    } else causes.push(fe.notSupported(`${at}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  });
  return causes;
}

function roleRefUnchanged(next: KubeObject, old: KubeObject): StatusCause[] {
  const a = (next as Binding).roleRef ?? {};
  const b = (old as Binding).roleRef ?? {};
  return a.apiGroup === b.apiGroup && a.kind === b.kind && a.name === b.name
    ? []
    : [fe.invalid('roleRef', a, 'cannot change roleRef')];
}

/**
 * Subjects name their API group as kubectl's `create rolebinding` leaves it to the server: a
 * User's or Group's is RBAC's; a ServiceAccount's is the core group, "", which Kubernetes leaves
 * out of the object (omitempty), so a manifest applied again is unchanged.
 */
function defaultSubjects(b: KubeObject): void {
  const subjects = (b as Binding).subjects;
  for (const s of Array.isArray(subjects) ? subjects : []) {
    if (typeof s !== 'object' || s === null) continue;
    if (s.apiGroup === undefined && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}

const rbacKind = (id: ApiResource): Omit<KindDef, 'printer'> => ({
  ...id,
  versions: [builtinVersion(RBAC_GROUP, 'v1', id.kind, { protobuf: `k8s.io.api.rbac.v1.${id.kind}` })],
  nameCheck: pathSegmentName,
});

export const ROLES: KindDef = {
  ...rbacKind(resources.ROLES),
  printer: rolePrinter,
  validate: (role) => validateRules(role.rules, true),
};

export const CLUSTER_ROLES: KindDef = {
  ...rbacKind(resources.CLUSTER_ROLES),
  printer: rolePrinter,
  validate: (role) => validateRules(role.rules, false),
};

export const ROLE_BINDINGS: KindDef = {
  ...rbacKind(resources.ROLE_BINDINGS),
  printer: bindingPrinter,
  defaults: defaultSubjects,
  validate: (b) => validateBinding(b as Binding, ['Role', 'ClusterRole']),
  validateUpdate: roleRefUnchanged,
};

export const CLUSTER_ROLE_BINDINGS: KindDef = {
  ...rbacKind(resources.CLUSTER_ROLE_BINDINGS),
  printer: bindingPrinter,
  defaults: defaultSubjects,
  validate: (b) => validateBinding(b as Binding, ['ClusterRole']),
  validateUpdate: roleRefUnchanged,
};
