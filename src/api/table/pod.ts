/** Pod rows as `kubectl get pods` prints them (printers.go printPod), STATUS logic included. */

import { isSidecar } from '../kinds/core/sidecar.js';
import { humanDuration, since } from '../time.js';
import { ageColumn, column, nameColumn, type Printer, type TableRowCondition, wide } from './types.js';

// node.NodeUnreachablePodReason: the node controller marks pods of a lost node with it.
const nodeUnreachablePodReason = 'NodeLost';

export const podPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    wide('IP', 'podIP address allocated to the pod. Routable at least within the cluster.'),
    wide('Node', 'NodeName indicates in which node this pod is scheduled.'),
    wide('Nominated Node', 'nominatedNodeName is set when this pod preempts other pods on the node.'),
    wide('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.'),
  ],
  cells: podCells,
  conditions(pod: any): TableRowCondition[] | undefined {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded') {
      return [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ];
    }
    if (phase === 'Failed')
      return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

/** What the container statuses add up to: ready containers, restarts and the STATUS reason. */
interface Tally {
  ready: number;
  restarts: number;
  lastRestart: number;
  reason: string;
}

/**
 * The init containers' part: their restarts, ready sidecars, and the Init: reason of the first
 * one that has not completed (initializing); sidecars' restarts kept apart, as they go on.
 */
function initTally(spec: any, status: any, restartable: Set<string>, tally: Tally) {
  const sidecars = { restarts: 0, lastRestart: 0 };
  const statuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < statuses.length; i++) {
    const container = statuses[i];
    const state = container.state ?? {};
    tally.restarts += container.restartCount ?? 0;
    tally.lastRestart = Math.max(tally.lastRestart, finishedAt(container));
    const isSidecar = restartable.has(container.name);
    if (isSidecar) {
      sidecars.restarts += container.restartCount ?? 0;
      sidecars.lastRestart = Math.max(sidecars.lastRestart, finishedAt(container));
    }
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) continue;
    if (isSidecar && container.started === true) {
      if (container.ready) tally.ready++;
      continue;
    }
    const t = state.terminated;
    if (t)
      tally.reason = t.reason
        ? `Init:${t.reason}`
        : t.signal
          ? `Init:Signal:${t.signal}`
          : `Init:ExitCode:${t.exitCode ?? 0}`;
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing')
      tally.reason = `Init:${state.waiting.reason}`;
    else tally.reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    return { initializing: true, sidecars };
  }
  return { initializing: false, sidecars };
}

/** The main containers' part, last first as printPod reads them. */
function containerTally(status: any, conditions: any[], tally: Tally): void {
  let hasRunning = false;
  const statuses: any[] = status.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const container = statuses[i];
    const state = container.state ?? {};
    tally.restarts += container.restartCount ?? 0;
    tally.lastRestart = Math.max(tally.lastRestart, finishedAt(container));
    if (state.waiting?.reason) tally.reason = state.waiting.reason;
    else if (state.terminated?.reason) tally.reason = state.terminated.reason;
    else if (state.terminated)
      tally.reason = state.terminated.signal
        ? `Signal:${state.terminated.signal}`
        : `ExitCode:${state.terminated.exitCode ?? 0}`;
    else if (container.ready && state.running) {
      hasRunning = true;
      tally.ready++;
    }
  }
  // A pod whose containers mostly completed but one still runs is not "Completed".
  if (tally.reason === 'Completed' && hasRunning)
    tally.reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
}

/** "passed/total" of the pod's readiness gates, "<none>" without any. */
function readinessGatesCell(spec: any, conditions: any[]): string {
  const gates: any[] = spec.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const passed = gates.filter(
    (gate) => conditions.find((c) => c.type === gate.conditionType)?.status === 'True',
  ).length;
  return `${passed}/${gates.length}`;
}

function podCells(pod: any, now: number) {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const conditions: any[] = status.conditions ?? [];
  const initContainers: any[] = spec.initContainers ?? [];
  const restartable = new Set(initContainers.filter(isSidecar).map((c) => c.name));
  const phase: string = status.phase ?? '';
  const gated = conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated');
  const tally: Tally = {
    ready: 0,
    restarts: 0,
    lastRestart: 0,
    reason: gated ? 'SchedulingGated' : status.reason || phase,
  };

  const init = initTally(spec, status, restartable, tally);
  const initialized = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!init.initializing || initialized) {
    tally.restarts = init.sidecars.restarts;
    tally.lastRestart = init.sidecars.lastRestart;
    containerTally(status, conditions, tally);
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === nodeUnreachablePodReason) tally.reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') tally.reason = 'Terminating';

  const { restarts, lastRestart } = tally;
  return [
    pod.metadata?.name ?? '',
    `${tally.ready}/${(spec.containers ?? []).length + restartable.size}`,
    tally.reason,
    restarts !== 0 && lastRestart > 0
      ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
      : `${restarts}`,
    since(pod.metadata?.creationTimestamp, now),
    status.podIPs?.[0]?.ip || status.podIP || '<none>',
    spec.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    readinessGatesCell(spec, conditions),
  ];
}

/** When the container's previous run ended (ms since epoch), 0 when it has not restarted. */
function finishedAt(container: any): number {
  const at = container.lastState?.terminated?.finishedAt;
  const ms = at ? Date.parse(at) : 0;
  return Number.isNaN(ms) ? 0 : ms;
}
