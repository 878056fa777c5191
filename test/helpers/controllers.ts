import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdmissionChain } from '../../src/api/admission/index.js';
import { bootstrap } from '../../src/api/bootstrap.js';
import { ResourceService } from '../../src/api/service.js';
import { LocalClient } from '../../src/client/local-client.js';
import type { ControllerFactory } from '../../src/reconcile/controller.js';
import { ControllerManager, type ManagerOptions } from '../../src/reconcile/manager.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

/** Controllers on a real SQLite store in a temporary folder, writing through the API service. */
export interface ControllerHarness {
  dir: string;
  store: Store;
  svc: ResourceService;
  client: LocalClient;
  manager: ControllerManager;
  /** Stops the controllers and starts them afresh on the same store, as a control plane restart does. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startControllers(
  factories: ControllerFactory[] | ((dir: string) => ControllerFactory[]),
  opts: ManagerOptions & {
    prefix?: string;
    before?: (client: LocalClient) => Promise<void>;
    /** Admission plugins instead of the default ones (those of a cluster, say). */
    admission?: AdmissionChain;
  } = {},
): Promise<ControllerHarness> {
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'minik8s-ctrl-'));
  const store = openStore(join(dir, 'state.db'), { autoCompact: false });
  const svc = new ResourceService(store, opts.admission);
  const client = new LocalClient(svc);
  await bootstrap(svc);
  await opts.before?.(client);
  const list = typeof factories === 'function' ? factories(dir) : factories;
  const begin = async () => {
    const manager = new ControllerManager(client, { log: () => {}, ...opts });
    for (const f of list) manager.add(f);
    await manager.start();
    return manager;
  };
  const h: ControllerHarness = {
    dir,
    store,
    svc,
    client,
    manager: await begin(),
    restart: async () => {
      await h.manager.stop();
      h.manager = await begin();
    },
    stop: async () => {
      await h.manager.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}
