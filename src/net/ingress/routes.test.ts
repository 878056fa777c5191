import { describe, expect, it } from 'vitest';
import type { Ingress } from '../../api/kinds/index.js';
import { RouteTable } from './routes.js';

const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
const ingress = (name: string, spec: Ingress['spec']): Ingress => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: 'default' },
  spec,
});

const to = (t: RouteTable, host: string, path: string) => t.match(host, path)?.backend.service?.name;

describe('the Ingress routing table', () => {
  const table = new RouteTable([
    ingress('site', {
      defaultBackend: backend('fallback'),
      rules: [
        {
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: backend('web') },
              { path: '/api', pathType: 'Prefix', backend: backend('api') },
              { path: '/api/v2', pathType: 'ImplementationSpecific', backend: backend('api-v2') },
              { path: '/login', pathType: 'Exact', backend: backend('login') },
            ],
          },
        },
        {
          host: 'shop.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('shop') }] },
        },
        {
          host: '*.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('any') }] },
        },
      ],
    }),
    ingress('later', {
      defaultBackend: backend('later-fallback'),
      rules: [{ http: { paths: [{ path: '/api', pathType: 'Prefix', backend: backend('later-api') }] } }],
    }),
  ]);

  it('takes the longest matching path', () => {
    expect(to(table, '', '/')).toBe('web');
    expect(to(table, '', '/index.html')).toBe('web');
    expect(to(table, '', '/api')).toBe('api');
    expect(to(table, '', '/api/users')).toBe('api');
    expect(to(table, '', '/apiary')).toBe('web');
    expect(to(table, '', '/api/v2/x')).toBe('api-v2');
  });

  it('matches Exact paths whole', () => {
    expect(to(table, '', '/login')).toBe('login');
    expect(to(table, '', '/login/again')).toBe('web');
  });

  it('gives equal paths to the older Ingress', () => {
    expect(to(table, '', '/api/x')).toBe('api');
  });

  it('prefers an exact host, then a wildcard, then rules for every host', () => {
    expect(to(table, 'shop.example.com', '/api')).toBe('shop');
    expect(to(table, 'blog.example.com', '/')).toBe('any');
    expect(to(table, 'other.org', '/api')).toBe('api');
  });

  it("falls back to the oldest Ingress's default backend", () => {
    const only = new RouteTable([
      ingress('a', {
        defaultBackend: backend('a-default'),
        rules: [
          { host: 'x.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('x') }] } },
        ],
      }),
      ingress('b', { defaultBackend: backend('b-default') }),
    ]);
    expect(to(only, 'y.org', '/')).toBe('a-default');
    expect(new RouteTable([]).match('', '/')).toBeUndefined();
  });
});
