/**
 * Which names of a CRD are accepted (apiextensions' NamingConditionController): a plural,
 * singular, short name, kind or list kind another CRD of the same group has already been
 * given is refused, and the NamesAccepted condition says which. Names a CRD already holds
 * stay its own.
 */
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionNames,
} from '../../api/crd/types.js';

export interface NamingResult {
  acceptedNames: CustomResourceDefinitionNames;
  namesAccepted: CustomResourceDefinitionCondition;
}

/** Names taken in `crd`'s group by the other CRDs (their accepted names). */
function takenNames(crd: CustomResourceDefinition, all: CustomResourceDefinition[]) {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const other of all) {
    if (other.spec.group !== crd.spec.group || other.metadata.uid === crd.metadata.uid) continue;
    const names = other.status?.acceptedNames ?? {};
    for (const n of [names.plural, names.singular, ...(names.shortNames ?? [])]) if (n) resources.add(n);
    for (const n of [names.kind, names.listKind]) if (n) kinds.add(n);
  }
  return { resources, kinds };
}

const inUse = (requested: string | undefined, accepted: string | undefined, used: Set<string>) =>
  requested !== accepted && requested && used.has(requested) ? `"${requested}" is already in use` : undefined;

export function acceptNames(crd: CustomResourceDefinition, all: CustomResourceDefinition[]): NamingResult {
  const { resources, kinds } = takenNames(crd, all);
  const requested = crd.spec.names;
  const accepted = crd.status?.acceptedNames ?? {};
  const next: CustomResourceDefinitionNames = { ...accepted };
  let conflict: { reason: string; message: string } | undefined;
  const take = (field: 'plural' | 'singular' | 'kind' | 'listKind', used: Set<string>, reason: string) => {
    const problem = inUse(requested[field], accepted[field], used);
    if (problem) conflict = { reason, message: problem };
    else next[field] = requested[field];
  };
  take('plural', resources, 'PluralConflict');
  take('singular', resources, 'SingularConflict');
  const own = new Set(accepted.shortNames ?? []);
  const shortProblems = (requested.shortNames ?? [])
    .filter((s) => !own.has(s))
    .map((s) => inUse(s, '', resources))
    .filter((p): p is string => !!p);
  if (shortProblems.length) {
    conflict = {
      reason: 'ShortNamesConflict',
      message: shortProblems.length === 1 ? shortProblems[0] : `[${shortProblems.join(', ')}]`,
    };
  } else if (requested.shortNames?.length) next.shortNames = requested.shortNames;
  else delete next.shortNames;
  take('kind', kinds, 'KindConflict');
  take('listKind', kinds, 'ListKindConflict');
  if (requested.categories?.length) next.categories = requested.categories;
  else delete next.categories;
  const namesAccepted: CustomResourceDefinitionCondition = conflict
    ? { type: 'NamesAccepted', status: 'False', ...conflict }
    : { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
  return { acceptedNames: next, namesAccepted };
}
