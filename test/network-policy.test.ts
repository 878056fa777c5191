import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODS, SERVICES } from '../src/api/kinds/index.js';
import type { Pod, Service } from '../src/api/kinds/types.generated.js';
import { Client } from '../src/client/client.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually } from './helpers/wait.js';

const nodePod = (name: string, namespace: string, app: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: {app: ${app}}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - {name: c, image: "minik8s/node:0.1.0", command: ["/bin/sleep", "infinity"]}`;

const PODS_YAML = `
apiVersion: v1
kind: Namespace
metadata: {name: other, labels: {team: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: web
      image: minik8s/busybox:latest
      command: ["sh", "-c", "mkdir -p /www && echo hi > /www/index.html && httpd -p 9090 -h /www && httpd -f -p 8080 -h /www"]
      ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9090}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---${nodePod('client', 'default', 'client')}
---${nodePod('stranger', 'default', 'stranger')}
---${nodePod('remote', 'other', 'client')}
`;

/** Run in a pod: one TCP connect to HOST:PORT: "ok", "timeout" (dropped) or the error code. */
const CONNECT = `
const [host, port] = process.argv.slice(1);
const s = require('net').connect({ host, port: +port });
const done = (r) => { console.log(r); process.exit(0); };
s.setTimeout(1500, () => done('timeout'));
s.on('connect', () => done('ok'));
s.on('error', (e) => done(e.code));
`;

/** Run in a pod: a lookup of the kubernetes Service at the pod's nameserver, "ok" or the error code. */
const LOOKUP = `
const ns = require('fs').readFileSync('/etc/resolv.conf', 'utf8').match(/nameserver\\s+(\\S+)/)[1];
const r = new (require('dns').Resolver)({ timeout: 1000, tries: 1 });
r.setServers([ns]);
r.resolve4('kubernetes.default.svc.cluster.local', (e) => { console.log(e ? e.code : 'ok'); process.exit(0); });
`;

const policy = (name: string, namespace: string, spec: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec: ${spec}`;

describe('NetworkPolicy on a cluster of one node', () => {
  let c: TestCluster;
  let client: Client;
  const ip: Record<string, string> = {};
  let webService = '';

  const run = async (pod: string, script: string, args: string[], namespace = 'default') => {
    const { stdout } = await c.kubectl([
      'exec',
      '-n',
      namespace,
      pod,
      '--',
      '/usr/bin/node',
      '-e',
      script,
      ...args,
    ]);
    return String(stdout).trim();
  };
  const connect = (from: string, to: string, port: number) =>
    run(from, CONNECT, [to, String(port)], from === 'remote' ? 'other' : 'default');
  /** Waits until each `from` pod's connect to `to`:`port` ends as expected. */
  const expectReach = (to: string, port: number, outcomes: Record<string, string>) =>
    eventually(`connects to ${to}:${port} ending ${JSON.stringify(outcomes)}`, async () => {
      const seen: Record<string, string> = {};
      for (const from of Object.keys(outcomes)) seen[from] = await connect(from, to, port);
      expect(seen).toEqual(outcomes);
    });
  const apply = (yaml: string) => c.kubectl(['apply', '-f', '-'], { input: yaml });
  const removePolicies = () => c.kubectl(['delete', 'networkpolicy', '--all', '-A', '--wait=false']);

  beforeAll(async () => {
    c = await startTestCluster({ nodes: 1 });
    client = new Client(c.conn);
    await apply(PODS_YAML);
    await c.kubectl(['wait', '--for=condition=Ready', 'pod', '--all', '-A', '--timeout=90s']);
    for (const p of (await client.list(PODS, {})).items as Pod[]) ip[p.metadata.name!] = p.status!.podIP!;
    webService = ((await client.get(SERVICES, 'default', 'web')) as Service).spec!.clusterIP!;
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await c?.down();
  });

  it('allows everything while no policy selects a pod', async () => {
    await expectReach(ip.web!, 8080, { client: 'ok', stranger: 'ok', remote: 'ok' });
    const { all } = await c.kubectl(['get', 'networkpolicies', '-A']);
    expect(String(all)).toContain('No resources found');
  });

  it('blocks all ingress of the pods a deny-all policy selects, not their replies', async () => {
    await apply(policy('deny-all', 'default', '{podSelector: {}, policyTypes: [Ingress]}'));
    await expectReach(ip.web!, 8080, { client: 'timeout', stranger: 'timeout', remote: 'timeout' });
    // The client is isolated for ingress too: the reply of its own connection still comes in.
    await expectReach(ip.remote!, 9, { client: 'ECONNREFUSED' });
    const { stdout } = await c.kubectl(['get', 'netpol']);
    expect(String(stdout)).toMatch(/^NAME\s+POD-SELECTOR\s+AGE\ndeny-all\s+<none>\s+\S+/);
    // The rules live in the pods' own namespaces: the host's firewall is the user's.
    const { stdout: host } = await execa('iptables-save');
    expect(host).not.toContain('MINIK8S');
    await removePolicies();
    await expectReach(ip.web!, 8080, { client: 'ok', stranger: 'ok' });
  });

  it("writes a re-created sandbox's namespace anew", async () => {
    await apply(policy('deny-all', 'default', '{podSelector: {}, policyTypes: [Ingress]}'));
    await expectReach(ip.web!, 8080, { client: 'timeout' });
    const sandbox = async () =>
      String(
        (
          await execa('docker', [
            'ps',
            '-q',
            '--filter',
            `label=io.minik8s.cluster=${c.name}`,
            '--filter',
            'label=io.minik8s.pod.name=web',
            '--filter',
            'label=io.minik8s.container=POD',
          ])
        ).stdout,
      ).trim();
    const before = await sandbox();
    await execa('docker', ['kill', before]);
    ip.web = await eventually(
      "the sandbox re-created and its address the ready pod's",
      async () => {
        const now = await sandbox();
        expect(now).not.toBe('');
        expect(now).not.toBe(before);
        const { stdout: held } = await execa('docker', [
          'inspect',
          '-f',
          '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
          now,
        ]);
        const web = (await client.get(PODS, 'default', 'web')) as Pod;
        expect(web.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
        expect(web.status?.podIP).toBe(String(held).trim());
        return web.status!.podIP!;
      },
      60_000,
    );
    await expectReach(ip.web!, 8080, { client: 'timeout' });
    await removePolicies();
    await expectReach(ip.web!, 8080, { client: 'ok' });
  });

  it('admits only the pods a podSelector names, by pod IP and through the ClusterIP, following labels', async () => {
    await apply(
      policy(
        'from-client',
        'default',
        '{podSelector: {matchLabels: {app: web}}, ingress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]}',
      ),
    );
    await expectReach(ip.web!, 8080, { client: 'ok', stranger: 'timeout', remote: 'timeout' });
    await expectReach(webService, 80, { client: 'ok', stranger: 'timeout' });
    const { stdout: described } = await c.kubectl(['describe', 'netpol', 'from-client']);
    expect(String(described)).toMatch(/PodSelector:\s+app=web\n\s+Allowing ingress traffic:/);
    expect(String(described)).toMatch(/From:\n\s+PodSelector: app=client/);
    expect(String(described)).toMatch(/Policy Types: Ingress/);
    await c.kubectl(['label', 'pod', 'stranger', 'app=client', '--overwrite']);
    await expectReach(ip.web!, 8080, { stranger: 'ok' });
    await c.kubectl(['label', 'pod', 'stranger', 'app=stranger', '--overwrite']);
    await expectReach(ip.web!, 8080, { stranger: 'timeout' });
    await removePolicies();
  });

  it('admits the pods of the namespaces a namespaceSelector names, following namespace labels', async () => {
    await apply(
      policy(
        'from-team-a',
        'default',
        '{podSelector: {matchLabels: {app: web}}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]}',
      ),
    );
    await expectReach(ip.web!, 8080, { client: 'timeout', remote: 'ok' });
    await c.kubectl(['label', 'namespace', 'other', 'team=b', '--overwrite']);
    await expectReach(ip.web!, 8080, { remote: 'timeout' });
    await c.kubectl(['label', 'namespace', 'other', 'team=a', '--overwrite']);
    await removePolicies();
  });

  it('admits an ipBlock less its exceptions, on the ports listed only (named ones too)', async () => {
    const bridge = `${ip.web!.split('.').slice(0, 2).join('.')}.0.0/16`;
    await apply(
      policy(
        'from-block',
        'default',
        `{podSelector: {matchLabels: {app: web}}, ingress: [{from: [{ipBlock: {cidr: "${bridge}", except: ["${ip.stranger}/32"]}}], ports: [{port: http}]}]}`,
      ),
    );
    await expectReach(ip.web!, 8080, { client: 'ok', stranger: 'timeout', remote: 'ok' });
    await expectReach(ip.web!, 9090, { client: 'timeout' });
    await removePolicies();
    await expectReach(ip.web!, 9090, { client: 'ok' });
  });

  it('limits egress of the pods selected, the cluster DNS reachable only when listed', async () => {
    await apply(
      policy(
        'dns-only',
        'default',
        '{podSelector: {matchLabels: {app: client}}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]}',
      ),
    );
    await expectReach(ip.web!, 8080, { client: 'timeout', stranger: 'ok' });
    await expectReach(webService, 80, { client: 'timeout' });
    expect(await run('client', LOOKUP, [])).toBe('ok');
    await apply(
      policy('dns-only', 'default', '{podSelector: {matchLabels: {app: client}}, policyTypes: [Egress]}'),
    );
    await eventually('the lookup blocked', async () =>
      expect(await run('client', LOOKUP, [])).not.toBe('ok'),
    );
    await removePolicies();
    await expectReach(ip.web!, 8080, { client: 'ok' });
  });

  it("filters a new pod's first packet: its rules are written before its containers start", async () => {
    await apply(
      policy('late-egress', 'default', '{podSelector: {matchLabels: {app: late}}, policyTypes: [Egress]}'),
    );
    // Connects once as soon as it starts, says how it went, then stays.
    const firstConnect = `${CONNECT.replace('process.exit(0);', 'setInterval(() => {}, 60000);')}`;
    await apply(`
apiVersion: v1
kind: Pod
metadata: {name: late, labels: {app: late}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: c
      image: minik8s/node:0.1.0
      command: ["/usr/bin/node", "-e", "eval(process.env.SCRIPT)", "${ip.web}", "8080"]
      env: [{name: SCRIPT, value: ${JSON.stringify(firstConnect)}}]`);
    const first = await eventually('the first connect of the new pod', async () => {
      const { stdout } = await c.kubectl(['logs', 'late']);
      expect(String(stdout).trim()).not.toBe('');
      return String(stdout).trim().split('\n')[0];
    });
    expect(first).toBe('timeout');
    await c.kubectl(['delete', 'pod', 'late', '--wait=false']);
    await removePolicies();
  });

  it('refuses a policy Kubernetes refuses', async () => {
    const r = await c.kubectl(['apply', '-f', '-'], {
      input: policy(
        'bad',
        'default',
        '{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}], ports: [{port: http, endPort: 90}]}]}',
      ),
      reject: false,
    });
    expect(r.exitCode).not.toBe(0);
    expect(String(r.all)).toContain(
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "11.0.0.0/8": must be a strict subset of `cidr`',
    );
    expect(String(r.all)).toContain(
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
    );
  });
});
