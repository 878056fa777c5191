import { defaultTemplate } from '../../schema/default-pod-spec.js';
import { child, setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe, nonNegative } from '../../schema/field-errors.js';
import { isObj, type Obj, specOf } from '../../schema/json-values.js';
import { validateLabels } from '../../schema/validate-meta.js';
import { validatePodTemplate } from '../../schema/validate-pod.js';
import { selectorMatches } from '../../schema/validate-selector.js';
import { templateLabels } from '../../schema/validate-workload.js';
import { replicationControllerPrinter } from '../../table/core.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS, scale } from '../subresources.js';

/** An RC without selector or labels takes them from its template. */
function defaultReplicationController(rc: Obj): void {
  const spec = child(rc, 'spec');
  setDefault(spec, 'replicas', 1);
  const labels =
    isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  if (isObj(labels) && Object.keys(labels).length) {
    if (!isObj(spec.selector) || !Object.keys(spec.selector).length) spec.selector = { ...labels };
    const meta = child(rc, 'metadata');
    if (!isObj(meta.labels) || !Object.keys(meta.labels).length) meta.labels = { ...labels };
  }
  defaultTemplate(spec);
}

function validateReplicationController(rc: Obj): StatusCause[] {
  const s = specOf(rc);
  const causes = nonNegative(s, 'replicas', 'spec');
  const selector = isObj(s.selector) ? s.selector : {};
  if (!Object.keys(selector).length) causes.push(fe.required('spec.selector'));
  causes.push(...validateLabels(selector, 'spec.selector'));
  if (!isObj(s.template)) {
    causes.push(fe.required('spec.template'));
    return causes;
  }
  if (!selectorMatches({ matchLabels: selector }, templateLabels(s))) {
    causes.push(
      fe.invalid(
        'spec.template.metadata.labels',
        templateLabels(s),
        '`selector` does not match template `labels`',
      ),
    );
  }
  causes.push(...validatePodTemplate(s.template, 'spec.template'));
  return causes;
}

export const REPLICATION_CONTROLLERS: KindDef = {
  ...resources.REPLICATION_CONTROLLERS,
  versions: [builtinVersion('', 'v1', 'ReplicationController')],
  subresources: [STATUS, scale()],
  fieldLabels: ['status.replicas'],
  printer: replicationControllerPrinter,
  defaults: defaultReplicationController,
  validate: validateReplicationController,
  strategy: { resetStatusOnCreate: true },
};
