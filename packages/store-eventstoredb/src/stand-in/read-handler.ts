import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { caughtUpMessage, confirmationMessage, encodedEventMessage, streamNameOf, streamNotFoundMessage } from './messages';
import { recordFilterOf, type RecordFilter } from './record-filter';
import { invalidArgument, unimplemented } from './refusal';
import type { StandInLog, StandInRecord } from './stand-in-log';

/**
 * Streams.Read: a stream forwards or backwards (from the start, the end or a revision, at most
 * `count`), `$all` forwards or backwards (from the start, the end or a position — inclusive
 * forwards, as the real server reads), optionally filtered, and a subscription to `$all` (catch-up
 * after a position — exclusive — then live). Refused: subscriptions to one stream, structured UUIDs.
 */

/** Writes ReadResp messages, or events already encoded as ReadResp bytes (see `encodedReadService`). */
type ReadCall = ServerWritableStream<ReadReq, ReadResp | Buffer>;

const backwards = (options: ReadReq.Options) => options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;

const countOf = (options: ReadReq.Options): number => (options.hasCount() ? Number(BigInt(options.getCount())) : Number.MAX_SAFE_INTEGER);

/** Resolves when the call can take more, or is over. */
const writable = (call: ReadCall): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'cancelled', 'close', 'error']) call.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'cancelled', 'close', 'error']) call.once(event, done);
  });

/** Writes the records one by one, waiting whenever the client's side of the call is full. */
const send = async (call: ReadCall, records: Iterable<StandInRecord>): Promise<void> => {
  for (const record of records) {
    if (call.cancelled) return;
    if (!call.write(encodedEventMessage(record))) await writable(call);
  }
};

function* streamSlice(stream: readonly StandInRecord[], options: ReadReq.Options.StreamOptions, reverse: boolean, count: number) {
  const last = stream.length - 1;
  const revisionCase = options.getRevisionOptionCase();
  const Case = ReadReq.Options.StreamOptions.RevisionOptionCase;
  let from: number;
  if (revisionCase === Case.REVISION) from = Number(BigInt(options.getRevision()));
  else if (revisionCase === Case.END) from = reverse ? last : stream.length;
  else from = 0;
  for (let i = from, sent = 0; sent < count && i >= 0 && i <= last; i += reverse ? -1 : 1, sent++) yield stream[i] as StandInRecord;
}

function* allSlice(log: StandInLog, options: ReadReq.Options.AllOptions, reverse: boolean, count: number, keep: RecordFilter) {
  const Case = ReadReq.Options.AllOptions.AllOptionCase;
  let from: number;
  if (options.getAllOptionCase() === Case.POSITION) {
    const position = Number(BigInt((options.getPosition() as ReadReq.Options.Position).getCommitPosition()));
    from = reverse ? log.indexAtOrAfter(position) - 1 : log.indexAtOrAfter(position);
  } else if (options.getAllOptionCase() === Case.END) from = reverse ? log.all.length - 1 : log.all.length;
  else from = reverse ? -1 : 0;
  let sent = 0;
  for (let i = from; sent < count && i >= 0 && i < log.all.length; i += reverse ? -1 : 1) {
    const record = log.all[i] as StandInRecord;
    if (!keep(record)) continue;
    sent++;
    yield record;
  }
}

const subscribeToAll = (log: StandInLog, call: ReadCall, options: ReadReq.Options, subscriptions: Set<ReadCall>): void => {
  const all = options.getAll() as ReadReq.Options.AllOptions;
  const Case = ReadReq.Options.AllOptions.AllOptionCase;
  const keep = recordFilterOf(options);
  let next = 0;
  if (all.getAllOptionCase() === Case.END) next = log.all.length;
  else if (all.getAllOptionCase() === Case.POSITION) {
    next = log.indexAtOrAfter(Number(BigInt((all.getPosition() as ReadReq.Options.Position).getCommitPosition())) + 1);
  }
  let pumping = false;
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (next < log.all.length && !call.cancelled) {
        const record = log.all[next++] as StandInRecord;
        if (keep(record)) await send(call, [record]);
      }
    } finally {
      pumping = false;
    }
    // Something may have arrived while the last write waited.
    if (next < log.all.length && !call.cancelled) void pump();
  };
  const stopListening = log.onAppend(() => void pump());
  subscriptions.add(call);
  const stop = () => {
    stopListening();
    subscriptions.delete(call);
  };
  call.on('cancelled', stop);
  call.on('close', stop);
  call.on('error', stop);
  call.write(confirmationMessage(randomUUID()));
  void pump().then(() => {
    if (!call.cancelled) call.write(caughtUpMessage());
  });
};

export const readHandler =
  (log: StandInLog, subscriptions: Set<ReadCall>) =>
  (call: ReadCall): void => {
    const options = call.request.getOptions();
    const fail = (error: object) => call.emit('error', error);
    if (!options) return void fail(invalidArgument('a read must carry options'));
    if (options.getUuidOption()?.hasStructured()) return void fail(unimplemented('structured UUIDs in reads (ask for string UUIDs)'));

    if (options.hasStream()) {
      if (options.hasSubscription()) return void fail(unimplemented('subscriptions to a single stream (only to $all)'));
      const streamOptions = options.getStream() as ReadReq.Options.StreamOptions;
      const streamName = streamNameOf(streamOptions.getStreamIdentifier());
      const stream = log.stream(streamName);
      if (!stream) {
        call.write(streamNotFoundMessage(streamName));
        return void call.end();
      }
      void send(call, streamSlice(stream, streamOptions, backwards(options), countOf(options))).then(() => call.end());
      return;
    }
    if (!options.hasAll()) return void fail(invalidArgument('a read names a stream or $all'));
    if (options.hasSubscription()) {
      if (backwards(options)) return void fail(invalidArgument('a subscription reads forwards'));
      return subscribeToAll(log, call, options, subscriptions);
    }
    const all = options.getAll() as ReadReq.Options.AllOptions;
    void send(call, allSlice(log, all, backwards(options), countOf(options), recordFilterOf(options))).then(() => call.end());
  };
