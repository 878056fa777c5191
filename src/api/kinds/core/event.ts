import { fieldErrors as fe } from '../../schema/field-errors.js';
import { isObj } from '../../schema/json-values.js';
import { eventPrinter } from '../../table/core.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

export const EVENTS: KindDef = {
  ...resources.EVENTS,
  versions: [builtinVersion('', 'v1', 'Event')],
  fieldLabels: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'type',
  ],
  printer: eventPrinter,
  validate: (ev) => (isObj(ev.involvedObject) ? [] : [fe.required('involvedObject')]),
};
