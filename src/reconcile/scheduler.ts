import { ApiError } from '../api/errors.js';
import { NODES, PODS } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import type { KubeObject } from '../api/types.js';
import { parseQuantity } from '../runtime/quantity.js';
import type { Controller } from './controller.js';
import { objectKey, splitKey } from './controller.js';
import { postEvent } from './events.js';

const COMPONENT = 'default-scheduler';
const RETRY_MS = 5_000;

interface Taint {
  key: string;
  value?: string;
  effect: string;
}
interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}
interface PodSpec {
  nodeName?: string;
  schedulerName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  containers?: {
    resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  }[];
  initContainers?: PodSpec['containers'];
}
interface NodeLike {
  spec?: { unschedulable?: boolean; taints?: Taint[] };
  status?: { allocatable?: Record<string, string>; conditions?: { type: string; status: string }[] };
}

/** What a pod asks of a node: the larger of its app containers' sum and any one init container. */
function requests(spec: PodSpec): { cpu: number; memory: number } {
  const req = (c: NonNullable<PodSpec['containers']>[number], r: string) => {
    const v = c.resources?.requests?.[r] ?? c.resources?.limits?.[r];
    return v === undefined ? 0 : parseQuantity(v);
  };
  const sum = (r: string) => (spec.containers ?? []).reduce((a, c) => a + req(c, r), 0);
  const maxInit = (r: string) => Math.max(0, ...(spec.initContainers ?? []).map((c) => req(c, r)));
  return { cpu: Math.max(sum('cpu'), maxInit('cpu')), memory: Math.max(sum('memory'), maxInit('memory')) };
}

function tolerates(tolerations: Toleration[] = [], taint: Taint): boolean {
  return tolerations.some(
    (t) =>
      (!t.effect || t.effect === taint.effect) &&
      (t.operator === 'Exists'
        ? !t.key || t.key === taint.key
        : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')),
  );
}

function isActive(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * A first scheduler: binds each unscheduled pod to a Ready node it tolerates, whose labels
 * match its nodeSelector and whose allocatable cpu, memory and pod count still fit it,
 * preferring the least loaded node.
 */
export function scheduler(svc: ResourceService): Controller {
  const unscheduled = () =>
    svc
      .list(PODS, { fieldSelector: 'spec.nodeName=' })
      .items.filter((p) => !p.metadata.deletionTimestamp)
      .map(objectKey);
  return {
    name: 'scheduler',
    resyncMs: 30_000,
    watches: [
      {
        def: PODS,
        keys: (pod) => {
          const spec = pod.spec as PodSpec;
          if (spec.nodeName || pod.metadata.deletionTimestamp) return [];
          return [objectKey(pod)];
        },
      },
      { def: NODES, keys: () => unscheduled() },
    ],
    reconcile(key) {
      const [ns, name] = splitKey(key);
      const pod = svc.store.get({ group: '', resource: 'pods' }, ns ?? '', name);
      if (!pod || pod.metadata.deletionTimestamp) return undefined;
      const spec = pod.spec as PodSpec;
      if (spec.nodeName || (spec.schedulerName && spec.schedulerName !== 'default-scheduler'))
        return undefined;
      const want = requests(spec);
      const nodes = svc.list(NODES, {}).items;
      const reasons = new Map<string, number>();
      const note = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
      let best: { name: string; load: number } | undefined;
      for (const node of nodes) {
        const n = node as unknown as NodeLike;
        const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
        if (!ready) {
          note('node(s) were not ready');
          continue;
        }
        if (n.spec?.unschedulable) {
          note('node(s) were unschedulable');
          continue;
        }
        const taint = n.spec?.taints?.find(
          (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(spec.tolerations, t),
        );
        if (taint) {
          note(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
          continue;
        }
        const labels = node.metadata.labels ?? {};
        if (Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) {
          note("node(s) didn't match Pod's node affinity/selector");
          continue;
        }
        // Only the pods of a node that passed the cheap checks are read (the store filters by node).
        const onNode = svc
          .list(PODS, { fieldSelector: `spec.nodeName=${node.metadata.name}` })
          .items.filter(isActive);
        const used = onNode
          .map((p) => requests(p.spec as PodSpec))
          .reduce((a, r) => ({ cpu: a.cpu + r.cpu, memory: a.memory + r.memory }), { cpu: 0, memory: 0 });
        const alloc = n.status?.allocatable ?? {};
        const cap = (r: string) =>
          alloc[r] === undefined ? Number.POSITIVE_INFINITY : parseQuantity(alloc[r]);
        if (onNode.length + 1 > cap('pods')) {
          note('Too many pods');
          continue;
        }
        if (used.cpu + want.cpu > cap('cpu')) {
          note('Insufficient cpu');
          continue;
        }
        if (used.memory + want.memory > cap('memory')) {
          note('Insufficient memory');
          continue;
        }
        const load = used.cpu / cap('cpu') + used.memory / cap('memory') + onNode.length / cap('pods');
        if (!best || load < best.load) best = { name: node.metadata.name!, load };
      }
      if (best) {
        try {
          svc.bind(ns, name, { target: { kind: 'Node', name: best.name } });
        } catch (err) {
          if (err instanceof ApiError && (err.code === 404 || err.code === 409)) return undefined;
          throw err;
        }
        postEvent(
          svc,
          COMPONENT,
          pod,
          'Normal',
          'Scheduled',
          `Successfully assigned ${ns}/${name} to ${best.name}`,
        );
        return undefined;
      }
      const message = `0/${nodes.length} nodes are available${reasons.size ? `: ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')}` : ''}. preemption: not eligible due to no preemption.`;
      markUnschedulable(svc, pod, message);
      return RETRY_MS;
    },
  };
}

function markUnschedulable(svc: ResourceService, pod: KubeObject, message: string): void {
  const status = (pod.status ?? {}) as {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
  const current = status.conditions?.find((c) => c.type === 'PodScheduled');
  if (current?.status === 'False' && current.message === message) return;
  const conditions = [
    ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
    {
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message,
      lastProbeTime: null,
      lastTransitionTime: `${new Date().toISOString().slice(0, 19)}Z`,
    },
  ];
  try {
    svc.update(
      PODS,
      pod.metadata.namespace,
      pod.metadata.name!,
      { ...pod, status: { ...status, conditions } },
      { fieldValidation: 'Ignore' },
      'status',
    );
  } catch (err) {
    if (!(err instanceof ApiError && (err.code === 404 || err.code === 409))) throw err;
    return;
  }
  postEvent(svc, COMPONENT, pod, 'Warning', 'FailedScheduling', message);
}
