import type {
  Node,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodSpec,
} from '../../api/kinds/index.js';
import { defaultNormalize, type FilterPlugin, type ScorePlugin, unresolvable } from './framework.js';

const INTEGER = /^-?\d+$/;

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !INTEGER.test(value) || !INTEGER.test(values[0] ?? '')) return false;
      const [n, bound] = [BigInt(value), BigInt(values[0])];
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** A term matches when all its label expressions and field expressions (metadata.name) do; an empty one matches nothing. */
function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return (
    exprs.every((r) => requirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) &&
    fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
  );
}

/** A NodeSelector (of a pod's required affinity, of a volume's node affinity): any of its terms. */
export function nodeSelectorMatches(selector: NodeSelector, node: Node): boolean {
  return selector.nodeSelectorTerms.some((t) => termMatches(t, node));
}

/** The pod's nodeSelector and required node affinity both admit the node. */
export function podFitsNodeAffinity(spec: PodSpec, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || nodeSelectorMatches(required, node);
}

export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

/** nodeSelector and required node affinity as a filter; preferred node affinity as a score. */
export const nodeAffinity: FilterPlugin & ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  preFilter(state) {
    const spec = state.pod.pod.spec;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    return Object.keys(spec.nodeSelector ?? {}).length || required ? undefined : 'skip';
  },
  filter: (state, info) =>
    podFitsNodeAffinity(state.pod.pod.spec, info.node) ? undefined : unresolvable(ERR_NODE_AFFINITY),
  preScore: (state) =>
    state.pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length
      ? undefined
      : 'skip',
  score(state, info) {
    const preferred =
      state.pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    return preferred.reduce((sum, p) => sum + (termMatches(p.preference, info.node) ? p.weight : 0), 0);
  },
  normalize: (scores) => defaultNormalize(scores, false),
};
