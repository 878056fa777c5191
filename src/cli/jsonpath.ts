/**
 * kubectl's JSONPath templates (`-o jsonpath=`, `-o custom-columns=`, `--sort-by`): text and
 * `{expression}`s, `{range EXPR}...{end}` and `{"literal"}`, each expression evaluated by
 * jsonpath-plus (the library @kubernetes/client-node uses). Missing fields print nothing, as
 * `kubectl get` allows missing keys.
 */
import { JSONPath } from 'jsonpath-plus';
import { parseQuantity } from '../api/schema/quantity.js';
import { goSort } from './describe/go-sort.js';
import { goJson } from './go-json.js';
import { goValue } from './go-value.js';

type Part = { text: string } | { expr: string } | { range: string; body: Part[] };

/** `.a.b\.c[0]` or `{.a}` in kubectl's spelling, as jsonpath-plus reads it: `$.a['b.c'][0]`. */
function toJsonPath(expr: string): string {
  let e = expr.trim();
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1).trim();
  if (e.startsWith('$') || e.startsWith('@')) e = e.slice(1);
  // A path written without its leading dot (custom-columns-file's `metadata.name`) is relaxed to one.
  if (/^[^.[]/.test(e)) e = `.${e}`;
  // kubectl reads a quoted key's dots as steps: `['metadata.name']` is `.metadata.name`.
  e = e.replace(/\['([^']*)'\]/g, (_m, key: string) => `.${key}`);
  // Escaped dots belong to a key (app\.kubernetes\.io/name): such a segment goes in brackets.
  e = e.replace(/\.((?:[^.[\\]|\\\.)+)/g, (m, key: string) =>
    key.includes('\\.') ? `['${key.replaceAll('\\.', '.')}']` : m,
  );
  return `$${e}`;
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * The parse errors Go's JSONPath parser gives on an expression's brackets: a `[` with no `]`
 * after it, an index or slice bound that does not fit an int64.
 */
function checkBrackets(expr: string): void {
  for (let at = expr.indexOf('['); at >= 0; at = expr.indexOf('[', at + 1)) {
    const close = expr.indexOf(']', at);
    if (close < 0) throw new Error('unterminated array');
    const inner = expr.slice(at + 1, close).trim();
    if (!/^[-+\d:\s]*$/.test(inner)) continue;
    for (const bound of inner.split(':').map((b) => b.trim())) {
      if (/^[-+]?\d+$/.test(bound) && (BigInt(bound) > INT64_MAX || BigInt(bound) < -INT64_MAX - 1n))
        throw new Error(`array index ${bound} is not a number`);
    }
  }
}

/** The path before the first bracket whose slice step is 0, which Go's JSONPath refuses when it reaches an array. */
function zeroStepPrefix(expr: string): string | undefined {
  const m = /\[\s*-?\d*\s*:\s*-?\d*\s*:\s*[-+]?0+\s*\]/.exec(expr);
  return m ? expr.slice(0, m.index) : undefined;
}

export function evaluate(expr: string, data: unknown): unknown[] {
  if (data === null || typeof data !== 'object') return [];
  const prefix = zeroStepPrefix(expr);
  if (prefix !== undefined) {
    if (evaluate(prefix, data).some(Array.isArray)) throw new JsonPathStepError('step must be > 0');
    return [];
  }
  return JSONPath({ path: toJsonPath(expr), json: data as object, wrap: true }) as unknown[];
}

/** A JSONPath evaluation that Go's engine refuses while executing the template. */
export class JsonPathStepError extends Error {}

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
    } else if (/^range\b/.test(inner)) {
      const body: Part[] = [];
      stack.at(-1)!.push({ range: inner.slice(5), body });
      stack.push(body);
    } else if (inner.startsWith('"')) stack.at(-1)!.push({ text: JSON.parse(inner) as string });
    else {
      try {
        checkBrackets(inner);
      } catch (err) {
        throw new Error(`error parsing jsonpath ${template}, ${(err as Error).message}`);
      }
      stack.at(-1)!.push({ expr: inner });
    }
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

/** kubectl's wording of an error met while executing the template. */
function executing<T>(template: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof JsonPathStepError)) throw err;
    throw new Error(
      `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${err.message}`,
    );
  }
}

/** `-o jsonpath=TEMPLATE` of an object or a List. */
export function jsonpathOutput(template: string, data: unknown): string {
  const parts = parseTemplate(template);
  return executing(template, () => render(parts, data));
}

/** `-o jsonpath-as-json=TEMPLATE`: what each text, expression and range step finds, as an indented JSON array. */
export function jsonpathAsJson(template: string, data: unknown): string {
  const found = (parts: Part[], at: unknown): unknown[][] =>
    parts.flatMap((p) => {
      if ('text' in p) return [[p.text]];
      if ('expr' in p) return [evaluate(p.expr, at)];
      return evaluate(p.range, at).flatMap((item) => found(p.body, item));
    });
  const parts = parseTemplate(template);
  return executing(template, () => found(parts, data))
    .map((values) => `${goJson(values, true)}\n`)
    .join('');
}

/** `-o custom-columns=NAME:.path,...`: a header and a row per object, `<none>` where a path finds nothing. */
export function customColumns(spec: string, objects: unknown[]): string[][] {
  const columns = spec.split(',').map((c) => {
    const at = c.indexOf(':');
    if (at <= 0) throw new Error(`unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
    const path = c.slice(at + 1);
    checkBrackets(path);
    return { header: c.slice(0, at), path };
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

/**
 * kubectl's --sort-by order of two values: numbers and quantities ("3", "12", "100m") by size,
 * other strings byte by byte; a missing value comes first.
 */
function sortLess(a: unknown, b: unknown): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return !a && b;
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [parseQuantity(a), parseQuantity(b)];
    if (x !== undefined && y !== undefined) return x < y;
    return a < b;
  }
  return show(a) < show(b);
}

/** The error kubectl gives when no object has the --sort-by field. */
export class SortFieldMissing extends Error {}

/**
 * Objects ordered by the first value the path finds in each, as --sort-by orders them: by Go's
 * sort.Sort with kubectl's Less (a missing value is always less), so that ties and missing
 * values end where kubectl leaves them.
 */
export function sortByPath<T>(items: T[], path: string, read: (item: T) => unknown = (x) => x): T[] {
  if (items.length < 2) return items;
  const keyed = items.map((item) => ({ item, k: evaluate(path, read(item))[0] }));
  if (keyed.every((x) => x.k === undefined)) {
    const field = path.trim().startsWith('{') ? path.trim() : `{${path.trim()}}`;
    throw new SortFieldMissing(`couldn't find any field with path "${field}" in the list of objects`);
  }
  return goSort(keyed, (a, b) => sortLess(a.k, b.k)).map((x) => x.item);
}
