import type { ServerDuplexStream } from '@grpc/grpc-js';
import { AllStreamPosition, Empty, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { AnyMessage } from './grpc';
import { streamIdentifier, streamNameOf } from './messages';
import { unimplemented } from './refusal';
import { proposedRecordOf } from './proposed-record';
import type { ProposedRecord, StandInExpectation, StandInLog } from './stand-in-log';

/**
 * Streams.BatchAppend, the append path the client takes when the server advertises it (every real
 * server since 21.10): one long-lived two-way call; each append is a correlation id, options in its
 * first request, events in one or more requests, the last marked final. Answered once the final
 * request is in, all or nothing. Not emulated: the deadline in the options, and the real server's
 * detection of a retried batch by event ids.
 */

type Pending = { options: BatchAppendReq.Options | undefined; proposed: ProposedRecord[] };

const expectationOf = (options: BatchAppendReq.Options): StandInExpectation | null => {
  const Case = BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case Case.STREAM_POSITION:
      return BigInt(options.getStreamPosition());
    case Case.NO_STREAM:
      return 'no_stream';
    case Case.ANY:
      return 'any';
    case Case.STREAM_EXISTS:
      return 'stream_exists';
    default:
      return null;
  }
};

const wrongExpectedVersion = (expected: StandInExpectation, currentRevision: number): Status => {
  const wrong = new WrongExpectedVersion();
  if (currentRevision === -1) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentStreamRevision(String(currentRevision));
  if (expected === 'any') wrong.setExpectedAny(new Empty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedStreamPosition(expected.toString());
  const details = new AnyMessage();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new Status().setCode(9).setMessage('Wrong expected version.').setDetails(details);
};

export const batchAppendHandler =
  (log: StandInLog) =>
  (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<string, Pending>();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      if (!correlation || correlation.hasStructured()) {
        call.emit('error', unimplemented('batch appends without a string correlation id'));
        return;
      }
      const id = correlation.getString();
      const batch = pending.get(id) ?? { options: undefined, proposed: [] };
      pending.set(id, batch);
      if (request.hasOptions()) batch.options = request.getOptions();
      for (const message of request.getProposedMessagesList()) batch.proposed.push(proposedRecordOf(message));
      if (!request.getIsFinal()) return;
      pending.delete(id);

      const response = new BatchAppendResp().setCorrelationId(new UUID().setString(id));
      const expected = batch.options ? expectationOf(batch.options) : null;
      if (!batch.options || expected === null) {
        call.write(
          response.setError(
            new Status().setCode(3).setMessage("depledger's EventStoreDB stand-in: a batch append needs options with an expected position"),
          ),
        );
        return;
      }
      const streamName = streamNameOf(batch.options.getStreamIdentifier());
      response.setStreamIdentifier(streamIdentifier(streamName));
      const outcome = log.append(streamName, expected, batch.proposed);
      if (!outcome.ok) {
        call.write(response.setError(wrongExpectedVersion(expected, outcome.currentRevision)));
        return;
      }
      const success = new BatchAppendResp.Success();
      if (outcome.revision === -1) success.setNoStream(new Empty());
      else success.setCurrentRevision(String(outcome.revision));
      if (outcome.position === 0) success.setNoPosition(new Empty());
      else
        success.setPosition(
          new AllStreamPosition().setCommitPosition(String(outcome.position)).setPreparePosition(String(outcome.position)),
        );
      call.write(response.setSuccess(success));
    });
    call.on('end', () => call.end());
  };
