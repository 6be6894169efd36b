import { z } from 'zod';
import type { EventStore, StoredEvent, StoredEventInput } from '../ports/event-store';
import { deterministicEventId } from '../handling/event-ids';

/** The stream where a consumer's dead letters are recorded: `dep-consumer-<name>`. */
export const consumerStream = (name: string): string => `dep-consumer-${name}`;

export const deadLetteredType = 'ConsumerEventDeadLettered.v1';
export const deadLetterReplayedType = 'ConsumerDeadLetterReplayed.v1';

const deadLetteredSchema = z.object({
  consumer: z.string(),
  position: z.number().int().positive(),
  eventId: z.string(),
  eventType: z.string(),
  streamName: z.string(),
  attempts: z.number().int().positive(),
  error: z.object({ code: z.string().nullable(), message: z.string() }),
});

const replayedSchema = z.object({ consumer: z.string(), position: z.number().int().positive(), eventId: z.string() });

/** An event a consumer gave up on after its attempts: set aside, the consumer went on with the next one. */
export type DeadLetter = z.infer<typeof deadLetteredSchema> &
  Readonly<{
    /** When it was set aside. */
    deadLetteredAt: string;
    /** When a replay succeeded, or `null` while it is still set aside. */
    replayedAt: string | null;
  }>;

/** Longest error message kept with a dead letter; handlers should not put secrets or personal data in their errors. */
const maxMessageLength = 500;

export const describeFailure = (error: unknown): DeadLetter['error'] => {
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : null;
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: message.length > maxMessageLength ? `${message.slice(0, maxMessageLength)}…` : message };
};

const metadataFor = (name: string, kind: string, event: StoredEvent, at: Date) => ({
  // One dead letter and one replay per position: a retry after a crash appends nothing twice.
  eventId: deterministicEventId(consumerStream(name), kind, event.position),
  occurredAt: at.toISOString(),
  actor: `system:consumer:${name}`,
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.eventId,
  tokenId: event.metadata.tokenId,
});

export const deadLetteredEvent = (name: string, event: StoredEvent, attempts: number, error: unknown, at: Date): StoredEventInput => ({
  type: deadLetteredType,
  data: {
    consumer: name,
    position: event.position,
    eventId: event.metadata.eventId,
    eventType: event.type,
    streamName: event.streamName,
    attempts,
    error: describeFailure(error),
  },
  metadata: metadataFor(name, 'dead-lettered', event, at),
});

export const replayedEvent = (name: string, event: StoredEvent, at: Date): StoredEventInput => ({
  type: deadLetterReplayedType,
  data: { consumer: name, position: event.position, eventId: event.metadata.eventId },
  metadata: metadataFor(name, 'replayed', event, at),
});

/** The consumer's dead letters in the order they were set aside, each with whether a replay has succeeded since. */
export const readDeadLetters = async (store: EventStore, name: string): Promise<DeadLetter[]> => {
  const byPosition = new Map<number, DeadLetter>();
  for await (const stored of store.readStream(consumerStream(name))) {
    if (stored.type === deadLetteredType) {
      const data = deadLetteredSchema.parse(stored.data);
      byPosition.set(data.position, { ...data, deadLetteredAt: stored.metadata.occurredAt, replayedAt: null });
    } else if (stored.type === deadLetterReplayedType) {
      const data = replayedSchema.parse(stored.data);
      const letter = byPosition.get(data.position);
      if (letter) byPosition.set(data.position, { ...letter, replayedAt: stored.metadata.occurredAt });
    }
  }
  return [...byPosition.values()];
};
