import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod, scoreAll } from '../../../test/helpers/scheduler.js';
import { imageLocality, normalizedImageName } from './image-locality.js';

const MB = 1024 * 1024;

describe('ImageLocality', () => {
  it.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1.27', 'nginx:1.27'],
    ['reg.local:5000/app', 'reg.local:5000/app:latest'],
    ['app@sha256:abc', 'app@sha256:abc'],
  ])('names %s as nodes list it: %s', (image, expected) => {
    expect(normalizedImageName(image)).toBe(expected);
  });

  it('prefers the node holding a large image of the pod', () => {
    const cluster = makeCluster([
      makeNode('has', { images: [{ names: ['big:latest'], sizeBytes: 500 * MB }] }),
      makeNode('lacks'),
    ]);
    const pod = makePod('p', { spec: { containers: [{ name: 'c', image: 'big' }] } });
    // 500 MB on one node of two counts as 250 MB: (250 - 23) / (1000 - 23) of 100.
    expect(scoreAll(imageLocality, pod, cluster)).toEqual({ has: 23, lacks: 0 });
  });

  it('ranks all nodes alike when none lists the images', () => {
    expect(scoreAll(imageLocality, makePod('p'), makeCluster([makeNode('a')]))).toBe('skip');
  });
});
