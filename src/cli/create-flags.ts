import { Flags } from '@oclif/core';
import { dryRunFlag, kubeFlags } from './base-command.js';

/** The flags of every `create KIND NAME` command, as kubectl's. */
export const createFlags = {
  ...kubeFlags,
  output: Flags.string({ char: 'o', description: 'json, yaml or name: print the object created instead.' }),
  'dry-run': dryRunFlag,
};

/** --from-literal, --from-file and --from-env-file of create configmap and create secret generic. */
export const dataSourceFlags = {
  'from-literal': Flags.string({ description: 'A key and its literal value: key=value.', multiple: true }),
  'from-file': Flags.string({
    description: 'A file ([key=]path; key: the file name by default) or a directory (each regular file).',
    multiple: true,
  }),
  'from-env-file': Flags.string({ description: 'A file of KEY=value lines.', multiple: true }),
};

export const dataSources = (f: {
  'from-literal'?: string[];
  'from-file'?: string[];
  'from-env-file'?: string[];
}) => ({
  literals: f['from-literal'] ?? [],
  files: f['from-file'] ?? [],
  envFiles: f['from-env-file'] ?? [],
});
