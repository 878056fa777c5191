import {
  CLUSTER_ROLE_BINDINGS,
  type ClusterRoleBinding,
  ROLE_BINDINGS,
  type RoleBinding,
} from '../../api/kinds/index.js';
import {
  LEVEL_0,
  LEVEL_1,
  ofObject,
  printAnnotationsMultiline,
  printLabelsMultiline,
  tabbed,
} from './shared.js';

type Binding = RoleBinding | ClusterRoleBinding;

/** kubectl's RoleBinding and ClusterRoleBinding describers: the role, then a table of subjects. */
export function describeBindingText(b: Binding): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${b.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', b.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', b.metadata.annotations);
    w.write(LEVEL_0, 'Role:\n');
    w.write(LEVEL_1, `Kind:\t${b.roleRef.kind}\n`);
    w.write(LEVEL_1, `Name:\t${b.roleRef.name}\n`);
    w.write(LEVEL_0, 'Subjects:\n');
    w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
    w.write(LEVEL_1, '----\t----\t---------\n');
    for (const s of b.subjects ?? []) w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`);
  });
}

export const describeRoleBinding = ofObject<RoleBinding>(ROLE_BINDINGS, describeBindingText);

export const describeClusterRoleBinding = ofObject<ClusterRoleBinding>(
  CLUSTER_ROLE_BINDINGS,
  describeBindingText,
);
