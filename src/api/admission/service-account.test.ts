import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { rootCaPublisher } from '../../reconcile/root-ca-publisher.js';
import { serviceAccountController } from '../../reconcile/service-account-controller.js';
import { CONFIGMAPS, type ConfigMap, NAMESPACES, PODS, type Pod, SERVICE_ACCOUNTS } from '../kinds/index.js';
import { defaultAdmission } from './index.js';

let h: ControllerHarness;
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

beforeEach(async () => {
  h = await startControllers([serviceAccountController, rootCaPublisher(CA)], {
    settings: { resyncMs: 0 },
    admission: defaultAdmission({ serviceAccounts: true }),
  });
});
afterEach(() => h.stop());

const createPod = (name: string, spec: Partial<Pod['spec']> = {}, namespace = 'default') =>
  h.client.create<Pod>(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      initContainers: [{ name: 'init', image: 'busybox' }],
      containers: [{ name: 'c', image: 'busybox' }],
      ...spec,
    } as Pod['spec'],
  });

describe('service-account admission and the root CA publisher', () => {
  it("mounts the account's token, the cluster CA and the namespace into every container", async () => {
    await h.manager.idle();
    const pod = await createPod('p');
    expect(pod.spec.serviceAccountName).toBe('default');
    const volume = pod.spec.volumes?.find((v) => v.name.startsWith('kube-api-access-'));
    expect(volume?.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume?.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    });
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers])
      expect(c.volumeMounts).toEqual([
        { name: volume?.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
      ]);
    const cm = await h.client.get<ConfigMap>(CONFIGMAPS, 'default', 'kube-root-ca.crt');
    expect(cm.data).toEqual({ 'ca.crt': CA });
  });

  it('mounts nothing when the pod or its account says automountServiceAccountToken: false', async () => {
    await h.manager.idle();
    expect((await createPod('p', { automountServiceAccountToken: false })).spec.volumes).toBeUndefined();
    await h.client.create(SERVICE_ACCOUNTS, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'quiet', namespace: 'default' },
      automountServiceAccountToken: false,
    });
    expect((await createPod('q', { serviceAccountName: 'quiet' })).spec.volumes).toBeUndefined();
    const loud = await createPod('r', { serviceAccountName: 'quiet', automountServiceAccountToken: true });
    expect(loud.spec.volumes).toHaveLength(1);
  });

  it('refuses a pod whose ServiceAccount does not exist; a new namespace gets its account and CA', async () => {
    await expect(createPod('p', { serviceAccountName: 'nobody' })).rejects.toMatchObject({
      code: 403,
      message:
        'pods "p" is forbidden: error looking up service account default/nobody: serviceaccount "nobody" not found',
    });
    await h.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    // Made right after its namespace: the pod waits for the `default` account a moment.
    expect((await createPod('p', {}, 'team')).spec.serviceAccountName).toBe('default');
    await h.manager.idle();
    expect((await h.client.get<ConfigMap>(CONFIGMAPS, 'team', 'kube-root-ca.crt')).data?.['ca.crt']).toBe(CA);
  });
});
