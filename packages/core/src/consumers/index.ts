export type { ConsumableEvent, ConsumableEventType, ConsumedEvent } from './consumed-event';
export { createInMemoryConsumerCheckpoints, type ConsumerCheckpoint, type ConsumerCheckpointStore } from './consumer-checkpoints';
export type { ConsumeOptions, ConsumerFailure } from './consumer-options';
export { consumerLeaseKey, type ConsumerLeaseOptions } from './consumer-lease';
export { startConsumer, type Consumer, type ConsumerContext, type ConsumerEnd } from './consumer';
export { consumerStream, type DeadLetter } from './dead-letters';
export { backoffDelay, type RetryBackoff } from './retry-backoff';
