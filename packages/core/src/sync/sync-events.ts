import { z } from 'zod';
import type { Event } from '../events/event';
import { defineEvent } from '../serde/event-catalogue';
import { isoDate, tokenId } from '../serde/schemas';

const runId = z.string().min(1).max(64);
const runKind = z.enum(['full', 'incremental']);
const trigger = z.enum(['manual', 'schedule']);
const phase = z.enum(['fetch', 'sync']);
export const syncCountsSchema = z.object({
  received: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  modified: z.number().int().nonnegative(),
  released: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
});
export type SyncCounts = z.infer<typeof syncCountsSchema>;

export const syncEventDefinitions = [
  defineEvent({
    type: 'SyncRunStarted',
    version: 1,
    aggregate: 'Sync',
    description:
      "A sync run began for a token. A full run requested within the policy's interval after the last full run is downgraded, and says why.",
    schema: z.object({
      tokenId,
      runId,
      requested: runKind,
      kind: runKind,
      trigger,
      downgrade: z.object({ reason: z.string(), nextFullAllowedAt: isoDate }).nullable(),
      startedAt: isoDate,
      deadlineAt: isoDate,
    }),
  }),
  defineEvent({
    type: 'SyncRunRefused',
    version: 1,
    aggregate: 'Sync',
    description:
      'A sync run was requested but refused: one is already running, the last manual run was too recent, or the token may not talk to Apple (not active, expired, rejected). Says when to retry (null: a person must act first).',
    schema: z.object({
      tokenId,
      runId,
      requested: runKind,
      trigger,
      reason: z.enum(['run_in_progress', 'too_soon', 'token_not_active', 'token_expired', 'token_rejected']),
      blockingRunId: z.string().nullable(),
      /** Null for a token refusal: a person must act (upload a token, renew it) before a run can start. */
      retryAt: isoDate.nullable(),
    }),
  }),
  defineEvent({
    type: 'SyncPageRecorded',
    version: 1,
    aggregate: 'Sync',
    description:
      "One page of Apple's feed was applied to the devices; its cursor is recorded after its devices, so a crash never skips a page.",
    schema: z.object({
      tokenId,
      runId,
      page: z.number().int().min(1),
      phase,
      cursorIn: z.string().nullable(),
      cursorOut: z.string(),
      fetchedUntil: isoDate.nullable(),
      moreToFollow: z.boolean(),
      counts: syncCountsSchema,
    }),
  }),
  defineEvent({
    type: 'SyncCursorReset',
    version: 1,
    aggregate: 'Sync',
    description: 'Apple refused the stored cursor (expired, invalid or required): the run starts over with a fetch.',
    schema: z.object({ tokenId, runId, reason: z.enum(['cursor_expired', 'cursor_invalid', 'cursor_required', 'cursor_too_old']) }),
  }),
  defineEvent({
    type: 'SyncRunCompleted',
    version: 1,
    aggregate: 'Sync',
    description: 'The run finished: counts, pages, duration, and how it ended.',
    schema: z.object({
      tokenId,
      runId,
      kind: runKind,
      fullFetchCompleted: z.boolean(),
      outcome: z.enum(['completed', 'stopped_on_repeating_cursor']),
      /** `released` includes the devices released by absence after a full fetch (events without `releasedByAbsence` count the pages' releases only). */
      counts: syncCountsSchema,
      /** Of `counts.released`, those released because a full fetch no longer reported them. Absent in older events. */
      releasedByAbsence: z.number().int().nonnegative().optional(),
      pages: z.number().int().nonnegative(),
      durationMs: z.number().nonnegative(),
    }),
  }),
  defineEvent({
    type: 'SyncRunFailed',
    version: 1,
    aggregate: 'Sync',
    description:
      'The run stopped on an error (terms not signed, token rejected, Apple unavailable...); the next run resumes from the last recorded page.',
    schema: z.object({ tokenId, runId, code: z.string(), message: z.string().max(1000), durationMs: z.number().nonnegative() }),
  }),
  defineEvent({
    type: 'SyncRunTimedOut',
    version: 1,
    aggregate: 'Sync',
    description: 'The run passed its deadline; the next run resumes from the last recorded page.',
    schema: z.object({ tokenId, runId, deadlineAt: isoDate, detectedAt: isoDate }),
  }),
  defineEvent({
    type: 'SyncRunAbandoned',
    version: 1,
    aggregate: 'Sync',
    description:
      "The run's process died (its run lease lapsed without being released): recorded by the next run, which resumes from the dead run's last recorded page.",
    schema: z.object({
      tokenId,
      runId,
      /** The last page the dead run recorded (0: none). */
      lastPage: z.number().int().nonnegative(),
      /**
       * When the lease that held the token lapsed: the dead run's own, or that of a run that took over after
       * it and died before recording anything. Null when the lease was gone without a trace (released, or
       * the run predates leases).
       */
      leaseExpiredAt: isoDate.nullable(),
      /** The run that found it dead and took the token over. */
      takenOverBy: runId,
      detectedAt: isoDate,
    }),
  }),
] as const;

type DataOf<T extends string> = z.infer<Extract<(typeof syncEventDefinitions)[number], { type: T }>['schema']>;
type SyncEventOf<T extends (typeof syncEventDefinitions)[number]['type']> = Event<T, DataOf<T>>;

export type SyncRunStarted = SyncEventOf<'SyncRunStarted'>;
export type SyncRunRefused = SyncEventOf<'SyncRunRefused'>;
export type SyncPageRecorded = SyncEventOf<'SyncPageRecorded'>;
export type SyncCursorReset = SyncEventOf<'SyncCursorReset'>;
export type SyncRunCompleted = SyncEventOf<'SyncRunCompleted'>;
export type SyncRunFailed = SyncEventOf<'SyncRunFailed'>;
export type SyncRunTimedOut = SyncEventOf<'SyncRunTimedOut'>;
export type SyncRunAbandoned = SyncEventOf<'SyncRunAbandoned'>;
export type SyncEvent =
  | SyncRunStarted
  | SyncRunRefused
  | SyncPageRecorded
  | SyncCursorReset
  | SyncRunCompleted
  | SyncRunFailed
  | SyncRunTimedOut
  | SyncRunAbandoned;

export const syncStream = (id: string): string => `dep-sync-${id}`;
