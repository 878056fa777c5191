/** Label selectors and pod affinity terms, compiled once per pod rather than once per node. */
import type { LabelSelector, PodAffinityTerm, ServedPod } from '../../api/kinds/index.js';
import { type LabelMatcher, labelSelectorMatcher } from '../../store/selector.js';

export type { LabelMatcher };

const nothing: LabelMatcher = () => false;

/** A selector as Kubernetes reads it: absent matches nothing, empty matches everything. */
export function selectorMatcher(sel: LabelSelector | undefined | null): LabelMatcher {
  if (!sel) return nothing;
  try {
    return labelSelectorMatcher(sel);
  } catch {
    // The API checks selectors on write: one it let through yet cannot read selects nothing.
    return nothing;
  }
}

/** A pod affinity term: which pods (selector, namespaces) in which domain (topologyKey). */
export interface AffinityTerm {
  topologyKey: string;
  namespaces: ReadonlySet<string>;
  namespaceSelector?: LabelMatcher;
  selector: LabelMatcher;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** A term of a pod in `namespace`; with neither namespaces nor a namespace selector it means the pod's own namespace. */
export function compileTerm(term: PodAffinityTerm, namespace: string): AffinityTerm {
  const namespaces = new Set(term.namespaces ?? []);
  if (!namespaces.size && !term.namespaceSelector) namespaces.add(namespace);
  return {
    topologyKey: term.topologyKey,
    namespaces,
    namespaceSelector: term.namespaceSelector ? selectorMatcher(term.namespaceSelector) : undefined,
    selector: selectorMatcher(term.labelSelector),
  };
}

/** Whether `pod` is one of the pods the term is about. */
export function termMatches(
  term: AffinityTerm,
  pod: ServedPod,
  namespaceLabels: (ns: string) => Record<string, string> | undefined,
): boolean {
  const ns = pod.metadata.namespace;
  const inNamespace =
    term.namespaces.has(ns) || (term.namespaceSelector?.(namespaceLabels(ns) ?? {}) ?? false);
  return inNamespace && term.selector(pod.metadata.labels);
}
