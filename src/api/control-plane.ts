import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ControllerManager } from '../reconcile/controller.js';
import { ensureDefaultStorageClass } from '../reconcile/default-storage-class.js';
import { garbageCollector } from '../reconcile/garbage-collector.js';
import { namespaceController } from '../reconcile/namespace-controller.js';
import { nodeLifecycle } from '../reconcile/node-lifecycle.js';
import { persistentVolumeController } from '../reconcile/persistent-volumes.js';
import { scheduler } from '../reconcile/scheduler.js';
import { serviceAccountController } from '../reconcile/service-account-controller.js';
import { pvcProtectionController, pvProtectionController } from '../reconcile/volume-protection.js';
import { openStore } from '../store/sqlite-store.js';
import { bootstrap } from './bootstrap.js';
import { startApiServer } from './http-server.js';
import { ResourceService } from './service.js';
import { ServiceAccountTokens } from './service-account-tokens.js';
import type { PodIO } from './subresources.js';
import type { KubeObject } from './types.js';

export interface ControlPlaneOptions {
  stateDir: string; // the cluster's folder: holds state.db
  host: string; // address to listen on, e.g. 127.0.0.1
  extraHosts?: string[]; // further addresses (the cluster bridge gateway, for node agents)
  port: number; // 0 = any free port
  tlsCert: string; // PEM
  tlsKey: string; // PEM
  token: string; // the bearer token clients must send
  pods?: PodIO; // container runtime access for pods/log and pods/exec
  onEvicted?: (pod: KubeObject) => void; // a pod removed from an unreachable node: remove its containers
}

export interface ControlPlane {
  port: number;
  close(): Promise<void>;
}

/** The control plane process: store, API server and controllers in one process. */
export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  mkdirSync(opts.stateDir, { recursive: true });
  const store = openStore(join(opts.stateDir, 'state.db'), {
    coalesce: [{ group: 'coordination.k8s.io', resource: 'leases' }],
  });
  const service = new ResourceService(store);
  bootstrap(service);
  ensureDefaultStorageClass(service);
  const controllers = new ControllerManager(service);
  for (const c of [
    namespaceController(service),
    serviceAccountController(service),
    garbageCollector(service),
    scheduler(service),
    nodeLifecycle(service, { onEvicted: opts.onEvicted }),
    persistentVolumeController(service, { volumesDir: join(opts.stateDir, 'volumes') }),
    pvcProtectionController(service),
    pvProtectionController(service),
  ]) {
    controllers.start(c);
  }
  const server = await startApiServer({
    service,
    token: opts.token,
    tokens: new ServiceAccountTokens(opts.token),
    cert: opts.tlsCert,
    key: opts.tlsKey,
    hosts: [opts.host, ...(opts.extraHosts ?? [])],
    port: opts.port,
    pods: opts.pods,
  });
  return {
    port: server.port,
    close: async () => {
      controllers.stop();
      await server.close();
      store.close();
    },
  };
}
