import { randomUUID } from 'node:crypto';
import type { EventStore, StoredEvent } from '../ports/event-store';
import { freshMemory, type TokenMemory } from './due-work';

/**
 * What the scheduler remembers of a token between passes — the backoff after failures, when the
 * expiry was last checked and the retries last sent — kept in the shared store, so a restart or
 * another node goes on from it. One bookkeeping stream per token (`dep-schedule-<tokenId>`, outside
 * the event catalogue like the consumers' streams): each change appends the whole memory, and a
 * read takes the last event only, so reads stay bounded however long the stream grows.
 */
export const schedulerMemoryStream = (tokenId: string): string => `dep-schedule-${tokenId}`;

/**
 * The same memory for an API account of the Business API (only its last expiry check is used):
 * `dep-business-schedule-<accountId>`, a prefix of its own so that no token id can name it.
 */
export const accountMemoryStream = (accountId: string): string => `dep-business-schedule-${accountId}`;

/** Whose memory: a token's, or an API account's. */
export type MemoryOwner = Readonly<{ tokenId: string } | { accountId: string }>;

const streamOf = (owner: MemoryOwner): string =>
  'tokenId' in owner ? schedulerMemoryStream(owner.tokenId) : accountMemoryStream(owner.accountId);

const memoryType = 'SchedulerMemoryRecorded.v1';

type StoredMemory = Readonly<{
  expiryCheckedAt: string | null;
  assignmentsRetriedAt: string | null;
  syncNotBefore: string | null;
  failuresInARow: number;
}>;

const dateOrNull = (value: unknown): Date | null =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : null;

const memoryOf = (event: StoredEvent | undefined): TokenMemory => {
  if (event?.type !== memoryType) return freshMemory();
  const data = event.data as Partial<StoredMemory>;
  return {
    expiryCheckedAt: dateOrNull(data.expiryCheckedAt),
    assignmentsRetriedAt: dateOrNull(data.assignmentsRetriedAt),
    syncNotBefore: dateOrNull(data.syncNotBefore),
    failuresInARow: typeof data.failuresInARow === 'number' && data.failuresInARow >= 0 ? data.failuresInARow : 0,
  };
};

/** The memory and the stream revision it was read at (-1: nothing recorded yet). */
export type RecalledMemory = Readonly<{ memory: TokenMemory; revision: number }>;

/** The token's (or account's) last recorded memory (a fresh one when nothing was recorded). */
export const recallMemory = async (store: EventStore, owner: MemoryOwner): Promise<RecalledMemory> => {
  const stream = streamOf(owner);
  const revision = await store.streamRevision(stream);
  if (revision < 0) return { memory: freshMemory(), revision };
  let last: StoredEvent | undefined;
  for await (const event of store.readStream(stream, { fromRevision: revision, maxCount: 1 })) last = event;
  return { memory: memoryOf(last), revision };
};

const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/**
 * Records the token's memory after a change. Nodes may record at once: the last append wins (each
 * writes the memory it just acted on, and the sync rules, not this memory, keep runs apart).
 */
export const recordMemory = async (store: EventStore, owner: MemoryOwner, memory: TokenMemory, actor: string, at: Date): Promise<void> => {
  const data: StoredMemory = {
    expiryCheckedAt: isoOrNull(memory.expiryCheckedAt),
    assignmentsRetriedAt: isoOrNull(memory.assignmentsRetriedAt),
    syncNotBefore: isoOrNull(memory.syncNotBefore),
    failuresInARow: memory.failuresInARow,
  };
  const id = randomUUID();
  await store.appendToStream(
    streamOf(owner),
    [
      {
        type: memoryType,
        data,
        metadata: {
          eventId: id,
          occurredAt: at.toISOString(),
          actor,
          correlationId: id,
          causationId: null,
          tokenId: 'tokenId' in owner ? owner.tokenId : null,
        },
      },
    ],
    { expectedRevision: 'any' },
  );
};
