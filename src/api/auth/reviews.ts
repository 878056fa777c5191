/**
 * The review APIs: TokenReview and SelfSubjectReview (authentication.k8s.io), SubjectAccessReview,
 * SelfSubjectAccessReview and SelfSubjectRulesReview (authorization.k8s.io). Each create answers
 * the object sent with its status filled in; nothing is stored.
 */
import { errors } from '../errors.js';
import type { ApiServerOptions } from '../http-server.js';
import {
  type KindDef,
  SELF_SUBJECT_ACCESS_REVIEWS,
  SELF_SUBJECT_REVIEWS,
  SELF_SUBJECT_RULES_REVIEWS,
  SUBJECT_ACCESS_REVIEWS,
  TOKEN_REVIEWS,
} from '../kinds/index.js';
import type { Authorizer, RequestAttributes } from './authorizer.js';
import { nodeIdentity } from './node/node-identity.js';
import type { RbacPolicy } from './rbac/policy.js';
import type { UserInfo } from './user.js';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface AccessSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

type Review = { apiVersion?: string; kind?: string; metadata?: object; spec?: Record<string, unknown> };

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/** The spec as the review reads it: fields of the wrong type are left out, as a typed decode would refuse them. */
function readSpec(body: unknown) {
  const spec = isObj(body) && isObj(body.spec) ? body.spec : {};
  const attrs = <T extends string>(v: unknown, keys: readonly T[]) =>
    isObj(v)
      ? (Object.fromEntries(keys.map((k) => [k, str(v[k])])) as Partial<Record<T, string>>)
      : undefined;
  return {
    token: str(spec.token),
    audiences: strs(spec.audiences),
    namespace: str(spec.namespace),
    user: str(spec.user),
    uid: str(spec.uid),
    groups: strs(spec.groups),
    resourceAttributes: attrs(spec.resourceAttributes, [
      'namespace',
      'verb',
      'group',
      'version',
      'resource',
      'subresource',
      'name',
    ] as const),
    nonResourceAttributes: attrs(spec.nonResourceAttributes, ['path', 'verb'] as const),
  };
}

const userInfo = (u: UserInfo) => ({
  username: u.name,
  ...(u.uid ? { uid: u.uid } : {}),
  groups: [...u.groups],
  ...(u.extra ? { extra: u.extra } : {}),
});

function accessAttributes(kind: string, user: UserInfo, spec: AccessSpec): RequestAttributes {
  const r = spec.resourceAttributes;
  const n = spec.nonResourceAttributes;
  if (!r === !n)
    throw errors.invalid('authorization.k8s.io', kind, '', [
      {
        reason: 'FieldValueRequired',
        field: 'spec.resourceAttributes',
        message:
          'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  return {
    user,
    verb: (r ? r.verb : n?.verb) ?? '',
    resourceRequest: !!r,
    apiGroup: r?.group ?? '',
    apiVersion: r?.version ?? '',
    resource: r?.resource ?? '',
    subresource: r?.subresource ?? '',
    namespace: r?.namespace ?? '',
    name: r?.name ?? '',
    path: n?.path ?? '',
  };
}

async function accessStatus(authorizer: Authorizer, a: RequestAttributes) {
  const d = await authorizer.authorize(a);
  return d.allowed ? { allowed: true } : { allowed: false, ...(d.reason ? { reason: d.reason } : {}) };
}

/** Answers the create of a review kind as `user`; undefined for any other kind. */
export async function review(
  opts: ApiServerOptions,
  authorizer: Authorizer,
  def: KindDef,
  body: unknown,
  user: UserInfo,
): Promise<object | undefined> {
  if (!isObj(body)) throw errors.badRequest(`a ${def.kind} must be an object`);
  const given = body as Review;
  const answer = (status: object) => ({
    apiVersion: `${def.group}/v1`,
    kind: def.kind,
    metadata: { creationTimestamp: null, ...(isObj(given.metadata) ? given.metadata : {}) },
    ...(isObj(given.spec) ? { spec: given.spec } : {}),
    status,
  });
  const spec = readSpec(body);
  switch (def) {
    case SELF_SUBJECT_REVIEWS:
      return answer({ userInfo: userInfo(user) });
    case TOKEN_REVIEWS: {
      const audiences = spec.audiences?.length ? spec.audiences : undefined;
      const found = spec.token ? await opts.authn?.token(spec.token, audiences) : undefined;
      return answer(
        found
          ? { authenticated: true, user: userInfo(found), audiences: audiences ?? [] }
          : { user: {}, error: '[invalid bearer token, token lookup failed]' },
      );
    }
    case SELF_SUBJECT_ACCESS_REVIEWS:
      return answer(await accessStatus(authorizer, accessAttributes(def.kind, user, spec)));
    case SUBJECT_ACCESS_REVIEWS: {
      const subject: UserInfo = {
        name: spec.user ?? '',
        groups: spec.groups ?? [],
        ...(spec.uid ? { uid: spec.uid } : {}),
      };
      return answer(await accessStatus(authorizer, accessAttributes(def.kind, subject, spec)));
    }
    case SELF_SUBJECT_RULES_REVIEWS:
      return answer(await rulesStatus(opts.rbac, user, spec.namespace ?? ''));
    default:
      return undefined;
  }
}

async function rulesStatus(policy: RbacPolicy | undefined, user: UserInfo, namespace: string) {
  if (!policy)
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  const rules = await policy.rulesFor(user, namespace);
  return {
    resourceRules: rules
      .filter((r) => !r.nonResourceURLs?.length)
      .map((r) => ({
        verbs: r.verbs,
        apiGroups: r.apiGroups ?? [],
        resources: r.resources ?? [],
        ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
      })),
    nonResourceRules: rules
      .filter((r) => r.nonResourceURLs?.length)
      .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
    // A node's rights depend on its pods: the Node authorizer cannot list them, as Kubernetes'.
    ...(nodeIdentity(user) === undefined
      ? { incomplete: false }
      : { incomplete: true, evaluationError: 'node authorizer does not support user rule resolution' }),
  };
}
