import { describe, expect, it } from 'vitest';
import { parseZoneQuery, reverseAddress } from './query-name.js';

describe('parseZoneQuery', () => {
  it.each([
    ['web.shop.svc', { kind: 'svc', namespace: 'shop', service: 'web' }],
    ['db-0.db.shop.svc', { kind: 'svc', namespace: 'shop', service: 'db', endpoint: 'db-0' }],
    [
      '_http._tcp.web.shop.svc',
      { kind: 'svc', namespace: 'shop', service: 'web', port: 'http', protocol: 'tcp' },
    ],
    ['10-1-2-3.shop.pod', { kind: 'pod', namespace: 'shop', service: '10-1-2-3' }],
    ['shop.svc', { kind: 'svc', namespace: 'shop' }],
    ['web.shop.other', { invalid: true }],
    ['a.b._http._tcp.web.shop.svc', { invalid: true }],
  ])('reads %s', (name, expected) => {
    expect(parseZoneQuery(name)).toMatchObject(expected);
  });
});

describe('reverseAddress', () => {
  it('reads IPv4 and IPv6 reverse names, and nothing else', () => {
    expect(reverseAddress('5.128.244.10.in-addr.arpa')).toBe('10.244.128.5');
    expect(reverseAddress('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa')).toBe(
      '2001:db8::1',
    );
    expect(reverseAddress('128.244.10.in-addr.arpa')).toBeUndefined();
    expect(reverseAddress('05.128.244.10.in-addr.arpa')).toBeUndefined();
  });
});
