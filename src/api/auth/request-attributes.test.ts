import { describe, expect, it } from 'vitest';
import { route } from '../route.js';
import { requestAttributes } from './request-attributes.js';
import { CLUSTER_ADMIN } from './user.js';

const attrs = (method: string, path: string) => {
  const url = new URL(path, 'https://localhost');
  const r = route(url.pathname);
  if (!r) throw new Error(`no route for ${path}`);
  return requestAttributes(CLUSTER_ADMIN, method, r, url);
};

describe('request attributes', () => {
  it.each([
    ['GET', '/api/v1/namespaces/ns/pods', { verb: 'list', resource: 'pods', namespace: 'ns', name: '' }],
    ['GET', '/api/v1/pods?watch=true', { verb: 'watch', resource: 'pods', namespace: '' }],
    ['GET', '/api/v1/watch/namespaces/ns/pods/p', { verb: 'watch', name: 'p', namespace: 'ns' }],
    ['GET', '/api/v1/namespaces/ns/pods/p/log', { verb: 'get', subresource: 'log', name: 'p' }],
    [
      'POST',
      '/apis/apps/v1/namespaces/ns/deployments',
      { verb: 'create', apiGroup: 'apps', apiVersion: 'v1' },
    ],
    ['PUT', '/apis/apps/v1/namespaces/ns/deployments/d/scale', { verb: 'update', subresource: 'scale' }],
    ['PATCH', '/api/v1/nodes/n/status', { verb: 'patch', resource: 'nodes', namespace: '' }],
    ['DELETE', '/api/v1/namespaces/ns/configmaps', { verb: 'deletecollection' }],
    [
      'DELETE',
      '/api/v1/namespaces/ns',
      { verb: 'delete', resource: 'namespaces', namespace: 'ns', name: 'ns' },
    ],
    [
      'GET',
      '/api/v1/namespaces/ns/secrets?watch=1&fieldSelector=metadata.name%3Ds1',
      { verb: 'watch', resource: 'secrets', name: 's1' },
    ],
    ['GET', '/api/v1/namespaces/ns/secrets?fieldSelector=type%3Dx', { verb: 'list', name: '' }],
    ['GET', '/version', { verb: 'get', resourceRequest: false, path: '/version' }],
  ])('%s %s', (method, path, expected) => {
    expect(attrs(method, path)).toMatchObject({ resourceRequest: true, user: CLUSTER_ADMIN, ...expected });
  });
});
