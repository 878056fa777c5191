import { describe, expect, it } from 'vitest';
import { type Cell, type Column, fitColumns } from './table.js';
import { podColumns, serviceColumns } from './views.js';

const cells = (...texts: string[]): Cell[] => texts.map((text) => ({ text }));
const shown = (columns: Column[], rows: Cell[][], width: number) =>
  Object.fromEntries(fitColumns(columns, rows, width).map((f) => [columns[f.index].title, f.width]));
const total = (widths: Record<string, number>) =>
  Object.values(widths).reduce((n, w) => n + w, 0) + Object.keys(widths).length - 1;

const pods = podColumns(true);
const pod = cells(
  'default',
  'web-664c96855-bxk2p',
  '1/1',
  'Running',
  '6 (19s ago)',
  '3m',
  '10.244.1.17',
  'trial1-control-plane',
);

describe('column widths', () => {
  it('gives each column what its content needs, not the spare width to NAME', () => {
    const w = shown(pods, [pod], 200);
    expect(w).toEqual({
      NAMESPACE: 9,
      NAME: 19,
      READY: 5,
      STATUS: 7,
      RESTARTS: 11,
      AGE: 3,
      IP: 11,
      NODE: 20,
    });
  });

  it('keeps whole pod names at 100 columns with every namespace', () => {
    const w = shown(pods, [pod], 99);
    expect(w.NAME).toBe(19);
    expect(w.NODE).toBe(20);
    expect(total(w)).toBeLessThanOrEqual(99);
  });

  it('drops columns by priority before it cuts NAME, then cuts NAME', () => {
    const w = shown(pods, [pod], 60);
    expect(w).toEqual({ NAMESPACE: 9, NAME: 19, READY: 5, STATUS: 7, RESTARTS: 11, AGE: 3 });
    const narrow = shown(pods, [pod], 40);
    expect(Object.keys(narrow)).toEqual(['NAME', 'READY', 'STATUS']);
    const tiny = shown(pods, [pod], 20);
    expect(tiny.NAME).toBeLessThan(19);
  });

  it('keeps NAME, TYPE, CLUSTER-IP and PORTS of services at 80 columns before an empty OPEN', () => {
    const services = serviceColumns(true);
    const rows = [
      cells('svc', 'default', 'kubernetes', 'ClusterIP', '10.96.0.1', '443/TCP', ''),
      cells('svc', 'shop', 'web-frontend', 'ClusterIP', '10.96.143.210', '80/TCP,443/TCP', ''),
    ];
    const w = shown(services, rows, 79);
    expect(Object.keys(w)).toEqual(['KIND', 'NAMESPACE', 'NAME', 'TYPE/CLASS', 'ADDRESS', 'PORTS/HOSTS']);
    expect(w['PORTS/HOSTS']).toBe(14);
    // A URL to open on this machine is worth more than the cluster IP; it is cut to fit.
    rows[1][6] = { text: 'http://127.0.0.1:30080 https://127.0.0.1:30443' };
    const open = shown(services, rows, 79);
    expect(Object.keys(open)).toEqual(['KIND', 'NAMESPACE', 'NAME', 'TYPE/CLASS', 'PORTS/HOSTS', 'OPEN']);
    expect(open.OPEN).toBe(25);
    expect(total(open)).toBe(79);
  });
});
