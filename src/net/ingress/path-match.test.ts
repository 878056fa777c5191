import { describe, expect, it } from 'vitest';
import { hostMatches, pathMatches, requestHost } from './path-match.js';

describe('Ingress path matching', () => {
  // The examples table of the Ingress documentation.
  it.each([
    ['Prefix', '/', '/anything', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/bar', false],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo/', '/foo', false],
    ['Prefix', '/foo', '/foo', true],
    ['Prefix', '/foo', '/foo/', true],
    ['Prefix', '/foo/', '/foo', true],
    ['Prefix', '/foo/', '/foo/', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/aaa/bbb', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb/', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/ccc', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbbxyz', false],
    ['ImplementationSpecific', '/api', '/api/v1', true],
  ] as const)('%s %s against %s: %s', (type, rule, path, want) => {
    expect(pathMatches(type, rule, path)).toBe(want);
  });

  it('matches wildcard hosts on exactly one label', () => {
    expect(hostMatches('*.foo.com', 'bar.foo.com')).toBe(true);
    expect(hostMatches('*.foo.com', 'baz.bar.foo.com')).toBe(false);
    expect(hostMatches('*.foo.com', 'foo.com')).toBe(false);
    expect(hostMatches('foo.com', 'foo.com')).toBe(true);
  });

  it('reads the host header without its port, in lower case', () => {
    expect(requestHost('Example.COM:8080')).toBe('example.com');
    expect(requestHost('[::1]:80')).toBe('[::1]');
    expect(requestHost(undefined)).toBe('');
  });
});
