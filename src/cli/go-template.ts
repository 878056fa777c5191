/**
 * The part of Go's text/template that `kubectl get -o go-template=` users write, run over an
 * object decoded from JSON as kubectl's unstructured objects are: `{{.a.b}}`, `$`, variables,
 * `{{if}}`/`{{else if}}`/`{{else}}`, `{{range}}` (with `$i, $v :=`, `{{break}}`, `{{continue}}`),
 * `{{with}}`, `{{define}}`/`{{template}}`/`{{block}}`, pipelines (`|`), parentheses, comments,
 * `{{-`/`-}}` trimming, and the functions index, slice, len, printf, print, println, eq, ne, lt,
 * le, gt, ge, and, or, not, base64decode. No npm library implements
 * text/template in JavaScript with care (the few there are are unmaintained or bind Go natively).
 */
import { goValue } from './go-value.js';

/** A token, with where it starts in the template and its text, for errors met running it. */
type Token = (
  | { t: 'field'; path: string[] }
  | { t: 'var'; name: string; path: string[] }
  | { t: 'ident'; v: string }
  | { t: 'lit'; v: unknown }
  | { t: 'op'; v: '(' | ')' | '|' | ':=' | '=' | ',' }
) & { at?: number; raw?: string };

/** An error met running the template, at a node Go's message names by its place and text. */
class ExecError extends Error {
  constructor(
    readonly at: number,
    readonly node: string,
    message: string,
  ) {
    super(message);
  }
}

/** The command or field a failing step belongs to, as Go's error context names it. */
function failedAt(at: number | undefined, node: string, err: unknown): unknown {
  if (err instanceof ExecError || err instanceof LoopSignal || !(err instanceof Error) || at === undefined)
    return err;
  return new ExecError(at, node, err.message);
}

type Block = { k: 'if' | 'with' | 'range'; p: Token[]; body: Node[]; alt: Node[] };

type Node =
  | { k: 'text'; v: string }
  | { k: 'out'; p: Token[] }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'template'; name: string; p: Token[] }
  | Block;

/** A template's top-level nodes and the templates it defines by name. */
type Parsed = { nodes: Node[]; defs: Map<string, Node[]> };

/** Thrown through the nodes of a range's body by {{break}} and {{continue}}. */
class LoopSignal {
  constructor(readonly k: 'break' | 'continue') {}
}

const NO_VALUE = Symbol('no value');

function known(name: string): string {
  if (!(name in FUNCS)) throw new Error(`function "${name}" not defined`);
  return name;
}

function tokenize(src: string, base: number): Token[] {
  const out: Token[] = [];
  const re =
    /\s+|("(?:[^"\\]|\\.)*")|`([^`]*)`|'((?:[^'\\]|\\.)+)'|(:=|[()|=,])|(\$[A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)|((?:\.[A-Za-z0-9_]+)+|\.)|(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)/y;
  for (let m = re.exec(src); m && re.lastIndex <= src.length; m = re.exec(src)) {
    if (m[0].length === 0) break;
    const before = out.length;
    if (m[1]) out.push({ t: 'lit', v: JSON.parse(m[1]) });
    else if (m[2] !== undefined) out.push({ t: 'lit', v: m[2] });
    else if (m[3]) out.push({ t: 'lit', v: (JSON.parse(`"${m[3]}"`) as string).codePointAt(0) });
    else if (m[4]) out.push({ t: 'op', v: m[4] as ')' });
    else if (m[5]) out.push({ t: 'var', name: m[5], path: m[6].split('.').filter(Boolean) });
    else if (m[7]) out.push({ t: 'field', path: m[7].split('.').filter(Boolean) });
    else if (m[8]) {
      const n = Number(m[8]);
      if (!Number.isFinite(n)) throw new Error(`illegal number syntax: "${m[8]}"`);
      if (/^-?\d+$/.test(m[8]) && (BigInt(m[8]) >= 2n ** 64n || BigInt(m[8]) < -(2n ** 63n)))
        throw new Error(`integer overflow: "${m[8]}"`);
      out.push({ t: 'lit', v: n });
    } else if (m[9]) {
      const v = m[9];
      out.push(
        v === 'true' || v === 'false'
          ? { t: 'lit', v: v === 'true' }
          : v === 'nil'
            ? { t: 'lit', v: null }
            : { t: 'ident', v: known(v) },
      );
    }
    if (out.length > before) Object.assign(out[before], { at: base + m.index, raw: m[0] });
    if (re.lastIndex === src.length) return out;
  }
  if (src.trim() && re.lastIndex !== src.length) throw new Error(`unexpected "${src}" in command`);
  return out;
}

/** The template's text and actions, as a tree of text, output and control nodes. */
function parse(template: string): Parsed {
  const lineAt = (at: number) => template.slice(0, at).split('\n').length;
  const pos = { at: 0 };
  try {
    const defs = new Map<string, Node[]>();
    return { nodes: parseNodes(template, pos, defs), defs };
  } catch (err) {
    // Go's parser names the line the error is on.
    throw new Error(`template: output:${lineAt(pos.at)}: ${(err as Error).message}`);
  }
}

/** The nodes of a template; `pos.at` follows the action being read, for the line of an error. */
function parseNodes(template: string, pos: { at: number }, defs: Map<string, Node[]>): Node[] {
  const root: Node[] = [];
  const stack: { nodes: Node[]; block?: Block; inAlt?: boolean; define?: boolean }[] = [{ nodes: root }];
  const top = () => stack[stack.length - 1];
  let i = 0;
  let trimNext = false;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    let text = template.slice(i, open < 0 ? undefined : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open >= 0 && template.startsWith('{{- ', open)) text = text.replace(/\s+$/, '');
    if (text) top().nodes.push({ k: 'text', v: text });
    if (open < 0) break;
    pos.at = open;
    const close = findClose(template, open + 2);
    let inner = template.slice(open + 2, close);
    if (inner.startsWith('- ')) inner = inner.slice(2);
    trimNext = inner.endsWith(' -');
    if (trimNext) inner = inner.slice(0, -2);
    i = close + 2;
    inner = inner.trim();
    const innerAt = template.indexOf(inner, open + 2);
    if (inner.startsWith('/*')) continue;
    const word = /^(if|with|range|else|end|break|continue|define|block|template)\b/.exec(inner)?.[1];
    if (word === 'break' || word === 'continue') {
      if (!stack.some((f) => f.block?.k === 'range' && !f.inAlt))
        throw new Error(`{{${word}}} outside {{range}}`);
      top().nodes.push({ k: word });
    } else if (word === 'define' || word === 'block' || word === 'template') {
      const [nameTok, ...p] = tokenize(inner.slice(word.length), innerAt + word.length);
      if (nameTok?.t !== 'lit' || typeof nameTok.v !== 'string')
        throw new Error(`unexpected ${inner.slice(word.length).trim() || 'EOF'} in ${word} clause`);
      if (word !== 'define') top().nodes.push({ k: 'template', name: nameTok.v, p });
      if (word !== 'template') {
        const body: Node[] = [];
        defs.set(nameTok.v, body);
        stack.push({ nodes: body, define: true });
      }
    } else if (word === 'end') {
      if (stack.length === 1) throw new Error('unexpected {{end}}');
      stack.pop();
    } else if (word === 'else') {
      const frame = top();
      if (!frame.block || frame.inAlt || frame.define) throw new Error('unexpected {{else}}');
      frame.inAlt = true;
      frame.nodes = frame.block.alt;
      const rest = inner.slice(4).trim();
      const restAt = template.indexOf(rest, innerAt + 4);
      // `{{else if x}}` is an if inside the else branch, closed by the same {{end}}.
      const chained = /^(if|with)\b/.exec(rest)?.[1] as 'if' | 'with' | undefined;
      if (chained) {
        const block = {
          k: chained,
          p: tokenize(rest.slice(chained.length), restAt + chained.length),
          body: [],
          alt: [],
        };
        frame.block.alt.push(block);
        frame.block = block;
        frame.inAlt = false;
        frame.nodes = block.body;
      }
    } else if (word) {
      const block = {
        k: word as 'if',
        p: tokenize(inner.slice(word.length), innerAt + word.length),
        body: [],
        alt: [],
      };
      top().nodes.push(block);
      stack.push({ nodes: block.body, block });
    } else top().nodes.push({ k: 'out', p: tokenize(inner, innerAt) });
  }
  pos.at = template.length;
  if (stack.length > 1) throw new Error('unexpected EOF');
  return root;
}

function findClose(s: string, from: number): number {
  let quote = '';
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (quote) {
      if (c === '\\' && quote !== '`') j++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}' && s[j + 1] === '}') return j;
  }
  throw new Error('unclosed action');
}

type Scope = { dot: unknown; vars: Map<string, unknown>; defs: Map<string, Node[]> };

/** One link of a field chain; `link` is its place in the chain, as `reduce` passes it. */
function step(v: unknown, key: string, link = 0): unknown {
  if (v === NO_VALUE || v === null || v === undefined) return NO_VALUE;
  // What a map gives is typed interface {} in Go, whatever it holds.
  if (typeof v !== 'object' || Array.isArray(v))
    throw new Error(`can't evaluate field ${key} in type ${link > 0 ? 'interface {}' : typeName(v)}`);
  return key in (v as object) ? (v as Record<string, unknown>)[key] : NO_VALUE;
}

const typeName = (v: unknown) =>
  Array.isArray(v)
    ? '[]interface {}'
    : typeof v === 'string'
      ? 'string'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'int64'
          : 'float64'
        : typeof v === 'boolean'
          ? 'bool'
          : 'interface {}';

function truth(v: unknown): boolean {
  if (v === NO_VALUE || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

const plain = (v: unknown) => (v === NO_VALUE ? undefined : v);

/** A value as text/template prints it: Go's %v of what JSON decodes to. */
function print(v: unknown): string {
  if (v === NO_VALUE) return '<no value>';
  return typeof v === 'string' ? v : goValue(v);
}

function sprintf(format: string, args: unknown[]): string {
  let n = 0;
  return format.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([vsdqfgtxX%])/g,
    (_m, flags: string, width, prec, verb) => {
      if (verb === '%') return '%';
      if (n >= args.length) return `%!${verb}(MISSING)`;
      const a = plain(args[n++]);
      let s: string;
      if (verb === 'q') s = JSON.stringify(typeof a === 'string' ? a : print(a));
      else if (verb === 'd') s = Number.isInteger(a) ? String(a) : `%!d(${typeName(a)}=${print(a)})`;
      else if (verb === 'f')
        s = typeof a === 'number' ? fixed(a, prec === undefined ? 6 : Number(prec)) : print(a);
      else if (verb === 'x' || verb === 'X') {
        s = typeof a === 'number' ? a.toString(16) : Buffer.from(String(a)).toString('hex');
        if (verb === 'X') s = s.toUpperCase();
      } else {
        s = a === undefined ? '<nil>' : print(a);
        if (prec !== undefined && verb === 's') s = s.slice(0, Number(prec));
      }
      const w = Number(width ?? 0);
      if (s.length >= w) return s;
      if (flags.includes('-')) return s.padEnd(w);
      return s.padStart(w, flags.includes('0') && verb !== 's' ? '0' : ' ');
    },
  );
}

/** %.Nf as Go rounds it: a value exactly halfway goes to the even digit (JavaScript's toFixed rounds up). */
function fixed(x: number, digits: number): string {
  const scaled = Math.abs(x) * 10 ** digits;
  if (!Number.isInteger(scaled * 2) || Number.isInteger(scaled)) return x.toFixed(digits);
  const n = Math.floor(scaled);
  const even = n % 2 === 0 ? n : n + 1;
  return (Math.sign(x) * (even / 10 ** digits)).toFixed(digits);
}

function compare(a: unknown, b: unknown): number {
  const [x, y] = [plain(a), plain(b)];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  throw new Error(`incompatible types for comparison`);
}

const FUNCS: Record<string, (...args: unknown[]) => unknown> = {
  index: (v, ...keys) => {
    let at = plain(v);
    if ((at === undefined || at === null) && keys.length)
      throw new Error('error calling index: index of untyped nil');
    for (const k of keys) {
      if (at === undefined || at === null) throw new Error('error calling index: index of nil pointer');
      if (Array.isArray(at)) {
        if (typeof k !== 'number' || k < 0 || k >= at.length)
          throw new Error(`error calling index: index out of range: ${print(k)}`);
        at = at[k];
      } else at = plain(step(at, String(plain(k))));
    }
    return at === undefined ? NO_VALUE : at;
  },
  slice: (v, ...bounds) => {
    const x = plain(v);
    if (typeof x !== 'string' && !Array.isArray(x))
      throw new Error(`error calling slice: can't slice item of type ${typeName(x)}`);
    if (typeof x === 'string' && bounds.length > 2)
      throw new Error('error calling slice: cannot 3-index slice a string');
    const [from = 0, to = x.length, cap = x.length] = bounds.map(plain) as number[];
    for (const b of [from, to, cap])
      if (!Number.isInteger(b) || b < 0 || b > x.length)
        throw new Error(`error calling slice: index out of range: ${b}`);
    if (from > to) throw new Error(`error calling slice: invalid slice index: ${from} > ${to}`);
    if (to > cap) throw new Error(`error calling slice: invalid slice index: ${to} > ${cap}`);
    return x.slice(from, to);
  },
  len: (v) => {
    const x = plain(v);
    if (typeof x === 'string' || Array.isArray(x)) return x.length;
    if (x && typeof x === 'object') return Object.keys(x).length;
    if (x === undefined || x === null)
      throw new Error('error calling len: reflect: call of reflect.Value.Type on zero Value');
    throw new Error(`error calling len: len of type ${typeName(x)}`);
  },
  printf: (f, ...args) => sprintf(String(plain(f)), args),
  print: (...args) =>
    args
      .map((a, i) => {
        const s = print(a);
        const spaced = i > 0 && typeof plain(a) !== 'string' && typeof plain(args[i - 1]) !== 'string';
        return spaced ? ` ${s}` : s;
      })
      .join(''),
  println: (...args) => `${args.map(print).join(' ')}\n`,
  eq: (a, ...bs) => bs.some((b) => plain(a) === plain(b)),
  ne: (a, b) => plain(a) !== plain(b),
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  not: (a) => !truth(a),
  and: (...args) => args.find((a) => !truth(a)) ?? args.at(-1),
  or: (...args) => args.find(truth) ?? args.at(-1),
  base64decode: (s) => Buffer.from(String(plain(s)), 'base64').toString('utf8'),
};

/** Runs a pipeline: commands joined by `|`, each one's value the last argument of the next. */
function pipeline(tokens: Token[], scope: Scope): unknown {
  let decl: string[] = [];
  const assign = tokens.findIndex((t) => t.t === 'op' && (t.v === ':=' || t.v === '='));
  if (assign >= 0) {
    decl = tokens.slice(0, assign).flatMap((t) => (t.t === 'var' ? [t.name] : []));
    tokens = tokens.slice(assign + 1);
  }
  const value = run(tokens, scope);
  for (const name of decl) scope.vars.set(name, value);
  return value;
}

function run(tokens: Token[], scope: Scope): unknown {
  const commands: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.t === 'op' && t.v === '(') depth++;
    if (t.t === 'op' && t.v === ')') depth--;
    if (t.t === 'op' && t.v === '|' && depth === 0) commands.push([]);
    else commands.at(-1)!.push(t);
  }
  let piped: unknown[] = [];
  for (const c of commands) {
    if (c.length === 0) throw new Error('missing value for command');
    piped = [command(c, scope, piped)];
  }
  return piped[0];
}

function command(tokens: Token[], scope: Scope, piped: unknown[]): unknown {
  const args: unknown[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.t === 'op' && t.v === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < tokens.length && depth > 0; j++) {
        const u = tokens[j];
        if (u.t === 'op' && u.v === '(') depth++;
        if (u.t === 'op' && u.v === ')') depth--;
      }
      let v = run(tokens.slice(i + 1, j - 1), scope);
      const next = tokens[j];
      if (next?.t === 'field') {
        v = next.path.reduce(step, v);
        j++;
      }
      args.push(v);
      i = j - 1;
    } else if (t.t === 'field' || t.t === 'var') {
      if (t.t === 'var' && !scope.vars.has(t.name)) throw new Error(`undefined variable: ${t.name}`);
      // Go places a chain of fields at its second link.
      const link =
        t.t === 'field' ? (t.path.length > 1 ? 1 + t.path[0].length : 0) : t.path.length ? t.name.length : 0;
      try {
        args.push(t.path.reduce(step, t.t === 'field' ? scope.dot : scope.vars.get(t.name)));
      } catch (err) {
        throw failedAt(t.at === undefined ? undefined : t.at + link, t.raw ?? '', err);
      }
    } else if (t.t === 'lit') args.push(t.v);
    else if (t.t === 'ident') {
      args.push(FUNCS[t.v]);
    } else throw new Error(`unexpected "${t.v}" in operand`);
  }
  const [head, ...rest] = args;
  if (typeof head === 'function') {
    try {
      return head(...rest, ...piped);
    } catch (err) {
      const called =
        err instanceof Error && tokens[0].t === 'ident' && !err.message.startsWith('error calling ')
          ? new Error(`error calling ${tokens[0].v}: ${err.message}`)
          : err;
      throw failedAt(tokens[0].at, commandText(tokens), called);
    }
  }
  if (rest.length > 0 || piped.length > 0)
    throw new Error(`can't give argument to non-function ${print(head)}`);
  return head;
}

/** Writes the nodes' text to `out` as it goes, so that what a range body wrote before {{break}} stays. */
/** A command as Go's parse tree prints it: words one space apart, parentheses tight. */
const commandText = (tokens: Token[]) =>
  tokens
    .map((t) => t.raw ?? '')
    .join(' ')
    .replaceAll('( ', '(')
    .replaceAll(' )', ')');

function exec(nodes: Node[], scope: Scope, out: string[]): void {
  for (const n of nodes) {
    if (n.k === 'text') out.push(n.v);
    else if (n.k === 'break' || n.k === 'continue') throw new LoopSignal(n.k);
    else if (n.k === 'template') {
      const body = scope.defs.get(n.name);
      if (!body) throw new Error(`template ${JSON.stringify(n.name)} not defined`);
      const dot = n.p.length ? pipeline(n.p, scope) : NO_VALUE;
      exec(body, { dot, vars: new Map([['$', dot]]), defs: scope.defs }, out);
    } else if (n.k === 'out') {
      const assigns = n.p.some((t) => t.t === 'op' && (t.v === ':=' || t.v === '='));
      const v = pipeline(n.p, scope);
      if (!assigns) out.push(print(v));
    } else if (n.k === 'range') {
      const assign = n.p.findIndex((t) => t.t === 'op' && t.v === ':=');
      const names = assign < 0 ? [] : n.p.slice(0, assign).flatMap((t) => (t.t === 'var' ? [t.name] : []));
      const v = plain(run(assign < 0 ? n.p : n.p.slice(assign + 1), scope));
      const entries: [unknown, unknown][] = Array.isArray(v)
        ? v.map((x, i) => [i, x])
        : v && typeof v === 'object'
          ? Object.keys(v)
              .sort()
              .map((k) => [k, (v as Record<string, unknown>)[k]])
          : [];
      if (v !== undefined && v !== null && typeof v !== 'object')
        throw new Error(`range can't iterate over ${print(v)}`);
      if (entries.length === 0) exec(n.alt, scope, out);
      for (const [key, item] of entries) {
        const vars = new Map(scope.vars);
        if (names.length === 1) vars.set(names[0], item);
        if (names.length === 2) vars.set(names[0], key).set(names[1], item);
        try {
          exec(n.body, { dot: item, vars, defs: scope.defs }, out);
        } catch (signal) {
          if (!(signal instanceof LoopSignal)) throw signal;
          if (signal.k === 'break') break;
        }
      }
    } else {
      const v = pipeline(n.p, scope);
      if (!truth(v)) exec(n.alt, scope, out);
      else exec(n.body, n.k === 'with' ? { ...scope, dot: v } : scope, out);
    }
  }
}

/** `template: output:LINE:COL`, the column counted in bytes from 0 as Go's ErrorContext does. */
function goPosition(template: string, at: number): string {
  const before = template.slice(0, at);
  const line = before.split('\n').length;
  return `template: output:${line}:${Buffer.byteLength(before.slice(before.lastIndexOf('\n') + 1))}`;
}

/** `-o go-template=TEMPLATE` of an object or a List; errors as kubectl words them. */
export function goTemplateOutput(template: string, data: unknown): string {
  const { nodes, defs } = (() => {
    try {
      return parse(template);
    } catch (err) {
      throw new Error(`error parsing template ${template}, ${(err as Error).message}`);
    }
  })();
  try {
    const out: string[] = [];
    exec(nodes, { dot: data, vars: new Map([['$', data]]), defs }, out);
    return out.join('');
  } catch (err) {
    const message =
      err instanceof ExecError
        ? `${goPosition(template, err.at)}: executing "output" at <${err.node}>: ${err.message}`
        : (err as Error).message;
    throw new Error(`error executing template ${JSON.stringify(template)}: ${message}`);
  }
}
