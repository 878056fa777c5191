import fs from 'node:fs';
import path from 'node:path';

/** Where `create configmap` and `create secret generic` take their keys from. */
export interface DataSources {
  literals: string[];
  files: string[];
  envFiles: string[];
}

/** A key and its bytes, in the order the flags gave them. */
export type DataEntry = [key: string, value: Buffer];

/** The entries of --from-literal, --from-file and --from-env-file, as kubectl's generators read them. */
export function readSources(s: DataSources): DataEntry[] {
  if (s.envFiles.length && (s.files.length || s.literals.length))
    throw new Error('from-env-file cannot be combined with from-file or from-literal');
  return [...s.files.flatMap(fromFile), ...s.literals.map(fromLiteral), ...s.envFiles.flatMap(fromEnvFile)];
}

function fromLiteral(spec: string): DataEntry {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`invalid literal source ${spec}, expected key=value`);
  return [spec.slice(0, eq), Buffer.from(spec.slice(eq + 1))];
}

function fromFile(spec: string): DataEntry[] {
  const eq = spec.indexOf('=');
  const [key, file] = eq < 0 ? [undefined, spec] : [spec.slice(0, eq), spec.slice(eq + 1)];
  if (key === '') throw new Error(`key names or file paths cannot be empty`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`error reading ${file}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [[key ?? path.basename(file), fs.readFileSync(file)]];
  if (key !== undefined) throw new Error('cannot give a key name for a directory path');
  // As kubectl: the directory's regular files only, sorted by name.
  return fs
    .readdirSync(file, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort()
    .map((name): DataEntry => [name, fs.readFileSync(path.join(file, name))]);
}

/** KEY=VALUE lines; blank and # lines skipped; a bare KEY takes its value from the environment. */
function fromEnvFile(file: string): DataEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new Error(`error reading ${file}: no such file or directory`);
  }
  return text.split(/\r?\n/).flatMap((raw, i): DataEntry[] => {
    const line = raw.trimStart();
    if (!line || line.startsWith('#')) return [];
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key))
      throw new Error(
        `"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (line ${i + 1})`,
      );
    if (eq >= 0) return [[key, Buffer.from(line.slice(eq + 1))]];
    const fromEnv = process.env[key];
    return fromEnv === undefined ? [] : [[key, Buffer.from(fromEnv)]];
  });
}

/** Whether bytes are text a ConfigMap's data can hold (else binaryData). */
export const isUtf8 = (b: Buffer) => Buffer.from(b.toString('utf8')).equals(b);

/** A map with keys sorted, as Go prints maps. */
export const sortedMap = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : 1)));
