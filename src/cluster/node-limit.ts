/**
 * Kubernetes' largest supported cluster is 5,000 nodes: the most `up` makes of each of real and
 * hollow nodes, so that a typo's count is refused before anything is made.
 */
export const MAX_NODES = 5000;
