/**
 * The Pod Security Standards checks (k8s.io/pod-security-admission/policy), each with
 * Kubernetes' ID, reason and detail text: baseline ones, and restricted ones, some of which take
 * the place of a baseline one.
 */

export type Level = 'privileged' | 'baseline' | 'restricted';

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  procMount?: string;
  seccompProfile?: { type?: string };
  capabilities?: { add?: string[]; drop?: string[] };
}
interface Container {
  name: string;
  securityContext?: SecurityContext;
  ports?: { hostPort?: number }[];
}
export interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext & { sysctls?: { name: string }[] };
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Record<string, unknown>[];
}

interface Check {
  id: string;
  level: Exclude<Level, 'privileged'>;
  /** The baseline check this restricted one replaces. */
  overrides?: string;
  /** [reason, detail] of a violation. */
  run(spec: PodSpec): [string, string] | undefined;
}

const joinQuote = (items: Iterable<string>) => [...items].map((s) => JSON.stringify(s)).join(', ');
const plural = (one: string, many: string, n: number) => (n === 1 ? one : many);
const containersOf = (spec: PodSpec) => [
  ...(spec.initContainers ?? []),
  ...(spec.containers ?? []),
  ...(spec.ephemeralContainers ?? []),
];
const named = (names: string[]) => `${plural('container', 'containers', names.length)} ${joinQuote(names)}`;

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const RESTRICTED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

function addedCapabilities(spec: PodSpec, allowed: (cap: string) => boolean): [string[], Set<string>] {
  const containers: string[] = [];
  const caps = new Set<string>();
  for (const c of containersOf(spec)) {
    const bad = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !allowed(cap));
    if (!bad.length) continue;
    containers.push(c.name);
    for (const cap of bad) caps.add(cap);
  }
  return [containers, new Set([...caps].sort())];
}

function seccomp(spec: PodSpec, valid: (type: string) => boolean, restricted: boolean): string[] {
  const problems: string[] = [];
  const podType = spec.securityContext?.seccompProfile?.type;
  if (podType !== undefined && !valid(podType))
    problems.push(`pod must not set securityContext.seccompProfile.type to ${JSON.stringify(podType)}`);
  const podSet = podType !== undefined && valid(podType);
  const explicit: string[] = [];
  const types = new Set<string>();
  const implicit: string[] = [];
  for (const c of containersOf(spec)) {
    const type = c.securityContext?.seccompProfile?.type;
    if (type !== undefined) {
      if (!valid(type)) {
        explicit.push(c.name);
        types.add(type);
      }
    } else if (restricted && !podSet) implicit.push(c.name);
  }
  if (explicit.length)
    problems.push(
      `${named(explicit)} must not set securityContext.seccompProfile.type to ${joinQuote([...types].sort())}`,
    );
  if (implicit.length)
    problems.push(
      `pod or ${named(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    );
  return problems;
}

const CHECKS: Check[] = [
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    run(spec) {
      const bad = containersOf(spec)
        .filter((c) => c.securityContext?.allowPrivilegeEscalation !== false)
        .map((c) => c.name);
      return bad.length
        ? [
            'allowPrivilegeEscalation != false',
            `${named(bad)} must set securityContext.allowPrivilegeEscalation=false`,
          ]
        : undefined;
    },
  },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    run(spec) {
      const [bad, caps] = addedCapabilities(spec, (cap) => BASELINE_CAPABILITIES.has(cap));
      return bad.length
        ? [
            'non-default capabilities',
            `${named(bad)} must not include ${joinQuote(caps)} in securityContext.capabilities.add`,
          ]
        : undefined;
    },
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    overrides: 'capabilities_baseline',
    run(spec) {
      const missingDrop = containersOf(spec)
        .filter((c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'))
        .map((c) => c.name);
      const [adding, caps] = addedCapabilities(spec, (cap) => cap === 'NET_BIND_SERVICE');
      const details: string[] = [];
      if (missingDrop.length)
        details.push(`${named(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
      if (adding.length)
        details.push(
          `${named(adding)} must not include ${joinQuote(caps)} in securityContext.capabilities.add`,
        );
      return details.length ? ['unrestricted capabilities', details.join('; ')] : undefined;
    },
  },
  {
    id: 'hostNamespaces',
    level: 'baseline',
    run(spec) {
      const set = (['hostNetwork', 'hostPID', 'hostIPC'] as const)
        .filter((f) => spec[f])
        .map((f) => `${f}=true`);
      return set.length ? ['host namespaces', set.join(', ')] : undefined;
    },
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    run(spec) {
      const bad = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => String(v.name));
      return bad.length
        ? ['hostPath volumes', `${plural('volume', 'volumes', bad.length)} ${joinQuote(bad)}`]
        : undefined;
    },
  },
  {
    id: 'hostPorts',
    level: 'baseline',
    run(spec) {
      const bad: string[] = [];
      const ports = new Set<string>();
      for (const c of containersOf(spec)) {
        const used = (c.ports ?? []).filter((p) => p.hostPort).map((p) => String(p.hostPort));
        if (!used.length) continue;
        bad.push(c.name);
        for (const p of used) ports.add(p);
      }
      return bad.length
        ? [
            'hostPort',
            `${named(bad)} ${plural('uses', 'use', bad.length)} ${plural('hostPort', 'hostPorts', ports.size)} ${[...ports].sort().join(', ')}`,
          ]
        : undefined;
    },
  },
  {
    id: 'privileged',
    level: 'baseline',
    run(spec) {
      const bad = containersOf(spec)
        .filter((c) => c.securityContext?.privileged)
        .map((c) => c.name);
      return bad.length
        ? ['privileged', `${named(bad)} must not set securityContext.privileged=true`]
        : undefined;
    },
  },
  {
    id: 'procMount',
    level: 'baseline',
    run(spec) {
      const bad = containersOf(spec).filter((c) => (c.securityContext?.procMount ?? 'Default') !== 'Default');
      const types = new Set(bad.map((c) => c.securityContext!.procMount!));
      return bad.length
        ? [
            'procMount',
            `${named(bad.map((c) => c.name))} must not set securityContext.procMount to ${joinQuote([...types].sort())}`,
          ]
        : undefined;
    },
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    overrides: 'hostPathVolumes',
    run(spec) {
      const bad: string[] = [];
      const types = new Set<string>();
      for (const v of spec.volumes ?? []) {
        const type = Object.keys(v).find((k) => k !== 'name');
        if (type && RESTRICTED_VOLUMES.includes(type)) continue;
        bad.push(String(v.name));
        if (type) types.add(type);
      }
      return bad.length
        ? [
            'restricted volume types',
            `${plural('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${plural('uses', 'use', bad.length)} ${plural('restricted volume type', 'restricted volume types', types.size)} ${joinQuote([...types].sort())}`,
          ]
        : undefined;
    },
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    run(spec) {
      const setters: string[] = [];
      const pod = spec.securityContext?.runAsNonRoot;
      if (pod === false) setters.push('pod');
      const explicit: string[] = [];
      const implicit: string[] = [];
      for (const c of containersOf(spec)) {
        const own = c.securityContext?.runAsNonRoot;
        if (own === false) explicit.push(c.name);
        else if (own === undefined && pod !== true) implicit.push(c.name);
      }
      if (explicit.length) setters.push(named(explicit));
      if (setters.length)
        return [
          'runAsNonRoot != true',
          `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
        ];
      return implicit.length
        ? ['runAsNonRoot != true', `pod or ${named(implicit)} must set securityContext.runAsNonRoot=true`]
        : undefined;
    },
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    run(spec) {
      const setters: string[] = spec.securityContext?.runAsUser === 0 ? ['pod'] : [];
      const bad = containersOf(spec)
        .filter((c) => c.securityContext?.runAsUser === 0)
        .map((c) => c.name);
      if (bad.length) setters.push(named(bad));
      return setters.length
        ? ['runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`]
        : undefined;
    },
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    run(spec) {
      const problems = seccomp(spec, (t) => t !== 'Unconfined', false);
      return problems.length ? ['seccompProfile', problems.join('; ')] : undefined;
    },
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    overrides: 'seccompProfile_baseline',
    run(spec) {
      const problems = seccomp(spec, (t) => t === 'RuntimeDefault' || t === 'Localhost', true);
      return problems.length ? ['seccompProfile', problems.join('; ')] : undefined;
    },
  },
  {
    id: 'sysctls',
    level: 'baseline',
    run(spec) {
      const bad = (spec.securityContext?.sysctls ?? [])
        .map((s) => s.name)
        .filter((n) => !SAFE_SYSCTLS.has(n));
      return bad.length ? ['forbidden sysctls', bad.join(', ')] : undefined;
    },
  },
];

/** The checks of a level, in ID order as the evaluator runs them. */
function checksOf(level: Level): Check[] {
  if (level === 'privileged') return [];
  const chosen = CHECKS.filter((c) => c.level === 'baseline' || level === 'restricted');
  const replaced = new Set(chosen.map((c) => c.overrides).filter(Boolean));
  return chosen.filter((c) => !replaced.has(c.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `reason (detail), reason (detail)` of every check the pod fails (only reasons when asked), or undefined when it passes. */
export function violations(level: Level, spec: PodSpec, reasonsOnly = false): string | undefined {
  const failed = checksOf(level)
    .map((c) => c.run(spec))
    .filter((r): r is [string, string] => !!r)
    .map(([reason, detail]) => (detail && !reasonsOnly ? `${reason} (${detail})` : reason));
  return failed.length ? failed.join(', ') : undefined;
}
