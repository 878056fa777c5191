import type { Hook } from '@oclif/core';

/**
 * oclif's command_not_found hook: a word minik8s has no command for is said as kubectl says it
 * (oclif would name `set:image:deploy/web`, the words joined), with where the commands are, and
 * kubectl, which has every verb, works against the same cluster.
 */
const commandNotFound: Hook<'command_not_found'> = async function (opts) {
  const word = opts.id.split(':')[0];
  const bin = this.config.bin;
  process.stderr.write(
    `error: unknown command "${word}" for "${bin}"\nRun '${bin} --help' for usage; kubectl ${word} works against minik8s clusters too.\n`,
  );
  this.exit(1);
};

export default commandNotFound;
