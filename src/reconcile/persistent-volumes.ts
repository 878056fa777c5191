import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ApiError } from '../api/errors.js';
import {
  type ObjectReference,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type PersistentVolumeClaimStatus,
  type PersistentVolumeStatus,
  PODS,
  type Pod,
  STORAGE_CLASSES,
  type StorageClass,
} from '../api/kinds/index.js';
import { parseQuantity } from '../api/schema/quantity.js';
import { timestamp } from '../api/time.js';
import type { KubeObject } from '../api/types.js';
import { labelSelectorMatcher } from '../store/selector.js';
import type { ControllerFactory } from './controller.js';
import { objectKey, splitKey } from './controller.js';
import { defaultStorageClass, LOCAL_PATH_PROVISIONER } from './default-storage-class.js';
import { claimsOfPod, indexPodsByClaim, podsUsingClaim } from './pod-claims.js';

const PVS = PERSISTENT_VOLUMES;
const PVCS = PERSISTENT_VOLUME_CLAIMS;

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';

const CONFLICT_RETRY_MS = 20;
const RESYNC_MS = 15_000;
const COMPONENT = 'persistentvolume-controller';

export interface PersistentVolumeOptions {
  /** Where the local-path provisioner makes its directories (under the cluster's state folder). */
  volumesDir: string;
}

const claimSpec = (c: PersistentVolumeClaim) => c.spec ?? {};
const volumeSpec = (v: PersistentVolume) => v.spec ?? {};
const phaseOf = (o: PersistentVolume | PersistentVolumeClaim) => o.status?.phase;
const annotation = (o: KubeObject, key: string) => o.metadata.annotations?.[key];

/** The volume's claimRef names this claim (and, once bound, its uid). */
function isBoundTo(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volumeSpec(pv).claimRef;
  if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

function claimRefOf(claim: PersistentVolumeClaim): ObjectReference {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: claim.metadata.resourceVersion,
  };
}

/** The volume fits the claim: storage class, access modes, volume mode and size. */
function satisfies(pv: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  const vs = volumeSpec(pv);
  const cs = claimSpec(claim);
  const capacity = parseQuantity(vs.capacity?.storage) ?? 0;
  if (capacity < (parseQuantity(cs.resources?.requests?.storage) ?? 0)) return 'requested PV is too small';
  if ((vs.storageClassName ?? '') !== (cs.storageClassName ?? '')) return 'storageClassName does not match';
  if ((vs.volumeMode ?? 'Filesystem') !== (cs.volumeMode ?? 'Filesystem')) return 'incompatible volumeMode';
  if (!(cs.accessModes ?? []).every((m) => vs.accessModes?.includes(m))) return 'incompatible accessMode';
  return undefined;
}

/**
 * Kubernetes' PV controller (binder) with rancher's local-path provisioner built in. Claims
 * bind to the smallest Available volume that fits, or get a new directory-backed volume of
 * their class when the class is ours; volumes whose claim is gone turn Released and are then
 * kept (Retain) or deleted with their directory (Delete). Claims with no class get the
 * default one while unbound, as the DefaultStorageClass admission plugin would do.
 * Keys are `claim:<ns>/<name>` and `volume:<name>`.
 */
export function persistentVolumeController(opts: PersistentVolumeOptions): ControllerFactory {
  return (ctx) => {
    const volumesDir = resolve(opts.volumesDir);
    const recorded = new Set<string>();
    const recorder = ctx.recorder(COMPONENT);
    const volumes = ctx.informers.for<PersistentVolume>(PVS);
    const claims = ctx.informers.for<PersistentVolumeClaim>(PVCS);
    const classes = ctx.informers.for<StorageClass>(STORAGE_CLASSES);
    const pods = ctx.informers.for<Pod>(PODS);
    indexPodsByClaim(pods);

    const pendingClaimKeys = () =>
      claims
        .list()
        .filter((c) => !claimSpec(c).volumeName && !c.metadata.deletionTimestamp)
        .map((c) => `claim:${objectKey(c)}`);

    /** Posts an Event once per object, reason and message, as `kubectl describe` shows them. */
    const event = (obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => {
      const seen = `${obj.metadata.uid}\u0000${reason}\u0000${message}`;
      if (recorded.has(seen)) return;
      if (recorded.size > 5000) recorded.clear();
      recorded.add(seen);
      recorder.record(obj, type, reason, message);
    };

    const writeClaim = (claim: PersistentVolumeClaim) =>
      ctx.client.update<PersistentVolumeClaim>(PVCS, claim);
    const writeVolume = (pv: PersistentVolume) => ctx.client.update<PersistentVolume>(PVS, pv);

    const setClaimStatus = async (
      claim: PersistentVolumeClaim,
      status: PersistentVolumeClaimStatus,
    ): Promise<PersistentVolumeClaim> => {
      const current = claim.status ?? {};
      const next = { ...current, ...status };
      if (JSON.stringify(next) === JSON.stringify(current)) return claim;
      return ctx.client.update<PersistentVolumeClaim>(PVCS, { ...claim, status: next }, 'status');
    };
    const setClaimPhase = async (
      claim: PersistentVolumeClaim,
      phase: PersistentVolumeClaimStatus['phase'],
    ) => (phaseOf(claim) === phase ? claim : setClaimStatus(claim, { phase }));

    const setVolumePhase = async (
      pv: PersistentVolume,
      phase: PersistentVolumeStatus['phase'],
      message?: string,
    ): Promise<PersistentVolume> => {
      const current = pv.status ?? {};
      if (current.phase === phase && current.message === message) return pv;
      const status: PersistentVolumeStatus = { ...current, phase };
      if (message) status.message = message;
      else delete status.message;
      if (current.phase !== phase) status.lastPhaseTransitionTime = timestamp(new Date(ctx.clock.now()));
      return ctx.client.update<PersistentVolume>(PVS, { ...pv, status }, 'status');
    };

    /** Points volume and claim at each other, then marks both Bound; each step is skipped when done. */
    const bind = async (pv: PersistentVolume, claim: PersistentVolumeClaim) => {
      let volume = pv;
      const boundByUs = !isBoundTo(volume, claim);
      if (volumeSpec(volume).claimRef?.uid !== claim.metadata.uid) {
        const next = structuredClone(volume);
        next.spec = { ...next.spec, claimRef: claimRefOf(claim) };
        if (boundByUs)
          next.metadata.annotations = { ...next.metadata.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' };
        volume = await writeVolume(next);
      }
      volume = await setVolumePhase(volume, 'Bound');

      let bound = claim;
      const cs = claimSpec(bound);
      if (cs.volumeName !== volume.metadata.name || annotation(bound, ANN_BIND_COMPLETED) !== 'yes') {
        const next = structuredClone(bound);
        const annotations: Record<string, string> = {
          ...next.metadata.annotations,
          [ANN_BIND_COMPLETED]: 'yes',
        };
        if (cs.volumeName !== volume.metadata.name) {
          annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
          next.spec = { ...next.spec, volumeName: volume.metadata.name };
        }
        next.metadata.annotations = annotations;
        bound = await writeClaim(next);
      }
      const vs = volumeSpec(volume);
      await setClaimStatus(bound, { phase: 'Bound', accessModes: vs.accessModes, capacity: vs.capacity });
    };

    /** The smallest Available volume that fits, or the one pre-bound to this claim. */
    const findVolume = (claim: PersistentVolumeClaim): PersistentVolume | undefined => {
      const cs = claimSpec(claim);
      const matches = cs.selector ? labelSelectorMatcher(cs.selector) : () => true;
      let best: { pv: PersistentVolume; size: number } | undefined;
      for (const pv of volumes.list()) {
        if (pv.metadata.deletionTimestamp || satisfies(pv, claim)) continue;
        if (isBoundTo(pv, claim)) return pv;
        if (phaseOf(pv) !== 'Available' || volumeSpec(pv).claimRef || !matches(pv.metadata.labels)) continue;
        const size = parseQuantity(volumeSpec(pv).capacity?.storage) ?? 0;
        if (!best || size < best.size) best = { pv, size };
      }
      return best?.pv;
    };

    /** rancher's local-path: a world-writable directory per claim, exposed as a hostPath volume. */
    const provision = async (claim: PersistentVolumeClaim, sc: StorageClass) => {
      const name = `pvc-${claim.metadata.uid}`;
      const existing = volumes.get(undefined, name);
      if (existing) {
        if (isBoundTo(existing, claim)) await bind(existing, claim);
        return;
      }
      let annotated = claim;
      if (annotation(claim, ANN_STORAGE_PROVISIONER) !== sc.provisioner) {
        const next = structuredClone(claim);
        next.metadata.annotations = {
          ...next.metadata.annotations,
          [ANN_STORAGE_PROVISIONER]: sc.provisioner,
          [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner,
        };
        annotated = await writeClaim(next);
      }
      const cs = claimSpec(annotated);
      const path = join(volumesDir, `${name}_${annotated.metadata.namespace}_${annotated.metadata.name}`);
      mkdirSync(path, { recursive: true });
      // Containers may run as any user: the directory must be writable by all, whatever the umask.
      chmodSync(path, 0o777);
      const pv = await ctx.client.create<PersistentVolume>(PVS, {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name, annotations: { [ANN_PROVISIONED_BY]: sc.provisioner } },
        spec: {
          accessModes: cs.accessModes,
          capacity: { storage: cs.resources?.requests?.storage },
          claimRef: claimRefOf(annotated),
          persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
          storageClassName: sc.metadata.name,
          volumeMode: cs.volumeMode ?? 'Filesystem',
          hostPath: { path, type: 'DirectoryOrCreate' },
          ...(sc.mountOptions ? { mountOptions: sc.mountOptions } : {}),
        },
      });
      event(annotated, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
      await bind(pv, annotated);
    };

    const syncUnboundClaim = async (initial: PersistentVolumeClaim) => {
      let claim = initial;
      const cs = claimSpec(claim);
      if (cs.volumeName) {
        const pv = volumes.get(undefined, cs.volumeName);
        if (!pv) {
          await setClaimPhase(claim, 'Pending');
          return;
        }
        const ref = volumeSpec(pv).claimRef;
        if (ref && !isBoundTo(pv, claim)) {
          event(
            claim,
            'Warning',
            'FailedBinding',
            `volume "${cs.volumeName}" already bound to a different claim.`,
          );
          await setClaimPhase(claim, 'Pending');
          return;
        }
        const mismatch = ref ? undefined : satisfies(pv, claim);
        if (mismatch) {
          event(
            claim,
            'Warning',
            'VolumeMismatch',
            `Cannot bind to requested volume "${cs.volumeName}": ${mismatch}`,
          );
          await setClaimPhase(claim, 'Pending');
          return;
        }
        await bind(pv, claim);
        return;
      }
      if (cs.storageClassName === undefined) {
        const sc = defaultStorageClass(classes.list());
        if (sc) {
          const next = structuredClone(claim);
          next.spec = { ...next.spec, storageClassName: sc.metadata.name };
          claim = await writeClaim(next);
        }
      }
      const className = claimSpec(claim).storageClassName ?? '';
      const sc = className ? classes.get(undefined, className) : undefined;
      const ns = claim.metadata.namespace!;
      if (
        sc?.volumeBindingMode === 'WaitForFirstConsumer' &&
        podsUsingClaim(pods, ns, claim.metadata.name!).every((p) => p.metadata.deletionTimestamp)
      ) {
        event(
          claim,
          'Normal',
          'WaitForFirstConsumer',
          'waiting for first consumer to be created before binding',
        );
        await setClaimPhase(claim, 'Pending');
        return;
      }
      const pv = findVolume(claim);
      if (pv) {
        await bind(pv, claim);
        return;
      }
      if (sc?.provisioner === LOCAL_PATH_PROVISIONER) {
        await provision(claim, sc);
        return;
      }
      if (sc) {
        event(
          claim,
          'Normal',
          'ExternalProvisioning',
          `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
        );
      } else if (className) {
        event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      } else {
        event(
          claim,
          'Normal',
          'FailedBinding',
          'no persistent volumes available for this claim and no storage class is set',
        );
      }
      await setClaimPhase(claim, 'Pending');
    };

    const syncBoundClaim = async (claim: PersistentVolumeClaim) => {
      const name = claimSpec(claim).volumeName;
      if (!name) {
        event(
          claim,
          'Warning',
          'ClaimLost',
          'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!',
        );
        await setClaimPhase(claim, 'Lost');
        return;
      }
      const pv = volumes.get(undefined, name);
      if (!pv) {
        event(
          claim,
          'Warning',
          'ClaimLost',
          'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
        );
        await setClaimPhase(claim, 'Lost');
        return;
      }
      const ref = volumeSpec(pv).claimRef;
      if (!ref || ref.uid === claim.metadata.uid) {
        await bind(pv, claim);
        return;
      }
      event(
        claim,
        'Warning',
        'ClaimMisbound',
        'Two claims are bound to the same volume, this one is bound incorrectly',
      );
      await setClaimPhase(claim, 'Lost');
    };

    const syncClaim = async (ns: string, name: string) => {
      const claim = claims.get(ns, name);
      if (!claim) return;
      if (annotation(claim, ANN_BIND_COMPLETED)) await syncBoundClaim(claim);
      else if (!claim.metadata.deletionTimestamp) await syncUnboundClaim(claim);
    };

    /** Removes a released volume of ours with its directory; any other is left Failed, as no plugin can delete it. */
    const reclaim = async (pv: PersistentVolume) => {
      const vs = volumeSpec(pv);
      const policy = vs.persistentVolumeReclaimPolicy ?? 'Retain';
      if (policy === 'Retain') return;
      if (policy !== 'Delete') {
        await setVolumePhase(
          pv,
          'Failed',
          `no volume plugin matched name: kubernetes.io/${vs.hostPath ? 'host-path' : 'unknown'}`,
        );
        return;
      }
      const path = vs.hostPath?.path ?? vs.local?.path;
      const inside = path ? relative(volumesDir, resolve(path)) : '';
      const ours =
        annotation(pv, ANN_PROVISIONED_BY) === LOCAL_PATH_PROVISIONER &&
        !!inside &&
        !inside.startsWith('..') &&
        !isAbsolute(inside) &&
        !inside.includes('/');
      if (!ours) {
        const message = `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`;
        event(pv, 'Warning', 'VolumeFailedDelete', message);
        await setVolumePhase(pv, 'Failed', message);
        return;
      }
      try {
        rmSync(join(volumesDir, inside), { recursive: true, force: true });
      } catch (err) {
        // Left Released and retried with back-off, as the external provisioner does.
        event(pv, 'Warning', 'VolumeFailedDelete', err instanceof Error ? err.message : String(err));
        throw err;
      }
      if (!pv.metadata.deletionTimestamp) await ctx.client.delete(PVS, undefined, pv.metadata.name!);
    };

    const syncVolume = async (name: string) => {
      const pv = volumes.get(undefined, name);
      if (!pv) return;
      const ref = volumeSpec(pv).claimRef;
      if (!ref?.uid) {
        // Unclaimed, or pre-bound by a user to a claim that has not bound yet.
        if (phaseOf(pv) !== 'Available' && phaseOf(pv) !== 'Failed') await setVolumePhase(pv, 'Available');
        return;
      }
      let claim = claims.get(ref.namespace ?? '', ref.name ?? '');
      if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
      if (!claim) {
        if (phaseOf(pv) === 'Failed') return;
        await reclaim(await setVolumePhase(pv, 'Released'));
        return;
      }
      const volumeName = claimSpec(claim).volumeName;
      if (!volumeName) return; // binding in progress: the claim's sync finishes it
      if (volumeName === name) {
        await setVolumePhase(pv, 'Bound');
        return;
      }
      // The claim got bound to another volume.
      if (annotation(pv, ANN_PROVISIONED_BY) && volumeSpec(pv).persistentVolumeReclaimPolicy === 'Delete') {
        await reclaim(phaseOf(pv) === 'Failed' ? pv : await setVolumePhase(pv, 'Released'));
      } else if (annotation(pv, ANN_BOUND_BY_CONTROLLER)) {
        const next = structuredClone(pv);
        delete next.spec?.claimRef;
        delete next.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER];
        await setVolumePhase(await writeVolume(next), 'Available');
      } else {
        await setVolumePhase(pv, 'Available');
      }
    };

    return {
      name: 'persistentvolume',
      resyncMs: RESYNC_MS,
      watches: [
        {
          def: PVCS,
          keys: (c: PersistentVolumeClaim) => {
            const v = claimSpec(c).volumeName;
            return [`claim:${objectKey(c)}`, ...(v ? [`volume:${v}`] : [])];
          },
        },
        {
          def: PVS,
          keys: (pv: PersistentVolume) => {
            const ref = volumeSpec(pv).claimRef;
            if (ref?.name) return [`volume:${pv.metadata.name}`, `claim:${ref.namespace}/${ref.name}`];
            return [
              `volume:${pv.metadata.name}`,
              ...(pv.metadata.deletionTimestamp ? [] : pendingClaimKeys()),
            ];
          },
        },
        {
          def: PODS,
          keys: (pod: Pod) => claimsOfPod(pod).map((c) => `claim:${pod.metadata.namespace}/${c}`),
        },
        { def: STORAGE_CLASSES, keys: () => pendingClaimKeys() },
      ],
      async reconcile(key) {
        const i = key.indexOf(':');
        const kind = key.slice(0, i);
        const [ns, name] = splitKey(key.slice(i + 1));
        try {
          if (kind === 'claim') await syncClaim(ns ?? '', name);
          else await syncVolume(name);
        } catch (err) {
          if (err instanceof ApiError && err.code === 409) return CONFLICT_RETRY_MS;
          if (err instanceof ApiError && err.code === 404) return undefined;
          throw err;
        }
        return undefined;
      },
    };
  };
}
