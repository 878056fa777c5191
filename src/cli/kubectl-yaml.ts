import { goNumber, goYamlKeyLess, readsAsOtherType } from './yaml11.js';

/**
 * JSON-like data as `kubectl -o yaml` writes it: sigs.k8s.io/yaml hands the object as JSON to
 * go-yaml v2, so keys sorted in go-yaml's order, sequences not indented under their key, strings
 * quoted where a YAML 1.1 reader would take them for another type, long scalars folded at 80
 * columns and multi-line strings as literal blocks: libyaml's emitter rules, ported.
 */
export function toKubectlYaml(value: unknown): string {
  value = asGoYamlReadsJson(value);
  const out = new Writer();
  if (isMap(value) && Object.keys(value).length > 0) mapping(out, value, 0, false);
  else if (Array.isArray(value) && value.length > 0) sequence(out, value, 0, false);
  else if (isMap(value) || Array.isArray(value)) out.put(isMap(value) ? '{}' : '[]');
  else scalar(out, value, 0, false);
  return out.fresh ? out.text : `${out.text}\n`;
}

const BEST_WIDTH = 80;

/**
 * Go's JSON leaves U+0085 (NEL) unescaped and go-yaml, reading that JSON back, takes it for a line
 * break in a quoted string: folded to a space, or n-1 newlines for n of them in a row.
 */
function asGoYamlReadsJson(value: unknown): unknown {
  const fold = (s: string) =>
    s.includes('\u0085')
      ? s.replace(/[ \t]*(\u0085[ \t]*)+/g, (m) => {
          const n = m.split('\u0085').length - 1;
          return n === 1 ? ' ' : '\n'.repeat(n - 1);
        })
      : s;
  if (typeof value === 'string') return fold(value);
  if (Array.isArray(value)) return value.map(asGoYamlReadsJson);
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [fold(k), asGoYamlReadsJson(v)]));
}

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

class Writer {
  text = '';
  column = 0;
  /** Nothing written yet on the current line. */
  fresh = true;

  put(s: string): void {
    this.text += s;
    this.column += [...s].length;
    this.fresh = false;
  }

  /** A new line at `indent`, unless the current one is still empty. */
  startLine(indent: number): void {
    if (!this.fresh) this.text += '\n';
    this.text += ' '.repeat(indent);
    this.column = indent;
    this.fresh = true;
  }
}

function sortedKeys(m: JsonMap): string[] {
  return Object.keys(m).sort((a, b) => (a === b ? 0 : goYamlKeyLess(a, b) ? -1 : 1));
}

/** A block mapping at `indent`; `inline` when its first key follows a sequence's `- `. */
function mapping(out: Writer, m: JsonMap, indent: number, inline: boolean): void {
  sortedKeys(m).forEach((key, i) => {
    if (i > 0 || !inline) out.startLine(indent);
    // libyaml writes a key longer than 128 bytes, or of several lines, as `? key` then `: value`.
    if (Buffer.byteLength(key) > 128 || [...key].some(isBreak)) {
      out.put('? ');
      scalar(out, key, indent + 2, false);
      out.startLine(indent);
      out.put(':');
      node(out, m[key], indent + 2, indent + 2, true);
      return;
    }
    scalar(out, key, indent + 2, true);
    out.put(':');
    // A sequence under a key is not indented (go-yaml's indentless sequences).
    node(out, m[key], indent + 2, indent, false);
  });
}

function sequence(out: Writer, items: unknown[], indent: number, inline: boolean): void {
  items.forEach((item, i) => {
    if (i > 0 || !inline) out.startLine(indent);
    out.put('-');
    node(out, item, indent + 2, indent + 2, true);
  });
}

/**
 * A value after `key:` or after `-`: a mapping at `mapIndent`, a sequence at `seqIndent`, both
 * starting on the item's line after `- `; a scalar's folded lines at `mapIndent`.
 */
function node(out: Writer, value: unknown, mapIndent: number, seqIndent: number, item: boolean): void {
  const collection = isMap(value) || Array.isArray(value);
  if (collection && Object.keys(value).length === 0) {
    out.put(Array.isArray(value) ? ' []' : ' {}');
    return;
  }
  if (item || !collection) out.put(' ');
  if (isMap(value)) mapping(out, value, mapIndent, item);
  else if (Array.isArray(value)) sequence(out, value, seqIndent, item);
  else scalar(out, value, mapIndent, false);
}

function scalar(out: Writer, value: unknown, indent: number, simpleKey: boolean): void {
  if (typeof value !== 'string') {
    out.put(typeof value === 'number' ? goNumber(value) : String(value ?? null));
    return;
  }
  const s = value;
  const can = analyze(s);
  let style: 'plain' | 'single' | 'double' | 'literal' = s.includes('\n')
    ? 'literal'
    : readsAsOtherType(s)
      ? 'double'
      : 'plain';
  if (style === 'plain' && (!can.plain || (s === '' && simpleKey))) style = 'single';
  if (style === 'single' && !can.single) style = 'double';
  if (style === 'literal' && (!can.block || simpleKey)) style = 'double';
  const allowBreaks = !simpleKey;
  if (style === 'plain') plain(out, s, indent, allowBreaks);
  else if (style === 'single') singleQuoted(out, s, indent, allowBreaks);
  else if (style === 'double') doubleQuoted(out, s, indent, allowBreaks);
  else literal(out, s, indent);
}

const isBreak = (c: string | undefined) =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankOrEnd = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreak(c);

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

/** libyaml's yaml_emitter_analyze_scalar, for block context: which styles can hold the string. */
function analyze(s: string): { plain: boolean; single: boolean; block: boolean } {
  if (s === '') return { plain: true, single: true, block: false };
  const c = [...s];
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let special = false;
  let lineBreaks = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankOrEnd(c[1]);
  for (let i = 0; i < c.length; i++) {
    const ch = c[i];
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(ch)) special = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === c.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === c.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankOrEnd(ch);
    followedByWhitespace = isBlankOrEnd(c[i + 2]);
  }
  let plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
  let single = true;
  let block = !trailingSpace;
  if (breakSpace) plain = single = false;
  if (spaceBreak || special) plain = single = block = false;
  if (lineBreaks || blockIndicators) plain = false;
  return { plain, single, block };
}

function plain(out: Writer, s: string, indent: number, allowBreaks: boolean): void {
  const c = [...s];
  let spaces = false;
  c.forEach((ch, i) => {
    if (ch === ' ') {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && c[i + 1] !== ' ') out.startLine(indent);
      else out.put(ch);
      spaces = true;
    } else {
      out.put(ch);
      spaces = false;
    }
  });
}

function singleQuoted(out: Writer, s: string, indent: number, allowBreaks: boolean): void {
  const c = [...s];
  let spaces = false;
  let breaks = false;
  out.put("'");
  c.forEach((ch, i) => {
    if (ch === ' ') {
      const fold = allowBreaks && !spaces && out.column > BEST_WIDTH && i !== 0 && i !== c.length - 1;
      if (fold && c[i + 1] !== ' ') out.startLine(indent);
      else out.put(ch);
      spaces = true;
    } else if (isBreak(ch)) {
      lineBreak(out, ch);
      breaks = true;
    } else {
      if (breaks) out.startLine(indent);
      out.put(ch === "'" ? "''" : ch);
      spaces = breaks = false;
    }
  });
  out.put("'");
}

/** A line break written as itself (U+2028 too): the next character starts at column 0. */
function lineBreak(out: Writer, ch: string): void {
  out.text += ch;
  out.column = 0;
  out.fresh = true;
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function escaped(ch: string): string {
  if (ESCAPES[ch]) return `\\${ESCAPES[ch]}`;
  const cp = ch.codePointAt(0)!;
  const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
  return `\\${letter}${cp.toString(16).toUpperCase().padStart(width, '0')}`;
}

function doubleQuoted(out: Writer, s: string, indent: number, allowBreaks: boolean): void {
  const c = [...s];
  let spaces = false;
  out.put('"');
  // libyaml's BOM test looks at the string's start, not at the character: after a leading BOM
  // every character is escaped.
  const bom = s.startsWith('\ufeff');
  c.forEach((ch, i) => {
    if (bom || !isPrintable(ch) || isBreak(ch) || ch === '"' || ch === '\\') {
      out.put(escaped(ch));
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && i !== 0 && i !== c.length - 1) {
        out.startLine(indent);
        if (c[i + 1] === ' ') out.put('\\');
      } else out.put(ch);
      spaces = true;
    } else {
      out.put(ch);
      spaces = false;
    }
  });
  out.put('"');
}

function literal(out: Writer, s: string, indent: number): void {
  const c = [...s];
  const last = c[c.length - 1];
  const chomp = !isBreak(last) ? '-' : c.length === 1 || isBreak(c[c.length - 2]) ? '+' : '';
  out.put(`|${c[0] === ' ' || isBreak(c[0]) ? '2' : ''}${chomp}`);
  lineBreak(out, '\n');
  let breaks = true;
  for (const ch of c) {
    if (isBreak(ch)) lineBreak(out, ch);
    else {
      if (breaks) out.startLine(indent);
      out.put(ch);
    }
    breaks = isBreak(ch);
  }
}
