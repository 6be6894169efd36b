import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { appendHandler } from './append-handler';
import { batchAppendHandler } from './batch-append-handler';
import { grpc } from './grpc';
import { readHandler } from './read-handler';
import { refusedServices, refusingImplementation } from './refusing-services';
import { supportedMethodsHandler } from './server-features';
import { StandInLog } from './stand-in-log';

/**
 * A running stand-in: NOT EventStoreDB. An in-process gRPC server on 127.0.0.1 that speaks the
 * client's own service definitions (`@eventstore/db-client/generated`) for the few calls
 * depledger's adapter makes, so the shared contract suite exercises the real client code where no
 * EventStoreDB server can run. Every other call answers UNIMPLEMENTED.
 */
export type EventStoreDbStandIn = Readonly<{
  /** `esdb://127.0.0.1:<port>?tls=false` */
  connectionString: string;
  /** Test control: ends every open `$all` subscription with UNAVAILABLE, as a server restart would. Returns how many. */
  dropSubscriptions(): number;
  /** Stops the server at once, ending open calls. */
  stop(): Promise<void>;
}>;

export type EventStoreDbStandInOptions = Readonly<{
  /**
   * Whether to serve Streams.BatchAppend and say so when the client asks for the server's features,
   * as real servers since 21.10 do; without it the client appends through Streams.Append.
   * @defaultValue true
   */
  batchAppend?: boolean;
}>;

/**
 * The client's Streams service definition, unchanged but for one thing: Read may also answer with
 * bytes that are already an encoded ReadResp (events are encoded once, when first read).
 */
const encodedReadService: typeof StreamsService = {
  ...StreamsService,
  read: {
    ...StreamsService.read,
    responseSerialize: ((value: ReadResp | Buffer) =>
      Buffer.isBuffer(value) ? value : StreamsService.read.responseSerialize(value)) as typeof StreamsService.read.responseSerialize,
  },
};

export const startEventStoreDbStandIn = async (options: EventStoreDbStandInOptions = {}): Promise<EventStoreDbStandIn> => {
  const batchAppend = options.batchAppend ?? true;
  const log = new StandInLog();
  const subscriptions = new Set<ServerWritableStream<ReadReq, ReadResp | Buffer>>();
  const server = new grpc.Server();
  // Delete and Tombstone (and BatchAppend when left out) refuse by name.
  const streams: UntypedServiceImplementation = {
    ...refusingImplementation(StreamsService),
    read: readHandler(log, subscriptions),
    append: appendHandler(log),
    ...(batchAppend ? { batchAppend: batchAppendHandler(log) } : {}),
  };
  server.addService(encodedReadService, streams);
  server.addService(ServerFeaturesService, {
    getSupportedMethods: supportedMethodsHandler({
      'event_store.client.streams.Streams': batchAppend ? ['Read', 'Append', 'BatchAppend'] : ['Read', 'Append'],
      'event_store.client.server_features.ServerFeatures': ['GetSupportedMethods'],
    }),
  });
  for (const service of refusedServices) server.addService(service, refusingImplementation(service));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    dropSubscriptions: () => {
      const dropped = [...subscriptions];
      subscriptions.clear();
      for (const call of dropped) {
        call.emit('error', {
          code: grpc.status.UNAVAILABLE,
          details: "depledger's EventStoreDB stand-in dropped the subscription (test control)",
        });
      }
      return dropped.length;
    },
    stop: async () => {
      server.forceShutdown();
    },
  };
};
