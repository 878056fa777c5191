import { withoutManagedFields } from '../api/object-meta.js';
import type { Client } from '../client/client.js';
import { quoted, withMessage } from './apply.js';
import { type DryRun, dryRunQuery, dryRunSuffix } from './dry-run.js';
import { errorLine } from './error-line.js';
import type { Io } from './io.js';
import { findByKindOrThrow, type ResourceTypes } from './kinds.js';
import type { ManifestObject } from './manifest.js';
import { objectName } from './names.js';
import { resolveNamespace } from './namespace.js';
import { formatValue } from './output.js';

/**
 * Creates the objects of manifests as `kubectl create -f` does: each one on its own, a failure
 * said and the rest still tried; printed as -o asks (objects as sent or as the server answered,
 * keys sorted, YAML documents between `---`); resolves to the exit code (1 if any failed).
 */
export async function createObjects(
  client: Client,
  types: ResourceTypes,
  manifests: ManifestObject[],
  target: { namespace: string; namespaceFlag: boolean },
  io: Io,
  opts: { output?: string; dryRun: DryRun } = { dryRun: 'none' },
): Promise<number> {
  let code = 0;
  let printed = 0;
  for (const { source, object } of manifests) {
    try {
      const def = findByKindOrThrow(types, object, source);
      const namespace = resolveNamespace(def, object, target);
      const body = namespace ? { ...object, metadata: { ...object.metadata, namespace } } : object;
      const query = { fieldManager: 'kubectl-create', ...dryRunQuery(opts.dryRun) };
      const created =
        opts.dryRun === 'client'
          ? body
          : await client.create(def, body, query).catch((e: unknown) => {
              throw withMessage(e, `error when creating ${quoted(source)}: `);
            });
      const name = objectName(def, created.metadata.name ?? '');
      const shown = withoutManagedFields(created);
      if (opts.output === 'yaml') io.out(`${printed ? '---\n' : ''}${formatValue(shown, 'yaml')}`);
      else if (opts.output === 'json') io.out(formatValue(shown, 'json'));
      else io.out(opts.output === 'name' ? name : `${name} created${dryRunSuffix(opts.dryRun)}`);
      printed++;
    } catch (err) {
      io.err(errorLine(err));
      code = 1;
    }
  }
  return code;
}
