import { describe, expect, it } from 'vitest';
import { crontabCrd } from '../../../test/fixtures/crontab.js';
import { acceptNames } from './naming.js';

const accepted = (name: string, uid: string, names: Record<string, unknown>) => {
  const crd = crontabCrd();
  crd.metadata = { name, uid };
  crd.status = { acceptedNames: names };
  return crd;
};

describe('CRD naming', () => {
  it('accepts fresh names', () => {
    const crd = { ...crontabCrd(), metadata: { name: 'crontabs.stable.example.com', uid: 'a' } };
    crd.spec.names.listKind = 'CronTabList';
    expect(acceptNames(crd, [crd])).toEqual({
      acceptedNames: {
        plural: 'crontabs',
        singular: 'crontab',
        kind: 'CronTab',
        listKind: 'CronTabList',
        shortNames: ['ct'],
      },
      namesAccepted: {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
      },
    });
  });

  it('refuses a name another CRD of the group holds, and keeps the rest', () => {
    const other = accepted('cts.stable.example.com', 'b', {
      plural: 'cts',
      singular: 'ct',
      kind: 'Ct',
      listKind: 'CtList',
    });
    const crd = { ...crontabCrd(), metadata: { name: 'crontabs.stable.example.com', uid: 'a' } };
    const result = acceptNames(crd, [other, crd]);
    expect(result.namesAccepted).toEqual({
      type: 'NamesAccepted',
      status: 'False',
      reason: 'ShortNamesConflict',
      message: '"ct" is already in use',
    });
    expect(result.acceptedNames).toEqual({ plural: 'crontabs', singular: 'crontab', kind: 'CronTab' });
  });

  it('ignores other groups', () => {
    const other = accepted('crontabs.other.example.com', 'b', { plural: 'crontabs', kind: 'CronTab' });
    other.spec.group = 'other.example.com';
    const crd = { ...crontabCrd(), metadata: { name: 'crontabs.stable.example.com', uid: 'a' } };
    expect(acceptNames(crd, [other, crd]).namesAccepted.status).toBe('True');
  });
});
