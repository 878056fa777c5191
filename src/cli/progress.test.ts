import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { errorLine } from './error-line.js';
import { stepPrinter } from './progress.js';
import { hintFor, StepFailure } from './step-failure.js';

/** A stderr that is not a terminal, collecting what is written. */
function pipe(): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  let text = '';
  s.on('data', (b: Buffer) => {
    text += b.toString();
  });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => text };
}

describe('stepPrinter', () => {
  it('prints each finished step with its duration, plain when not on a terminal', async () => {
    const { stream, text } = pipe();
    const p = stepPrinter(stream);
    expect(await p.step('Creating cluster certificates', async () => 7)).toBe(7);
    expect(text()).toMatch(/^ ✓ Creating cluster certificates \(\d+ms\)\n$/);
    expect(text()).not.toContain('\x1b');
  });

  it('names the failed step, why it failed and what to do', async () => {
    const { stream, text } = pipe();
    const refused = Object.assign(new Error('connect ENOENT /var/run/docker.sock'), {
      code: 'ENOENT',
      address: '/var/run/docker.sock',
    });
    const failed = await stepPrinter(stream)
      .step('Ensuring node image', () => Promise.reject(refused))
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StepFailure);
    expect(text()).toMatch(/^ ✗ Ensuring node image \(\d+ms\)\n$/);
    expect(errorLine(failed)).toBe(
      'error: Ensuring node image failed: connect ENOENT /var/run/docker.sock\nhint: is Docker running? Start it (or set DOCKER_HOST), then run the command again.',
    );
  });

  it("gives Docker's hint when DOCKER_HOST's socket, whatever its name, is not there", () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///run/user/1000/podman/podman-api';
    try {
      const gone = Object.assign(new Error('connect ENOENT /run/user/1000/podman/podman-api'), {
        code: 'ENOENT',
        address: '/run/user/1000/podman/podman-api',
      });
      expect(hintFor(gone)).toBe(
        'is Docker running? Start it (or set DOCKER_HOST), then run the command again.',
      );
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});
