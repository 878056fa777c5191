import YAML from 'yaml';
import { goYamlError } from './yaml-error.js';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** Why the file comes back: a head line and its bullet points, as kubectl's edit header lists them. */
export interface EditReason {
  head: string;
  causes: string[];
}

const commented = (text: string) => text.replace(/\n(?!#)/g, '\n# ');

/** The file the editor opens: kubectl's header, the reasons it is open again, then the objects. */
export function editBuffer(reasons: EditReason[], body: string): string {
  const notes = reasons.map(
    (r) =>
      `# ${commented(r.head)}${r.causes.length ? ':' : ''}\n${r.causes.map((c) => `# * ${commented(c)}\n`).join('')}#\n`,
  );
  return `${HEADER}${notes.join('')}${body.endsWith('\n') ? body : `${body}\n`}`;
}

/** The document without its comment lines. */
export function uncommented(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .trim();
}

/**
 * A YAML syntax error as the reason kubectl gives when the edited file does not parse: the
 * object is "not valid" with go-yaml's `yaml: line N: ...` as the value that failed validation.
 */
export function syntaxReason(resource: string, name: string, text: string, err: unknown): EditReason {
  const errors: unknown[] = YAML.parseAllDocuments(text).flatMap((d) => d.errors);
  const why = goYamlError(errors.length ? errors : [err]);
  return {
    head: `${resource} "${name}" was not valid`,
    causes: [`<nil>: Invalid value: "The edited file failed validation": ${why}`],
  };
}
