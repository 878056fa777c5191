import { type CycleState, MAX_NODE_SCORE, type NodeInfo, type ScorePlugin } from './framework.js';

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;
const NAME = 'ImageLocality';

/** An image name as nodes list it: no tag means :latest. */
export function normalizedImageName(image: string): string {
  const lastSlash = image.lastIndexOf('/');
  if (image.includes('@') || image.lastIndexOf(':') > lastSlash) return image;
  return `${image}:latest`;
}

interface ImageState {
  images: string[];
  /** How many nodes have each image. */
  spread: Map<string, number>;
  nodes: number;
}

function imagesOfPod(state: CycleState): string[] {
  const spec = state.pod.pod.spec;
  return [...(spec.initContainers ?? []), ...spec.containers]
    .map((c) => c.image)
    .filter((i): i is string => !!i)
    .map(normalizedImageName);
}

/**
 * ImageLocality: prefers nodes that already hold the pod's images, by their size and by how few
 * nodes have them (so an image everywhere does not pull every pod to one node). Nodes list their
 * images in status.images; the minik8s agent does not report them yet, so every node scores alike.
 */
export const imageLocality: ScorePlugin = {
  name: NAME,
  weight: 1,
  preScore(state) {
    const images = imagesOfPod(state);
    const spread = new Map<string, number>();
    for (const info of state.cluster.nodes)
      for (const image of images) if (info.images.has(image)) spread.set(image, (spread.get(image) ?? 0) + 1);
    if (!spread.size) return 'skip';
    state.data.set(NAME, { images, spread, nodes: state.cluster.nodes.length } satisfies ImageState);
    return undefined;
  },
  score(state, info: NodeInfo) {
    const s = state.data.get(NAME) as ImageState;
    let sum = 0;
    for (const image of s.images) {
      const size = info.images.get(image);
      if (size !== undefined) sum += Math.trunc((size * (s.spread.get(image) ?? 0)) / s.nodes);
    }
    const maxThreshold = MAX_CONTAINER_THRESHOLD * s.images.length;
    const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), maxThreshold);
    return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
  },
};
