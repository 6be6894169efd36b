/** Skips a MIME header block (`Name: value` lines up to the first blank line) when the text starts with one. */
export const skipHeaderBlock = (text: string): string => {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!/^[A-Za-z0-9-]+:/.test(lines[0] ?? '')) return lines.join('\n');
  const blank = lines.findIndex((line) => line.trim() === '');
  return blank === -1 ? '' : lines.slice(blank + 1).join('\n');
};
