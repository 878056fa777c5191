/**
 * Kubernetes' JSONPath (client-go util/jsonpath) for one expression such as
 * `.spec.containers[0].image` or `.status.conditions[?(@.type=="Ready")].status`: fields with
 * `\.` escapes, `*`, `..`, indices, slices, unions, `['key']` and filters. Missing keys give no
 * result, as for printer columns (AllowMissingKeys).
 *
 * A small evaluator of this grammar rather than a JSONPath library: the common npm ones follow
 * Goessner's `$`-rooted syntax with JavaScript filter expressions, where Kubernetes parses its
 * own grammar and compares filter operands by Go rules.
 */

type Step =
  | { op: 'field'; name: string }
  | { op: 'wildcard' }
  | { op: 'recursive' }
  | { op: 'slice'; start?: number; end?: number; step?: number; single: boolean }
  | { op: 'union'; branches: Step[][] }
  | { op: 'filter'; left: Step[]; cmp: string; right: Literal | Step[] };

type Literal = { literal: unknown };

export class JsonPathError extends Error {}

const TERMINATORS = new Set([' ', '\t', '\r', '\n', '.', ',', '[', ']', '$', '@', '{', '}']);

export function parseJsonPath(expr: string): Step[] {
  const text = expr.trim().replace(/^\{(.*)\}$/s, '$1');
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '$' || ch === '@' || ch === ' ') i++;
    else if (text.startsWith('..', i)) {
      if (steps.at(-1)?.op === 'recursive') throw new JsonPathError('invalid multiple recursive descent');
      steps.push({ op: 'recursive' });
      i += 2;
      if (i < text.length && !TERMINATORS.has(text[i])) i = readField(text, i, steps);
    } else if (ch === '.') i = readField(text, i + 1, steps);
    else if (text.startsWith('[?(', i)) i = readFilter(text, i, steps);
    else if (ch === '[') i = readBracket(text, i, steps);
    else throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(ch)}`);
  }
  return steps;
}

function readField(text: string, start: number, steps: Step[]): number {
  let i = start;
  while (i < text.length && !TERMINATORS.has(text[i])) i += text[i] === '\\' ? 2 : 1;
  const raw = text.slice(start, i);
  steps.push(raw === '*' ? { op: 'wildcard' } : { op: 'field', name: raw.replaceAll('\\', '') });
  return i;
}

function readBracket(text: string, start: number, steps: Step[]): number {
  const end = text.indexOf(']', start);
  if (end < 0) throw new JsonPathError('unterminated array');
  const inner = text.slice(start + 1, end).trim();
  const parts = inner.split(',');
  if (parts.length > 1) {
    steps.push({ op: 'union', branches: parts.map((p) => parseJsonPath(`[${p.trim()}]`)) });
    return end + 1;
  }
  const quoted = /^'([^']*)'$/.exec(inner);
  if (quoted) {
    steps.push(...parseJsonPath(`.${quoted[1]}`));
    return end + 1;
  }
  const slice = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(inner === '*' ? ':' : inner);
  if (!slice) throw new JsonPathError(`invalid array index ${inner}`);
  const num = (s: string | undefined) => (s && s !== ':' ? Number(s.replace(/^:/, '')) : undefined);
  steps.push({
    op: 'slice',
    start: num(slice[1]),
    end: num(slice[2]),
    step: num(slice[3]),
    single: !slice[2] && slice[1] !== '',
  });
  return end + 1;
}

function readFilter(text: string, start: number, steps: Step[]): number {
  let i = start + 3;
  let quote: string | undefined;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote && text[i - 1] !== '\\') quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ')') break;
  }
  if (text[i + 1] !== ']')
    throw new JsonPathError(i >= text.length ? 'unterminated filter' : 'unclosed array expect ]');
  const body = text.slice(start + 3, i);
  const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(body);
  if (!m)
    steps.push({ op: 'filter', left: parseJsonPath(body), cmp: 'exists', right: { literal: undefined } });
  else steps.push({ op: 'filter', left: parseJsonPath(m[1]), cmp: m[2], right: operand(m[3].trim()) });
  return i + 2;
}

function operand(text: string): Literal | Step[] {
  if (/^(["']).*\1$/s.test(text)) return { literal: text.slice(1, -1).replace(/\\(.)/g, '$1') };
  if (/^[-+]?\d+(\.\d+)?$/.test(text)) return { literal: Number(text) };
  if (text === 'true' || text === 'false') return { literal: text === 'true' };
  return parseJsonPath(text);
}

/** Every value `steps` selects from `root`, in document order. */
export function evaluate(steps: Step[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) current = current.flatMap((v) => apply(step, v));
  return current;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function apply(step: Step, v: unknown): unknown[] {
  switch (step.op) {
    case 'field':
      return isMap(v) && step.name in v ? [v[step.name]] : [];
    case 'wildcard':
      return isMap(v) ? Object.values(v) : Array.isArray(v) ? v : [];
    case 'recursive':
      return descendants(v);
    case 'slice':
      return Array.isArray(v) ? slice(v, step) : [];
    case 'union':
      return step.branches.flatMap((b) => evaluate(b, v));
    case 'filter':
      return (Array.isArray(v) ? v : [v]).filter((item) => matches(step, item));
  }
}

function descendants(v: unknown): unknown[] {
  const children = isMap(v) ? Object.values(v) : Array.isArray(v) ? v : [];
  return [v, ...children.flatMap(descendants)];
}

function slice(list: unknown[], s: Extract<Step, { op: 'slice' }>): unknown[] {
  const len = list.length;
  const norm = (n: number) => (n < 0 ? n + len : n);
  if (s.single) {
    const at = norm(s.start ?? 0);
    return at >= 0 && at < len ? [list[at]] : [];
  }
  const step = s.step ?? 1;
  const from = Math.max(0, Math.min(len, norm(s.start ?? 0)));
  const to = Math.max(0, Math.min(len, s.end === undefined ? len : norm(s.end)));
  const out: unknown[] = [];
  for (let i = from; i < to; i += step > 0 ? step : 1) out.push(list[i]);
  return out;
}

function matches(step: Extract<Step, { op: 'filter' }>, item: unknown): boolean {
  const left = evaluate(step.left, item);
  if (step.cmp === 'exists') return left.length > 0;
  const right = 'literal' in step.right ? [step.right.literal] : evaluate(step.right, item);
  if (!left.length || !right.length) return false;
  const [a, b] = [left[0], right[0]];
  switch (step.cmp) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return typeof a === 'number' && typeof b === 'number' && a < b;
    case '>':
      return typeof a === 'number' && typeof b === 'number' && a > b;
    case '<=':
      return typeof a === 'number' && typeof b === 'number' && a <= b;
    case '>=':
      return typeof a === 'number' && typeof b === 'number' && a >= b;
    default:
      throw new JsonPathError(`unrecognized filter operator ${step.cmp}`);
  }
}
