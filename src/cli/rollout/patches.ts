import type { Deployment } from '../../api/kinds/index.js';
import type { Client } from '../../client/client.js';
import { RESTARTED_AT } from '../../reconcile/deployment/util.js';
import { isApps, resourceName, type Target } from '../targets.js';

/*
 * pause, resume and restart: what kubectl's ObjectPauser, ObjectResumer and ObjectRestarter
 * do, as strategic merge patches of the object.
 */

const fail = (t: Target, what: string) => new Error(`${resourceName(t.def)} "${t.name}" ${what}`);

async function setPaused(client: Client, t: Target, paused: boolean): Promise<string> {
  const verb = paused ? 'pausing' : 'resuming';
  if (!isApps(t.def, 'deployments')) throw fail(t, `${verb} is not supported`);
  const d = await client.get<Deployment>(t.def, t.namespace, t.name);
  if (!!d.spec?.paused === paused) throw fail(t, paused ? 'is already paused' : 'is not paused');
  await client.patch(t.def, t.namespace, t.name, { spec: { paused } }, 'strategic');
  return paused ? 'paused' : 'resumed';
}

export const pause = (client: Client, t: Target) => setPaused(client, t, true);
export const resume = (client: Client, t: Target) => setPaused(client, t, false);

/** Go's time.RFC3339 in the local zone, as kubectl stamps restartedAt: 2026-01-02T15:04:05+01:00. */
export function rfc3339(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${offset < 0 ? '-' : '+'}${hhmm}`;
}

/** Stamps the pod template with kubectl.kubernetes.io/restartedAt, which rolls every pod over. */
export async function restart(client: Client, t: Target, now = new Date()): Promise<string> {
  if (!['deployments', 'daemonsets', 'statefulsets'].some((r) => isApps(t.def, r)))
    throw fail(t, 'restarting is not supported');
  if (isApps(t.def, 'deployments')) {
    const d = await client.get<Deployment>(t.def, t.namespace, t.name);
    if (d.spec?.paused) throw fail(t, "can't restart paused deployment (run rollout resume first)");
  }
  const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: rfc3339(now) } } } } };
  await client.patch(t.def, t.namespace, t.name, patch, 'strategic');
  return 'restarted';
}
