/**
 * PodSecurity on namespaces: its labels must name a level and a version Kubernetes knows, and a
 * stricter enforce level warns about the pods already there that would now be refused.
 */
import { errors } from '../../errors.js';
import { NAMESPACES, PODS } from '../../kinds/index.js';
import { fieldErrors } from '../../schema/field-errors.js';
import type { StatusCause } from '../../types.js';
import type { AdmissionRequest } from '../chain.js';
import { type Level, type PodSpec, violations } from './checks.js';

export const PREFIX = 'pod-security.kubernetes.io/';
export const LEVELS: Level[] = ['privileged', 'baseline', 'restricted'];
const MODES = ['enforce', 'warn', 'audit'];
const VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

function labelErrors(labels: Record<string, string>): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const mode of MODES) {
    const level = labels[PREFIX + mode];
    if (level !== undefined && !LEVELS.includes(level as Level))
      causes.push(
        fieldErrors.invalid(
          `metadata.labels[${PREFIX}${mode}]`,
          level,
          `must be one of ${LEVELS.join(', ')}`,
        ),
      );
    const version = labels[`${PREFIX}${mode}-version`];
    if (version !== undefined && !VERSION.test(version))
      causes.push(
        fieldErrors.invalid(
          `metadata.labels[${PREFIX}${mode}-version]`,
          version,
          'must be "latest" or of the form "v1.x"',
        ),
      );
  }
  return causes;
}

/** The pods the new enforce level would refuse, grouped as Kubernetes groups them (same reasons, one line). */
async function existingViolations(req: AdmissionRequest, level: Level, label: string): Promise<string[]> {
  const pods = (await req.service.list(PODS, { namespace: req.name })).items;
  const byReasons = new Map<string, string[]>();
  for (const pod of pods) {
    const failed = violations(level, pod.spec as PodSpec, true);
    if (failed) byReasons.set(failed, [...(byReasons.get(failed) ?? []), pod.metadata.name!]);
  }
  if (!byReasons.size) return [];
  return [
    `existing pods in namespace "${req.name}" violate the new PodSecurity enforce level "${label}"`,
    ...[...byReasons].map(([reasons, names]) =>
      names.length > 1
        ? `${names[0]} (and ${names.length - 1} other pod${names.length > 2 ? 's' : ''}): ${reasons}`
        : `${names[0]}: ${reasons}`,
    ),
  ];
}

export async function validateNamespace(req: AdmissionRequest): Promise<void> {
  const labels = req.object.metadata.labels ?? {};
  const causes = labelErrors(labels);
  if (causes.length) throw errors.invalid('', NAMESPACES.kind, req.name, causes);
  if (req.operation !== 'UPDATE') return;
  const level = (labels[`${PREFIX}enforce`] ?? 'privileged') as Level;
  const version = labels[`${PREFIX}enforce-version`] || 'latest';
  const old = req.oldObject?.metadata.labels ?? {};
  const changed =
    old[`${PREFIX}enforce`] !== labels[`${PREFIX}enforce`] ||
    (old[`${PREFIX}enforce-version`] || 'latest') !== version;
  if (level === 'privileged' || !changed) return;
  req.warnings?.push(...(await existingViolations(req, level, `${level}:${version}`)));
}
