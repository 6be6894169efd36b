import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { appendHandler } from './append-handler';
import { grpc } from './grpc';
import { readHandler } from './read-handler';
import { unimplemented } from './refusal';
import { StandInLog } from './stand-in-log';

/**
 * A running stand-in: NOT EventStoreDB. An in-process gRPC server on 127.0.0.1 that speaks the
 * client's own service definitions (`@eventstore/db-client/generated`) for the few calls
 * depledger's adapter makes, so the shared contract suite exercises the real client code where no
 * EventStoreDB server can run. Everything else answers UNIMPLEMENTED.
 */
export type EventStoreDbStandIn = Readonly<{
  /** `esdb://127.0.0.1:<port>?tls=false` */
  connectionString: string;
  /** Test control: ends every open `$all` subscription with UNAVAILABLE, as a server restart would. */
  dropSubscriptions(): number;
  /** Stops the server at once, ending open calls. */
  stop(): Promise<void>;
}>;

export const startEventStoreDbStandIn = async (): Promise<EventStoreDbStandIn> => {
  const log = new StandInLog();
  const subscriptions = new Set<ServerWritableStream<ReadReq, ReadResp>>();
  const server = new grpc.Server();
  const refuse = (what: string) => (_call: unknown, respond?: (error: object) => void) => {
    const error = unimplemented(what);
    if (typeof respond === 'function') respond(error);
    else (_call as { emit(event: string, error: object): void }).emit('error', error);
  };
  const streams: UntypedServiceImplementation = {
    read: readHandler(log, subscriptions),
    append: appendHandler(log),
    delete: refuse('Streams.Delete'),
    tombstone: refuse('Streams.Tombstone'),
    batchAppend: (call: { emit(event: string, error: object): void }) => call.emit('error', unimplemented('Streams.BatchAppend')),
  };
  server.addService(StreamsService, streams);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    dropSubscriptions: () => {
      const dropped = [...subscriptions];
      subscriptions.clear();
      for (const call of dropped) {
        call.emit('error', { code: grpc.status.UNAVAILABLE, details: "depledger's EventStoreDB stand-in dropped the subscription (test control)" });
      }
      return dropped.length;
    },
    stop: async () => {
      server.forceShutdown();
    },
  };
};
