import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/route';

/** The OpenAPI document and a liveness probe: no key needed. */
export const metaRoutes = (document: () => Record<string, unknown>): AnyRoute[] => [
  defineRoute({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document (OpenAPI 3.1)',
    tag: 'meta',
    scope: 'public',
    responses: { 200: { description: 'The OpenAPI document.', schema: z.record(z.string(), z.unknown()) } },
    handle: async () => ({ status: 200, body: document() }),
  }),
  defineRoute({
    method: 'GET',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Whether the server is up',
    tag: 'meta',
    scope: 'public',
    responses: { 200: { description: 'Up.', schema: z.object({ status: z.literal('ok') }) } },
    handle: async () => ({ status: 200, body: { status: 'ok' } }),
  }),
];
