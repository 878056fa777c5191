/**
 * The body of `minik8s hollow-nodes`: a cluster's hollow nodes (Kubernetes' kubemark), each the
 * real node agent over a runtime that runs nothing, all in this one process. They register,
 * heartbeat and run their pods as far as the API can tell, so the control plane can be measured
 * at a scale one machine could not run for real.
 */
import fs from 'node:fs';
import { componentToken, nodeUserName } from '../api/auth/component-tokens.js';
import { NODES, SERVICES, type Service } from '../api/kinds/index.js';
import { ServiceRange } from '../api/service-range.js';
import { Client, type Connection, DAEMON_POOL } from '../client/client.js';
import { Informer } from '../client/informer.js';
import { type Agent, runAgent } from '../runtime/agent.js';
import { HollowAddresses, HollowRuntime } from '../runtime/hollow-runtime.js';
import type { KubeletSettings } from '../runtime/settings.js';
import { serveInBackground, serving } from './background-process.js';
import { connectionOf } from './cluster-info.js';
import { HOLLOW_LABEL, hollowNodeName } from './hollow-process.js';

/** What each hollow node offers: a modest machine. */
const MACHINE = { cpu: 4, memory: 16 * 2 ** 30 };
/**
 * A hollow container changes only when its agent changes it, so the agent's periodic look at
 * every pod (each second on a real node, for want of container events) finds nothing new: hollow
 * agents look every 10 s unless the cluster's kubelet settings say otherwise.
 */
const HOLLOW_KUBELET: Partial<KubeletSettings> = { podSyncIntervalMs: 10_000 };
/** Agents registered at once: each start is a handful of API calls. */
const STARTING_AT_ONCE = 10;

/** Removes the Node objects of hollow nodes the cluster no longer has (it was given fewer). */
async function removeOthers(client: Client, keep: Set<string>): Promise<void> {
  const hollow = await client.list(NODES, { labelSelector: `${HOLLOW_LABEL}=true` });
  for (const n of hollow.items)
    if (!keep.has(n.metadata.name!))
      await client.delete(NODES, undefined, n.metadata.name!).catch(() => undefined);
}

interface HollowFleet {
  /** The admin's client, for what the fleet does as a whole (its Services, removing nodes). */
  client: Client;
  conn: Connection;
  /** Each node's own client, as system:node:NAME, closed with the fleet. */
  nodeClients: Client[];
  cluster: string;
  stateDir: string;
  settings: Partial<KubeletSettings> | undefined;
  addresses: HollowAddresses;
  clusterDNS: string | undefined;
  /** One informer of Services for every hollow agent's service variables. */
  services: Informer<Service>;
  log: (line: string) => void;
}

const stamp = () => new Date().toISOString();

/** The i-th hollow node (from 0): the real agent on a runtime that runs nothing. */
function startHollowNode(f: HollowFleet, i: number): Promise<Agent> {
  const nodeName = hollowNodeName(f.cluster, i);
  const n = i + 1;
  // Each node its own identity, as each kubemark hollow kubelet has: the Node authorizer and
  // NodeRestriction then hold it to its own Node and pods.
  const client = new Client(
    { ...f.conn, token: componentToken(f.conn.token, nodeUserName(nodeName)) },
    DAEMON_POOL,
  );
  f.nodeClients.push(client);
  return runAgent({
    client,
    nodeName,
    cluster: f.cluster,
    stateDir: f.stateDir,
    // Node addresses are loopback too, beside the pods' 127.128.0.0/9.
    runtime: new HollowRuntime({ ...MACHINE, address: `127.127.${n >> 8}.${n & 255}` }, f.addresses),
    nodeLabels: { [HOLLOW_LABEL]: 'true' },
    // Named like a real node's, so pods are not warned of a missing cluster DNS; nothing resolves here.
    clusterDNS: f.clusterDNS,
    settings: f.settings,
    services: f.services,
    log: (m) => f.log(`${stamp()} [${nodeName}] ${m}`),
  });
}

/** Runs the cluster's hollow nodes until SIGTERM or SIGINT; their pods' records go with the process. */
export async function runHollowNodes(name: string, log: (line: string) => void): Promise<void> {
  const { paths, info, stopped } = serving(name);
  const conn = { ...connectionOf(info, paths), userAgent: 'kubelet' };
  const client = new Client(conn);
  fs.mkdirSync(paths.hollowDir, { recursive: true });
  const count = info.hollowNodes ?? 0;
  await removeOthers(client, new Set(Array.from({ length: count }, (_, i) => hollowNodeName(name, i))));
  const fleet: HollowFleet = {
    client,
    conn,
    nodeClients: [],
    cluster: name,
    stateDir: paths.hollowDir,
    clusterDNS: info.serviceNetwork ? new ServiceRange(info.serviceNetwork).dns : undefined,
    settings: { ...HOLLOW_KUBELET, ...info.settings?.kubelet },
    addresses: new HollowAddresses(),
    services: new Informer<Service>(client, SERVICES, { pageSize: 500, log }),
    log,
  };
  fleet.services.start();
  const agents: Agent[] = [];
  for (let i = 0; i < count; i += STARTING_AT_ONCE) {
    const batch = Array.from({ length: Math.min(STARTING_AT_ONCE, count - i) }, (_, j) =>
      startHollowNode(fleet, i + j),
    );
    agents.push(...(await Promise.all(batch)));
  }
  log(`${stamp()} ${agents.length} hollow nodes of cluster "${name}" running (pid ${process.pid})`);
  const signal = await stopped;
  log(`${stamp()} ${signal}: stopping`);
  await Promise.all(agents.map((a) => a.stop()));
  await fleet.services.stop();
  for (const c of fleet.nodeClients) c.close();
  client.close();
}

/** `minik8s hollow-nodes --name NAME` without the CLI framework, as bin/run.js calls it. */
export const serveHollowNodes = (name: string) => serveInBackground((log) => runHollowNodes(name, log));
