import type { KubeObject } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import { EVENTS } from '../core/event.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

/** core/v1 Event fields and their events.k8s.io/v1 names (Kubernetes' events/v1 conversion). */
const RENAMED: [core: string, events: string][] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['reportingComponent', 'reportingController'],
];

function renamed(obj: KubeObject, apiVersion: string, pairs: [string, string][]): KubeObject {
  const out: KubeObject = { ...obj, apiVersion };
  const fields = out as Record<string, unknown>;
  for (const [from, to] of pairs) {
    if (!(from in fields)) continue;
    fields[to] = fields[from];
    delete fields[from];
  }
  return out;
}

const fromCore = (ev: KubeObject) =>
  ev.apiVersion === 'events.k8s.io/v1' ? ev : renamed(ev, 'events.k8s.io/v1', RENAMED);
const toCore = (ev: KubeObject) =>
  ev.apiVersion === 'v1'
    ? ev
    : renamed(
        ev,
        'v1',
        RENAMED.map(([core, events]) => [events, core]),
      );

/**
 * events.k8s.io/v1 Events: the core Events under their newer names, kept in the core Events'
 * store, as kube-apiserver keeps both: an Event written either way is read both ways.
 */
export const EVENTS_V1: KindDef = {
  ...resources.EVENTS_V1,
  storedAs: EVENTS,
  // Kubernetes' events/v1 AddFieldLabelConversionsForEvent.
  fieldLabelConversions: {
    'metadata.name': 'metadata.name',
    'metadata.namespace': 'metadata.namespace',
    reason: 'reason',
    'regarding.kind': 'involvedObject.kind',
    'regarding.namespace': 'involvedObject.namespace',
    'regarding.name': 'involvedObject.name',
    'regarding.uid': 'involvedObject.uid',
    'regarding.apiVersion': 'involvedObject.apiVersion',
    'regarding.resourceVersion': 'involvedObject.resourceVersion',
    'regarding.fieldPath': 'involvedObject.fieldPath',
    reportingController: 'reportingComponent',
    type: 'type',
  },
  versions: [{ ...builtinVersion('events.k8s.io', 'v1', 'Event'), fromStored: fromCore, toStored: toCore }],
  printer: EVENTS.printer,
};
