/**
 * Text in lines of at most `width` columns, broken between words; a word longer than a line is
 * cut into pieces. With `maxLines`, the last line kept ends in `…` when text is left over.
 */
export function wrapWords(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
  const room = Math.max(2, width);
  const lines = [''];
  for (const word of text.split(' ').filter(Boolean)) {
    let rest = [...word];
    while (rest.length > 0) {
      const last = lines[lines.length - 1];
      const used = [...last].length;
      const free = used ? room - used - 1 : room;
      if (rest.length <= free) {
        lines[lines.length - 1] = used ? `${last} ${rest.join('')}` : rest.join('');
        rest = [];
      } else if (!used) {
        lines[lines.length - 1] = rest.slice(0, room).join('');
        rest = rest.slice(room);
      } else lines.push('');
    }
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${[...kept[maxLines - 1]].slice(0, room - 1).join('')}…`;
  return kept;
}
