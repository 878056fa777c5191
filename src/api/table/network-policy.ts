/** NetworkPolicy (networking.k8s.io/v1) as printers.go prints it. */
import { since } from '../time.js';
import { formatLabelSelector } from './format.js';
import { ageColumn, column, nameColumn, type Printer } from './types.js';

export const networkPolicyPrinter: Printer = {
  columns: [
    nameColumn,
    column('Pod-Selector', 'Select the pods this policy applies to, by label'),
    ageColumn,
  ],
  cells: (np, now) => [
    np.metadata.name,
    formatLabelSelector(np.spec?.podSelector),
    since(np.metadata.creationTimestamp, now),
  ],
};
