/**
 * Writes an array as `JSON.stringify(items, null, 2)` would, followed by a newline, one item at a
 * time as the items come: a list of any size is never held whole, nor its text. Returns how many
 * items were written.
 */
export const writeJsonArray = async (write: (text: string) => void, items: AsyncIterable<unknown>): Promise<number> => {
  let count = 0;
  for await (const item of items) {
    const text = JSON.stringify(item, null, 2).replace(/\n/g, '\n  ');
    write(count === 0 ? `[\n  ${text}` : `,\n  ${text}`);
    count += 1;
  }
  write(count === 0 ? '[]\n' : '\n]\n');
  return count;
};
