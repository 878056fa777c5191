import type { KindDef } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';
import type { Clock } from '../client/clock.js';
import type { EventRecorder } from '../client/event-recorder.js';
import type { InformerFactory } from '../client/informer-factory.js';
import type { KubeClient } from '../client/kube-client.js';
import type { ControllerSettings } from './settings.js';

/** What happened to a watched object; absent when every object is looked at again (resync). */
export type Change<T> = { type: 'added' } | { type: 'modified'; old: T } | { type: 'deleted' };

/** Which kind a controller reads, and the keys a change of one of its objects enqueues. */
export interface Watch<T extends KubeObject = KubeObject> {
  def: KindDef;
  /** The keys to reconcile when this object changes (itself, its owner, ...); for a delete, its last state. */
  keys(obj: T, change?: Change<T>): string[];
}

/**
 * A level-triggered controller: events only enqueue keys; reconcile reads the desired and
 * observed state from the informers' caches and acts on the difference through the client.
 * A key carries no event: reconcile must not care why it was called. Returning a number asks
 * to look again after so many milliseconds; throwing retries with back-off.
 */
export interface Controller {
  name: string;
  watches: Watch[];
  /**
   * Watches to hold on every kind the API serves, including kinds added later
   * (CustomResourceDefinitions): for controllers that follow all kinds, such as the garbage collector.
   */
  watchesFor?(def: KindDef): Watch[];
  /** The keys to reconcile when the API comes to serve a kind (a CRD's, once its kind is served). */
  kindKeys?(def: KindDef): string[];
  /** Keys to reconcile once the caches have synced: for a controller that holds no cache of what it acts on. */
  initialKeys?: string[];
  reconcile(key: string): Promise<number | undefined> | number | undefined;
  /** Every so often every watched object's keys are enqueued again (default: the settings' resync). */
  resyncMs?: number;
}

/** What a controller is built with: shared caches, a client that writes through the API, time. */
export interface ControllerContext {
  client: KubeClient;
  informers: InformerFactory<KindDef>;
  clock: Clock;
  settings: ControllerSettings;
  /** The event recorder of a component (`default-scheduler`, `node-controller`, ...). */
  recorder(component: string): EventRecorder;
  log(message: string): void;
}

export type ControllerFactory = (ctx: ControllerContext) => Controller;

export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : (obj.metadata.name ?? '');
}

export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/');
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}

/** The key of the object's controlling owner when it is of `kind` (what a child's change enqueues). */
export function controllerOwnerKeys(kind: string): (obj: KubeObject) => string[] {
  return (obj) => {
    const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
    if (ref?.kind !== kind) return [];
    return [obj.metadata.namespace ? `${obj.metadata.namespace}/${ref.name}` : ref.name];
  };
}
