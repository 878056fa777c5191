import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { KubeConfig, PortForward } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, startTestCluster, type TestCluster } from './helpers/cluster.js';
import { importBusybox, removeImage } from './helpers/docker-fixtures.js';
import { waitFor } from './helpers/wait.js';

// An image of its own with every busybox applet (tar for kubectl cp), as other clusters on this
// machine may rebuild the shared busybox image at any time.
const TOOLS = `minik8s-test/busybox-tools:${randomBytes(4).toString('hex')}`;

const APP = `
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
    - name: web
      image: minik8s/busybox:latest
      command: ["sh", "-c", "mkdir -p /www; echo hello-from-web > /www/index.html; head -c 3000000 /dev/urandom > /www/big; exec httpd -f -p 8080 -h /www"]
      ports: [{containerPort: 8080, name: http}]
    - name: other
      image: minik8s/busybox:latest
      command: ["sh", "-c", "mkdir -p /other; echo other-port > /other/index.html; exec httpd -f -p 9090 -h /other"]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: echo
      image: ${TOOLS}
      imagePullPolicy: Never
      command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: talk
spec:
  restartPolicy: Never
  containers:
    - name: echo
      image: minik8s/busybox:latest
      command: ["sh", "-c", "while read line; do echo \\"got: $line\\"; done; echo bye"]
      stdin: true
      stdinOnce: true
`;

/** A running `port-forward`: its local ports, from its "Forwarding from 127.0.0.1:P -> R" lines. */
interface Forward {
  ports: number[];
  output: () => string;
  stop: () => Promise<number | null>;
}

async function startForward(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  count: number,
): Promise<Forward> {
  const child: ChildProcess = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const ports = await waitFor(`${count} "Forwarding from" lines`, () => {
    const found = [...out.matchAll(/^Forwarding from 127\.0\.0\.1:(\d+) -> \d+$/gm)].map((m) => Number(m[1]));
    if (child.exitCode !== null) throw new Error(out);
    return found.length === count && found;
  });
  return {
    ports,
    output: () => out,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/** One GET on a connection of its own; the body's text, trimmed, or its MD5 for a binary file. */
function get(port: number, path = '/', host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, path, agent: false, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve(path === '/' ? body.toString().trim() : createHash('md5').update(body).digest('hex'));
        });
      })
      .on('error', reject)
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error('timeout'));
      });
  });
}

const many = (port: number, n = 12) => Promise.all(Array.from({ length: n }, () => get(port)));

describe('reaching pods from the laptop: port-forward, attach, cp', () => {
  let c: TestCluster;
  beforeAll(async () => {
    importBusybox(TOOLS);
    c = await startTestCluster({ nodes: 1 });
    await c.kubectl(['apply', '-f', '-'], { input: APP });
    await c.kubectl(['wait', '--for=condition=Ready', 'pod/web', 'pod/tools', 'pod/talk', '--timeout=90s']);
  });
  afterAll(async () => {
    await c?.down();
    removeImage(TOOLS);
  });

  it('kubectl port-forward tunnels SPDY in a WebSocket, several ports and many connections at once', async () => {
    const f = await startForward(
      'kubectl',
      ['port-forward', 'pod/web', '0:8080', '0:9090', '-v=4'],
      c.env,
      2,
    );
    try {
      const [web, other] = await Promise.all([many(f.ports[0]), many(f.ports[1])]);
      expect(new Set(web)).toEqual(new Set(['hello-from-web']));
      expect(new Set(other)).toEqual(new Set(['other-port']));
      // Larger than any buffer on the way, three at once: every reader's pace holds the others.
      // The pod's own answer, from its IP on the cluster bridge, is what the forward must carry.
      const ip = (await c.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}'])).stdout;
      const md5 = await get(8080, '/big', ip);
      const big = await Promise.all([1, 2, 3].map(() => get(f.ports[0], '/big')));
      expect(big).toEqual([md5, md5, md5]);
      expect(f.output()).toContain('negotiated protocol: portforward.k8s.io');
      expect(f.output()).not.toContain('fallback to secondary dialer');
      expect(f.output()).toContain(`Handling connection for ${f.ports[0]}`);
    } finally {
      await f.stop();
    }
  });

  it('kubectl port-forward over a plain SPDY upgrade, and to a service by its port name', async () => {
    const env = { ...c.env, KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };
    const pod = await startForward('kubectl', ['port-forward', 'web', '0:8080'], env, 1);
    const svc = await startForward('kubectl', ['port-forward', 'svc/web', '0:http'], c.env, 1);
    try {
      expect(new Set(await many(pod.ports[0]))).toEqual(new Set(['hello-from-web']));
      expect(new Set(await many(svc.ports[0]))).toEqual(new Set(['hello-from-web']));
      expect(svc.output()).toMatch(/Forwarding from 127\.0\.0\.1:\d+ -> 8080/);
    } finally {
      await pod.stop();
      await svc.stop();
    }
  });

  it("reports a port nothing listens on as kubectl's error for that connection", async () => {
    const f = await startForward('kubectl', ['port-forward', 'pod/web', '0:9999'], c.env, 1);
    await expect(get(f.ports[0])).rejects.toThrow();
    await waitFor('the error', () => f.output().includes('an error occurred forwarding'));
    expect(f.output()).toMatch(
      /error forwarding port 9999 to pod web_default, uid [0-9a-f-]+: dial tcp [\d.]+:9999: connect: connection refused/,
    );
    await f.stop();
  });

  it('minik8s port-forward to a pod, a service and a named port; a refused port spoils no other', async () => {
    const node = process.execPath;
    const pod = await startForward(node, [BIN, 'port-forward', 'pod/web', '0:8080', '0:9999'], c.env, 2);
    const svc = await startForward(node, [BIN, 'port-forward', 'svc/web', ':http'], c.env, 1);
    try {
      await expect(get(pod.ports[1])).rejects.toThrow();
      expect(new Set(await many(pod.ports[0]))).toEqual(new Set(['hello-from-web']));
      expect(new Set(await many(svc.ports[0]))).toEqual(new Set(['hello-from-web']));
      await waitFor('the error', () =>
        pod.output().includes(`an error occurred forwarding ${pod.ports[1]} -> 9999`),
      );
      expect(svc.output()).toMatch(/Forwarding from 127\.0\.0\.1:\d+ -> 8080/);
      expect(svc.output()).toMatch(/Forwarding from \[::1\]:\d+ -> 8080|Unable to listen/);
    } finally {
      expect(await pod.stop()).toBe(0);
      await svc.stop();
    }
    const bad = await c.minik8s(['port-forward', 'svc/web', '9999'], { reject: false });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('Service web does not have a service port 9999');

    // A Service with no pod yet is waited on for --pod-running-timeout, as kubectl waits.
    await c.kubectl(['create', 'service', 'clusterip', 'nobody', '--tcp=80']);
    const none = await c.minik8s(['port-forward', 'svc/nobody', '0:80', '--pod-running-timeout=300ms'], {
      reject: false,
    });
    expect(none.exitCode).toBe(1);
    expect(none.stderr.trim()).toBe('error: timed out waiting for the condition');
    const typo = await c.minik8s(['logs', 'svc/nobody', '--pod-running-timeout=soon'], { reject: false });
    expect(typo.exitCode).toBe(1);
    expect(typo.stderr).toContain(
      'invalid argument "soon" for "--pod-running-timeout" flag: time: invalid duration "soon"',
    );
  });

  it("@kubernetes/client-node's PortForward reaches the pod (the WebSocket channel form)", async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    const forward = new PortForward(kc);
    const server = net.createServer((socket) => {
      void forward.portForward('default', 'web', [8080], socket, null, socket);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      expect(new Set(await many(port, 4))).toEqual(new Set(['hello-from-web']));
    } finally {
      server.close();
    }
  });

  it('kubectl proxy reaches a service by port name and a pod by port number', async () => {
    const child = spawn('kubectl', ['proxy', '--port=0'], { env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const port = Number(await waitFor('kubectl proxy serving', () => /127\.0\.0\.1:(\d+)/.exec(out)?.[1]));
      const body = (path: string) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.text());
      expect(await body('/api/v1/namespaces/default/services/web:http/proxy/')).toBe('hello-from-web\n');
      expect(await body('/api/v1/namespaces/default/pods/web:9090/proxy/index.html')).toBe('other-port\n');
    } finally {
      child.kill('SIGINT');
    }
  });

  it('kubectl attach sends stdin to the running container and shows its output to the end', async () => {
    // stdinOnce: the end of kubectl's stdin ends the container's, so the loop ends and says bye.
    const r = await c.kubectl(['attach', '-i', 'talk'], { input: 'one\ntwo\n' });
    expect(r.stdout).toMatch(/got: one\ngot: two\nbye/);
    expect(r.exitCode).toBe(0);
  });

  it('kubectl cp copies a file and a folder in and out of a container', async () => {
    const dir = join(c.home, 'cp');
    mkdirSync(join(dir, 'tree/sub'), { recursive: true });
    const blob = randomBytes(300_000);
    writeFileSync(join(dir, 'blob.bin'), blob);
    writeFileSync(join(dir, 'tree/sub/note.txt'), 'deep');
    await c.kubectl(['cp', join(dir, 'blob.bin'), 'tools:/tmp/blob.bin']);
    await c.kubectl(['cp', join(dir, 'tree'), 'tools:/tmp/tree']);
    expect((await c.kubectl(['exec', 'tools', '--', 'cat', '/tmp/tree/sub/note.txt'])).stdout).toBe('deep');
    await c.kubectl(['cp', 'tools:/tmp/blob.bin', join(dir, 'back.bin')]);
    await c.kubectl(['cp', 'tools:/tmp/tree', join(dir, 'back')]);
    expect(readFileSync(join(dir, 'back.bin')).equals(blob)).toBe(true);
    expect(readFileSync(join(dir, 'back/sub/note.txt'), 'utf8')).toBe('deep');
  });
});
