import { describe, expect, it } from 'vitest';
import type { ServedPod } from '../api/kinds/index.js';
import { defaultContainer } from './default-container.js';

const pod = (containers: string[], init: string[] = [], annotations?: Record<string, string>): ServedPod =>
  ({
    metadata: { name: 'p', namespace: 'default', uid: 'u', annotations },
    spec: {
      containers: containers.map((name) => ({ name, image: 'busybox' })),
      initContainers: init.map((name) => ({ name, image: 'busybox' })),
    },
  }) as ServedPod;

describe('defaultContainer', () => {
  it('is the only container, without a note', () => {
    expect(defaultContainer(pod(['web']))).toEqual({ name: 'web' });
  });

  it('is the first of several, with the note kubectl prints', () => {
    expect(defaultContainer(pod(['main', 'side'], ['init1']))).toEqual({
      name: 'main',
      note: 'Defaulted container "main" out of: main, side, init1 (init)',
    });
  });

  it('follows the default-container annotation when it names a container', () => {
    const annotated = { 'kubectl.kubernetes.io/default-container': 'side' };
    expect(defaultContainer(pod(['main', 'side'], [], annotated)).name).toBe('side');
    expect(
      defaultContainer(pod(['main', 'side'], [], { 'kubectl.kubernetes.io/default-container': 'nope' })).name,
    ).toBe('main');
  });
});
