/** Lease (coordination.k8s.io/v1) as printers.go prints it. */
import { since } from '../time.js';
import { ageColumn, column, nameColumn, type Printer } from './types.js';

export const leasePrinter: Printer = {
  columns: [
    nameColumn,
    column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'),
    ageColumn,
  ],
  cells: (lease, now) => [
    lease.metadata.name,
    lease.spec?.holderIdentity ?? '',
    since(lease.metadata.creationTimestamp, now),
  ],
};
