import { child, setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { arr, isObj, type Obj, specOf } from '../../schema/json-values.js';
import { horizontalPodAutoscalerPrinter } from '../../table/autoscaling.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';
import { hpaToV1, hpaToV2 } from './hpa-conversion.js';

function defaultHpa(hpa: Obj): void {
  const spec = child(hpa, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || !spec.metrics.length) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  }
  if (!isObj(spec.behavior)) return;
  const up = child(spec.behavior, 'scaleUp');
  setDefault(up, 'stabilizationWindowSeconds', 0);
  setDefault(up, 'selectPolicy', 'Max');
  if (!Array.isArray(up.policies)) {
    up.policies = [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ];
  }
  const down = child(spec.behavior, 'scaleDown');
  // Its stabilization window is left unset, to be the controller's (--horizontal-pod-autoscaler-downscale-stabilization).
  setDefault(down, 'selectPolicy', 'Max');
  if (!Array.isArray(down.policies)) down.policies = [{ type: 'Percent', value: 100, periodSeconds: 15 }];
}

const METRIC_SOURCE: Record<string, string> = {
  Resource: 'resource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
  ContainerResource: 'containerResource',
};

function validateMetric(m: Obj, path: string): StatusCause[] {
  if (!m.type) return [fe.required(`${path}.type`, 'must specify a metric source type')];
  const source = METRIC_SOURCE[m.type];
  if (!source) return [];
  if (!isObj(m[source]))
    return [fe.required(`${path}.${source}`, 'must populate information for the given metric source')];
  const target = m[source].target;
  if (!isObj(target)) return [];
  const causes: StatusCause[] = [];
  if (target.type === 'Utilization' && target.averageUtilization === undefined) {
    causes.push(
      fe.required(
        `${path}.${source}.target.averageUtilization`,
        'must set either a target raw value or a target utilization',
      ),
    );
  }
  if (typeof target.averageUtilization === 'number' && target.averageUtilization <= 0) {
    causes.push(
      fe.invalid(
        `${path}.${source}.target.averageUtilization`,
        target.averageUtilization,
        'must be greater than 0',
      ),
    );
  }
  return causes;
}

function validateHpa(o: Obj): StatusCause[] {
  const s = specOf(o);
  const causes: StatusCause[] = [];
  const ref = isObj(s.scaleTargetRef) ? s.scaleTargetRef : {};
  if (!ref.kind) causes.push(fe.required('spec.scaleTargetRef.kind'));
  if (!ref.name) causes.push(fe.required('spec.scaleTargetRef.name'));
  if (typeof s.minReplicas === 'number' && s.minReplicas < 1)
    causes.push(fe.invalid('spec.minReplicas', s.minReplicas, 'must be greater than or equal to 1'));
  if (typeof s.maxReplicas !== 'number' || s.maxReplicas < 1)
    causes.push(fe.invalid('spec.maxReplicas', s.maxReplicas ?? 0, 'must be greater than 0'));
  else if (typeof s.minReplicas === 'number' && s.maxReplicas < s.minReplicas) {
    causes.push(
      fe.invalid('spec.maxReplicas', s.maxReplicas, 'must be greater than or equal to `minReplicas`'),
    );
  }
  arr(s.metrics).forEach((m, i) => {
    causes.push(...validateMetric(m, `spec.metrics[${i}]`));
  });
  return causes;
}

/** Stored as autoscaling/v2 and served as v1 too, converted as Kubernetes converts them. */
export const HORIZONTAL_POD_AUTOSCALERS: KindDef = {
  ...resources.HORIZONTAL_POD_AUTOSCALERS,
  versions: [
    builtinVersion('autoscaling', 'v2', 'HorizontalPodAutoscaler'),
    builtinVersion('autoscaling', 'v1', 'HorizontalPodAutoscaler', {
      protobuf: 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler',
      fromStored: hpaToV1,
      toStored: hpaToV2,
    }),
  ],
  subresources: [STATUS],
  printer: horizontalPodAutoscalerPrinter,
  defaults: defaultHpa,
  // HPA names are only checked as path segments.
  nameCheck: (name) => {
    if (name === '.' || name === '..') return [`may not be '${name}'`];
    const bad = ['/', '%'].find((c) => name.includes(c));
    return bad ? [`may not contain '${bad}'`] : [];
  },
  validate: validateHpa,
  strategy: { resetStatusOnCreate: true },
};
