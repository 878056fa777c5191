import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseClusterConfig } from './config.js';

const doc = (body: string) => parse(`apiVersion: minik8s.dev/v1alpha1\nkind: Cluster\n${body}`);

describe('cluster config', () => {
  it('reads nodes, the datastore and controller durations in Kubernetes duration syntax', () => {
    const config = parseClusterConfig(
      doc(`nodes: 2
hollowNodes: 100
datastoreEndpoint: etcd://127.0.0.1:2379
controllerManager:
  nodeMonitorGracePeriod: 10s
  nodeMonitorPeriod: 500ms
  eventTTL: 1h30m
  jobPodFailureBackoff: 1s
  terminatedPodGCThreshold: 10
  podMaxBackoff: 20s
kubelet:
  nodeLeaseRenewInterval: 1s
  podSyncInterval: 500ms
apiServer:
  defaultUnreachableTolerationSeconds: 10s
`),
      'c.yaml',
    );
    expect(config).toEqual({
      nodes: 2,
      hollowNodes: 100,
      datastoreEndpoint: 'etcd://127.0.0.1:2379',
      settings: {
        controllers: {
          nodeMonitorGracePeriodMs: 10_000,
          nodeMonitorPeriodMs: 500,
          eventTtlMs: 5_400_000,
          jobPodFailureBackoffMs: 1000,
          terminatedPodGcThreshold: 10,
          podMaxBackoffMs: 20_000,
        },
        kubelet: { nodeLeaseRenewIntervalMs: 1000, podSyncIntervalMs: 500 },
        admission: { tolerations: { unreachableSeconds: 10 } },
      },
    });
  });

  it("reads the autoscaler's durations, the metrics resolution and the proxy's sync period", () => {
    const config = parseClusterConfig(
      doc(`controllerManager:
  horizontalPodAutoscalerSyncPeriod: 2s
  horizontalPodAutoscalerDownscaleStabilization: 1m
metricsServer:
  metricResolution: 1s
kubeProxy:
  minSyncPeriod: 200ms
networkPolicy:
  minSyncPeriod: 20ms
  resyncPeriod: 5s
`),
      'c.yaml',
    );
    expect(config.settings).toEqual({
      controllers: {
        horizontalPodAutoscalerSyncPeriodMs: 2000,
        horizontalPodAutoscalerDownscaleStabilizationMs: 60_000,
      },
      metrics: { metricResolutionMs: 1000 },
      proxy: { minSyncPeriodMs: 200 },
      networkPolicy: { minSyncPeriodMs: 20, resyncPeriodMs: 5000 },
    });
  });

  it('reads where the host listens for Services and Ingresses', () => {
    const config = parseClusterConfig(
      doc('listenAddress: 0.0.0.0\ningressHttpPort: 8081\ningressHttpsPort: 8444\n'),
      'c.yaml',
    );
    expect(config).toEqual({
      listenAddress: '0.0.0.0',
      ingressHttpPort: 8081,
      ingressHttpsPort: 8444,
      settings: {},
    });
  });

  it.each([
    ['ingressHttpPort: 70000', 'ingressHttpPort must be a port number, 1 to 65535'],
    ['listenAddress: localhost', 'listenAddress must be an IP address'],
    ['kind: Pod', 'expected apiVersion: minik8s.dev/v1alpha1 and kind: Cluster'],
    ['nodez: 2', 'unknown field "nodez"'],
    ['nodes: -1', 'nodes must be a whole number'],
    ['hollowNodes: 2.5', 'hollowNodes must be a whole number'],
    ['hollowNodes: 99999999999', 'hollowNodes must be a whole number, 0 to 5000'],
    [
      'controllerManager:\n  nodeMonitorGracePeriod: soon',
      'c.yaml: controllerManager.nodeMonitorGracePeriod: "soon" is not a positive duration',
    ],
    ['controllerManager:\n  nodeMonitorGracePeriod: 10 seconds', '"10 seconds" is not a positive duration'],
    ['controllerManager:\n  nodeMonitorGracePeriod: abc10s', '"abc10s" is not'],
    ['controllerManager:\n  nodeMonitorGracePeriod: 1h2', '"1h2" is not'],
    ['controllerManager:\n  nodeMonitorPeriod: 0s', '"0s" is not a positive duration'],
    ['kubelet:\n  podSyncInterval: 10S', '"10S" is not'],
    ['controllerManager:\n  podEvictionTimeout: 5m', 'controllerManager: unknown field "podEvictionTimeout"'],
    [
      'controllerManager:\n  terminatedPodGCThreshold: 1s',
      'terminatedPodGCThreshold: "1s" is not a whole number',
    ],
  ])('refuses %j with a one-line reason', (body, message) => {
    const parsed = body.startsWith('kind:') ? parse(`apiVersion: v1\n${body}`) : doc(body);
    expect(() => parseClusterConfig(parsed, 'c.yaml')).toThrow(message);
  });
});
