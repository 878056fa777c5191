import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { startKubectlProbe } from './kubectl-probe.js';

const commands: string[][] = [
  ['create', 'configmap', 'x', '--from-literal=a=b'],
  ['create', 'secret', 'generic', 's', '--from-literal=a=b'],
  ['create', 'namespace', 'ns1'],
  ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'],
  ['create', 'service', 'clusterip', 'svc', '--tcp=80:8080'],
  ['create', 'job', 'j', '--image=busybox'],
  ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/1 * * * *'],
  ['create', 'serviceaccount', 'sa'],
  ['create', 'ingress', 'ing', '--rule=foo.com/bar=svc1:8080'],
  ['create', 'token', 'sa'],
  ['run', 'p', '--image=nginx'],
  ['expose', 'deployment', 'web', '--port=80'],
];

it('captures', async () => {
  const probe = await startKubectlProbe();
  const out: unknown[] = [];
  for (const args of commands) {
    probe.requests.length = 0;
    let stderr = '';
    try {
      execFileSync('kubectl', args, { env: { ...process.env, KUBECONFIG: probe.kubeconfig }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      stderr = String((e as { stderr: string }).stderr);
    }
    out.push({ args, stderr, requests: probe.requests.map((r) => ({ ...r, body: r.body.toString('base64') })) });
  }
  await probe.close();
  writeFileSync('/tmp/pb/captures.json', JSON.stringify(out, null, 1));
});
