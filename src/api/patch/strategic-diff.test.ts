import { describe, expect, it } from 'vitest';
import { resolveRef, schemaFor } from '../schema/index.js';
import type { Schema } from '../schema/types.js';
import { strategicMerge } from './strategic.js';
import { twoWayStrategicPatch } from './strategic-diff.js';

const deploymentSchema = schemaFor('apps', 'v1', 'Deployment') as Schema;

const deployment = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a', 'b'], ...extra },
  spec: { replicas: 1, template: { spec: { containers } } },
});
const app = {
  name: 'app',
  image: 'nginx:1',
  env: [{ name: 'A', value: '1' }],
  ports: [{ containerPort: 80 }],
};
const side = { name: 'side', image: 'busybox', args: ['x', 'y'] };

const patchOf = (from: object, to: object) =>
  twoWayStrategicPatch(from as never, to as never, deploymentSchema, resolveRef);
const applied = (live: object, patch: unknown) => strategicMerge(live, patch, deploymentSchema, resolveRef);

describe("a two-way strategic merge patch, as kubectl edit's", () => {
  it('gives the edited object back when applied on the original', () => {
    const original = deployment([app, side]);
    const edits = [
      deployment([{ ...app, image: 'nginx:2' }, side]),
      deployment([side, app]),
      deployment([app]),
      deployment([app, side, { name: 'third', image: 'x' }]),
      deployment([
        { ...app, env: [] },
        { ...side, args: ['y'] },
      ]),
      deployment([{ ...app, env: undefined }, side].map((c) => JSON.parse(JSON.stringify(c)))),
      deployment([app, side], { finalizers: ['b', 'c'] }),
      { ...deployment([app, side]), metadata: { name: 'web' } },
    ];
    for (const edited of edits) expect(applied(original, patchOf(original, edited))).toEqual(edited);
    expect(patchOf(original, deployment([app, side]))).toBeUndefined();
  });

  it('names the changed container by its key, and leaves what changed meanwhile on the live object', () => {
    const original = deployment([app, side]);
    const patch = patchOf(original, deployment([{ ...app, image: 'nginx:2' }, side]));
    expect(patch).toEqual({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }, { name: 'side' }],
            containers: [{ name: 'app', image: 'nginx:2' }],
          },
        },
      },
    });
    // Meanwhile someone added an env var to the same container and a label.
    const live = deployment([{ ...app, env: [...app.env, { name: 'B', value: '2' }] }, side], {
      labels: { app: 'web', touched: 'yes' },
    });
    expect(applied(live, patch)).toEqual(
      deployment([{ ...app, image: 'nginx:2', env: [...app.env, { name: 'B', value: '2' }] }, side], {
        labels: { app: 'web', touched: 'yes' },
      }),
    );
  });
});
