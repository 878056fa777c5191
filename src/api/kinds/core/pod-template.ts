import { defaultTemplate } from '../../schema/default-pod-spec.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { isObj } from '../../schema/json-values.js';
import { validatePodTemplate } from '../../schema/validate-pod.js';
import { podTemplatePrinter } from '../../table/core.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

/** A pod template kept on its own, for tools that stamp pods from it (no controller reads it). */
export const POD_TEMPLATES: KindDef = {
  ...resources.POD_TEMPLATES,
  versions: [builtinVersion('', 'v1', 'PodTemplate')],
  printer: podTemplatePrinter,
  defaults: (pt) => defaultTemplate(pt),
  validate: (pt) =>
    isObj(pt.template) ? validatePodTemplate(pt.template, 'template') : [fe.required('template')],
};
