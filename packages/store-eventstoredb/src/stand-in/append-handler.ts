import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import { AppendReq, AppendResp } from '@eventstore/db-client/generated/streams_pb';
import { empty, streamNameOf } from './messages';
import { invalidArgument, unimplemented } from './refusal';
import { proposedRecordOf } from './proposed-record';
import type { ProposedRecord, StandInExpectation, StandInLog } from './stand-in-log';

/**
 * Streams.Append: the first message names the stream and the expected revision, the others are the
 * events. The append happens once the client has sent everything, all or nothing. Not emulated: the
 * real server's detection of a retried batch by event ids.
 */

const expectationOf = (options: AppendReq.Options): StandInExpectation | null => {
  switch (options.getExpectedStreamRevisionCase()) {
    case AppendReq.Options.ExpectedStreamRevisionCase.REVISION:
      return BigInt(options.getRevision());
    case AppendReq.Options.ExpectedStreamRevisionCase.NO_STREAM:
      return 'no_stream';
    case AppendReq.Options.ExpectedStreamRevisionCase.ANY:
      return 'any';
    case AppendReq.Options.ExpectedStreamRevisionCase.STREAM_EXISTS:
      return 'stream_exists';
    default:
      return null;
  }
};

const wrongExpectedVersion = (expected: StandInExpectation, currentRevision: number): AppendResp => {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (currentRevision === -1) wrong.setCurrentNoStream(empty());
  else wrong.setCurrentRevision(String(currentRevision));
  if (expected === 'any') wrong.setExpectedAny(empty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(empty());
  else wrong.setExpectedRevision(expected.toString());
  return new AppendResp().setWrongExpectedVersion(wrong);
};

export const appendHandler =
  (log: StandInLog) =>
  (call: ServerReadableStream<AppendReq, AppendResp>, respond: sendUnaryData<AppendResp>): void => {
    let options: AppendReq.Options | undefined;
    const proposed: ProposedRecord[] = [];
    let refused = false;
    const refuse = (error: Parameters<typeof respond>[0]) => {
      if (refused) return;
      refused = true;
      respond(error);
    };

    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) {
        const message = request.getProposedMessage() as AppendReq.ProposedMessage;
        if (message.getId()?.hasStructured()) refuse(unimplemented('structured UUIDs in appends (the client sends strings)'));
        proposed.push(proposedRecordOf(message));
      }
    });
    call.on('end', () => {
      if (refused) return;
      if (!options) return refuse(invalidArgument('an append must start with its options'));
      const expected = expectationOf(options);
      if (expected === null) return refuse(invalidArgument('the append names no expected stream revision'));
      const streamName = streamNameOf(options.getStreamIdentifier());
      const outcome = log.append(streamName, expected, proposed);
      if (!outcome.ok) return respond(null, wrongExpectedVersion(expected, outcome.currentRevision));
      const success = new AppendResp.Success();
      if (outcome.revision === -1) success.setNoStream(empty());
      else success.setCurrentRevision(String(outcome.revision));
      if (outcome.position === 0) success.setNoPosition(empty());
      else
        success.setPosition(
          new AppendResp.Position().setCommitPosition(String(outcome.position)).setPreparePosition(String(outcome.position)),
        );
      respond(null, new AppendResp().setSuccess(success));
    });
  };
