import { randomBytes } from 'node:crypto';
import { EVENTS } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import { timestamp } from '../api/time.js';
import type { KubeObject } from '../api/types.js';

/**
 * Posts a core/v1 Event about `obj` from an in-process controller, as `kubectl describe` and
 * `kubectl get events` show them. Returns false when it could not be written: an event is a
 * courtesy, the controller's work goes on without it.
 */
export function postEvent(
  svc: ResourceService,
  component: string,
  obj: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): boolean {
  const namespace = obj.metadata.namespace ?? 'default';
  const now = timestamp();
  try {
    svc.create(EVENTS, namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${obj.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: component,
    });
    return true;
  } catch {
    return false;
  }
}
