import { errors } from './errors.js';

/**
 * The deepest a body may nest. Go's decoder stops at 10,000; the server walks objects
 * recursively (defaulting, validation, patches, structuredClone), so it stops far sooner.
 * Real objects nest a few dozen levels.
 */
export const MAX_DEPTH = 1000;

function tooDeep(format: 'JSON' | 'YAML'): Error {
  return errors.badRequest(`error decoding ${format}: exceeded max depth of ${MAX_DEPTH}`);
}

/**
 * Refuses text whose brackets nest past MAX_DEPTH before any parser recurses into it: one linear
 * pass, so a 3 MB body of `[` is refused in milliseconds. Brackets inside double-quoted strings
 * do not count; YAML's other quoting is not followed, so this is a bound, and checkDepth on the
 * parsed value is the rule.
 */
export function checkBracketDepth(text: string, format: 'JSON' | 'YAML'): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) throw tooDeep(format);
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
}

/** Refuses a decoded value nesting past MAX_DEPTH (YAML block nesting has no brackets to count). */
export function checkDepth(value: unknown, format: 'JSON' | 'YAML'): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DEPTH) throw tooDeep(format);
    for (const child of Object.values(v))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}

/**
 * What Go's decoder refuses before any kind is known: an apiVersion or kind that is not a
 * string, a metadata that is not an object.
 */
export function checkTypeMeta(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const o = value as Record<string, unknown>;
  for (const field of ['apiVersion', 'kind'])
    if (o[field] != null && typeof o[field] !== 'string')
      throw errors.badRequest(
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${goType(o[field])} into Go struct field .${field} of type string`,
      );
}

function goType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}
