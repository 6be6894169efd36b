import { readModelErrors, type DocumentChange, type ReadModelAddress } from '@depledger/projections';

const { invalidDocuments } = readModelErrors;

/** A change ready for its statement: the document as JSON text, or `null` to delete the key. */
export type EncodedChange = Readonly<{ key: string; json: string | null }>;

const byKey = (a: EncodedChange, b: EncodedChange): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Serialises a batch's documents once, before the write lock is taken; throws one
 * READ_MODEL_DOCUMENT_INVALID naming every bad key or document (nothing is written then).
 */
export const encodeChanges = (address: ReadModelAddress, changes: readonly DocumentChange[]): EncodedChange[] => {
  const issues: { key: string; message: string }[] = [];
  const encoded = changes.map(({ key, doc }): EncodedChange => {
    if (typeof key !== 'string') {
      issues.push({ key: String(key), message: 'has a key that is not a string' });
      return { key, json: null };
    }
    if (doc === null || doc === undefined) return { key, json: null };
    try {
      const json = JSON.stringify(doc);
      if (json !== undefined) return { key, json };
      issues.push({ key, message: 'is not JSON data (a function or a symbol)' });
    } catch (error) {
      issues.push({ key, message: `is not JSON data (${error instanceof Error ? error.message : String(error)})` });
    }
    return { key, json: null };
  });
  if (issues.length > 0) throw invalidDocuments(address, issues);
  // In key order (the documents' primary key): the upserts then walk the B-tree's pages in order
  // instead of jumping to a random page per document (a rebuild's commit of 100k device documents:
  // half the system time, a fifth less CPU). The sort is stable, so a key given twice keeps its last.
  return encoded.sort(byKey);
};
