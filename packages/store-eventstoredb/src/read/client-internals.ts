import type { CallOptions, ClientReadableStream, Metadata } from '@grpc/grpc-js';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { EventStoreDbError } from '../errors';

/**
 * `@eventstore/db-client` 6.2.1 (its final release) cannot filter a *read* of `$all`, only a
 * subscription. The server can. So this one module sends the read itself, through the client's
 * protected call plumbing (`GRPCStreamCreator`, `callArguments`): same channel, credentials,
 * reconnection, and `dispose()` still cancels the call. The client version is pinned; the
 * KurrentDB client, which can filter reads, will make this module unnecessary.
 */
type CallPlumbing = {
  GRPCStreamCreator: (
    client: typeof StreamsClient,
    debugName: string,
    creator: (grpcClient: StreamsClient) => ClientReadableStream<ReadResp>,
  ) => () => Promise<ClientReadableStream<ReadResp>>;
  callArguments: (baseOptions: object, callOptions?: CallOptions) => [Metadata, CallOptions];
};

export const readCall = (client: EventStoreDBClient, request: ReadReq): (() => Promise<ClientReadableStream<ReadResp>>) => {
  const plumbing = client as unknown as Partial<CallPlumbing>;
  if (typeof plumbing.GRPCStreamCreator !== 'function' || typeof plumbing.callArguments !== 'function') {
    throw new EventStoreDbError(
      'EVENTSTOREDB_CLIENT_UNSUPPORTED',
      'This @eventstore/db-client does not expose the call plumbing depledger uses for filtered reads of $all; install the version @depledger/store-eventstoredb pins (6.2.1).',
    );
  }
  const { GRPCStreamCreator, callArguments } = plumbing as CallPlumbing;
  return GRPCStreamCreator(StreamsClient, 'readAll', (grpcClient) =>
    grpcClient.read(request, ...callArguments({}, { deadline: Infinity })),
  );
};
