#!/usr/bin/env node
// `up` starts the control plane as `run.js server --name NAME`: that exact form goes straight
// to the control plane, skipping oclif's start-up, which is most of the time `up` waits.
const [cmd, flag, name, ...rest] = process.argv.slice(2);
if (cmd === 'server' && flag === '--name' && name && rest.length === 0) {
  const { serveCluster } = await import('../dist/cluster/control-plane-main.js');
  await serveCluster(name);
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
