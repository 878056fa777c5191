import { describe, expect, it } from 'vitest';
import { crontabCrd } from '../../../test/fixtures/crontab.js';
import { convertCustomObject } from './convert.js';
import { evaluate, JsonPathError, parseJsonPath } from './jsonpath.js';
import { createdAtPrinter, customPrinter } from './printer.js';

const pod = {
  metadata: { name: 'p', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: {
    containers: [
      { name: 'a', image: 'nginx' },
      { name: 'b', image: 'redis' },
    ],
  },
  status: {
    conditions: [
      { type: 'Ready', status: 'False' },
      { type: 'Synced', status: 'True', count: 3 },
    ],
  },
};

describe('JSONPath', () => {
  it.each([
    ['.metadata.name', ['p']],
    ['{.metadata.name}', ['p']],
    ['.spec.containers[0].image', ['nginx']],
    ['.spec.containers[-1].name', ['b']],
    ['.spec.containers[*].image', ['nginx', 'redis']],
    ['.spec.containers[0:1].name', ['a']],
    [".spec.containers[?(@.name=='b')].image", ['redis']],
    ['.status.conditions[?(@.type=="Ready")].status', ['False']],
    ['.status.conditions[?(@.count>2)].type', ['Synced']],
    ['.status.conditions[?(@.count)].type', ['Synced']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', ['web']],
    [".metadata['name']", ['p']],
    ['..image', ['nginx', 'redis']],
    ['.spec.containers[0,1].name', ['a', 'b']],
    ['.spec.missing', []],
    ['.spec.containers[5].image', []],
  ])('%s', (path, expected) => {
    expect(evaluate(parseJsonPath(path), pod)).toEqual(expected);
  });

  it.each(['.spec.containers[0', '.a[x]', '.a[?(@.b=="c"'])('refuses %s', (path) => {
    expect(() => parseJsonPath(path)).toThrow(JsonPathError);
  });
});

describe('printer columns', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  const crontab = {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'my-new-cron-object', creationTimestamp: '2026-01-01T00:05:00Z' },
    spec: { cronSpec: '* * * * */5', replicas: 1, image: 'my-awesome-cron-image' },
  };

  it('prints the CronTab columns, wide ones with priority 1', () => {
    const printer = customPrinter(crontabCrd().spec.versions[0].additionalPrinterColumns);
    expect(printer.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Spec', 'string', 0],
      ['Replicas', 'integer', 0],
      ['Image', 'string', 1],
      ['Age', 'date', 0],
    ]);
    expect(printer.cells(crontab, now)).toEqual([
      'my-new-cron-object',
      '* * * * */5',
      1,
      'my-awesome-cron-image',
      '5m',
    ]);
  });

  it('prints NAME and AGE when a version has no columns', () => {
    const printer = customPrinter(undefined);
    expect(printer.columns.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(printer.cells(crontab, now)).toEqual(['my-new-cron-object', '5m']);
  });

  it('types cells and leaves missing values empty', () => {
    const printer = customPrinter([
      { name: 'Missing', type: 'string', jsonPath: '.status.phase' },
      { name: 'Spec', type: 'string', jsonPath: '.spec' },
      { name: 'Ratio', type: 'number', jsonPath: '.spec.replicas' },
      { name: 'On', type: 'boolean', jsonPath: '.spec.image' },
      { name: 'When', type: 'date', jsonPath: '.spec.cronSpec' },
    ]);
    expect(printer.cells(crontab, now)).toEqual([
      'my-new-cron-object',
      null,
      '{"cronSpec":"* * * * */5","image":"my-awesome-cron-image","replicas":1}',
      1,
      null,
      '<invalid>',
    ]);
  });

  it('falls back to NAME and CREATED AT when a column cannot be parsed', () => {
    expect(customPrinter([{ name: 'X', type: 'string', jsonPath: '.a[' }])).toBe(createdAtPrinter);
  });
});

describe('conversion with strategy None', () => {
  it('changes only apiVersion', () => {
    const obj = {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'x' },
      spec: { a: 1 },
    };
    expect(convertCustomObject(obj, 'stable.example.com', 'v2')).toEqual({
      ...obj,
      apiVersion: 'stable.example.com/v2',
    });
  });
});
