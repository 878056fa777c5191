/** Where a CLI operation writes: program output to out (stdout), messages to err (stderr). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Program output as is, without a newline added (-o jsonpath prints none); out() where absent. */
  write?(text: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  write: (text) => process.stdout.write(text),
};

/** Program output as it is, with no newline added (-o jsonpath, get --raw). */
export function writeText(io: Io, text: string): void {
  if (io.write) io.write(text);
  else io.out(text);
}
