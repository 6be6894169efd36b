/**
 * depledger's event store on EventStoreDB, for deployments that outgrow one machine.
 *
 * @packageDocumentation
 * @module @depledger/store-eventstoredb
 */

export { createEventStoreDbRunLeases, runLeaseStreamOf, type EventStoreDbRunLeases } from './leases/eventstoredb-run-leases';
export { createEventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb-event-store';
export type { ConnectOptions } from './connection/connection';
export type { SubscriptionSettings } from './subscribe/subscribe-to-all';
export { EventStoreDbError, EventStoreDbUnavailableError } from './errors';
export { esdbEventId } from './mapping/event-id';
export { redactedConnection } from './connection/redacted-connection';
export { startEventStoreDbStandIn, type EventStoreDbStandIn, type EventStoreDbStandInOptions } from './stand-in/start-stand-in';
export {
  createEventStoreDbCheckpointStore,
  type EventStoreDbCheckpointStore,
  type ProjectionCheckpoint,
} from './checkpoints/checkpoint-store';
export { checkpointStreamOf } from './checkpoints/checkpoint-stream';
