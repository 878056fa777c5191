import { timingSafeEqual } from 'node:crypto';
import type { ServiceAccountTokens } from '../service-account-tokens.js';
import { CLUSTER_ADMIN, serviceAccountUser, type UserInfo } from './user.js';

/**
 * The user a request's Authorization header names: the cluster admin for the cluster token, a
 * service account for one of its tokens; undefined for anything else.
 */
export function bearerAuthenticator(
  clusterToken: string,
  tokens: ServiceAccountTokens,
): (authorization: string | undefined) => UserInfo | undefined {
  const expected = Buffer.from(`Bearer ${clusterToken}`);
  return (authorization) => {
    const header = authorization ?? '';
    const got = Buffer.from(header);
    if (got.length === expected.length && timingSafeEqual(got, expected)) return CLUSTER_ADMIN;
    const claims = header.startsWith('Bearer ') ? tokens.verify(header.slice(7)) : undefined;
    return claims && serviceAccountUser(claims.ns, claims.sa, claims.uid);
  };
}
