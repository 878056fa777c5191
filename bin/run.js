#!/usr/bin/env node
// `up` starts the control plane as `run.js server --name NAME` (and hollow nodes as
// `run.js hollow-nodes --name NAME`), node containers run `run.js agent` and the network
// container `run.js network --name NAME`: those exact forms
// skip oclif's start-up, which is most of their start time; so do `--version`, in oclif's words,
// and `__complete` (a tab press).
const [cmd, flag, name, ...rest] = process.argv.slice(2);
if (cmd === '--version' && flag === undefined) {
  const { readFileSync } = await import('node:fs');
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`minik8s/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else if (cmd === 'server' && flag === '--name' && name && rest.length === 0) {
  // From the CLI's bundle, as the commands; the supervisor and the control plane it runs compile
  // different code, so each keeps its own cache.
  const { loadBundle } = await import('../dist/cli/load-bundle.js');
  await loadBundle(process.env.MINIK8S_SUPERVISED ? 'control-plane' : 'supervisor').serveCluster(name);
} else if (cmd === 'hollow-nodes' && flag === '--name' && name && rest.length === 0) {
  const { serveHollowNodes } = await import('../dist/cluster/hollow-nodes.js');
  await serveHollowNodes(name);
} else if (cmd === 'network' && flag === '--name' && name && rest.length === 0) {
  const { serveNetwork } = await import('../dist/cluster/network-main.js');
  await serveNetwork(name);
} else if (cmd === '__complete' && flag !== '--help') {
  // A tab press: the completion scripts' `__complete` without oclif's start-up.
  const { loadBundle } = await import('../dist/cli/load-bundle.js');
  await loadBundle(cmd).completeFromManifest(
    new URL('../oclif.manifest.json', import.meta.url),
    process.argv.slice(3),
  );
} else if (cmd === 'agent' && flag === undefined) {
  const { runNode } = await import('../dist/cli/agent-main.js');
  await runNode({}, (line) => process.stderr.write(`${line}\n`));
} else {
  let args = process.argv.slice(2);
  // kubectl's global flags before the command word (`-n kube-system get pods`) go after it.
  if (cmd?.startsWith('-') && !['--version', '--help', '-h'].includes(cmd)) {
    const { commandFirst, commandWords } = await import('../dist/cli/leading-flags.js');
    const reordered = commandFirst(args, commandWords());
    if ('error' in reordered) {
      process.stderr.write(`${reordered.error}\n`);
      process.exit(1);
    }
    args = reordered.args;
  }
  // oclif and every command, bundled by scripts/bundle-cli.mjs at build time, compiled with the
  // code V8 kept from an earlier run of the same command.
  const { loadBundle } = await import('../dist/cli/load-bundle.js');
  await loadBundle(args[0] ?? '').execute({ dir: import.meta.url, args });
}
