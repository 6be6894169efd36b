import type { KeyedDocument, ReadModelAddress } from '@depledger/projections';
import type { DocumentRow, ReadModelStatements } from './statements';

/**
 * A version's documents in key order, read one keyset page at a time (a page is read whole before
 * its documents are handed out, so no statement stays open across awaits and commits go on while a
 * listing is read); with `after`, the first page starts after that key. A listing is not a snapshot: a page reflects what was committed when it was read.
 */
export async function* listDocuments(
  statements: ReadModelStatements,
  address: ReadModelAddress,
  prefix: string,
  after: string | undefined,
  pageSize: number,
  guard: Readonly<{ ensureOpen: () => void; ensureVersion: () => void }>,
): AsyncGenerator<KeyedDocument> {
  const { name, version } = address;
  guard.ensureVersion();
  const firstPage = (): DocumentRow[] => {
    if (after === undefined)
      return prefix === ''
        ? statements.pageFrom.all(name, version, '', pageSize)
        : statements.prefixPageFrom.all(name, version, prefix, prefix, pageSize);
    return prefix === ''
      ? statements.pageAfter.all(name, version, after, pageSize)
      : statements.prefixPageAfter.all(name, version, after, prefix, pageSize);
  };
  let page = firstPage();
  while (page.length > 0) {
    for (const [key, json] of page) yield { key, doc: JSON.parse(json) as unknown };
    if (page.length < pageSize) return;
    const last = (page[page.length - 1] as DocumentRow)[0];
    guard.ensureOpen();
    page =
      prefix === ''
        ? statements.pageAfter.all(name, version, last, pageSize)
        : statements.prefixPageAfter.all(name, version, last, prefix, pageSize);
  }
}
