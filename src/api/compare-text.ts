/**
 * Strings in code-unit order, as Go's sort.Strings orders them (byte order, for the ASCII of
 * names, timestamps and keys): not `localeCompare`, whose order depends on the locale and whose
 * first call makes ICU build a collator, about 3 MB more of a process that only sorts names.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
