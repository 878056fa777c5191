/**
 * Validation of a CustomResourceDefinition on create and update (apiextensions
 * ValidateCustomResourceDefinition), with Kubernetes' causes, plus the warnings minik8s gives
 * for what it accepts but cannot do (CEL rules, conversion webhooks).
 */
import { dns1035Label, dns1123Subdomain } from '../schema/field-errors.js';
import { isObj } from '../schema/json-values.js';
import type { StatusCause } from '../types.js';
import { causes as c, child, index } from './causes.js';
import { hasValidationRules } from './schema-rules.js';
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionNames,
  CustomResourceDefinitionSpec,
} from './types.js';
import { validateVersions } from './validate-versions.js';

const isEstablished = (crd: CustomResourceDefinition) =>
  !!crd.status?.conditions?.some((cond) => cond.type === 'Established' && cond.status === 'True');

/** The causes of an invalid CRD, on create and on update alike, beyond the metadata every kind checks. */
export function validateCrd(crd: CustomResourceDefinition): StatusCause[] {
  const spec = crd.spec;
  const name = crd.metadata.name ?? '';
  const required = `${spec.names?.plural}.${spec.group}`;
  return [
    ...(name && name !== required
      ? [c.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group')]
      : []),
    ...validateSpec(spec),
    ...validateNames(crd.status?.acceptedNames, 'status.acceptedNames'),
    ...validateStoredVersions(crd),
    ...validateApiApproval(crd),
  ];
}

/** What an update may not change: group and plural, and once established scope and kind. */
export function validateCrdUpdate(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition,
): StatusCause[] {
  const immutable: [string, unknown, unknown][] = [
    ['spec.group', crd.spec.group, old.spec.group],
    ['spec.names.plural', crd.spec.names?.plural, old.spec.names?.plural],
  ];
  if (isEstablished(old)) {
    immutable.push(
      ['spec.scope', crd.spec.scope, old.spec.scope],
      ['spec.names.kind', crd.spec.names?.kind, old.spec.names?.kind],
    );
  }
  return immutable.filter(([, now, before]) => now !== before).map(([f, now]) => c.immutable(f, now ?? ''));
}

function validateSpec(spec: CustomResourceDefinitionSpec): StatusCause[] {
  const errs: StatusCause[] = [];
  const group = String(spec.group ?? '');
  if (!group) errs.push(c.required('spec.group'));
  else if (dns1123Subdomain(group).length)
    errs.push(c.invalid('spec.group', group, dns1123Subdomain(group).join(',')));
  else if (group.split('.').length < 2)
    errs.push(c.invalid('spec.group', group, 'should be a domain with at least one dot'));
  if (!spec.scope) errs.push(c.required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') {
    errs.push(c.notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  }
  if (spec.preserveUnknownFields === true) {
    errs.push(
      c.invalid(
        'spec.preserveUnknownFields',
        true,
        'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
      ),
    );
  }
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  versions.forEach((v, i) => {
    if (!isObj(v.schema) || !isObj(v.schema.openAPIV3Schema)) {
      errs.push(
        c.required(child(index('spec.versions', i), 'schema.openAPIV3Schema'), 'schemas are required'),
      );
    }
  });
  errs.push(...validateVersions(versions));
  const shown = versions.map((v) => ({ name: v.name, served: v.served, storage: v.storage }));
  if (new Set(versions.map((v) => v.name)).size !== versions.length) {
    errs.push(c.invalid('spec.versions', shown, 'must contain unique version names'));
  }
  if (versions.filter((v) => v.storage === true).length !== 1) {
    errs.push(c.invalid('spec.versions', shown, 'must have exactly one version marked as storage version'));
  }
  const names = isObj(spec.names) ? spec.names : {};
  for (const field of ['plural', 'singular', 'kind', 'listKind'] as const) {
    if (!names[field]) errs.push(c.required(`spec.names.${field}`));
  }
  errs.push(...validateNames(names, 'spec.names'), ...validateConversion(spec));
  return errs;
}

export function validateNames(names: CustomResourceDefinitionNames | undefined, path: string): StatusCause[] {
  if (!isObj(names)) return [];
  const errs: StatusCause[] = [];
  const label = (field: string, value: unknown, lower = false) => {
    const v = String(value ?? '');
    const msgs = dns1035Label(lower ? v.toLowerCase() : v);
    if (!v || !msgs.length) return;
    const detail = lower
      ? `may have mixed case, but should otherwise match: ${msgs.join(',')}`
      : msgs.join(',');
    errs.push(c.invalid(field, v, detail));
  };
  label(child(path, 'plural'), names.plural);
  label(child(path, 'singular'), names.singular);
  label(child(path, 'kind'), names.kind, true);
  label(child(path, 'listKind'), names.listKind, true);
  (names.shortNames ?? []).forEach((s, i) => {
    const msgs = dns1035Label(String(s));
    if (msgs.length) errs.push(c.invalid(index(child(path, 'shortNames'), i), s, msgs.join(',')));
  });
  if (names.kind && names.kind === names.listKind) {
    errs.push(c.invalid(child(path, 'listKind'), names.listKind, 'kind and listKind may not be the same'));
  }
  (names.categories ?? []).forEach((s, i) => {
    const msgs = dns1035Label(String(s));
    if (msgs.length) errs.push(c.invalid(index(child(path, 'categories'), i), s, msgs.join(',')));
  });
  return errs;
}

const APPROVAL = 'api-approved.kubernetes.io';
const APPROVAL_DOC = 'see https://github.com/kubernetes/enhancements/pull/1111';

/** Groups under k8s.io and kubernetes.io belong to the Kubernetes project: a CRD there needs approval. */
function validateApiApproval(crd: CustomResourceDefinition): StatusCause[] {
  const group = String(crd.spec.group ?? '');
  const isProtected = ['k8s.io', 'kubernetes.io'].some((d) => group === d || group.endsWith(`.${d}`));
  if (!isProtected) return [];
  const path = `metadata.annotations[${APPROVAL}]`;
  const value = crd.metadata.annotations?.[APPROVAL];
  if (value === undefined) {
    return [
      c.required(path, `protected groups must have approval annotation "${APPROVAL}", ${APPROVAL_DOC}`),
    ];
  }
  if (value.startsWith('unapproved') || URL.canParse(value)) return [];
  return [
    c.invalid(
      path,
      value,
      `protected groups must have approval annotation "${APPROVAL}" with either a URL or a reason starting with "unapproved", ${APPROVAL_DOC}`,
    ),
  ];
}

function validateConversion(spec: CustomResourceDefinitionSpec): StatusCause[] {
  const conv = spec.conversion;
  if (!isObj(conv)) return [];
  if (!conv.strategy) return [c.required('spec.conversion.strategy')];
  if (conv.strategy !== 'None' && conv.strategy !== 'Webhook') {
    return [c.notSupported('spec.conversion.strategy', conv.strategy, ['None', 'Webhook'])];
  }
  const webhook = isObj(conv.webhook) ? conv.webhook : undefined;
  if (conv.strategy === 'None') {
    const errs: StatusCause[] = [];
    const detail = 'should not be set when strategy is not set to Webhook';
    if (webhook?.clientConfig) errs.push(c.forbidden('spec.conversion.webhookClientConfig', detail));
    if (webhook?.conversionReviewVersions?.length)
      errs.push(c.forbidden('spec.conversion.conversionReviewVersions', detail));
    return errs;
  }
  const errs: StatusCause[] = [];
  const cc = webhook?.clientConfig;
  if (!isObj(cc))
    errs.push(c.required('spec.conversion.webhookClientConfig', 'required when strategy is set to Webhook'));
  else if ((cc.url === undefined) === (cc.service === undefined)) {
    errs.push(c.required('spec.conversion.webhookClientConfig', 'exactly one of url or service is required'));
  }
  const reviews = webhook?.conversionReviewVersions ?? [];
  if (!reviews.length) errs.push(c.required('spec.conversion.conversionReviewVersions'));
  else if (!reviews.some((v) => v === 'v1' || v === 'v1beta1')) {
    errs.push(
      c.invalid(
        'spec.conversion.conversionReviewVersions',
        reviews,
        'must include at least one of v1, v1beta1',
      ),
    );
  }
  return errs;
}

function validateStoredVersions(crd: CustomResourceDefinition): StatusCause[] {
  const stored = crd.status?.storedVersions ?? [];
  const path = 'status.storedVersions';
  if (!stored.length) return [c.invalid(path, stored, 'must have at least one stored version')];
  const errs: StatusCause[] = [];
  const versions = Array.isArray(crd.spec.versions) ? crd.spec.versions : [];
  for (const v of versions) {
    if (v.storage && !stored.includes(v.name))
      errs.push(c.invalid(path, stored, `must have the storage version ${v.name}`));
  }
  stored.forEach((name, i) => {
    if (versions.some((v) => v.name === name)) return;
    errs.push(
      c.invalid(
        index(path, i),
        name,
        `missing from spec.versions; ${name} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${name} and removes ${name} from status.storedVersions`,
      ),
    );
  });
  return errs;
}

/** Warnings on create and update: what minik8s accepts as Kubernetes does but does not carry out. */
export function crdWarnings(crd: CustomResourceDefinition): string[] {
  const spec = crd.spec;
  const out: string[] = [];
  (Array.isArray(spec.versions) ? spec.versions : []).forEach((v, i) => {
    if (isObj(v) && hasValidationRules(v.schema?.openAPIV3Schema)) {
      out.push(
        `spec.versions[${i}].schema.openAPIV3Schema: x-kubernetes-validations rules are not enforced: minik8s does not evaluate CEL`,
      );
    }
  });
  if (spec.conversion?.strategy === 'Webhook') {
    out.push(
      'spec.conversion.strategy: Webhook is not supported: minik8s calls no conversion webhooks and serves every version converted as with strategy None (only apiVersion changes)',
    );
  }
  return out;
}
