import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../../test/helpers/controllers.js';
import { failure } from '../../../../test/helpers/failure.js';
import { DEPLOYMENTS, NAMESPACES, PODS } from '../../kinds/index.js';

let h: ControllerHarness;

beforeEach(async () => {
  h = await startControllers([], { prefix: 'minik8s-podsec-' });
});
afterEach(() => h.stop());

const namespace = (name: string, labels: Record<string, string>) =>
  h.svc.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

const pod = (ns: string, name: string, spec: Record<string, unknown>, warnings: string[] = []) =>
  h.svc.create(PODS, ns, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec }, { warnings });

const nginx = { containers: [{ name: 'nginx', image: 'nginx' }] };
const restrictedOk = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    {
      name: 'app',
      image: 'nginx',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
  ],
};

describe('PodSecurity admission', () => {
  it('refuses a pod that may run as root in a restricted namespace, with Kubernetes message', async () => {
    await namespace('locked', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    const err = await failure(pod('locked', 'root', nginx));
    expect([err.code, err.message]).toEqual([
      403,
      'pods "root" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
    const asRoot = await failure(
      pod('locked', 'uid0', {
        ...restrictedOk,
        securityContext: { ...restrictedOk.securityContext, runAsUser: 0 },
      }),
    );
    expect(asRoot.message).toBe(
      'pods "uid0" is forbidden: violates PodSecurity "restricted:latest": runAsUser=0 (pod must not set runAsUser=0)',
    );
    await pod('locked', 'fine', restrictedOk);
  });

  it('refuses host namespaces, hostPath and privileged at baseline', async () => {
    await namespace('base', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    const err = await failure(
      pod('base', 'host', {
        hostNetwork: true,
        hostPID: true,
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
        containers: [
          {
            name: 'a',
            image: 'x',
            securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } },
          },
        ],
      }),
    );
    expect(err.message).toBe(
      'pods "host" is forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container "a" must not include "SYS_ADMIN" in securityContext.capabilities.add), host namespaces (hostNetwork=true, hostPID=true), hostPath volumes (volume "root"), privileged (container "a" must not set securityContext.privileged=true)',
    );
    await pod('base', 'plain', nginx);
  });

  it('warns at the warn level and for workloads, without refusing them', async () => {
    await namespace('warned', {
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    const warnings: string[] = [];
    await pod(
      'warned',
      'p',
      {
        containers: [
          {
            name: 'c',
            image: 'x',
            securityContext: {
              runAsNonRoot: true,
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
      warnings,
    );
    expect(warnings).toEqual([
      'would violate PodSecurity "restricted:latest": seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
    const deployWarnings: string[] = [];
    await h.svc.create(
      DEPLOYMENTS,
      'warned',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          selector: { matchLabels: { app: 'd' } },
          template: {
            metadata: { labels: { app: 'd' } },
            spec: { hostIPC: true, containers: [{ name: 'c', image: 'x' }] },
          },
        },
      },
      { warnings: deployWarnings },
    );
    expect(deployWarnings[0]).toBe(
      'would violate PodSecurity "baseline:latest": host namespaces (hostIPC=true)',
    );
    expect(deployWarnings[1]).toMatch(
      /^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
    );
  });

  it('refuses unknown levels and versions in namespace labels', async () => {
    const err = await failure(namespace('bad', { 'pod-security.kubernetes.io/enforce': 'strict' }));
    expect([err.code, err.message]).toEqual([
      422,
      'Namespace "bad" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    ]);
  });

  it('warns about existing pods when a namespace is given a stricter enforce level', async () => {
    const ns = await namespace('later', {});
    await pod('later', 'a', nginx);
    await pod('later', 'b', nginx);
    await pod('later', 'host', { hostIPC: true, containers: [{ name: 'c', image: 'x' }] });
    const warnings: string[] = [];
    await h.svc.update(
      NAMESPACES,
      undefined,
      'later',
      { ...ns, metadata: { ...ns.metadata, labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } },
      { warnings },
    );
    expect(warnings).toEqual([
      'existing pods in namespace "later" violate the new PodSecurity enforce level "baseline:latest"',
      'host: host namespaces',
    ]);
  });

  it('checks pod updates that change an image, and lets metadata-only updates through', async () => {
    const ns = await namespace('tightened', {});
    await pod('tightened', 'web', nginx);
    await h.svc.update(NAMESPACES, undefined, 'tightened', {
      ...ns,
      metadata: { ...ns.metadata, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    });
    const merge = (patch: Record<string, unknown>, name = 'web') =>
      h.svc.patch(PODS, 'tightened', name, 'application/strategic-merge-patch+json', patch);
    const labelled = await merge({ metadata: { labels: { tier: 'front' } } });
    expect(labelled.metadata.labels).toEqual({ tier: 'front' });
    const err = await failure(merge({ spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } }));
    expect([err.code, err.message]).toEqual([
      403,
      'pods "web" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
    await pod('tightened', 'ok', restrictedOk);
    const changed = await merge({ spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }, 'ok');
    expect(changed.spec?.containers[0].image).toBe('nginx:1.27');
  });

  it('warns on an update of a workload whose template fails the warn level', async () => {
    await namespace('watched', { 'pod-security.kubernetes.io/warn': 'baseline' });
    const template = { metadata: { labels: { app: 'w' } }, spec: nginx };
    await h.svc.create(DEPLOYMENTS, 'watched', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'w' },
      spec: { selector: { matchLabels: { app: 'w' } }, template },
    });
    const warnings: string[] = [];
    await h.svc.patch(
      DEPLOYMENTS,
      'watched',
      'w',
      'application/merge-patch+json',
      { spec: { template: { spec: { hostPID: true } } } },
      { warnings },
    );
    expect(warnings).toEqual(['would violate PodSecurity "baseline:latest": host namespaces (hostPID=true)']);
  });
});
