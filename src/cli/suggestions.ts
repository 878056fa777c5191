/**
 * cobra's "Did you mean this?" for a command it does not know: the names within Levenshtein
 * distance 2 of the typed word (case ignored), or that start with it.
 */
export function suggestionsFor(typed: string, names: string[]): string[] {
  const word = typed.toLowerCase();
  return [...new Set(names)]
    .filter((name) => levenshtein(word, name.toLowerCase()) <= 2 || name.toLowerCase().startsWith(word))
    .sort();
}

export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}
