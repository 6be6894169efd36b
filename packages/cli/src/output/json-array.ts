/** Text of about this size is handed to the writer at once: fewer writes than one per item. */
const chunkSize = 64 * 1024;

/**
 * Writes an array as `JSON.stringify(items, null, 2)` would, followed by a newline, one item at a
 * time as the items come: a list of any size is never held whole, nor its text. `drained` (when
 * given) is awaited after each chunk: it resolves once the reader has taken what was written, so a
 * slow reader (a pipe) holds back the reading instead of letting the text pile up in memory.
 * Returns how many items were written.
 */
export const writeJsonArray = async (
  write: (text: string) => void,
  items: AsyncIterable<unknown>,
  drained: () => Promise<void> = () => Promise.resolve(),
): Promise<number> => {
  let count = 0;
  let pending = '';
  for await (const item of items) {
    const text = JSON.stringify(item, null, 2).replace(/\n/g, '\n  ');
    pending += count === 0 ? `[\n  ${text}` : `,\n  ${text}`;
    count += 1;
    if (pending.length >= chunkSize) {
      write(pending);
      pending = '';
      await drained();
    }
  }
  write(pending + (count === 0 ? '[]\n' : '\n]\n'));
  return count;
};
