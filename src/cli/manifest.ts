import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { KubeObject } from '../api/types.js';
import { goYamlError } from './yaml-error.js';

/** An object read from a manifest, with where it came from for messages. */
export interface ManifestObject {
  source: string;
  object: KubeObject;
}

const manifestExt = new Set(['.yaml', '.yml', '.json']);

/** The objects of a YAML stream (several documents) or JSON text, List kinds flattened. */
export function parseManifests(text: string, source: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  // kubectl names the file unquoted here, and says go-yaml's one line.
  const parseError = (errors: unknown[]) =>
    new Error(
      `error parsing ${source.replace(/^"(.*)"$/, '$1')}: error converting YAML to JSON: ${goYamlError(errors)}`,
    );
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw parseError(doc.errors);
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (err) {
      // Aliases are resolved only here: an undefined anchor, or too many (a "billion laughs").
      throw parseError([err]);
    }
    if (value === null || value === undefined) continue;
    flatten(value, source, out);
  }
  return out;
}

const notValid = (source: string, why: string) =>
  new Error(
    `error validating ${source}: error validating data: ${why}; if you choose to ignore these errors, turn validation off with --validate=false`,
  );

function flatten(value: unknown, source: string, out: ManifestObject[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`error validating ${source}: a manifest document must be an object`);
  }
  const obj = value as KubeObject & { items?: unknown[] };
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    for (const item of obj.items) flatten(item, source, out);
    return;
  }
  if (!obj.apiVersion) throw notValid(source, 'apiVersion not set');
  if (!obj.kind) throw notValid(source, 'kind not set');
  obj.metadata ??= {};
  out.push({ source, object: obj });
}

function filesOf(p: string, recursive: boolean): string[] {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) throw new Error(`the path "${p}" does not exist`);
  if (!st.isDirectory()) return [p];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const full = path.join(p, e.name);
      if (e.isDirectory()) return recursive ? filesOf(full, true) : [];
      return manifestExt.has(path.extname(e.name).toLowerCase()) ? [full] : [];
    });
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads `-f` arguments: files, directories (their .yaml/.yml/.json files) and `-` for stdin. */
export async function readManifests(
  paths: string[],
  opts: { recursive?: boolean; stdin?: NodeJS.ReadableStream } = {},
): Promise<ManifestObject[]> {
  const out: ManifestObject[] = [];
  // kubectl's builder refuses a path once no file at all has been found, this one's included.
  let sources = 0;
  for (const p of paths) {
    if (p === '-') {
      sources++;
      out.push(...parseManifests(await readStream(opts.stdin ?? process.stdin), 'STDIN'));
      continue;
    }
    const files = filesOf(p, opts.recursive ?? false);
    sources += files.length;
    if (sources === 0)
      throw new Error(
        `error reading [${p}]: recognized file extensions are [${[...manifestExt].sort().join(' ')}]`,
      );
    for (const file of files) {
      out.push(...parseManifests(fs.readFileSync(file, 'utf8'), `"${file}"`));
    }
  }
  return out;
}
