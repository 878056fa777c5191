import type { ApiResource, KindDef, KindVersion } from './kind-def.js';

/** 'apps/v1' → ['apps', 'v1']; 'v1' → ['', 'v1']. */
export function splitApiVersion(apiVersion: string): [group: string, version: string] {
  const at = apiVersion.indexOf('/');
  return at < 0 ? ['', apiVersion] : [apiVersion.slice(0, at), apiVersion.slice(at + 1)];
}

export function groupVersion(def: Pick<KindDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** The served version of a kind by name; undefined when the kind is not served in it. */
export function kindVersion(def: KindDef, version: string): KindVersion | undefined {
  return def.versions.find((v) => v.name === version);
}

/** Whether the kind allows a verb (get, list, watch, create, delete, ...). */
export function allows(def: Pick<KindDef, 'verbs'>, verb: string): boolean {
  return !def.verbs || def.verbs.includes(verb);
}

/**
 * What a user typed: plural, singular, kind or short name, optionally `.group` (a group's leading
 * parts are enough: `deploy.apps`) or `.version.group`. The first match wins: list a group's
 * preferred version first.
 */
export function findResource<T extends ApiResource>(resources: readonly T[], name: string): T | undefined {
  const [base, ...groupParts] = name.toLowerCase().split('.');
  const group = groupParts.join('.');
  const inGroup = (d: T) =>
    !group ||
    d.group === group ||
    d.group.startsWith(`${group}.`) ||
    (groupParts.length > 1 && d.version === groupParts[0] && d.group === groupParts.slice(1).join('.'));
  return resources.find(
    (d) =>
      inGroup(d) &&
      (d.resource === base ||
        d.singular === base ||
        d.kind.toLowerCase() === base ||
        d.shortNames?.includes(base)),
  );
}

/**
 * The kinds the API serves. Kinds come and go at run time (CustomResourceDefinitions): every
 * change bumps the generation, and what is built from the registry (discovery, OpenAPI, the
 * schemas decoding reads) is rebuilt when it has moved.
 */
export class KindRegistry {
  private defs: readonly KindDef[];
  private gen = 0;
  private readonly listeners = new Set<() => void>();

  constructor(defs: readonly KindDef[]) {
    this.defs = defs;
  }

  get generation(): number {
    return this.gen;
  }

  all(): readonly KindDef[] {
    return this.defs;
  }

  /** Serves a new kind; throws when its resource or kind is taken in its group. */
  add(def: KindDef): void {
    const taken = this.defs.find(
      (d) => d.group === def.group && (d.resource === def.resource || d.kind === def.kind),
    );
    if (taken) throw new Error(`${taken.resource}.${taken.group} is already served as ${taken.kind}`);
    this.defs = [...this.defs, def];
    this.changed();
  }

  /** Serves `def` in place of the kind of its group and resource: a changed CRD's kind, in one change. */
  replace(def: KindDef): void {
    const at = this.defs.findIndex((d) => d.group === def.group && d.resource === def.resource);
    if (at < 0) {
      this.add(def);
      return;
    }
    const taken = this.defs.find((d, i) => i !== at && d.group === def.group && d.kind === def.kind);
    if (taken) throw new Error(`${taken.resource}.${taken.group} is already served as ${taken.kind}`);
    this.defs = this.defs.map((d, i) => (i === at ? def : d));
    this.changed();
  }

  /** Stops serving a kind; answers what was removed. */
  remove(group: string, resource: string): KindDef | undefined {
    const def = this.defs.find((d) => d.group === group && d.resource === resource);
    if (!def) return undefined;
    this.defs = this.defs.filter((d) => d !== def);
    this.changed();
    return def;
  }

  /** Calls `listener` after every change; answers the function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What a user typed (see findResource). */
  find(name: string): KindDef | undefined {
    return findResource(this.defs, name);
  }

  /** The kind of an object's apiVersion and kind, in any version it is served in. */
  byKind(apiVersion: string, kind: string): KindDef | undefined {
    const [group, version] = splitApiVersion(apiVersion);
    return this.defs.find((d) => d.group === group && d.kind === kind && !!kindVersion(d, version));
  }

  /** The kind a REST path names: /apis/<group>/<version>/<resource>. */
  served(group: string, version: string, resource: string): KindDef | undefined {
    return this.defs.find((d) => d.group === group && d.resource === resource && !!kindVersion(d, version));
  }

  /** A value built from the registry, built again only once the registry has changed. */
  cached<T>(build: () => T): () => T {
    let built: { gen: number; value: T } | undefined;
    return () => {
      if (built?.gen !== this.gen) built = { gen: this.gen, value: build() };
      return built.value;
    };
  }

  private changed(): void {
    this.gen++;
    for (const listener of this.listeners) listener();
  }
}
