import { fieldErrors as fe } from '../../schema/field-errors.js';
import { controllerRevisionPrinter } from '../../table/apps.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

export const CONTROLLER_REVISIONS: KindDef = {
  ...resources.CONTROLLER_REVISIONS,
  versions: [builtinVersion('apps', 'v1', 'ControllerRevision')],
  printer: controllerRevisionPrinter,
  validate: (cr) =>
    typeof cr.revision === 'number' && cr.revision < 0
      ? [fe.invalid('revision', cr.revision, 'must be greater than or equal to 0')]
      : [],
};
