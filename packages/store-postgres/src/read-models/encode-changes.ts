import { readModelErrors, type DocumentChange, type ReadModelAddress } from '@depledger/projections';

const { invalidDocuments } = readModelErrors;

/** A batch's changes split for the two statements that apply them: keys to upsert (with JSON text) and keys to delete. */
export type EncodedChanges = Readonly<{ upsertKeys: string[]; upsertDocs: string[]; deleteKeys: string[] }>;

/**
 * Serialises a batch's documents once, before the transaction starts; throws one
 * READ_MODEL_DOCUMENT_INVALID naming every bad key or document (nothing is written then). PostgreSQL
 * text holds no NUL character, so such a key is refused here rather than by the server.
 */
export const encodeChanges = (address: ReadModelAddress, changes: readonly DocumentChange[]): EncodedChanges => {
  const issues: { key: string; message: string }[] = [];
  const encoded: EncodedChanges = { upsertKeys: [], upsertDocs: [], deleteKeys: [] };
  for (const { key, doc } of changes) {
    if (typeof key !== 'string') {
      issues.push({ key: String(key), message: 'has a key that is not a string' });
      continue;
    }
    if (key.includes('\u0000')) {
      issues.push({ key, message: 'has a key with a NUL character' });
      continue;
    }
    if (doc === null || doc === undefined) {
      encoded.deleteKeys.push(key);
      continue;
    }
    try {
      const json = JSON.stringify(doc);
      if (json === undefined) issues.push({ key, message: 'is not JSON data (a function or a symbol)' });
      else {
        encoded.upsertKeys.push(key);
        encoded.upsertDocs.push(json);
      }
    } catch (error) {
      issues.push({ key, message: `is not JSON data (${error instanceof Error ? error.message : String(error)})` });
    }
  }
  if (issues.length > 0) throw invalidDocuments(address, issues);
  return encoded;
};
