/** Role, ClusterRole, RoleBinding and ClusterRoleBinding (rbac.authorization.k8s.io/v1) as printers.go prints them. */
import { since } from '../time.js';
import { ageColumn, column, nameColumn, type Printer, wide } from './types.js';

export const rolePrinter: Printer = {
  columns: [
    nameColumn,
    column(
      'Created At',
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
      {
        type: 'date',
      },
    ),
  ],
  cells: (role) => [role.metadata.name, role.metadata.creationTimestamp ?? null],
};

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

const names = (subjects: Subject[] | undefined, kind: string, qualify = false) =>
  (subjects ?? [])
    .filter((s) => s.kind === kind)
    .map((s) => (qualify ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');

export const bindingPrinter: Printer = {
  columns: [
    nameColumn,
    column(
      'Role',
      'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.',
    ),
    ageColumn,
    wide('Users', 'Users in the binding'),
    wide('Groups', 'Groups in the binding'),
    wide('ServiceAccounts', 'ServiceAccounts in the binding'),
  ],
  cells: (b, now) => [
    b.metadata.name,
    `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
    since(b.metadata.creationTimestamp, now),
    names(b.subjects, 'User'),
    names(b.subjects, 'Group'),
    names(b.subjects, 'ServiceAccount', true),
  ],
};
