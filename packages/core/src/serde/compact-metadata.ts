import type { EventMetadata } from '../events/event';

/**
 * An event's metadata in the short form a store may keep instead of the object: a JSON array
 * `[eventId, occurredAt, actor, correlation, causation, token, rest]` that leaves out what is null
 * or already said by the event's data, trailing defaults dropped:
 * - occurredAt: the text (files written while depledger stored it as milliseconds since 1970 hold a
 *   number there, read back as `toISOString()`'s text: storing the number saved ~12 bytes an event
 *   but cost a date parse on every append and a date format on every read);
 * - correlation: `0` when it is the data's `runId` (a sync run's facts carry their run id), else the id;
 * - causation: `null` (the default) or the id;
 * - token: `0` when it is what the data says (`data.tokenId`, or null when the data has none), else
 *   the token id or `null`;
 * - rest: the other fields (`requestedBy`, `tenantId`, …), in their order, when there are any.
 *
 * `expandMetadata(compactMetadata(m, data), data)` gives back an object equal to `m`, with its keys in
 * the same order, so readers see the same metadata whichever form was stored. An array can never be
 * stored metadata of the object form, so a reader tells the two forms apart by their first character.
 */
export type CompactMetadata = readonly unknown[];

/** The fields the array holds in its own slots, in the order the command handler writes them. */
const slotted = ['eventId', 'occurredAt', 'actor', 'correlationId', 'causationId', 'tokenId'] as const;

type Facts = { runId?: unknown; tokenId?: unknown };

const factsOf = (data: unknown): Facts => (typeof data === 'object' && data !== null ? (data as Facts) : {});

const tokenSaidByData = (facts: Facts): string | null => (typeof facts.tokenId === 'string' ? facts.tokenId : null);

/**
 * The short form of `metadata` for an event with this `data`, or null when the metadata does not
 * have the command handler's shape (its first six fields, in order, of their types): such metadata
 * is stored as given.
 */
export const compactMetadata = (metadata: EventMetadata, data: unknown): CompactMetadata | null => {
  const keys = Object.keys(metadata);
  if (keys.length < slotted.length) return null;
  for (let i = 0; i < slotted.length; i++) if (keys[i] !== slotted[i]) return null;
  const { eventId, occurredAt, actor, correlationId, causationId, tokenId } = metadata;
  if (typeof eventId !== 'string' || typeof occurredAt !== 'string' || typeof actor !== 'string' || typeof correlationId !== 'string')
    return null;
  if (causationId !== null && typeof causationId !== 'string') return null;
  if (tokenId !== null && typeof tokenId !== 'string') return null;
  const facts = factsOf(data);
  let rest: Record<string, unknown> | undefined;
  for (let i = slotted.length; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = (metadata as Record<string, unknown>)[key];
    if (value === undefined) continue;
    (rest ??= {})[key] = value;
  }
  const compact: unknown[] = [
    eventId,
    occurredAt,
    actor,
    correlationId === facts.runId ? 0 : correlationId,
    causationId,
    tokenId === tokenSaidByData(facts) ? 0 : tokenId,
  ];
  if (rest !== undefined) compact.push(rest);
  else {
    if (compact[5] === 0) compact.length = 5;
    if (compact.length === 5 && compact[4] === null) compact.length = 4;
    if (compact.length === 4 && compact[3] === 0) compact.length = 3;
  }
  return compact;
};

/** The metadata object a short form stands for, given the event's stored data (see `CompactMetadata`). */
export const expandMetadata = (compact: CompactMetadata, data: unknown): EventMetadata => {
  const facts = factsOf(data);
  const correlation = compact[3];
  const token = compact[5];
  const metadata: Record<string, unknown> = {
    eventId: compact[0],
    occurredAt: typeof compact[1] === 'number' ? new Date(compact[1]).toISOString() : compact[1],
    actor: compact[2],
    correlationId: correlation === undefined || correlation === 0 ? facts.runId : correlation,
    causationId: compact[4] ?? null,
    tokenId: token === undefined || token === 0 ? tokenSaidByData(facts) : token,
  };
  const rest = compact[6];
  if (typeof rest === 'object' && rest !== null) Object.assign(metadata, rest);
  return metadata as EventMetadata;
};
