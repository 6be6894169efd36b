import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { MonitoringService } from '@eventstore/db-client/generated/monitoring_grpc_pb';
import { OperationsService } from '@eventstore/db-client/generated/operations_grpc_pb';
import { PersistentSubscriptionsService } from '@eventstore/db-client/generated/persistent_grpc_pb';
import { ProjectionsService } from '@eventstore/db-client/generated/projections_grpc_pb';
import { UsersService } from '@eventstore/db-client/generated/users_grpc_pb';
import { unimplemented } from './refusal';

type Refusable = { emit(event: 'error', error: object): boolean };

/** A handler for every method of a service that refuses it by name, whatever the call's shape. */
export const refusingImplementation = (service: ServiceDefinition): UntypedServiceImplementation =>
  Object.fromEntries(
    Object.entries(service).map(([name, method]) => {
      const what = method.path.replace(/^\/event_store\.client\.(?:[a-z_]+\.)?/, '');
      // Calls that answer with a stream end with an error status; the others answer through their callback.
      const refuse = method.responseStream
        ? (call: Refusable) => call.emit('error', unimplemented(what))
        : (_call: unknown, respond: (error: object) => void) => respond(unimplemented(what));
      return [name, refuse];
    }),
  );

/** The client-facing services the stand-in does not serve at all: each of their methods refuses by name. */
export const refusedServices: readonly ServiceDefinition[] = [
  PersistentSubscriptionsService,
  ProjectionsService,
  UsersService,
  OperationsService,
  GossipService,
  MonitoringService,
];
