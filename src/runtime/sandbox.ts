import { sandboxSpec } from './container-specs.js';
import { type Instance, sandboxOf } from './instances.js';
import type { NodeEnv, PodState } from './pod-context.js';
import { podDns } from './pod-dns.js';
import { ownResolvConf, writeResolvConf } from './pod-network-files.js';

/**
 * Makes the pod's sandbox run, creating it or replacing a dead one. Answers the pod's
 * containers observed afterwards, with the running sandbox unless none could be made (a
 * FailedCreatePodSandBox event then says why).
 */
export async function ensureSandbox(
  env: NodeEnv,
  st: PodState,
  insts: Instance[],
  observe: () => Promise<Instance[]>,
): Promise<{ insts: Instance[]; sandbox?: Instance }> {
  const current = sandboxOf(insts);
  if (current?.state === 'running') return { insts, sandbox: current };
  const { pod } = st;
  const orphaned = insts.some((i) => i.kind !== 'sandbox' && i.state === 'running');
  if (current || orphaned) {
    // Containers of a dead or removed sandbox have lost their network: they end here and start
    // again (counted as restarts) in the new one; the ended runs stay for lastState and logs.
    env.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    st.probes.stopAll();
    const live = insts.filter((i) => i.kind !== 'sandbox' && i.state === 'running');
    await Promise.all(live.map((i) => env.runtime.stopContainer(i.id, 0)));
    await Promise.all(
      insts.filter((i) => i.kind === 'sandbox').map((i) => env.runtime.removeContainer(i.id)),
    );
  }
  const { dns, warnings } = podDns(pod, env.opts.clusterDNS);
  for (const w of warnings) env.event(pod, 'Warning', w.reason, w.message);
  const resolvConf = ownResolvConf(env.opts, pod, dns);
  const spec = sandboxSpec({
    pod,
    attempt: (current?.attempt ?? -1) + 1,
    image: env.opts.pauseImage,
    command: env.opts.pauseCommand ?? ['sleep', 'infinity'],
    network: env.opts.network,
    dns,
    resolvConf,
    place: env.place,
  });
  try {
    if (resolvConf) await writeResolvConf(resolvConf, dns);
    await env.runtime.runSandbox(spec);
  } catch (err) {
    const message = `Failed to create pod sandbox: ${(err as Error).message}`;
    env.event(pod, 'Warning', 'FailedCreatePodSandBox', message);
    return { insts: await observe() };
  }
  const fresh = await observe();
  const sandbox = sandboxOf(fresh);
  if (sandbox && env.opts.onSandboxStarted)
    // Not fatal: the NetworkPolicy agent's own sync writes the rules again shortly.
    await env.opts
      .onSandboxStarted(pod, sandbox.id, env.opts.hostIP)
      .catch((err: Error) =>
        env.opts.log?.(`writing the network rules of ${pod.metadata.name}'s sandbox: ${err.message}`),
      );
  return { insts: fresh, sandbox };
}
