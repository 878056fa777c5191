import { CLUSTER_ROLES, type ClusterRole, type PolicyRule, ROLES, type Role } from '../../api/kinds/index.js';
import {
  goList,
  LEVEL_0,
  LEVEL_1,
  ofObject,
  printAnnotationsMultiline,
  printLabelsMultiline,
  tabbed,
} from './shared.js';

/** rbac.BreakdownRule: one rule per group, resource, verb and resource name; one per URL and verb. */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length)
          for (const name of names)
            out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/** rbac.CompactRules: the verbs of rules on one group and resource (and name) gathered into one rule. */
function compact(rules: PolicyRule[]): PolicyRule[] {
  const simple = new Map<string, PolicyRule>();
  const out: PolicyRule[] = [];
  for (const rule of rules) {
    if (rule.nonResourceURLs?.length) {
      out.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups, rule.resources, rule.resourceNames ?? null]);
    const had = simple.get(key);
    if (!had) simple.set(key, { ...rule, verbs: [...rule.verbs] });
    else for (const verb of rule.verbs) if (!had.verbs.includes(verb)) had.verbs.push(verb);
  }
  return [...out, ...simple.values()];
}

/** PolicyRule.String(), which kubectl sorts the rules by. */
const ruleString = (r: PolicyRule) =>
  `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;

/** CombineResourceGroup: `resource.group/subresource`. */
function resourceGroup(r: PolicyRule): string {
  const resource = r.resources?.[0];
  if (!resource) return '';
  const [name, sub] = resource.split(/\/(.*)/s);
  const group = r.apiGroups?.[0] ? `.${r.apiGroups[0]}` : '';
  return `${name}${group}${sub !== undefined ? `/${sub}` : ''}`;
}

/** kubectl's Role and ClusterRole describers: the rules broken down, compacted and sorted. */
export function describeRoleText(role: Role | ClusterRole): string {
  const rules = compact((role.rules ?? []).flatMap(breakdown))
    .map((r) => [ruleString(r), r] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, r]) => r);
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${role.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', role.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
    w.write(LEVEL_0, 'PolicyRule:\n');
    w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
    for (const r of rules)
      w.write(
        LEVEL_1,
        `${resourceGroup(r)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`,
      );
  });
}

export const describeRole = ofObject<Role>(ROLES, describeRoleText);

export const describeClusterRole = ofObject<ClusterRole>(CLUSTER_ROLES, describeRoleText);
