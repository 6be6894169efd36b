import type { ServiceError } from '@grpc/grpc-js';
import { grpc } from './grpc';

/**
 * The stand-in's answer to everything it does not implement: gRPC UNIMPLEMENTED with a message that
 * names what was asked, never a silent success.
 */
export const unimplemented = (what: string): Partial<ServiceError> => ({
  code: grpc.status.UNIMPLEMENTED,
  details: `depledger's EventStoreDB stand-in does not implement ${what}. It serves only what @depledger/store-eventstoredb uses; run the suite against a real EventStoreDB (DEPLEDGER_ESDB_URL) for anything else.`,
});

export const invalidArgument = (details: string): Partial<ServiceError> => ({
  code: grpc.status.INVALID_ARGUMENT,
  details: `depledger's EventStoreDB stand-in: ${details}`,
});
