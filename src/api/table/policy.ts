/** policy/v1 PodDisruptionBudget as printers.go prints it. */
import { since } from '../time.js';
import { ageColumn, column, nameColumn, type Printer } from './types.js';

const intOrString = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Min Available', 'The minimum number of pods that must be available'),
    column('Max Unavailable', 'The maximum number of pods that may be unavailable'),
    column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time', {
      type: 'integer',
    }),
    ageColumn,
  ],
  cells: (pdb, now) => [
    pdb.metadata.name,
    intOrString(pdb.spec?.minAvailable),
    intOrString(pdb.spec?.maxUnavailable),
    pdb.status?.disruptionsAllowed ?? 0,
    since(pdb.metadata.creationTimestamp, now),
  ],
};
