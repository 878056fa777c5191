import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../src/client/client.js';
import { startClusterDns } from '../src/net/dns/index.js';
import { findNetwork } from '../src/net/network.js';
import { NODE_IMAGE } from '../src/runtime/image-names.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { freeDnsPort } from './helpers/dns.js';
import { eventually } from './helpers/wait.js';

const pods = (gateway: string) => `
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: pets}
spec:
  clusterIP: None
  selector: {app: pets}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: web.default.svc.corp.test
---
apiVersion: v1
kind: Pod
metadata: {name: pet-0, labels: {app: pets}}
spec:
  hostname: pet-0
  subdomain: pets
  hostAliases: [{ip: 10.244.1.1, hostnames: [printer.lan]}]
  terminationGracePeriodSeconds: 0
  containers: [{name: main, image: ${NODE_IMAGE}, command: [sleep, infinity]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 0
  dnsPolicy: None
  dnsConfig:
    nameservers: [${gateway}]
    searches: [default.svc.cluster.local, svc.cluster.local, cluster.local]
    options: [{name: ndots, value: "5"}]
  containers: [{name: main, image: ${NODE_IMAGE}, command: [sleep, infinity]}]
`;

/** Resolves names inside the client pod with glibc's resolver (search path and all), as an app would. */
const LOOKUP = `const dns = require('dns').promises;
Promise.all(process.argv.slice(1).map((n) => dns.lookup(n, { family: 4 }).then((r) => r.address, (e) => e.code)))
  .then((r) => console.log(JSON.stringify(r)));`;

describe('cluster DNS on a real cluster', () => {
  let c: TestCluster;
  let client: Client;
  let dns: { close(): Promise<void> } | undefined;
  let upstream: { close(): Promise<void> } | undefined;
  let gateway: string;

  beforeAll(async () => {
    c = await startTestCluster({ nodes: 1 });
    const net = await findNetwork(new Docker(), c.name);
    gateway = net!.gateway;
    client = new Client(c.conn);
    // The upstream is a second server on 127.0.0.1 holding another domain: forwarded names
    // reach a real resolver without any packet leaving the machine.
    const upstreamPort = await freeDnsPort();
    upstream = await startClusterDns({
      client,
      listen: [{ host: '127.0.0.1', port: upstreamPort }],
      upstream: [],
      clusterDomain: 'corp.test',
    });
    // The bridge's gateway is the host: every pod reaches it, and nothing sent there leaves.
    dns = await startClusterDns({
      client,
      listen: [{ host: net!.gateway, port: 53 }],
      upstream: [`127.0.0.1:${upstreamPort}`],
    });
    await c.kubectl(['apply', '-f', '-'], { input: pods(net!.gateway) });
    await c.kubectl(['wait', '--for=condition=Ready', 'pod/pet-0', 'pod/client', '--timeout=120s']);
  }, 240_000);

  afterAll(async () => {
    await dns?.close();
    await upstream?.close();
    client?.close();
    await c?.down();
  });

  const lookup = async (...names: string[]) =>
    JSON.parse((await c.kubectl(['exec', 'client', '--', 'node', '-e', LOOKUP, ...names])).stdout);
  const jsonpath = async (what: string, path: string) =>
    (await c.kubectl(['get', what, '-o', `jsonpath=${path}`])).stdout;

  it('resolves a Service by its short, namespaced and full names, from a pod', async () => {
    const ip = await jsonpath('svc/web', '{.spec.clusterIP}');
    expect(await lookup('web', 'web.default', 'web.default.svc.cluster.local')).toEqual([ip, ip, ip]);
    expect(await lookup('nope.default.svc.cluster.local.')).toEqual(['ENOTFOUND']);
  });

  it("resolves a headless Service's pod by its hostname once its endpoint is published", async () => {
    const podIP = await jsonpath('pod/pet-0', '{.status.podIP}');
    await c.kubectl(['apply', '-f', '-'], {
      input: `
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: pets-x1
  labels: {kubernetes.io/service-name: pets}
addressType: IPv4
endpoints:
  - addresses: ["${podIP}"]
    hostname: pet-0
    conditions: {ready: true}
ports: [{name: http, port: 80, protocol: TCP}]
`,
    });
    await eventually('pet-0.pets resolves', async () => {
      expect(await lookup('pet-0.pets', 'pets', 'pet-0.pets.default.svc.cluster.local')).toEqual([
        podIP,
        podIP,
        podIP,
      ]);
    });
  });

  it('resolves an ExternalName through its CNAME, followed upstream', async () => {
    const ip = await jsonpath('svc/web', '{.spec.clusterIP}');
    expect(await lookup('ext', 'ext.default.svc.cluster.local')).toEqual([ip, ip]);
  });

  it("writes the kubelet's /etc/hosts (FQDN, hostAliases), and its dnsConfig as its whole resolv.conf", async () => {
    const podIP = await jsonpath('pod/pet-0', '{.status.podIP}');
    const hosts = (
      await c.kubectl([
        'exec',
        'pet-0',
        '--',
        'node',
        '-p',
        "require('fs').readFileSync('/etc/hosts','utf8')",
      ])
    ).stdout;
    expect(hosts).toContain('# Kubernetes-managed hosts file.\n');
    expect(hosts).toContain(`\n${podIP}\tpet-0.pets.default.svc.cluster.local\tpet-0\n`);
    expect(hosts).toMatch(/# Entries added by HostAliases\.\n10\.244\.1\.1\tprinter\.lan\n?$/);
    const resolv = (
      await c.kubectl([
        'exec',
        'client',
        '--',
        'node',
        '-p',
        "require('fs').readFileSync('/etc/resolv.conf','utf8')",
      ])
    ).stdout;
    expect(resolv.trim()).toBe(
      [
        'search default.svc.cluster.local svc.cluster.local cluster.local',
        `nameserver ${gateway}`,
        'options ndots:5',
      ].join('\n'),
    );
  });
});
