import { DepledgerError } from '@depledger/core';
import type { ReadModelAddress } from './read-model-store';

const where = (a: ReadModelAddress) => `read model ${a.name} version ${a.version}`;

export const checkpointConflict = (address: ReadModelAddress, expected: number, actual: number, next: number): DepledgerError =>
  new DepledgerError(
    'READ_MODEL_CHECKPOINT_CONFLICT',
    next < expected
      ? `Refused to move ${where(address)} back from position ${expected} to ${next}.`
      : `${where(address)} is at position ${actual}, not ${expected}: another runner is folding events into it. Run one runner per read model store.`,
    { ...address, expected, actual, next },
  );

export const unknownVersion = (address: ReadModelAddress): DepledgerError =>
  new DepledgerError('READ_MODEL_VERSION_UNKNOWN', `There is no ${where(address)} (it was never created, or dropped after a rebuild).`, {
    ...address,
  });

export const liveVersion = (address: ReadModelAddress): DepledgerError =>
  new DepledgerError('READ_MODEL_VERSION_LIVE', `${where(address)} is live; switch to another version before dropping it.`, { ...address });
