/** Labels the agent puts on every container and volume it creates; adoption and clean-up find them. */
export const LABEL = {
  cluster: 'io.minik8s.cluster',
  node: 'io.minik8s.node',
  podUid: 'io.minik8s.pod.uid',
  podName: 'io.minik8s.pod.name',
  podNamespace: 'io.minik8s.pod.namespace',
  container: 'io.minik8s.container',
  /** Which run of a container this is (0 = first); it is the restartCount of that run. */
  attempt: 'io.minik8s.container.attempt',
  /** "init" or "app": the list of the pod spec the container comes from. */
  kind: 'io.minik8s.container.kind',
  /** Hash of the spec container, so a changed spec is noticed. */
  hash: 'io.minik8s.container.hash',
  test: 'minik8s.test',
} as const;

export const SANDBOX = 'POD';

/** Labels marking objects made while testing, so test clean-up finds them. */
export function testLabels(): Record<string, string> {
  return process.env.MINIK8S_TEST === '1' ? { [LABEL.test]: '1' } : {};
}
