import { fieldErrors as fe } from '../../schema/field-errors.js';
import { isObj } from '../../schema/json-values.js';
import { eventPrinter } from '../../table/core.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';

export const EVENTS: KindDef = {
  group: '',
  version: 'v1',
  kind: 'Event',
  resource: 'events',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
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
