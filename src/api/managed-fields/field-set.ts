/**
 * Sets of field paths, as structured-merge-diff keeps them (fieldpath.Set), held in the shape of
 * their FieldsV1 serialization: a trie keyed by path elements (`f:name`, `k:{"name":"c"}`,
 * `v:"x"`, `i:0`), where a node is a member of the set or only leads to members.
 */

export type FieldsV1 = { [element: string]: FieldsV1 };

export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  static fromFieldsV1(fields: FieldsV1 | undefined): FieldSet {
    const set = new FieldSet();
    if (!fields || typeof fields !== 'object') return set;
    for (const [element, sub] of Object.entries(fields)) {
      if (element === '.') set.member = true;
      else {
        const child = FieldSet.fromFieldsV1(sub);
        // An element with no children is itself the member (`f:image: {}`).
        if (child.children.size === 0) child.member = true;
        set.children.set(element, child);
      }
    }
    return set;
  }

  /** The FieldsV1 form, elements in the order Kubernetes writes them (sorted). */
  toFieldsV1(): FieldsV1 {
    const out: FieldsV1 = {};
    if (this.member && this.children.size) out['.'] = {};
    for (const element of [...this.children.keys()].sort())
      out[element] = this.children.get(element)!.toFieldsV1();
    return out;
  }

  get empty(): boolean {
    return !this.member && this.children.size === 0;
  }

  child(element: string): FieldSet {
    let c = this.children.get(element);
    if (!c) {
      c = new FieldSet();
      this.children.set(element, c);
    }
    return c;
  }

  insert(path: readonly string[]): void {
    let node: FieldSet = this;
    for (const element of path) node = node.child(element);
    node.member = true;
  }

  at(path: readonly string[]): FieldSet | undefined {
    let node: FieldSet | undefined = this;
    for (const element of path) node = node?.children.get(element);
    return node;
  }

  has(path: readonly string[]): boolean {
    return this.at(path)?.member ?? false;
  }

  clone(): FieldSet {
    return this.union(new FieldSet());
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member || other.member;
    for (const k of new Set([...this.children.keys(), ...other.children.keys()])) {
      const a = this.children.get(k);
      const b = other.children.get(k);
      out.children.set(k, a && b ? a.union(b) : (a ?? b)!.union(new FieldSet()));
    }
    return out;
  }

  /** Members of this set that are not members of `other`. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && !other.member;
    for (const [k, a] of this.children) {
      const b = other.children.get(k);
      const d = b ? a.difference(b) : a.clone();
      if (!d.empty) out.children.set(k, d);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    for (const [k, a] of this.children) {
      const b = other.children.get(k);
      if (!b) continue;
      const i = a.intersection(b);
      if (!i.empty) out.children.set(k, i);
    }
    return out;
  }

  /** This set without any path under a member of `prefixes` (the fields a write ignores). */
  withoutPrefixes(prefixes: FieldSet): FieldSet {
    if (prefixes.member) return new FieldSet();
    const out = new FieldSet();
    out.member = this.member;
    for (const [k, a] of this.children) {
      const p = prefixes.children.get(k);
      const d = p ? a.withoutPrefixes(p) : a.clone();
      if (!d.empty) out.children.set(k, d);
    }
    return out;
  }

  /** Only the paths under `path` (a status write's own part). */
  onlyUnder(path: readonly string[]): FieldSet {
    const out = new FieldSet();
    const sub = this.at(path);
    if (!sub) return out;
    let node = out;
    for (const element of path.slice(0, -1)) node = node.child(element);
    if (path.length) node.children.set(path[path.length - 1], sub.clone());
    else return sub.clone();
    return out;
  }

  /** Every member path, parents before children. */
  *members(prefix: string[] = []): Generator<string[]> {
    if (this.member) yield prefix;
    for (const k of [...this.children.keys()].sort()) yield* this.children.get(k)!.members([...prefix, k]);
  }
}

/** A path as structured-merge-diff prints it: `.spec.containers[name="app"].image`. */
export function pathString(path: readonly string[]): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      switch (element.slice(0, 2)) {
        case 'f:':
          return `.${body}`;
        case 'k:': {
          const keys = JSON.parse(body) as Record<string, unknown>;
          return `[${Object.entries(keys)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(',')}]`;
        }
        case 'v:':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}
