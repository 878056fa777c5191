/**
 * The kinds served for CustomResourceDefinitions, kept in the kind registry as apiextensions'
 * crdHandler keeps its handlers: a CRD whose names are accepted is served as a kind, a change of
 * its spec serves the new kind, and a CRD that goes takes its kind with it. Whoever follows the
 * stored CRDs (the registrar) tells it of each one.
 */
import { type KindDef, kinds } from '../kinds/index.js';
import { customKind } from './custom-kind.js';
import type { CustomResourceDefinition } from './types.js';

interface Served {
  def: KindDef;
  /** What the kind was made from: a CRD whose spec, names and state are unchanged serves the same kind. */
  source: string;
}

const isTrue = (crd: CustomResourceDefinition, type: string) =>
  !!crd.status?.conditions?.some((c) => c.type === type && c.status === 'True');

export class CrdKinds {
  private readonly served = new Map<string, Served>();

  constructor(private readonly log: (message: string) => void) {}

  /** Serves the kind of a CRD as it now is, or stops serving it when it may not be served. */
  sync(crd: CustomResourceDefinition): void {
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
    const occupant = kinds.all().find((d) => d.group === def.group && d.resource === def.resource);
    if (occupant && occupant !== this.served.get(name)?.def) {
      this.log(`CRD ${name}: not served: ${def.resource}.${def.group} is a kind of its own`);
      return;
    }
    try {
      kinds.replace(def);
      this.served.set(name, { def, source });
    } catch (err) {
      this.unserve(name);
      this.log(`CRD ${name}: not served: ${(err as Error).message}`);
    }
  }

  /** Stops serving the kind of a CRD. */
  unserve(name: string): void {
    const served = this.served.get(name);
    if (!served) return;
    this.served.delete(name);
    kinds.remove(served.def.group, served.def.resource);
  }

  /** Stops serving every kind served here. */
  unserveAll(): void {
    for (const name of [...this.served.keys()]) this.unserve(name);
  }
}
