/**
 * The body of `minik8s network --name CLUSTER`, run in the cluster's network container: it
 * holds the whole service range (an AnyIP local route, so the container answers ARP for every
 * service address and anything not proxied is refused here, never routed out of the machine),
 * runs the service proxy in the container's own network namespace, and the cluster DNS server
 * at the range's 10th address.
 */
import fs from 'node:fs';
import { execa } from 'execa';
import { componentToken, KUBE_PROXY_USER } from '../api/auth/component-tokens.js';
import { ServiceRange } from '../api/service-range.js';
import { Client, DAEMON_POOL } from '../client/client.js';
import { startClusterDns } from '../net/dns/index.js';
import { networkName } from '../net/network.js';
import { startPolicyGateway } from '../net/network-policy/gateway.js';
import { openIptables } from '../net/service-proxy/iptables.js';
import type { LocalService } from '../net/service-proxy/model.js';
import { startServiceProxy } from '../net/service-proxy/proxy.js';
import { serveInBackground, serving } from './background-process.js';

/** Docker's embedded resolver: what the container itself resolves other names with. */
const DOCKER_RESOLVER = '127.0.0.11';
const IP = '/usr/sbin/ip';

const stamp = () => new Date().toISOString();

export async function runNetwork(name: string, log: (line: string) => void): Promise<void> {
  const { paths, info, stopped } = serving(name);
  if (!info.serviceNetwork || !info.gateway)
    throw new Error(`cluster "${name}" has no service network: run \`minik8s up --name ${name}\``);
  const range = new ServiceRange(info.serviceNetwork);
  const say = (line: string) => log(`${stamp()} ${line}`);
  await execa(IP, ['route', 'replace', 'local', range.cidr, 'dev', 'lo']);
  say(`holding ${range.cidr}`);
  const client = new Client(
    {
      server: `https://${info.gateway}:${info.port}`,
      // As kube-proxy: what the DNS and the service proxy read is system:node-proxier's, nothing more.
      token: componentToken(info.token, KUBE_PROXY_USER),
      ca: fs.readFileSync(paths.caCert, 'utf8'),
    },
    DAEMON_POOL,
  );
  const iptables = await openIptables();
  const dns = await startClusterDns({
    client,
    listen: [{ host: range.dns, port: 53 }],
    upstream: [DOCKER_RESOLVER],
    clusterDomain: 'cluster.local',
    // Docker's resolver answers the bridge's containers (pods' sandboxes, nodes) by name and by
    // NAME.NETWORK: a pod must find other pods only through Services, as on Kubernetes.
    neverRelay: (n) => !n.includes('.') || n.endsWith(`.${networkName(name)}`),
    log: say,
  });
  // Served by this process itself: the proxy's rules leave these to it.
  const local: LocalService[] = [
    { ip: range.dns, port: 53, protocol: 'UDP' },
    { ip: range.dns, port: 53, protocol: 'TCP' },
  ];
  const proxy = await startServiceProxy({
    client,
    iptables,
    serviceRange: range.cidr,
    inRange: (ip) => range.holds(ip),
    local,
    settings: info.settings?.proxy,
    log: say,
  });
  const policy = await startPolicyGateway({
    client,
    iptables,
    clusterDNS: range.dns,
    trustedSources: [info.gateway],
    settings: info.settings?.networkPolicy,
    log: say,
  });
  say(`service proxy on ${iptables.backend}, cluster DNS on ${range.dns}:53 (pid ${process.pid})`);
  const signal = await stopped;
  say(`${signal}: stopping`);
  await policy.close();
  await proxy.close();
  await dns.close();
  client.close();
}

/** `minik8s network --name NAME` without the CLI framework, as bin/run.js calls it. */
export const serveNetwork = (name: string) => serveInBackground((log) => runNetwork(name, log));
