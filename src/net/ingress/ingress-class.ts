import { ApiError } from '../../api/errors.js';
import {
  INGRESS_CLASSES,
  type Ingress,
  type IngressClass,
  IS_DEFAULT_INGRESS_CLASS,
} from '../../api/kinds/index.js';
import type { KubeClient } from '../../client/kube-client.js';

/** The controller name of minik8s's own IngressClass. */
export const INGRESS_CONTROLLER = 'minik8s.dev/ingress';
export const INGRESS_CLASS_NAME = 'minik8s';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * Whether the proxy serves an Ingress: one naming a class whose controller is minik8s's, or
 * one naming no class (the default class is minik8s's), as ingress-nginx's
 * --watch-ingress-without-class does. The pre-1.18 annotation counts as the class name.
 */
export function servedIngress(ing: Ingress, classes: IngressClass[]): boolean {
  const name = ing.spec?.ingressClassName ?? ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
  if (!name) return true;
  if (name === INGRESS_CLASS_NAME) return true;
  return classes.some((c) => c.metadata.name === name && c.spec?.controller === INGRESS_CONTROLLER);
}

/**
 * Creates the `minik8s` IngressClass, marked default, if it is missing; one the user changed
 * (say, no longer default) is left as it is.
 */
export async function ensureDefaultIngressClass(client: KubeClient): Promise<void> {
  try {
    await client.create(INGRESS_CLASSES, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: INGRESS_CLASS_NAME, annotations: { [IS_DEFAULT_INGRESS_CLASS]: 'true' } },
      spec: { controller: INGRESS_CONTROLLER },
    });
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 409)) throw err;
  }
}
