/**
 * Checkpoints live in ordinary streams named `depledger-checkpoint-<projection>` (no admin rights
 * needed, unlike `$` streams). They are not domain events: depledger's reads of `$all` skip them.
 */
export const checkpointStreamPrefix = 'depledger-checkpoint-';

export const checkpointStreamOf = (projection: string): string => `${checkpointStreamPrefix}${projection}`;

export const isCheckpointStream = (streamName: string): boolean => streamName.startsWith(checkpointStreamPrefix);

export const checkpointEventType = 'ProjectionCheckpointed.v1';
