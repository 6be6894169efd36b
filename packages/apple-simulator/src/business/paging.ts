import { invalidParameter } from './json-api';

const defaultLimit = 100;
const maxLimit = 1000;

/**
 * One page of a list, cursor-paged as the Business API documents: `limit` (1–1000, 100 when
 * absent) and an opaque `cursor`; the document carries `links.self`, `links.next` and
 * `meta.paging` (`limit`, `nextCursor`, `total`).
 */
export function pageOf<T>(
  items: readonly T[],
  url: URL,
  origin: string,
): { data: T[]; links: Record<string, string>; meta: { paging: Record<string, unknown> } } {
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    throw invalidParameter('limit', `limit must be an integer from 1 to ${maxLimit}.`);
  const cursor = url.searchParams.get('cursor');
  let offset = 0;
  if (cursor !== null) {
    const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (match === null || Number(match[1]) > items.length) throw invalidParameter('cursor', 'The cursor is not one this API returned.');
    offset = Number(match[1]);
  }
  const data = items.slice(offset, offset + limit);
  const nextOffset = offset + data.length;
  const nextCursor = nextOffset < items.length ? Buffer.from(`o:${nextOffset}`, 'utf8').toString('base64url') : undefined;
  const self = `${origin}${url.pathname}${url.search}`;
  const links: Record<string, string> = { self };
  if (nextCursor !== undefined) {
    const next = new URL(self);
    next.searchParams.set('cursor', nextCursor);
    next.searchParams.set('limit', String(limit));
    links.next = next.toString();
  }
  return { data, links, meta: { paging: { limit, total: items.length, ...(nextCursor === undefined ? {} : { nextCursor }) } } };
}
