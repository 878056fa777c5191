import { type Event, PRIORITY_CLASSES, type PriorityClass } from '../../api/kinds/index.js';
import { formatLabels } from '../../api/table/format.js';
import { describeEvents, LEVEL_0, tabbed, withEvents } from './shared.js';

/** kubectl's describePriorityClass. */
export function describePriorityClassText(pc: PriorityClass, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${pc.metadata.name}\n`);
    w.write(LEVEL_0, `Value:\t${pc.value}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${!!pc.globalDefault}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
    describeEvents(events, w, now);
  });
}

export const describePriorityClass = withEvents<PriorityClass>(PRIORITY_CLASSES, describePriorityClassText);
