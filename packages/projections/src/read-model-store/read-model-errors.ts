import { DepledgerError } from '@depledger/core';
import type { ReadModelAddress } from './read-model-store';

// One set of errors for every read-model store (memory here, SQLite, PostgreSQL): the same codes,
// messages and details, so a runner cannot tell the stores apart by their errors.

/** Stable codes of the read-model stores' errors; check them with `isDepledgerError(error, code)`. */
export const readModelErrorCodes = {
  checkpointConflict: 'READ_MODEL_CHECKPOINT_CONFLICT',
  versionUnknown: 'READ_MODEL_VERSION_UNKNOWN',
  versionLive: 'READ_MODEL_VERSION_LIVE',
  documentInvalid: 'READ_MODEL_DOCUMENT_INVALID',
} as const;

const where = (a: ReadModelAddress) => `read model ${a.name} version ${a.version}`;

/** A commit whose expected checkpoint is not the stored one (another runner), or that would move it back. */
export const checkpointConflict = (address: ReadModelAddress, expected: number, actual: number, next: number): DepledgerError =>
  new DepledgerError(
    readModelErrorCodes.checkpointConflict,
    next < expected
      ? `Refused to move ${where(address)} back from position ${expected} to ${next}.`
      : `${where(address)} is at position ${actual}, not ${expected}: another runner is folding events into it. Run one runner per read model store.`,
    { name: address.name, version: address.version, expected, actual, next },
  );

/** A version that was never created, or was dropped. */
export const unknownVersion = (address: ReadModelAddress): DepledgerError =>
  new DepledgerError(
    readModelErrorCodes.versionUnknown,
    `There is no ${where(address)} (it was never created, or dropped after a rebuild).`,
    {
      name: address.name,
      version: address.version,
    },
  );

/** Dropping the version readers are using. */
export const liveVersion = (address: ReadModelAddress): DepledgerError =>
  new DepledgerError(readModelErrorCodes.versionLive, `${where(address)} is live; switch to another version before dropping it.`, {
    name: address.name,
    version: address.version,
  });

/** Documents a store cannot keep as JSON; `issues` name each document and what is wrong with it. */
export const invalidDocuments = (
  address: ReadModelAddress,
  issues: readonly Readonly<{ key: string; message: string }>[],
): DepledgerError =>
  new DepledgerError(
    readModelErrorCodes.documentInvalid,
    `Refused to commit to ${where(address)}: ${issues.map((i) => `document ${JSON.stringify(i.key)} ${i.message}`).join('; ')}. Nothing was written; a projection's documents must be JSON data (no bigint, function or undefined).`,
    { name: address.name, version: address.version, issues },
  );

/**
 * The errors every read-model store raises, for the stores built outside this package (SQLite,
 * PostgreSQL): checkpoint conflicts, unknown and live versions, documents that are not JSON data.
 */
export const readModelErrors = { checkpointConflict, unknownVersion, liveVersion, invalidDocuments } as const;
