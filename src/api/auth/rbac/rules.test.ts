import { describe, expect, it } from 'vitest';
import type { RequestAttributes } from '../authorizer.js';
import { covers, type PolicyRule, ruleAllows } from './rules.js';

const req = (over: Partial<RequestAttributes>): Omit<RequestAttributes, 'user'> => ({
  verb: 'get',
  resourceRequest: true,
  apiGroup: '',
  apiVersion: 'v1',
  resource: 'pods',
  subresource: '',
  namespace: 'ns',
  name: 'p',
  path: '/api/v1/namespaces/ns/pods/p',
  ...over,
});

describe('RBAC rules', () => {
  it.each<[string, PolicyRule, Partial<RequestAttributes>, boolean]>([
    ['verb and resource', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, {}, true],
    ['another verb', { verbs: ['list'], apiGroups: [''], resources: ['pods'] }, {}, false],
    ['another group', { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] }, {}, false],
    ['* for all', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { subresource: 'log' }, true],
    [
      'a subresource needs its own name',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { subresource: 'log' },
      false,
    ],
    ['pods/log', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, { subresource: 'log' }, true],
    [
      '*/scale',
      { verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] },
      { apiGroup: 'apps', resource: 'deployments', subresource: 'scale' },
      true,
    ],
    [
      'resourceNames',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['q'] },
      {},
      false,
    ],
    [
      'resourceNames on a list',
      { verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] },
      { verb: 'list', name: '' },
      false,
    ],
    [
      'a URL',
      { verbs: ['get'], nonResourceURLs: ['/version'] },
      { resourceRequest: false, path: '/version' },
      true,
    ],
    [
      'a URL prefix',
      { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      { resourceRequest: false, path: '/apis/apps/v1' },
      true,
    ],
    ['a URL rule is not a resource rule', { verbs: ['get'], nonResourceURLs: ['*'] }, {}, false],
  ])('%s', (_, rule, over, allowed) => {
    expect(ruleAllows(req(over), rule)).toBe(allowed);
  });

  it('tells whether held rules cover a granted one, as the escalation check asks', () => {
    const held: PolicyRule[] = [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'configmaps'] },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['s'] },
    ];
    expect(covers(held, { verbs: ['get'], apiGroups: [''], resources: ['pods'] })).toBe(true);
    expect(covers(held, { verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods'] })).toBe(false);
    expect(
      covers(held, { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['s'] }),
    ).toBe(true);
    expect(covers(held, { verbs: ['get'], apiGroups: [''], resources: ['secrets'] })).toBe(false);
    expect(covers(held, { verbs: ['*'], apiGroups: [''], resources: ['pods'] })).toBe(false);
    expect(
      covers([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], {
        verbs: ['get'],
        apiGroups: ['x'],
        resources: ['y'],
      }),
    ).toBe(true);
  });
});
