import type { ReadAllOptions, StoredEvent } from '@depledger/core';
import type { AllStreamResolvedEvent, StreamingRead } from '@eventstore/db-client';
import { BACKWARDS, END } from '@eventstore/db-client';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import type { Connection } from '../connection/connection';
import { translateError } from '../connection/translate-error';
import { checkpointStreamPrefix } from '../checkpoints/checkpoint-stream';
import { portPosition } from '../mapping/position';
import { positionOf, storedEvent } from '../mapping/stored-event';
import { readCall } from './client-internals';
import { eventsOf } from './events-of';

/** Events of depledger's streams only: a prefix list on stream names, or else no `$` event types. */
export const systemEventsExcluded = '^[^$].*';

const filterOptions = (streamPrefixes: readonly string[] | undefined): ReadReq.Options.FilterOptions => {
  const filter = new ReadReq.Options.FilterOptions().setCount(new Empty()).setCheckpointintervalmultiplier(1);
  const expression = new ReadReq.Options.FilterOptions.Expression();
  if (streamPrefixes && streamPrefixes.length > 0) return filter.setStreamIdentifier(expression.setPrefixList([...streamPrefixes]));
  return filter.setEventType(expression.setRegex(systemEventsExcluded));
};

const filteredReadRequest = (after: number, count: number, streamPrefixes: readonly string[] | undefined): ReadReq => {
  const all = new ReadReq.Options.AllOptions();
  if (after <= 0) all.setStart(new Empty());
  else all.setPosition(new ReadReq.Options.Position().setCommitPosition(String(after)).setPreparePosition(String(after)));
  const options = new ReadReq.Options()
    .setAll(all)
    .setReadDirection(ReadReq.Options.ReadDirection.FORWARDS)
    .setResolveLinks(false)
    .setCount(String(count))
    .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()))
    .setFilter(filterOptions(streamPrefixes));
  return new ReadReq().setOptions(options);
};

/**
 * Whether the server's count of filtered events equals ours: only when the prefixes cannot match a
 * stream we skip (system streams, checkpoints). Otherwise the server reads on and we stop ourselves.
 */
const serverCountIsOurs = (prefixes: readonly string[] | undefined): boolean =>
  !!prefixes &&
  prefixes.length > 0 &&
  prefixes.every(
    (p) => p.length > 0 && !p.startsWith('$') && !checkpointStreamPrefix.startsWith(p) && !p.startsWith(checkpointStreamPrefix),
  );

/**
 * `$all` after a position (exclusive), filtered on the server by stream-name prefix, in global order,
 * event by event. The server reads from a position inclusively, so the event at `after` is asked
 * for and skipped.
 */
export async function* readAllEvents(connection: Connection, options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
  const after = options.after ?? 0;
  const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
  if (maxCount <= 0) return;
  const count = serverCountIsOurs(options.streamPrefixes)
    ? Math.min(Number.MAX_SAFE_INTEGER, maxCount + (after > 0 ? 1 : 0))
    : Number.MAX_SAFE_INTEGER;
  const request = filteredReadRequest(after, count, options.streamPrefixes);
  let remaining = maxCount;
  try {
    const reading: StreamingRead<AllStreamResolvedEvent> = new ReadStream(readCall(connection.client, request), convertGrpcEvent, {});
    for await (const resolved of eventsOf(reading)) {
      const event = storedEvent(resolved);
      if (!event || event.position <= after) continue;
      yield event;
      if (--remaining === 0) return;
    }
  } catch (error) {
    throw translateError(error, { connection: connection.label, operation: 'reading $all' });
  }
}

/** The position of the last event in `$all` (any event, system ones included), 0 when there is none. */
export const headPosition = async (connection: Connection): Promise<number> => {
  try {
    for await (const resolved of eventsOf(connection.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }))) {
      const recorded = resolved.event;
      if (recorded) return portPosition(positionOf(resolved), recorded.streamId);
    }
    return 0;
  } catch (error) {
    throw translateError(error, { connection: connection.label, operation: 'reading the end of $all' });
  }
};
