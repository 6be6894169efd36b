import { readModelErrors, type ReadModelAddress, type ReadModelBatch, type ReadModelVersion } from '@depledger/projections';
import type { EncodedChange } from './encode-changes';
import type { ReadModelStatements } from './statements';

const { checkpointConflict, liveVersion, unknownVersion } = readModelErrors;

// The bodies of the store's write transactions. Each runs inside `BEGIN IMMEDIATE` (the caller's
// `transaction(...).immediate`): the write lock is taken before anything is read, so what is
// checked still holds when it is written, whichever connection or process writes next.

export const createVersionIn = (statements: ReadModelStatements, name: string, projectionVersion: number): ReadModelVersion => {
  const version = statements.nextVersion.get(name) as number;
  statements.insertVersion.run(name, version, projectionVersion);
  return { name, version, projectionVersion };
};

/** Checks the stored checkpoint, writes the changes, moves the checkpoint; a throw rolls it all back. */
export const commitIn = (
  statements: ReadModelStatements,
  address: ReadModelAddress,
  batch: ReadModelBatch,
  changes: readonly EncodedChange[],
): void => {
  const { name, version } = address;
  const state = statements.versionState.get(name, version);
  if (state === undefined) throw unknownVersion(address);
  const [stored] = state;
  if (stored !== batch.expectedCheckpoint || batch.checkpoint < batch.expectedCheckpoint) {
    throw checkpointConflict(address, batch.expectedCheckpoint, stored, batch.checkpoint);
  }
  for (const { key, json } of changes) {
    if (json === null) statements.deleteDocument.run(name, version, key);
    else statements.upsertDocument.run(name, version, key, json);
  }
  if (batch.checkpoint !== stored) statements.moveCheckpoint.run(batch.checkpoint, name, version);
};

/** Makes the version live and drops every older version of the name, documents included. */
export const switchToIn = (statements: ReadModelStatements, address: ReadModelAddress): void => {
  const { name, version } = address;
  if (statements.versionState.get(name, version) === undefined) throw unknownVersion(address);
  statements.unsetLive.run(name, version);
  statements.setLive.run(name, version);
  statements.deleteDocumentsBelow.run(name, version);
  statements.deleteVersionsBelow.run(name, version);
};

/** Drops a version that is not live; a version that does not exist is already dropped. */
export const discardIn = (statements: ReadModelStatements, address: ReadModelAddress): void => {
  const { name, version } = address;
  const state = statements.versionState.get(name, version);
  if (state === undefined) return;
  if (state[1] === 1) throw liveVersion(address);
  statements.deleteDocumentsOf.run(name, version);
  statements.deleteVersion.run(name, version);
};
