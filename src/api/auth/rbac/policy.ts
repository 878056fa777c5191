/** The RBAC objects the authorizer reads, kept in memory (kind-cache.ts): no store read per request. */
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, ROLE_BINDINGS, ROLES } from '../../kinds/index.js';
import type { ResourceService } from '../../service.js';
import type { KubeObject } from '../../types.js';
import { KindCache } from '../kind-cache.js';
import type { UserInfo } from '../user.js';
import type { PolicyRule } from './rules.js';

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup?: string;
}

interface Binding extends KubeObject {
  subjects?: Subject[];
  roleRef: RoleRef;
}

interface Role extends KubeObject {
  rules?: PolicyRule[];
}

const MEMO_LIMIT = 10_000;

export function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.name;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount':
      return user.name === `system:serviceaccount:${s.namespace || bindingNamespace}:${s.name}`;
    default:
      return false;
  }
}

/** The cluster's roles and bindings, and the rules they give a user. */
export class RbacPolicy {
  private readonly roles: KindCache<Role>;
  private readonly clusterRoles: KindCache<Role>;
  private readonly bindings: KindCache<Binding>;
  private readonly clusterBindings: KindCache<Binding>;
  /** Rules by user and namespace, dropped on any change to an RBAC object. */
  private readonly memo = new Map<string, PolicyRule[]>();

  constructor(svc: ResourceService) {
    const changed = () => this.memo.clear();
    this.roles = new KindCache(svc, ROLES, changed);
    this.clusterRoles = new KindCache(svc, CLUSTER_ROLES, changed);
    this.bindings = new KindCache(svc, ROLE_BINDINGS, changed);
    this.clusterBindings = new KindCache(svc, CLUSTER_ROLE_BINDINGS, changed);
  }

  private ready(): Promise<unknown> {
    return Promise.all(
      [this.roles, this.clusterRoles, this.bindings, this.clusterBindings].map((c) => c.ready()),
    );
  }

  /** Every rule the user holds in `namespace` ('': cluster-wide rules only). */
  async rulesFor(user: UserInfo, namespace: string): Promise<PolicyRule[]> {
    await this.ready();
    const memoKey = `${user.name}\0${user.groups.join('\0')}\0\0${namespace}`;
    const held = this.memo.get(memoKey);
    if (held) return held;
    const rules: PolicyRule[] = [];
    for (const b of this.clusterBindings.items.values())
      if (b.subjects?.some((s) => subjectMatches(s, user, ''))) rules.push(...this.roleRules(b.roleRef, ''));
    if (namespace) {
      for (const b of this.bindings.items.values())
        if (b.metadata.namespace === namespace && b.subjects?.some((s) => subjectMatches(s, user, namespace)))
          rules.push(...this.roleRules(b.roleRef, namespace));
    }
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(memoKey, rules);
    return rules;
  }

  /** The rules of a role a binding refers to; none for a role that does not exist. */
  roleRules(ref: RoleRef, namespace: string): PolicyRule[] {
    const role =
      ref.kind === 'ClusterRole'
        ? this.clusterRoles.items.get(`/${ref.name}`)
        : this.roles.items.get(`${namespace}/${ref.name}`);
    return role?.rules ?? [];
  }

  /** The rules of a role a binding refers to, once the caches are current. */
  async rulesOf(ref: RoleRef, namespace: string): Promise<PolicyRule[]> {
    await this.ready();
    return this.roleRules(ref, namespace);
  }

  close(): void {
    for (const c of [this.roles, this.clusterRoles, this.bindings, this.clusterBindings]) c.close();
  }
}
