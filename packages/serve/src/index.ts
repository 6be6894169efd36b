/**
 * depledger as a service: a JSON API over HTTP for the whole seed (with its OpenAPI document), API keys,
 * signed webhooks fed by durable consumers, and the scheduler — for an MDM in any language.
 *
 * @packageDocumentation
 * @module @depledger/serve
 */

export { createServer, type DepledgerServer, type ServeOptions, type WebhookDispatcherView } from './create-server';
export { createMultiTenantServer, tenantHeader, type MultiTenantServeOptions, type MultiTenantServer } from './create-multi-tenant-server';
export {
  apiKeyScopes,
  apiKeyStream,
  createApiKeys,
  createOperatorKeys,
  keyOwnerOf,
  operatorKeyStream,
  type ApiKeys,
  type ApiKeyScope,
  type ApiKeyView,
  type KeyOwner,
} from './auth/api-keys';
export { createOperatorApiKeys, keyTenantStream, type OperatorApiKeys } from './auth/tenant-keys';
export type { Caller } from './auth/caller';
export { apiErrorSchema, type ApiError } from './http/api-error';
export { httpStatusOf } from './http/http-status';
export type { AnyRoute, Scope } from './http/route';
export { webhookEventSources, webhookEventTypes, type WebhookEventType, type WebhookPayload } from './webhooks/webhook-events';
export { signatureToleranceSeconds, signWebhook, verifyWebhook, webhookHeaders } from './webhooks/webhook-signature';
export type { WebhookDeliveryOptions } from './webhooks/webhook-dispatcher';
export type { DeliveryAttempt } from './webhooks/delivery-log';
