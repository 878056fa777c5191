import type { StoreWatchEvent } from './types.js';

type EventType = StoreWatchEvent['type'];

/**
 * The event a watcher with a selector sees for a change, from whether the object matched before
 * and matches after: moving into the selection is ADDED, moving out of it DELETED (with the new
 * state), and a change that stays outside it is not seen at all.
 */
export function selectedEventType(
  type: EventType,
  matchedBefore: boolean,
  matchesNow: boolean,
): EventType | undefined {
  if (type === 'DELETED') return matchedBefore ? 'DELETED' : undefined;
  if (matchedBefore) return matchesNow ? type : 'DELETED';
  return matchesNow ? 'ADDED' : undefined;
}
