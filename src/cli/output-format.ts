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
 * `-o VALUE` as kubectl reads it: a format, with its template for `jsonpath=`, `go-template=`,
 * `custom-columns=`..., or read from the file the `-file` formats name.
 */
export function parseOutput(value: string | undefined): { output?: GetOutput; template?: string } {
  if (value === undefined) return {};
  const at = value.indexOf('=');
  const format = at < 0 ? value : value.slice(0, at);
  const arg = at < 0 ? undefined : value.slice(at + 1).replace(/^'(.*)'$/s, '$1');
  if (at < 0 && ['wide', 'yaml', 'json', 'name'].includes(format)) return { output: format as GetOutput };
  if (arg && TEMPLATED[format]) return { output: TEMPLATED[format], template: arg };
  if (arg && FROM_FILE[format]) {
    const output = FROM_FILE[format];
    const text = readTemplate(arg, output === 'custom-columns' ? 'template' : '--template');
    return { output, template: output === 'custom-columns' ? columnsFromFile(text) : text };
  }
  throw new Error(
    `unable to match a printer suitable for the output format "${value}", allowed formats are: ${FORMATS}`,
  );
}

/** A custom-columns file (a line of headers, a line of paths, split on blanks) as `-o custom-columns=` spells it. */
function columnsFromFile(text: string): string {
  const [headers = [], paths = []] = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/));
  if (headers.length !== paths.length)
    throw new Error(
      `number of headers (${headers.length}) and field specifications (${paths.length}) don't match`,
    );
  return headers.map((h, i) => `${h}:${paths[i]}`).join(',');
}

function readTemplate(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new Error(`error reading ${what} ${file}, open ${file}: no such file or directory`);
  }
}
