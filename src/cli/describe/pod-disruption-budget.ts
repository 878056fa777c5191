import { type Event, POD_DISRUPTION_BUDGETS, type PodDisruptionBudget } from '../../api/kinds/index.js';
import { formatLabelSelector } from '../../api/table/format.js';
import { describeEvents, LEVEL_0, LEVEL_2, tabbed, withEvents } from './shared.js';

/** kubectl's describePodDisruptionBudgetV1. */
export function describeBudgetText(pdb: PodDisruptionBudget, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    const spec = pdb.spec ?? {};
    const status = pdb.status;
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
    if (spec.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${spec.minAvailable}\n`);
    else if (spec.maxUnavailable !== undefined)
      w.write(LEVEL_0, `Max unavailable:\t${spec.maxUnavailable}\n`);
    w.write(LEVEL_0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${status?.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${status?.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${status?.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${status?.expectedPods ?? 0}\n`);
    describeEvents(events, w, now);
  });
}

export const describePodDisruptionBudget = withEvents<PodDisruptionBudget>(
  POD_DISRUPTION_BUDGETS,
  describeBudgetText,
);
