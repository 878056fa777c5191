import { describe, expect, it } from 'vitest';
import type { Event } from '../../api/kinds/index.js';
import {
  alignTabs,
  DescribeWriter,
  describeEvents,
  printAnnotationsMultiline,
  printTolerationsMultiline,
  quantityString,
  rfc1123z,
  tabbed,
} from './shared.js';

describe('describe writer', () => {
  it('aligns a column over consecutive lines that have it, as Go tabwriter does', () => {
    expect(alignTabs('Name:\tp1\nLong Name:\tx\nContainers:\n  c:\n    Image:\tbusybox\n')).toBe(
      'Name:       p1\nLong Name:  x\nContainers:\n  c:\n    Image:  busybox\n',
    );
  });

  it('pads an empty cell and a cell with trailing text, but never the last cell of a line', () => {
    expect(alignTabs('  Machine ID:\t\n  Kernel Version:\t6.1\n')).toBe(
      '  Machine ID:      \n  Kernel Version:  6.1\n',
    );
    expect(alignTabs('Port:\t<unset>\t80/TCP\nIP:\t10.0.0.1\n')).toBe(
      'Port:  <unset>  80/TCP\nIP:    10.0.0.1\n',
    );
  });

  it('aligns what comes after a flush apart from what came before', () => {
    const w = new DescribeWriter();
    w.write(0, 'A much longer key:\tv\n');
    w.flush();
    w.write(1, 'k:\tv\n');
    expect(w.toString()).toBe('A much longer key:  v\n  k:  v\n');
  });

  it('keeps tabs when unaligned, as rollout history prints a template', () => {
    const w = new DescribeWriter(false);
    w.write(1, 'Image:\tbusybox\n');
    expect(w.toString()).toBe('  Image:\tbusybox\n');
  });
});

describe('describe sections', () => {
  const now = Date.parse('2025-01-01T00:10:00Z');
  const event = (over: Partial<Event>): Event => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e' },
    involvedObject: { name: 'p' },
    type: 'Normal',
    ...over,
  });

  it("writes the Events table sorted by last time, with kubectl's repeat form", () => {
    const text = tabbed((w) =>
      describeEvents(
        [
          event({
            reason: 'BackOff',
            type: 'Warning',
            message: 'Back-off restarting  ',
            firstTimestamp: '2025-01-01T00:05:00Z',
            lastTimestamp: '2025-01-01T00:09:00Z',
            count: 3,
            source: { component: 'kubelet', host: 'n1' },
          }),
          event({
            reason: 'Scheduled',
            firstTimestamp: '2025-01-01T00:04:00Z',
            lastTimestamp: '2025-01-01T00:04:00Z',
            reportingComponent: 'default-scheduler',
          }),
        ],
        w,
        now,
      ),
    );
    expect(text).toBe(
      [
        'Events:',
        '  Type     Reason     Age               From               Message',
        '  ----     ------     ----              ----               -------',
        '  Normal   Scheduled  6m                default-scheduler  ',
        '  Warning  BackOff    60s (x3 over 5m)  kubelet            Back-off restarting',
        '',
      ].join('\n'),
    );
    expect(tabbed((w) => describeEvents([], w, now))).toBe('Events:  <none>\n');
  });

  it('prints long or multi-line annotations on lines of their own, without last-applied', () => {
    const text = tabbed((w) =>
      printAnnotationsMultiline(w, 'Annotations', {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        b: 'one\ntwo',
        a: 'x',
      }),
    );
    expect(text).toBe('Annotations:  a: x\n              b:\n                one\n                two\n');
  });

  it('prints tolerations as kubectl does, sorted by key', () => {
    const text = tabbed((w) =>
      printTolerationsMultiline(w, 'Tolerations', [
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        { operator: 'Exists' },
        { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      ]),
    );
    expect(text).toBe(
      [
        'Tolerations:  op=Exists',
        '              dedicated=gpu:NoSchedule',
        '              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        '',
      ].join('\n'),
    );
  });

  it("formats times as RFC1123Z and quantities in their canonical form, Go's zero time when unset", () => {
    expect(rfc1123z('2026-11-30T07:59:23Z')).toMatch(/^Mon, 30 Nov 2026 \d\d:59:23 [+-]\d{4}$/);
    expect(rfc1123z(undefined)).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
    expect(quantityString('1000m')).toBe('1');
    expect(quantityString('1024Mi')).toBe('1Gi');
    expect(quantityString(undefined)).toBe('0');
  });
});
