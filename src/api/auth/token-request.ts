import { errors } from '../errors.js';
import { type KindDef, PODS, SECRETS } from '../kinds/index.js';
import type { ResourceService } from '../service.js';
import type { ServiceAccountTokens } from '../service-account-tokens.js';
import type { KubeObject } from '../types.js';

interface BoundRef {
  kind?: string;
  name?: string;
  uid?: string;
}

/**
 * A TokenRequest on serviceaccounts/NAME/token: a token for the ServiceAccount, bound to the Pod
 * or Secret the request names (which must exist, with the uid given if one is).
 */
export async function requestToken(
  svc: ResourceService,
  tokens: ServiceAccountTokens,
  def: KindDef,
  namespace: string | undefined,
  name: string,
  body: unknown,
): Promise<KubeObject> {
  const sa = await svc.get(def, namespace, name);
  const ref = (body as { spec?: { boundObjectRef?: BoundRef } } | undefined)?.spec?.boundObjectRef;
  const boundDef = ref?.kind === 'Pod' ? PODS : ref?.kind === 'Secret' ? SECRETS : undefined;
  let bound: KubeObject | undefined;
  if (ref && boundDef && ref.name) {
    bound = await svc.get(boundDef, namespace, ref.name);
    if (ref.uid && ref.uid !== bound.metadata.uid)
      throw errors.conflict(
        { group: '', kind: boundDef.resource, name: ref.name },
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
  }
  return tokens.request(sa, body, Date.now(), bound);
}
