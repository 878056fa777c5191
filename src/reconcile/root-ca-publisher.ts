import { CONFIGMAPS, type ConfigMap, NAMESPACES } from '../api/kinds/index.js';
import type { ControllerFactory } from './controller.js';
import { ignoreNotFound, isConflict, isNotFound } from './retry.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * Kubernetes' root-ca-cert-publisher: every active namespace holds the ConfigMap
 * kube-root-ca.crt with the cluster CA under ca.crt, what service-account volumes mount.
 */
export function rootCaPublisher(caCert: string): ControllerFactory {
  return (ctx) => {
    const namespaces = ctx.informers.for(NAMESPACES);
    const configMaps = ctx.informers.for<ConfigMap>(CONFIGMAPS);
    return {
      name: 'root-ca-cert-publisher',
      watches: [
        { def: NAMESPACES, keys: (ns) => [ns.metadata.name!] },
        {
          def: CONFIGMAPS,
          keys: (cm) => (cm.metadata.name === ROOT_CA_CONFIGMAP ? [cm.metadata.namespace!] : []),
        },
      ],
      async reconcile(ns) {
        const nsObj = namespaces.get(undefined, ns);
        if (!nsObj || nsObj.metadata.deletionTimestamp) return undefined;
        const cur = configMaps.get(ns, ROOT_CA_CONFIGMAP);
        const annotations = { 'kubernetes.io/description': DESCRIPTION };
        const data = { 'ca.crt': caCert };
        try {
          if (!cur)
            await ctx.client.create(CONFIGMAPS, {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: ROOT_CA_CONFIGMAP, namespace: ns, annotations },
              data,
            });
          else if (cur.data?.['ca.crt'] !== caCert || Object.keys(cur.data ?? {}).length !== 1)
            await ignoreNotFound(
              ctx.client.update(CONFIGMAPS, {
                ...cur,
                metadata: { ...cur.metadata, annotations: { ...cur.metadata.annotations, ...annotations } },
                data,
              }),
            );
        } catch (err) {
          // The namespace began terminating or went away meanwhile, or the ConfigMap was made: its event brings us back.
          if (!(isNotFound(err) || isConflict(err) || (err as { code?: number }).code === 403)) throw err;
        }
        return undefined;
      },
    };
  };
}
