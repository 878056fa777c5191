import { YAMLError } from 'yaml';

/**
 * go-yaml's words for the syntax errors the yaml package finds, with the line go-yaml gives: a
 * parser error names its 0-based line, a scanner error the 1-based one, and none on the first line.
 */
const GO_YAML: { test: RegExp; says: string; parser: boolean; shift?: number }[] = [
  {
    test: /^All mapping items must start at the same column/,
    says: 'did not find expected key',
    parser: true,
  },
  { test: /^Flow sequence in block collection/, says: "did not find expected ',' or ']'", parser: true },
  { test: /^Flow map in block collection/, says: "did not find expected ',' or '}'", parser: true },
  {
    test: /^Tabs are not allowed as indentation/,
    says: 'found character that cannot start any token',
    parser: false,
  },
  { test: /^Missing closing "?quote/, says: 'found unexpected end of stream', parser: false },
  {
    test: /^Nested mappings are not allowed in compact mappings/,
    says: 'mapping values are not allowed in this context',
    parser: false,
  },
  // go-yaml meets the missing ':' where the next line starts.
  {
    test: /^Implicit map keys need to be followed by map values/,
    says: "could not find expected ':'",
    parser: false,
    shift: 1,
  },
];

/**
 * The first of a text's YAML syntax errors as sigs.k8s.io/yaml (go-yaml) words it: `yaml: line 4:
 * did not find expected key`.
 */
export function goYamlError(errors: readonly unknown[]): string {
  const err = errors[0];
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const alias = aliasError(first);
  if (alias) return alias;
  // A key running onto the next line is found at its start; go-yaml stops at the ':' that ends it.
  const colon = errors.find((e) => e instanceof YAMLError && e.code === 'MULTILINE_IMPLICIT_KEY');
  const at = colon instanceof YAMLError && /^Nested mappings/.test(first) ? colon.linePos?.[1] : undefined;
  const line = at?.line ?? (err instanceof YAMLError && err.linePos ? err.linePos[0].line : undefined);
  const known = GO_YAML.find((k) => k.test.test(first));
  if (!known) {
    const what = `${first.charAt(0).toLowerCase()}${first.slice(1)}`;
    return `yaml: ${line ? `line ${line}: ` : ''}${what}`;
  }
  const zeroBased = line === undefined ? 0 : line - 1 + (known.shift ?? 0);
  const goLine = zeroBased === 0 ? 0 : known.parser ? zeroBased : zeroBased + 1;
  return `yaml: ${goLine ? `line ${goLine}: ` : ''}${known.says}`;
}

/** What the yaml package throws on reading aliases (toJS), in go-yaml's words, which give no line. */
function aliasError(message: string): string | undefined {
  const unknown = /^Unresolved alias \(the anchor must be set before the alias\): (.*)$/.exec(message);
  if (unknown) return `yaml: unknown anchor '${unknown[1]}' referenced`;
  if (/^Excessive alias count/.test(message)) return 'yaml: document contains excessive aliasing';
  return undefined;
}
