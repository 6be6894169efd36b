import type { ConsumableEventType, ConsumedEvent } from '@depledger/core';

/** The event types an MDM can ask a webhook for, and the depledger events behind each. */
export const webhookEventSources = {
  'device.assigned': ['DeviceAssignedToServer'],
  'device.profile_assigned': ['ProfileAssignmentSucceeded'],
  'device.enrolled': ['DeviceEnrolled'],
  'device.released': ['DeviceReleased'],
  'token.expiring': ['TokenExpiring'],
  'token.expired': ['TokenExpired'],
  'token.rejected': ['TokenRejected'],
  'sync.completed': ['SyncRunCompleted'],
  'sync.failed': ['SyncRunFailed', 'SyncRunTimedOut'],
} as const satisfies Record<string, readonly ConsumableEventType[]>;

export type WebhookEventType = keyof typeof webhookEventSources;
export const webhookEventTypes = Object.keys(webhookEventSources) as WebhookEventType[];

type Source = (typeof webhookEventSources)[WebhookEventType][number];

/** What a webhook delivers: the event's id (the idempotency key), its webhook type, when it happened, and its facts — references, never personal data. */
export type WebhookPayload = Readonly<{ id: string; type: WebhookEventType; occurredAt: string; data: Readonly<Record<string, unknown>> }>;

const typeOf = (source: Source): WebhookEventType => {
  for (const [type, sources] of Object.entries(webhookEventSources))
    if ((sources as readonly string[]).includes(source)) return type as WebhookEventType;
  throw new Error(`no webhook type for ${source}`);
};

/** The facts a receiver gets, chosen field by field (no vault references, no Apple-internal details). */
const dataOf = (event: ConsumedEvent<Source>): Record<string, unknown> => {
  switch (event.type) {
    case 'DeviceAssignedToServer': {
      const { serial, tokenId, details, operation } = event.data;
      return { serial, tokenId, model: details.model, os: details.os, family: details.family, operation };
    }
    case 'ProfileAssignmentSucceeded': {
      const { serial, tokenId, profileId, profileVersion, profileUuid } = event.data;
      return { serial, tokenId, profileId, profileVersion, profileUuid };
    }
    case 'DeviceEnrolled': {
      const { serial, tokenId, enrolledAt, profileUuid } = event.data;
      return { serial, tokenId, enrolledAt, profileUuid };
    }
    case 'DeviceReleased': {
      const { serial, tokenId, reason } = event.data;
      return { serial, tokenId, reason };
    }
    case 'TokenExpiring': {
      const { tokenId, expiresAt, threshold, daysLeft } = event.data;
      return { tokenId, expiresAt, threshold, daysLeft };
    }
    case 'TokenExpired':
      return { tokenId: event.data.tokenId, expiredAt: event.data.expiredAt };
    case 'TokenRejected':
      return { tokenId: event.data.tokenId, reason: event.data.reason, detectedAt: event.data.detectedAt };
    case 'SyncRunCompleted': {
      const { tokenId, runId, kind, outcome, counts, pages, durationMs } = event.data;
      return { tokenId, runId, kind, outcome, counts, pages, durationMs };
    }
    case 'SyncRunFailed':
      return { tokenId: event.data.tokenId, runId: event.data.runId, code: event.data.code, message: event.data.message };
    case 'SyncRunTimedOut':
      return {
        tokenId: event.data.tokenId,
        runId: event.data.runId,
        code: 'SYNC_RUN_TIMED_OUT',
        message: `The run passed its deadline (${event.data.deadlineAt}); the next run resumes from its last page.`,
      };
  }
};

export const webhookPayload = (event: ConsumedEvent<Source>): WebhookPayload => ({
  id: event.metadata.eventId,
  type: typeOf(event.type),
  occurredAt: event.metadata.occurredAt,
  data: dataOf(event),
});

/** The depledger event types a webhook of these types consumes. */
export const sourcesOf = (types: readonly WebhookEventType[]): Source[] => [
  ...new Set(types.flatMap((type) => webhookEventSources[type] as readonly Source[])),
];
