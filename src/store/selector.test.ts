import { describe, expect, it } from 'vitest';
import {
  labelSelectorMatcher,
  labelSelectorToString,
  parseFieldSelector,
  parseLabelSelector,
} from './selector.js';
import { StoreError } from './types.js';

const web = { app: 'web', tier: 'front', version: '3' };

describe('parseLabelSelector', () => {
  it.each([
    ['', web, true],
    ['app=web', web, true],
    ['app==web', web, true],
    ['app = web', web, true],
    ['app=db', web, false],
    ['app!=db', web, true],
    ['app!=web', web, false],
    ['missing!=x', web, true],
    ['app in (web,db)', web, true],
    ['app in ( db , cache )', web, false],
    ['app notin (db)', web, true],
    ['app notin (web, db)', web, false],
    ['missing notin (x)', web, true],
    ['missing in (x)', web, false],
    ['app', web, true],
    ['missing', web, false],
    ['!missing', web, true],
    ['!app', web, false],
    ['app=web,tier=front', web, true],
    ['app=web, tier=back', web, false],
    ['app=web,!missing,tier in (front)', web, true],
    ['version>2', web, true],
    ['version<2', web, false],
    ['app=', { app: '' }, true],
    ['app=', web, false],
    ['app in (web,)', { app: '' }, true],
    ['example.com/role=x', { 'example.com/role': 'x' }, true],
    ['app=web', undefined, false],
    ['app!=web', undefined, true],
  ])('%j on %j is %s', (sel, labels, want) => {
    expect(parseLabelSelector(sel)(labels)).toBe(want);
  });

  it.each([
    ['app in web', "found 'web', expected: '('"],
    ['app in ()', "values set can't be empty"],
    ['app==', undefined],
    ['=web', "found '=', expected: identifier"],
    ['app=web,', "found '', expected: identifier"],
    ['app=web tier=front', "expected: ',' or 'end of string'"],
    ['-app=x', 'name part must consist of alphanumeric characters'],
    ['app=-bad-', 'a valid label must be an empty string'],
    ['Example.com/app=x', 'prefix part a lowercase RFC 1123 subdomain'],
    [`app=${'a'.repeat(64)}`, 'must be no more than 63 characters'],
    ['app in (a b)', "found 'b', expected: ',', ')' or identifier"],
    ['!', "found '', expected: identifier after '!'"],
    ['version>x', 'must be an integer'],
  ])('%j is rejected', (sel, message) => {
    if (message === undefined) {
      expect(() => parseLabelSelector(sel)).not.toThrow();
      return;
    }
    let err: unknown;
    try {
      parseLabelSelector(sel);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('BadSelector');
    expect((err as StoreError).message).toMatch(/^unable to parse requirement: /);
    expect((err as StoreError).message).toContain(message);
  });
});

describe('parseFieldSelector', () => {
  const pod = {
    metadata: { name: 'web-1', namespace: 'prod' },
    spec: { nodeName: 'node-a', hostNetwork: false, priority: 5 },
    status: { phase: 'Running' },
  };
  const pending = { metadata: { name: 'web-2', namespace: 'prod' }, spec: {}, status: { phase: 'Pending' } };

  it.each([
    ['', pod, true],
    ['metadata.name=web-1', pod, true],
    ['metadata.name==web-1', pod, true],
    ['metadata.name!=web-1', pod, false],
    ['metadata.namespace=prod,status.phase=Running', pod, true],
    ['status.phase!=Running', pod, false],
    ['spec.nodeName=node-a', pod, true],
    ['spec.nodeName=', pending, true],
    ['spec.nodeName!=', pod, true],
    ['spec.hostNetwork=false', pod, true],
    ['spec.priority=5', pod, true],
    ['spec=x', pod, false],
    ['spec!=x', pod, true],
    ['metadata.name=a\\,b', { metadata: { name: 'a,b' } }, true],
  ])('%j on %j is %s', (sel, obj, want) => {
    expect(parseFieldSelector(sel)(obj)).toBe(want);
  });

  it.each(['metadata.name', 'metadata.name=a\\b', '=x', 'a..b=c'])('%j is rejected', (sel) => {
    expect(() => parseFieldSelector(sel)).toThrowError(expect.objectContaining({ code: 'BadSelector' }));
  });
});

describe('labelSelectorMatcher', () => {
  it.each([
    [{}, web, true],
    [{ matchLabels: { app: 'web' } }, web, true],
    [{ matchLabels: { app: 'web', tier: 'back' } }, web, false],
    [{ matchExpressions: [{ key: 'app', operator: 'In' as const, values: ['web', 'db'] }] }, web, true],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn' as const, values: ['web'] }] }, web, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' as const }] }, web, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' as const }] }, web, false],
    [
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'gone', operator: 'DoesNotExist' as const }] },
      web,
      true,
    ],
  ])('%j on %j is %s', (sel, labels, want) => {
    expect(labelSelectorMatcher(sel)(labels)).toBe(want);
  });

  it('matches nothing when the selector is absent', () => {
    expect(labelSelectorMatcher(undefined)(web)).toBe(false);
  });

  it.each([
    { matchExpressions: [{ key: 'app', operator: 'In' as const, values: [] }] },
    { matchExpressions: [{ key: 'app', operator: 'Exists' as const, values: ['x'] }] },
    { matchExpressions: [{ key: 'app', operator: 'Bogus' as 'In', values: ['x'] }] },
    { matchLabels: { 'bad key!': 'x' } },
  ])('rejects %j', (sel) => {
    expect(() => labelSelectorMatcher(sel)).toThrowError(expect.objectContaining({ code: 'BadSelector' }));
  });

  it('prints the selector in string form that parses back to the same matcher', () => {
    const sel = {
      matchLabels: { tier: 'front', app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn' as const, values: ['prod', 'dev'] },
        { key: 'gone', operator: 'DoesNotExist' as const },
        { key: 'version', operator: 'Exists' as const },
      ],
    };
    const s = labelSelectorToString(sel);
    expect(s).toBe('app=web,env notin (dev,prod),!gone,tier=front,version');
    expect(parseLabelSelector(s)(web)).toBe(true);
    expect(parseLabelSelector(s)({ ...web, env: 'prod' })).toBe(false);
  });
});
