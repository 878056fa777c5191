import { describe, expect, it } from 'vitest';
import { formatColumns } from './columns.js';
import { asTable, type Table, tableLines } from './table.js';

const pods: Table = {
  kind: 'Table',
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Ready', type: 'string' },
    { name: 'Status', type: 'string' },
    { name: 'Restarts', type: 'integer' },
    { name: 'Age', type: 'string' },
    { name: 'IP', type: 'string', priority: 1 },
    { name: 'Node', type: 'string', priority: 1 },
  ],
  rows: [
    {
      cells: ['web-7d4b9c-abcde', '1/1', 'Running', 0, '5m', '10.244.0.5', 'n1'],
      object: { metadata: { namespace: 'shop', labels: { app: 'web' } } },
    },
    {
      cells: ['db-0', '0/1', 'Pending', 2, '12s', null, null],
      object: { metadata: { namespace: 'default' } },
    },
  ],
};

const print = (t: Table, opts = {}) => {
  const { header, rows } = tableLines(t, opts);
  return formatColumns([header, ...rows]).join('\n');
};

describe('table printing', () => {
  it('prints priority-0 columns aligned with three spaces, like kubectl', () => {
    expect(print(pods)).toBe(
      [
        'NAME               READY   STATUS    RESTARTS   AGE',
        'web-7d4b9c-abcde   1/1     Running   0          5m',
        'db-0               0/1     Pending   2          12s',
      ].join('\n'),
    );
  });

  it('shows priority columns with wide, <none> for empty cells', () => {
    expect(print(pods, { wide: true }).split('\n')[2]).toBe(
      'db-0               0/1     Pending   2          12s   <none>       <none>',
    );
  });

  it('adds NAMESPACE first, LABELS last, and the kind prefix on names', () => {
    expect(print(pods, { withNamespace: true, showLabels: true, namePrefix: 'pod/' })).toBe(
      [
        'NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE   LABELS',
        'shop        pod/web-7d4b9c-abcde   1/1     Running   0          5m    app=web',
        'default     pod/db-0               0/1     Pending   2          12s   <none>',
      ].join('\n'),
    );
  });

  it('turns a plain list into a NAME/AGE table when the server sends no Table', () => {
    const created = new Date(Date.now() - 90_000).toISOString();
    const list = {
      kind: 'ConfigMapList',
      items: [{ metadata: { name: 'cfg', creationTimestamp: created } }],
    };
    expect(print(asTable(list))).toBe(['NAME   AGE', 'cfg    90s'].join('\n'));
  });
});
