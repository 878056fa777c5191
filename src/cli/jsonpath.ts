/**
 * kubectl's JSONPath templates (`-o jsonpath=`, `-o custom-columns=`, `--sort-by`): text and
 * `{expression}`s, `{range EXPR}...{end}` and `{"literal"}`, each expression evaluated by
 * jsonpath-plus (the library @kubernetes/client-node uses). Missing fields print nothing, as
 * `kubectl get` allows missing keys.
 */
import { JSONPath } from 'jsonpath-plus';
import { goJson } from './go-json.js';
import { goNumber } from './yaml11.js';

type Part = { text: string } | { expr: string } | { range: string; body: Part[] };

/** `.a.b\.c[0]` or `{.a}` in kubectl's spelling, as jsonpath-plus reads it: `$.a['b.c'][0]`. */
function toJsonPath(expr: string): string {
  let e = expr.trim();
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1).trim();
  if (e.startsWith('$')) e = e.slice(1);
  // Escaped dots belong to a key (app\.kubernetes\.io/name): such a segment goes in brackets.
  e = e.replace(/\.((?:[^.[\\]|\\\.)+)/g, (m, key: string) =>
    key.includes('\\.') ? `['${key.replaceAll('\\.', '.')}']` : m,
  );
  return `$${e}`;
}

export function evaluate(expr: string, data: unknown): unknown[] {
  if (data === null || typeof data !== 'object') return [];
  return JSONPath({ path: toJsonPath(expr), json: data as object, wrap: true }) as unknown[];
}

const show = (v: unknown) => (typeof v === 'string' ? v : goJson(v));

export function parseTemplate(template: string): Part[] {
  const root: Part[] = [];
  const stack: Part[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack.at(-1)!.push({ text: template.slice(i) });
      break;
    }
    if (open > i) stack.at(-1)!.push({ text: template.slice(i, open) });
    let close = open + 1;
    for (let quoted = false; close < template.length; close++) {
      const c = template[close];
      if (c === '"' && template[close - 1] !== '\\') quoted = !quoted;
      else if (c === '}' && !quoted) break;
    }
    if (close >= template.length) throw new Error(`error parsing jsonpath ${template}, unclosed action`);
    const inner = template.slice(open + 1, close).trim();
    if (inner === 'end') {
      if (stack.length === 1)
        throw new Error(`error parsing jsonpath ${template}, not in range, nothing to end`);
      stack.pop();
    } else if (inner.startsWith('range ')) {
      const body: Part[] = [];
      stack.at(-1)!.push({ range: inner.slice(6), body });
      stack.push(body);
    } else if (inner.startsWith('"')) stack.at(-1)!.push({ text: JSON.parse(inner) as string });
    else stack.at(-1)!.push({ expr: inner });
    i = close + 1;
  }
  if (stack.length > 1) throw new Error(`error parsing jsonpath ${template}, unclosed range`);
  return root;
}

function render(parts: Part[], data: unknown): string {
  let out = '';
  for (const p of parts) {
    if ('text' in p) out += p.text;
    else if ('expr' in p) out += evaluate(p.expr, data).map(show).join(' ');
    else for (const item of evaluate(p.range, data)) out += render(p.body, item);
  }
  return out;
}

/** `-o jsonpath=TEMPLATE` of an object or a List. */
export function jsonpathOutput(template: string, data: unknown): string {
  return render(parseTemplate(template), data);
}

/** `-o custom-columns=NAME:.path,...`: a header and a row per object, `<none>` where a path finds nothing. */
export function customColumns(spec: string, objects: unknown[]): string[][] {
  const columns = spec.split(',').map((c) => {
    const at = c.indexOf(':');
    if (at <= 0) throw new Error(`unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
    return { header: c.slice(0, at), path: c.slice(at + 1) };
  });
  return [
    columns.map((c) => c.header),
    ...objects.map((o) =>
      columns.map((c) => {
        const values = evaluate(c.path, o);
        return values.length ? values.map(goValue).join(',') : '<none>';
      }),
    ),
  ];
}

/** A value as Go's fmt `%v` prints what JSON decodes to, as kubectl's custom columns show it. */
function goValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isFinite(v) ? goNumber(v) : String(v);
  if (typeof v !== 'object') return String(v);
  const m = v as Record<string, unknown>;
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${goValue(m[k])}`)
    .join(' ')}]`;
}

/** Go's sortorder.NaturalLess, which kubectl sorts strings with: runs of digits compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const [x, y] = [chunks(a), chunks(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i], y[i]];
    const numeric = /^\d/.test(p) && /^\d/.test(q);
    const d = numeric ? Number(p) - Number(q) : p < q ? -1 : p > q ? 1 : 0;
    if (d) return d;
  }
  return x.length - y.length;
}

/** Objects ordered by the value the path finds in each (numbers as numbers), as --sort-by orders them. */
export function sortByPath<T>(items: T[], path: string, read: (item: T) => unknown = (x) => x): T[] {
  const key = (item: T) => evaluate(path, read(item))[0];
  const keyed = items.map((item) => ({ item, k: key(item) }));
  keyed.sort((a, b) => {
    if (a.k === undefined) return b.k === undefined ? 0 : -1;
    if (b.k === undefined) return 1;
    if (typeof a.k === 'number' && typeof b.k === 'number') return a.k - b.k;
    return naturalCompare(show(a.k), show(b.k));
  });
  return keyed.map((x) => x.item);
}
