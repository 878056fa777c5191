/**
 * Keeps the kind registry in step with the stored CustomResourceDefinitions, as apiextensions'
 * crdHandler follows its CRD informer: a CRD whose names are accepted is served as a kind, a
 * change of its spec serves the new kind, and a deleted CRD's kind leaves the registry. It lists
 * the CRDs before the API serves, so a restarted control plane serves every stored CRD at once.
 */
import type { StoreWatch } from '../../store/types.js';
import { CUSTOM_RESOURCE_DEFINITIONS } from '../kinds/apiextensions/custom-resource-definition.js';
import type { KindDef, KindRegistry } from '../kinds/index.js';
import type { ResourceService } from '../service.js';
import { customKind } from './custom-kind.js';
import type { CustomResourceDefinition } from './types.js';

interface Served {
  def: KindDef;
  /** What the kind was made from: a CRD whose spec, names and state are unchanged serves the same kind. */
  source: string;
}

const isTrue = (crd: CustomResourceDefinition, type: string) =>
  !!crd.status?.conditions?.some((c) => c.type === type && c.status === 'True');

export class CrdRegistrar {
  private readonly served = new Map<string, Served>();
  private watch?: StoreWatch;
  private stopped = false;

  constructor(
    private readonly service: ResourceService,
    private readonly registry: KindRegistry,
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {}

  /** Serves every stored CRD, then follows their changes. */
  async start(): Promise<void> {
    const list = await this.service.list(CUSTOM_RESOURCE_DEFINITIONS, {});
    const names = new Set<string>();
    for (const crd of list.items as CustomResourceDefinition[]) {
      names.add(crd.metadata.name ?? '');
      this.sync(crd);
    }
    for (const name of this.served.keys()) if (!names.has(name)) this.unserve(name);
    this.watch = await this.service.watch(
      CUSTOM_RESOURCE_DEFINITIONS,
      { fromRevision: Number(list.metadata.resourceVersion) },
      (ev) => {
        const crd = ev.object as CustomResourceDefinition;
        if (ev.type === 'DELETED') this.unserve(crd.metadata.name ?? '');
        else this.sync(crd);
      },
      (err) => {
        if (err && !this.stopped) void this.start().catch((e) => this.log(`CRDs: ${(e as Error).message}`));
      },
    );
  }

  /** Stops following the CRDs and serving their kinds. */
  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    for (const name of [...this.served.keys()]) this.unserve(name);
  }

  /** The kind served for a CRD, if any. */
  kindOf(crd: CustomResourceDefinition): KindDef | undefined {
    return this.served.get(crd.metadata.name ?? '')?.def;
  }

  private sync(crd: CustomResourceDefinition): void {
    const name = crd.metadata.name ?? '';
    if (!isTrue(crd, 'NamesAccepted') && !isTrue(crd, 'Established')) {
      this.unserve(name);
      return;
    }
    const terminating = !!crd.metadata.deletionTimestamp;
    const source = JSON.stringify([crd.spec, crd.status?.acceptedNames, terminating]);
    if (this.served.get(name)?.source === source) return;
    const def = customKind(crd, { terminating });
    const before = this.served.get(name)?.def;
    if (!def || (before && (before.group !== def.group || before.resource !== def.resource)))
      this.unserve(name);
    if (!def) return;
    const occupant = this.registry.all().find((d) => d.group === def.group && d.resource === def.resource);
    if (occupant && occupant !== this.served.get(name)?.def) {
      this.log(`CRD ${name}: not served: ${def.resource}.${def.group} is a kind of its own`);
      return;
    }
    try {
      this.registry.replace(def);
      this.served.set(name, { def, source });
    } catch (err) {
      this.unserve(name);
      this.log(`CRD ${name}: not served: ${(err as Error).message}`);
    }
  }

  private unserve(name: string): void {
    const served = this.served.get(name);
    if (!served) return;
    this.served.delete(name);
    this.registry.remove(served.def.group, served.def.resource);
  }
}
