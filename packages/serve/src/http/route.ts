import type { z } from 'zod';
import type { Caller } from '../auth/caller';

/** What a key must carry to call a route: `read`, `write`, or nothing (`public`: the OpenAPI document). */
export type Scope = 'read' | 'write' | 'public';

/** A response a route may give: its status, what it means, and its JSON schema (or another media type). */
export type ResponseSpec = Readonly<{
  description: string;
  schema?: z.ZodType;
  /** @defaultValue 'application/json' */
  contentType?: string;
}>;

/** A raw request body (a file), handed to the handler as bytes. */
export type RawBody = Readonly<{ raw: readonly string[]; description: string; maxBytes: number }>;

/** What a handler answers: a status from the route's responses, a body, and headers if any. */
export type Reply = Readonly<{ status: number; body?: unknown; contentType?: string; headers?: Readonly<Record<string, string>> }>;

export type HandlerInput<P, Q, B, H> = Readonly<{
  params: P;
  query: Q;
  body: B;
  headers: H;
  caller: Caller;
}>;

/** One route of the API: the schemas its input is parsed with and its OpenAPI entry is generated from, and its handler. */
export type Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType | RawBody = z.ZodType,
  H extends z.ZodType = z.ZodType,
> = Readonly<{
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI form: `/tokens/{tokenId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  scope: Scope;
  params?: P;
  query?: Q;
  body?: B;
  headers?: H;
  responses: Readonly<Record<number, ResponseSpec>>;
  handle(
    input: HandlerInput<z.infer<P>, z.infer<Q>, B extends RawBody ? Buffer : B extends z.ZodType ? z.infer<B> : undefined, z.infer<H>>,
  ): Promise<Reply>;
}>;

export type AnyRoute = Route<any, any, any, any>;

/** Declares a route with its input types inferred from its schemas. */
export const defineRoute = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType | RawBody, H extends z.ZodType>(
  route: Route<P, Q, B, H>,
): AnyRoute => route;

export const isRawBody = (body: unknown): body is RawBody => typeof body === 'object' && body !== null && 'raw' in body;
