/**
 * Conversion between the served versions of a custom kind with strategy None: the object is
 * the same in every version, only its apiVersion names the one asked for. (Strategy Webhook
 * is refused at CRD validation: minik8s calls no webhooks.)
 */
import type { KubeObject } from '../types.js';

export function convertCustomObject<T extends KubeObject>(obj: T, group: string, version: string): T {
  const apiVersion = `${group}/${version}`;
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}
