import { readFileSync } from 'node:fs';

export type GetOutput =
  | 'wide'
  | 'yaml'
  | 'json'
  | 'name'
  | 'jsonpath'
  | 'jsonpath-as-json'
  | 'custom-columns'
  | 'go-template';

const FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** Every format `-o` takes, as completion offers them. */
export const OUTPUT_FORMATS = FORMATS.split(',');

/** The formats that take a template after `=`, and the format each prints as. */
const TEMPLATED: Record<string, GetOutput> = {
  jsonpath: 'jsonpath',
  'jsonpath-as-json': 'jsonpath-as-json',
  'custom-columns': 'custom-columns',
  'go-template': 'go-template',
  template: 'go-template',
};
const FROM_FILE: Record<string, GetOutput> = {
  'jsonpath-file': 'jsonpath',
  'custom-columns-file': 'custom-columns',
  'go-template-file': 'go-template',
  templatefile: 'go-template',
};

/**
 * `-o VALUE` as kubectl reads it: a format (json, yaml and name in any case), with its template
 * for `jsonpath=`, `go-template=`, `custom-columns=`..., or read from the file the `-file` formats
 * name. `--template` gives the template (or its file) of a bare `-o go-template`..., and alone
 * means `-o go-template`.
 */
export function parseOutput(
  value: string | undefined,
  templateFlag?: string,
): { output?: GetOutput; template?: string } {
  const given = value ?? (templateFlag ? 'go-template' : undefined);
  if (given === undefined) return {};
  const lower = given.toLowerCase();
  if (['yaml', 'json', 'name'].includes(lower)) return { output: lower as GetOutput };
  if (given === 'wide') return { output: 'wide' };
  let [format, arg] = [given, templateFlag || undefined];
  const at = given.indexOf('=');
  if (arg === undefined && at >= 0)
    [format, arg] = [given.slice(0, at), given.slice(at + 1).replace(/^'(.*)'$/s, '$1')];
  const output = TEMPLATED[format] ?? FROM_FILE[format];
  if (!output)
    throw new Error(
      `unable to match a printer suitable for the output format "${given}", allowed formats are: ${FORMATS}`,
    );
  if (!arg)
    throw new Error(
      output === 'custom-columns'
        ? 'custom-columns format specified but no custom columns given'
        : 'template format specified but no template given',
    );
  if (!FROM_FILE[format]) return { output, template: arg };
  if (output === 'custom-columns') return { output, template: columnsFromFile(readColumns(arg)) };
  return { output, template: readFile(arg, (why) => `error reading --template ${arg}, ${why}`) };
}

const COLUMNS_FORMAT =
  'Expected format is one line of space separated headers, one line of space separated column specs.';

/** A custom-columns file (a line of headers, a line of paths, split on blanks) as `-o custom-columns=` spells it. */
function columnsFromFile(text: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  if (lines.length < 1) throw new Error(`invalid template, missing header line. ${COLUMNS_FORMAT}`);
  if (lines.length < 2) throw new Error(`invalid template, missing spec line. ${COLUMNS_FORMAT}`);
  const [headers, paths] = lines.map((l) => l.trim().split(/\s+/).filter(Boolean));
  if (headers.length !== paths.length)
    throw new Error(
      `number of headers (${headers.length}) and field specifications (${paths.length}) don't match`,
    );
  return headers.map((h, i) => `${h}:${paths[i]}`).join(',');
}

/** kubectl opens the file, then reads it as lines: a directory opens, and reads as no lines. */
function readColumns(file: string): string {
  try {
    return readFile(file, (why) => `error reading template ${file}, ${why}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') return '';
    throw err;
  }
}

/** Go's words for the errnos opening a file meets. */
const GO_ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

/** A file's text; failing, an error with `message` of Go's `open F: ...` or `read F: is a directory`. */
function readFile(file: string, message: (why: string) => string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why =
      code === 'EISDIR'
        ? `read ${file}: is a directory`
        : `open ${file}: ${GO_ERRNO[code] ?? (err as Error).message}`;
    throw Object.assign(new Error(message(why)), { code });
  }
}
