import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubectlProbe, startKubectlProbe } from '../../../test/helpers/kubectl-probe.js';
import { decodeProtobufObject } from './decode.js';
import { PROTOBUF_MEDIA_TYPE } from './media-type.js';

const run = promisify(execFile);

const commands = (
  JSON.parse(readFileSync(new URL('./fixtures/kubectl-1.32-create.json', import.meta.url), 'utf8')) as {
    command: string[];
  }[]
).map((f) => f.command);

/** The same command printing the object it would send, as JSON, without a server. */
function dryRun(args: string[]): string[] {
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  return [...args.slice(0, end), '--dry-run=client', '-o', 'json', ...args.slice(end)];
}

describe('the installed kubectl', () => {
  let probe: KubectlProbe;
  beforeAll(async () => {
    probe = await startKubectlProbe();
  });
  afterAll(() => probe.close());

  for (const args of commands) {
    it(`kubectl ${args.join(' ')}: the protobuf body decodes to the JSON object`, async () => {
      probe.requests.length = 0;
      // kubectl reports an error for the probe's reply; only the request matters here.
      await run('kubectl', args, { env: { ...process.env, KUBECONFIG: probe.kubeconfig } }).catch(
        () => undefined,
      );
      const post = probe.requests.find((r) => r.method === 'POST');
      expect(post?.contentType).toBe(PROTOBUF_MEDIA_TYPE);
      expect(post?.accept.split(',')).toContain('application/json');
      const { stdout } = await run('kubectl', dryRun(args), {
        env: { ...process.env, KUBECONFIG: '/dev/null' },
      });
      expect(decodeProtobufObject(post!.body)).toEqual(JSON.parse(stdout));
    });
  }
});
