/**
 * A container's securityContext (with its pod's), in the runtime's terms, as the kubelet
 * computes it; what minik8s cannot do safely on a laptop's Docker it refuses with a reason the
 * pod's status shows (CreateContainerConfigError), never ignores.
 */
import type { Container, ServedPod } from '../api/kinds/index.js';
import type { ContainerSecurity } from './container-runtime.js';
import { ConfigError } from './inputs.js';

/** format.Pod: how the kubelet names a pod in its messages. */
const podName = (pod: ServedPod) => `"${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})"`;

/** Host namespaces are the node container's; joining them would hand a pod the node agent's own credentials. */
export function refusedHostNamespaces(pod: ServedPod): string | undefined {
  const asked = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((f) => pod.spec[f]);
  if (!asked.length) return undefined;
  return `${asked.join(', ')} ${asked.length === 1 ? 'is' : 'are'} not supported by minik8s: the host's namespaces are the node container's, shared with the node agent`;
}

export function effectiveUser(pod: ServedPod, c: Container): { uid?: number; gid?: number } {
  return {
    uid: c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser ?? undefined,
    gid: c.securityContext?.runAsGroup ?? pod.spec.securityContext?.runAsGroup ?? undefined,
  };
}

/**
 * The kubelet's verifyRunAsNonRoot: with runAsNonRoot, the container must run as a uid other
 * than 0, given by runAsUser or by the image's numeric user (empty: root).
 */
export function verifyRunAsNonRoot(pod: ServedPod, c: Container, imageUser: string | undefined): void {
  const nonRoot = c.securityContext?.runAsNonRoot ?? pod.spec.securityContext?.runAsNonRoot;
  if (!nonRoot) return;
  const where = `(pod: ${podName(pod)}, container: ${c.name})`;
  const { uid } = effectiveUser(pod, c);
  if (uid !== undefined) {
    if (uid === 0) throw new ConfigError(`container's runAsUser breaks non-root policy ${where}`);
    return;
  }
  // A runtime that cannot tell an image's user (the hollow one) has no user to refuse.
  if (imageUser === undefined) return;
  const user = imageUser.split(':')[0];
  if (user === '' || user === '0')
    throw new ConfigError(`container has runAsNonRoot and image will run as root ${where}`);
  if (!/^\d+$/.test(user))
    throw new ConfigError(
      `container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root ${where}`,
    );
}

export function containerSecurity(pod: ServedPod, c: Container): ContainerSecurity {
  const refused = refusedHostNamespaces(pod);
  if (refused) throw new ConfigError(refused);
  const sc = c.securityContext ?? {};
  const podSc = pod.spec.securityContext ?? {};
  const seccomp = sc.seccompProfile ?? podSc.seccompProfile;
  if (seccomp?.type === 'Localhost')
    throw new ConfigError('seccomp profile type Localhost is not supported by minik8s: use RuntimeDefault');
  if (sc.procMount && sc.procMount !== 'Default')
    throw new ConfigError(`procMount ${sc.procMount} is not supported by minik8s`);
  const groups = [
    ...(podSc.supplementalGroups ?? []),
    ...(podSc.fsGroup !== undefined ? [podSc.fsGroup] : []),
  ];
  return {
    privileged: !!sc.privileged,
    readOnlyRootFilesystem: !!sc.readOnlyRootFilesystem,
    capAdd: sc.capabilities?.add ?? [],
    capDrop: sc.capabilities?.drop ?? [],
    // Kubernetes sets no_new_privs only when asked, and never for a privileged container.
    noNewPrivileges: sc.allowPrivilegeEscalation === false && !sc.privileged,
    // No profile is the runtime's default one (Docker's), stricter than the kubelet's Unconfined default.
    seccompUnconfined: seccomp?.type === 'Unconfined',
    groups: [...new Set(groups)],
  };
}
