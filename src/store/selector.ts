import { type SelectorOptions, type StoredObject, StoreError } from './types.js';

/** A structured label selector as it appears in specs (Deployment, ReplicaSet, Job, ...). */
export interface LabelSelectorRequirement {
  key: string;
  /** In, NotIn, Exists or DoesNotExist; the schema allows any string, which compiling refuses. */
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type Labels = Record<string, string> | undefined;
export type LabelMatcher = (labels: Labels) => boolean;

export type LabelOp = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function badSelector(detail: string): StoreError {
  return new StoreError('BadSelector', `unable to parse requirement: ${detail}`);
}

/** Returns why `key` is not a valid qualified label key, or undefined when it is. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) {
      return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    }
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME_PART.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  }
  return undefined;
}

/** Returns why `value` is not a valid label value, or undefined when it is. */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  }
  return undefined;
}

function validated(req: LabelRequirement): LabelRequirement {
  const keyErr = labelKeyError(req.key);
  if (keyErr) throw badSelector(`key: Invalid value: "${req.key}": ${keyErr}`);
  if ((req.op === 'in' || req.op === 'notin') && req.values.length === 0) {
    throw badSelector(`values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`);
  }
  if (req.op === 'gt' || req.op === 'lt') {
    if (req.values.length !== 1 || !/^-?\d+$/.test(req.values[0]!)) {
      throw badSelector(
        `values[0]: Invalid value: "${req.values[0] ?? ''}": for 'Gt', 'Lt' operators, the value must be an integer`,
      );
    }
    return req;
  }
  req.values.forEach((v, i) => {
    const valueErr = labelValueError(v);
    if (valueErr) throw badSelector(`values[${i}][${req.key}]: Invalid value: "${v}": ${valueErr}`);
  });
  return req;
}

type Token = { kind: 'id' | 'op' | 'end'; text: string };

const SPECIAL = '=!(),<>';

/** Splits a selector string as the Kubernetes lexer does: identifiers run until whitespace or a symbol. */
function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (SPECIAL.includes(c)) {
      const two = s.slice(i, i + 2);
      const text = two === '==' || two === '!=' ? two : c;
      tokens.push({ kind: 'op', text });
      i += text.length;
    } else {
      let j = i;
      while (j < s.length && !/\s/.test(s[j]!) && !SPECIAL.includes(s[j]!)) j++;
      tokens.push({ kind: 'id', text: s.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

/** Parses a label selector string into its requirements. Throws StoreError BadSelector. */
export function parseLabelRequirements(s: string): LabelRequirement[] {
  const tokens = tokenize(s);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const next = () => tokens[pos++]!;
  // Items of `(a,b)` may be empty: `(a,)` holds 'a' and ''.
  const parseValueList = (): string[] => {
    const values = new Set<string>();
    let expectValue = true;
    let sawComma = false;
    for (;;) {
      const t = next();
      if (t.kind === 'id' && expectValue) {
        values.add(t.text);
        expectValue = false;
      } else if (t.text === ',' && t.kind === 'op') {
        if (expectValue) values.add('');
        expectValue = true;
        sawComma = true;
      } else if (t.text === ')' && t.kind === 'op') {
        if (expectValue && sawComma) values.add('');
        return [...values];
      } else {
        throw badSelector(`found '${t.text}', expected: ',', ')' or identifier`);
      }
    }
  };
  const expectEndOfRequirement = () => {
    const t = peek();
    if (t.kind !== 'end' && t.text !== ',')
      throw badSelector(`found '${t.text}', expected: ',' or 'end of string'`);
  };
  const identifier = (after: string): string => {
    const t = next();
    if (t.kind !== 'id') throw badSelector(`found '${t.text}', expected: identifier${after}`);
    return t.text;
  };

  const reqs: LabelRequirement[] = [];
  if (peek().kind === 'end') return reqs;
  for (;;) {
    let req: LabelRequirement;
    if (peek().text === '!' && peek().kind === 'op') {
      next();
      req = { key: identifier(" after '!'"), op: '!', values: [] };
      expectEndOfRequirement();
    } else {
      const key = identifier('');
      const opTok = peek();
      if (opTok.kind === 'end' || opTok.text === ',') {
        req = { key, op: 'exists', values: [] };
      } else {
        next();
        const op = operatorOf(opTok);
        if (op === 'in' || op === 'notin') {
          const open = next();
          if (open.text !== '(') throw badSelector(`found '${open.text}', expected: '('`);
          req = { key, op, values: parseValueList() };
        } else {
          const t = peek();
          const value = t.kind === 'end' || t.text === ',' ? '' : identifier('');
          req = { key, op, values: [value] };
        }
        expectEndOfRequirement();
      }
    }
    reqs.push(validated(req));
    if (next().kind === 'end') return reqs;
  }
}

function operatorOf(t: Token): LabelOp {
  switch (t.text) {
    case '=':
    case '==':
    case '!=':
    case 'in':
    case 'notin':
      return t.text;
    case '>':
      return 'gt';
    case '<':
      return 'lt';
    default:
      throw badSelector(`found '${t.text}', expected: in, notin, =, ==, !=, gt, lt`);
  }
}

function matches(req: LabelRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, req.key);
  const value = has ? labels![req.key] : undefined;
  switch (req.op) {
    case '=':
    case '==':
      return has && value === req.values[0];
    case '!=':
      return !has || value !== req.values[0];
    case 'in':
      return has && req.values.includes(value!);
    case 'notin':
      return !has || !req.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const n = Number(value);
      const bound = Number(req.values[0]);
      return req.op === 'gt' ? n > bound : n < bound;
    }
  }
}

export function labelRequirementsMatcher(reqs: LabelRequirement[]): LabelMatcher {
  if (reqs.length === 0) return () => true;
  return (labels) => reqs.every((r) => matches(r, labels));
}

/** Parses a Kubernetes label selector string (`a=b,c!=d,e in (f,g),!h`). Throws StoreError BadSelector. */
export function parseLabelSelector(s: string): LabelMatcher {
  return labelRequirementsMatcher(parseLabelRequirements(s));
}

function requirementsOf(sel: LabelSelector): LabelRequirement[] {
  const reqs: LabelRequirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, value]) => ({
    key,
    op: '=',
    values: [value],
  }));
  for (const e of sel.matchExpressions ?? []) {
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          throw badSelector(
            `values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`,
          );
        reqs.push({ key: e.key, op: e.operator === 'In' ? 'in' : 'notin', values: [...values] });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          throw badSelector(
            `values: Invalid value: ${JSON.stringify(values)}: values set must be empty for exists and does not exist`,
          );
        reqs.push({ key: e.key, op: e.operator === 'Exists' ? 'exists' : '!', values: [] });
        break;
      default:
        throw badSelector(
          `operator: Unsupported value: "${e.operator}": supported values: "In", "NotIn", "Exists", "DoesNotExist"`,
        );
    }
  }
  return reqs.map(validated).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Compiles a structured selector. As in Kubernetes, an empty selector matches everything and an
 * absent one (undefined) matches nothing. Throws StoreError BadSelector.
 */
export function labelSelectorMatcher(sel: LabelSelector | undefined): LabelMatcher {
  if (sel === undefined) return () => false;
  return labelRequirementsMatcher(requirementsOf(sel));
}

/** The selector in string form, as `kubectl get -l` and `?labelSelector=` take it. */
export function labelSelectorToString(sel: LabelSelector): string {
  // Sorted by key, as Kubernetes' selector String() is, so the same selector reads the same.
  return requirementsOf(sel)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => {
      switch (r.op) {
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${[...r.values].sort().join(',')})`;
        default:
          return `${r.key}=${r.values[0]}`;
      }
    })
    .join(',');
}

export interface FieldRequirement {
  path: string;
  op: '=' | '!=';
  value: string;
}

function unescapeField(s: string, whole: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[i + 1];
    if (n !== '\\' && n !== ',' && n !== '=') {
      throw new StoreError('BadSelector', `invalid field selector: '${whole}': invalid escape sequence`);
    }
    out += n;
    i++;
  }
  return out;
}

function splitUnescaped(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === ',') {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

/** Parses a field selector into its terms (`metadata.name=x,status.phase!=Running`). */
export function parseFieldRequirements(s: string): FieldRequirement[] {
  if (s.trim() === '') return [];
  return splitUnescaped(s).map((term) => {
    const m = /^(.*?)(!=|==|=)(.*)$/s.exec(term);
    const path = m?.[1]?.trim();
    if (!m || !path || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(path)) {
      throw new StoreError('BadSelector', `invalid selector: '${s}'; can't understand '${term}'`);
    }
    return { path, op: m[2] === '!=' ? '!=' : '=', value: unescapeField(m[3]!, s) };
  });
}

/** The value of a dotted path as a field selector compares it: scalars as strings, missing as ''. */
export function fieldValue(obj: unknown, path: string): string | undefined {
  return valueAt(obj, path.split('.'));
}

function valueAt(obj: unknown, parts: readonly string[]): string | undefined {
  let cur: unknown = obj;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return undefined;
}

export function fieldRequirementsMatcher(reqs: FieldRequirement[]): (obj: unknown) => boolean {
  if (reqs.length === 0) return () => true;
  // Split once: a watch's matcher runs on every change of its kind (each node agent's, on every pod).
  const compiled = reqs.map((r) => ({ ...r, parts: r.path.split('.') }));
  return (obj) =>
    compiled.every((r) => {
      const v = valueAt(obj, r.parts);
      return r.op === '=' ? v === r.value : v !== r.value;
    });
}

/** Parses a field selector string into a matcher over whole objects. Throws StoreError BadSelector. */
export function parseFieldSelector(s: string): (obj: unknown) => boolean {
  return fieldRequirementsMatcher(parseFieldRequirements(s));
}

/** The label and field selectors of a list or watch, parsed once, with a matcher over whole objects. */
export interface ObjectSelector {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  matches: (obj: StoredObject) => boolean;
  /** False when the selector matches every object (no requirement). */
  selective: boolean;
}

/** Throws StoreError BadSelector. */
export function parseObjectSelector(opts: SelectorOptions): ObjectSelector {
  const labels = opts.labelSelector?.trim() ? parseLabelRequirements(opts.labelSelector) : [];
  const fields = parseFieldRequirements(opts.fieldSelector ?? '');
  const labelsMatch = labelRequirementsMatcher(labels);
  const fieldsMatch = fieldRequirementsMatcher(fields);
  return {
    labels,
    fields,
    matches: (obj) => labelsMatch(obj.metadata.labels) && fieldsMatch(obj),
    selective: labels.length > 0 || fields.length > 0,
  };
}
