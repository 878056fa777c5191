import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseManifests, readManifests } from './manifest.js';

const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
`;

describe('manifests', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-manifest-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every document of a multi-document YAML stream, skipping empty ones', () => {
    const text = `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n${deploy}---\n# only a comment\n`;
    const objs = parseManifests(text, 'app.yaml').map((m) => `${m.object.kind}/${m.object.metadata.name}`);
    expect(objs).toEqual(['Namespace/shop', 'Deployment/web']);
  });

  it('flattens List kinds, nested ones too', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
        {
          apiVersion: 'v1',
          kind: 'ServiceList',
          items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } }],
        },
      ],
    };
    const objs = parseManifests(JSON.stringify(list), 'list.json').map((m) => m.object.metadata.name);
    expect(objs).toEqual(['a', 'b']);
  });

  it('reads JSON files and the .yaml/.yml/.json files of a directory in name order', async () => {
    fs.writeFileSync(
      path.join(dir, 'b.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-json' } }),
    );
    fs.writeFileSync(path.join(dir, 'a.yaml'), deploy);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(
      path.join(dir, 'sub', 'c.yml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: deep\n',
    );
    const flat = await readManifests([dir]);
    expect(flat.map((m) => m.object.metadata.name)).toEqual(['web', 'from-json']);
    expect(flat[0].source).toBe(`"${path.join(dir, 'a.yaml')}"`);
    const deep = await readManifests([dir], { recursive: true });
    expect(deep.map((m) => m.object.metadata.name)).toEqual(['web', 'from-json', 'deep']);
  });

  it('reads - from stdin', async () => {
    const objs = await readManifests(['-'], { stdin: Readable.from([deploy]) });
    expect(objs.map((m) => [m.source, m.object.metadata.name])).toEqual([['STDIN', 'web']]);
  });

  it.each([
    ['kind: Pod\nmetadata:\n  name: x\n', 'apiVersion not set'],
    ['apiVersion: v1\nmetadata:\n  name: x\n', 'kind not set'],
    ['- a\n- b\n', 'must be an object'],
    ['apiVersion: v1\nkind: Pod\n  bad: indent\n', 'error parsing'],
  ])('rejects bad input %#', (text, message) => {
    expect(() => parseManifests(text, 'f.yaml')).toThrow(message);
  });

  it("says go-yaml's words for an unknown anchor and for a billion laughs", () => {
    const unknown = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  b: *y\n';
    expect(() => parseManifests(unknown, 'f.yaml')).toThrow(
      "error parsing f.yaml: error converting YAML to JSON: yaml: unknown anchor 'y' referenced",
    );
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const c of 'bcdefghi') {
      const prev = String.fromCharCode(c.charCodeAt(0) - 1);
      levels.push(`${c}: &${c} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    expect(() => parseManifests(levels.join('\n'), 'f.yaml')).toThrow(
      'error parsing f.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing',
    );
  });

  it('says when a path does not exist', async () => {
    await expect(readManifests([path.join(dir, 'nosuch.yaml')])).rejects.toThrow('does not exist');
  });
});
