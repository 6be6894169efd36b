export { createServer, type DepledgerServer, type ServeOptions } from './create-server';
export { apiKeyScopes, apiKeyStream, createApiKeys, type ApiKeys, type ApiKeyScope, type ApiKeyView } from './auth/api-keys';
export type { Caller } from './auth/caller';
export { apiErrorSchema, type ApiError } from './http/api-error';
export { httpStatusOf } from './http/http-status';
export type { AnyRoute, Scope } from './http/route';
