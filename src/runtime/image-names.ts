import fs from 'node:fs';

const installRoot = new URL('../../', import.meta.url);
const version = (
  JSON.parse(fs.readFileSync(new URL('package.json', installRoot), 'utf8')) as { version: string }
).version;

/** Runs the node agent and Node.js workloads; built by the cluster from the host's files. */
export const NODE_IMAGE = `minik8s/node:${version}`;
/** The sandbox image: the node image, whose `sleep infinity` holds a pod's namespaces. */
export const PAUSE_IMAGE = NODE_IMAGE;
