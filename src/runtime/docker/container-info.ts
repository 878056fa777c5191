import type Docker from 'dockerode';
import { timestamp } from '../../api/time.js';
import type { ContainerInfo, ContainerState, ContainerStats } from '../container-runtime.js';

/** Docker's zero time means "never". */
function time(t: string | undefined): string | undefined {
  if (!t || t.startsWith('0001-')) return undefined;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : timestamp(d);
}

/** Docker's states (created, running, paused, restarting, removing, exited, dead) in CRI's terms. */
export function containerState(docker: string): ContainerState {
  if (docker === 'created') return 'created';
  if (docker === 'running' || docker === 'paused' || docker === 'restarting') return 'running';
  if (docker === 'exited' || docker === 'dead' || docker === 'removing') return 'exited';
  return 'unknown';
}

export function containerInfo(info: Docker.ContainerInspectInfo): ContainerInfo {
  const ip = Object.values(info.NetworkSettings?.Networks ?? {}).find((ep) => ep.IPAddress)?.IPAddress;
  return {
    id: info.Id,
    labels: info.Config.Labels ?? {},
    state: containerState(info.State.Status),
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    error: info.State.Error ?? '',
    startedAt: time(info.State.StartedAt),
    finishedAt: time(info.State.FinishedAt),
    imageId: info.Image,
    ...(ip ? { ip } : {}),
  };
}

/** The part of Docker's stats answer read here (cgroup v1 and v2 name the page cache differently). */
interface DockerStats {
  read: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
}

export function containerStats(s: DockerStats): ContainerStats {
  const usage = s.memory_stats?.usage ?? 0;
  const mem = s.memory_stats?.stats ?? {};
  const inactiveFile = mem.total_inactive_file ?? mem.inactive_file ?? 0;
  return {
    timestamp: new Date(Date.parse(s.read) || Date.now()).toISOString(),
    cpuUsageCoreNanoSeconds: s.cpu_stats?.cpu_usage?.total_usage ?? 0,
    memoryUsageBytes: usage,
    memoryWorkingSetBytes: Math.max(0, usage - inactiveFile),
    networks:
      s.networks &&
      Object.entries(s.networks).map(([name, n]) => ({
        name,
        rxBytes: n.rx_bytes ?? 0,
        txBytes: n.tx_bytes ?? 0,
      })),
  };
}
