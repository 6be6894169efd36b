import type { StoredEvent } from '@depledger/core';
import { eventIdText, metadataOf } from '../rows';

/** A page as the worker sent it: its rows in chunks, each a JSON text (see `pageTextSql`). */
export type PageText = Readonly<{
  after: number;
  count: number;
  last: number;
  /** Every row's data and metadata were single valid JSON values. */
  valid: boolean;
  texts: readonly ArrayBuffer[];
}>;

/**
 * The stored events of a page read ahead: one `JSON.parse` per chunk. Returns null when the chunks do
 * not hold exactly the `count` rows the worker counted, in position order after `after` and ending
 * at `last` — the caller then reads the page itself, which reports a damaged row as it always does.
 */
export const decodePageText = (page: PageText): StoredEvent[] | null => {
  if (!page.valid) return null;
  const events: StoredEvent[] = new Array(page.count);
  let decoded = 0;
  let previous = page.after;
  for (const text of page.texts) {
    let rows: unknown;
    try {
      rows = JSON.parse(Buffer.from(text).toString('utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(rows) || decoded + rows.length > page.count) return null;
    for (let i = 0; i < rows.length; i++) {
      const row: unknown = rows[i];
      if (!Array.isArray(row) || row.length !== 7) return null;
      const [position, streamName, revision, type, data, metadata, id] = row as unknown[];
      if (
        typeof position !== 'number' ||
        position <= previous ||
        typeof streamName !== 'string' ||
        typeof revision !== 'number' ||
        typeof type !== 'string' ||
        (typeof id !== 'string' && !Array.isArray(id))
      ) {
        return null;
      }
      previous = position;
      events[decoded++] = {
        type,
        data,
        metadata: metadataOf(metadata, eventIdText(id as string | string[]), data),
        streamName,
        revision,
        position,
      };
    }
  }
  return decoded === page.count && previous === page.last ? events : null;
};
