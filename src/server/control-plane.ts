import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AdmissionChain, type AdmissionSettings, defaultAdmission } from '../api/admission/index.js';
import { nodeRbacAuthorizer } from '../api/auth/node-rbac-authorizer.js';
import { ensureBootstrapPolicy } from '../api/auth/rbac/ensure-policy.js';
import { type EscalationCheck, rbacEscalation } from '../api/auth/rbac/escalation.js';
import { RbacPolicy } from '../api/auth/rbac/policy.js';
import { CONTROLLER_MANAGER } from '../api/auth/user.js';
import { bootstrap } from '../api/bootstrap.js';
import { startApiServer } from '../api/http-server.js';
import { serveMetrics } from '../api/metrics/metrics-api.js';
import { type MetricsSource, noMetrics } from '../api/metrics/source.js';
import { ResourceService } from '../api/service.js';
import { ServiceAccountTokens } from '../api/service-account-tokens.js';
import { ServiceRange } from '../api/service-range.js';
import type { PodIO } from '../api/subresources.js';
import { LocalClient } from '../client/local-client.js';
import { type HostNetworkSettings, startHostNetwork } from '../net/host-network.js';
import { ensureDefaultIngressClass } from '../net/ingress/ingress-class.js';
import { clusterRoleAggregation } from '../reconcile/cluster-role-aggregation.js';
import type { ControllerFactory } from '../reconcile/controller.js';
import { crdController } from '../reconcile/crd/crd-controller.js';
import { CrdRegistrar } from '../reconcile/crd/registrar.js';
import { cronJobController } from '../reconcile/cron-job/cron-job-controller.js';
import { daemonSetController } from '../reconcile/daemon-set/daemon-set.js';
import { ensureDefaultStorageClass } from '../reconcile/default-storage-class.js';
import { deploymentController } from '../reconcile/deployment/deployment.js';
import { disruptionController } from '../reconcile/disruption.js';
import { startApiServerEndpoints } from '../reconcile/endpoints/api-server-endpoints.js';
import { endpointSliceMirroringController } from '../reconcile/endpoints/endpoint-slice-mirroring.js';
import { endpointSliceController } from '../reconcile/endpoints/endpoint-slices.js';
import { endpointsController } from '../reconcile/endpoints/endpoints-controller.js';
import { eventTtlController } from '../reconcile/event-ttl.js';
import { garbageCollector } from '../reconcile/garbage-collector.js';
import { horizontalPodAutoscaler } from '../reconcile/hpa/horizontal.js';
import { jobController } from '../reconcile/job/job-controller.js';
import { ttlAfterFinishedController } from '../reconcile/job/ttl-after-finished.js';
import { ControllerManager } from '../reconcile/manager.js';
import { namespaceController } from '../reconcile/namespace-controller.js';
import { nodeLifecycle } from '../reconcile/node-lifecycle.js';
import { persistentVolumeController } from '../reconcile/persistent-volumes.js';
import { type PodContainers, podContainerSweep } from '../reconcile/pod-container-sweep.js';
import { podGarbageCollector } from '../reconcile/pod-gc.js';
import { replicaSetController, replicationController } from '../reconcile/replica-set/replica-set.js';
import { resourceQuotaController } from '../reconcile/resource-quota.js';
import { rootCaPublisher } from '../reconcile/root-ca-publisher.js';
import { scheduler } from '../reconcile/scheduler/scheduler.js';
import { serviceAccountController } from '../reconcile/service-account-controller.js';
import { type ControllerSettings, DEFAULT_CONTROLLER_SETTINGS } from '../reconcile/settings.js';
import { statefulSetController } from '../reconcile/stateful-set/stateful-set.js';
import { pvcProtectionController, pvProtectionController } from '../reconcile/volume-protection.js';
import { type OpenStoreOptions, openStoreFromEndpoint } from '../store/open-store.js';

export interface ControlPlaneOptions {
  stateDir: string; // the cluster's folder: holds state.db
  host: string; // address to listen on, e.g. 127.0.0.1
  extraHosts?: string[]; // further addresses (the cluster bridge gateway, for node agents)
  port: number; // 0 = any free port
  tlsCert: string; // PEM
  tlsKey: string; // PEM
  token: string; // the bearer token clients must send
  pods?: PodIO; // container runtime access for pods/log and pods/exec
  /** What the nodes and pods use, served as metrics.k8s.io; without one, nothing is measured. */
  metrics?: MetricsSource;
  /** The pods' containers on the nodes' container runtime: those of deleted pods on dead nodes are removed. */
  podContainers?: PodContainers;
  /** Controller durations; Kubernetes' defaults where not given. */
  settings?: Partial<ControllerSettings>;
  /** Admission settings (default toleration seconds); Kubernetes' defaults where not given. */
  admission?: AdmissionSettings;
  /** The cluster's bridge network (CIDR): the API server's pods/proxy and services/proxy reach pods there only. */
  podNetwork?: string;
  /** Where Service cluster IPs come from (CIDR): the second quarter of the bridge subnet; 10.96.0.0/16 without one. */
  serviceNetwork?: string;
  /** The address pods reach the API server at (the cluster bridge gateway): the `kubernetes` Service's endpoint. */
  advertiseAddress?: string;
  /** The cluster CA (PEM), published to every namespace as the ConfigMap kube-root-ca.crt (pods mount it). */
  caCert: string;
  /** The cluster's name: an etcd endpoint without a path keeps its objects under /minik8s/<name>. */
  cluster?: string;
  /** Where objects live (k3s's --datastore-endpoint); absent: SQLite in stateDir. */
  datastoreEndpoint?: string;
  datastoreTls?: OpenStoreOptions['tls'];
  /** NodePort, LoadBalancer and Ingress listeners on the host; absent: none. */
  hostNetwork?: HostNetworkSettings;
  log?: (line: string) => void;
}

export interface ControlPlane {
  port: number;
  /** Resolves once no controller has work queued or running (for tests that wait on the cluster). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The control plane process: store, API server and controllers in one process. A start that
 * fails part way closes what it had started (the store's file, watches, timers) and throws.
 */
export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const started: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const close of started.splice(0).reverse()) await close();
  };
  try {
    mkdirSync(opts.stateDir, { recursive: true });
    const store = await openStoreFromEndpoint(opts.datastoreEndpoint, opts.stateDir, {
      coalesce: [{ group: 'coordination.k8s.io', resource: 'leases' }],
      tls: opts.datastoreTls,
      cluster: opts.cluster,
    });
    started.push(() => store.close());
    const serviceRange = new ServiceRange(opts.serviceNetwork);
    const admission = defaultAdmission({ serviceAccounts: true, ...opts.admission }, { serviceRange });
    // Set once RBAC is up: what the server writes at start is its own.
    const escalation: EscalationCheck = {};
    const service = new ResourceService(
      store,
      new AdmissionChain([...admission.plugins, rbacEscalation(escalation)]),
    );
    serveMetrics(service, opts.metrics ?? noMetrics);
    const client = new LocalClient(service, CONTROLLER_MANAGER);
    await bootstrap(service, serviceRange);
    await ensureBootstrapPolicy(service);
    const rbac = new RbacPolicy(service);
    started.push(() => rbac.close());
    const { authorizer, close: closeAuthorizer } = nodeRbacAuthorizer(service, rbac);
    started.push(closeAuthorizer);
    Object.assign(escalation, { policy: rbac, authorizer });
    await ensureDefaultStorageClass(client);
    await ensureDefaultIngressClass(client);
    // Every stored CRD's kind is served before the API answers anyone.
    const registrar = new CrdRegistrar(new LocalClient(service));
    await registrar.start();
    started.push(() => registrar.stop());
    const controllers = new ControllerManager(client, { settings: opts.settings });
    for (const c of controllerFactories(opts)) controllers.add(c);
    await controllers.start();
    started.push(() => controllers.stop());
    const server = await startApiServer({
      service,
      token: opts.token,
      tokens: new ServiceAccountTokens(opts.token),
      cert: opts.tlsCert,
      key: opts.tlsKey,
      hosts: [opts.host, ...(opts.extraHosts ?? [])],
      port: opts.port,
      pods: opts.pods,
      podNetwork: opts.podNetwork,
      rbac,
      authorizer: escalation.authorizer,
      clientCa: opts.caCert,
    });
    started.push(() => server.close());
    const apiEndpoints = startApiServerEndpoints(
      client,
      { ip: opts.advertiseAddress ?? opts.host, port: server.port },
      { ...DEFAULT_CONTROLLER_SETTINGS, ...opts.settings }.apiServerEndpointsIntervalMs,
      (line) => console.error(line),
    );
    started.push(() => apiEndpoints.stop());
    if (opts.hostNetwork) {
      const host = await startHostNetwork({
        ...opts.hostNetwork,
        client,
        defaultCert: { cert: opts.tlsCert, key: opts.tlsKey },
        log: opts.log,
      });
      started.push(() => host.close());
    }
    return { port: server.port, idle: () => controllers.idle(), close: closeAll };
  } catch (err) {
    await closeAll().catch(() => undefined);
    throw err;
  }
}

/** The controllers the control plane runs, in the order they start. */
function controllerFactories(opts: ControlPlaneOptions): ControllerFactory[] {
  return [
    crdController,
    clusterRoleAggregation,
    namespaceController,
    serviceAccountController,
    garbageCollector,
    scheduler,
    nodeLifecycle,
    deploymentController,
    replicaSetController,
    replicationController,
    ...(opts.podContainers ? [podContainerSweep(opts.podContainers)] : []),
    persistentVolumeController({ volumesDir: join(opts.stateDir, 'volumes') }),
    pvcProtectionController,
    pvProtectionController,
    eventTtlController,
    horizontalPodAutoscaler,
    daemonSetController,
    statefulSetController,
    jobController,
    ttlAfterFinishedController,
    cronJobController,
    podGarbageCollector,
    disruptionController,
    resourceQuotaController,
    endpointsController,
    endpointSliceController,
    endpointSliceMirroringController,
    rootCaPublisher(opts.caCert),
  ];
}
