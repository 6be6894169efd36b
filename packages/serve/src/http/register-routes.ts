import { ValidationError } from '@depledger/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ApiKeys } from '../auth/api-keys';
import type { Caller } from '../auth/caller';
import { RequestError } from './api-error';
import { isRawBody, type AnyRoute } from './route';

/** The tenant each request was answered for, once its key was checked: for the request log. */
const answeredFor = new WeakMap<FastifyRequest, string>();
export const tenantAnswered = (request: FastifyRequest): string | undefined => answeredFor.get(request);

export const publicCaller: Caller = { keyId: '', name: 'public', scopes: [], actor: 'api:public' };

/** `{ tokenId }` in OpenAPI's form becomes fastify's `:tokenId`. */
export const fastifyPath = (path: string): string => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

const parse = <T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T | undefined => {
  if (schema === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    where,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(whole)', message: issue.message })),
  );
};

const mediaTypeOf = (request: FastifyRequest): string | null => {
  const header = request.headers['content-type'];
  return header ? (header.split(';')[0] as string).trim().toLowerCase() : null;
};

const hasBody = (request: FastifyRequest): boolean =>
  request.body !== undefined &&
  request.body !== null &&
  !(typeof request.body === 'object' && Object.keys(request.body as object).length === 0 && !Buffer.isBuffer(request.body));

export const presentedKey = (request: FastifyRequest): string | undefined => {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+/i.test(authorization)) return authorization.replace(/^Bearer\s+/i, '').trim();
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header : undefined;
};

/** Refuses a caller whose key's scope does not cover the route (API_KEY_SCOPE). */
export const checkScope = (route: AnyRoute, caller: Caller): Caller => {
  // a write key may also read
  const allowed = route.scope === 'read' ? caller.scopes.length > 0 : caller.scopes.includes('write');
  if (!allowed) {
    throw new RequestError(
      'API_KEY_SCOPE',
      `This route needs an API key with the ${route.scope} scope; key ${caller.keyId} has ${caller.scopes.join(', ')}.`,
      {
        needed: route.scope,
        keyId: caller.keyId,
      },
    );
  }
  return caller;
};

/** Who calls, and the route that answers them (a server for several tenants answers with the caller's tenant's route). */
export type RouteAccess = (route: AnyRoute, request: FastifyRequest) => Promise<Readonly<{ caller: Caller; route: AnyRoute }>>;

/** One tenant's server: the key is checked against its keys, and the route is the one registered. */
export const keyAccess =
  (apiKeys: ApiKeys): RouteAccess =>
  async (route, request) => {
    if (route.scope === 'public') return { caller: publicCaller, route };
    return { caller: checkScope(route, await apiKeys.authenticate(presentedKey(request))), route };
  };

const body = (route: AnyRoute, request: FastifyRequest): unknown => {
  const media = mediaTypeOf(request);
  if (route.body === undefined) {
    if (hasBody(request)) throw new ValidationError('request', [{ path: '(body)', message: 'this route takes no body' }]);
    return undefined;
  }
  if (isRawBody(route.body)) {
    if (media === null || !route.body.raw.includes(media) || !Buffer.isBuffer(request.body)) {
      throw new RequestError('UNSUPPORTED_MEDIA_TYPE', `Send the file as the body with Content-Type ${route.body.raw.join(' or ')}.`, {
        expected: route.body.raw,
        received: media,
      });
    }
    if (request.body.length === 0) throw new ValidationError('request', [{ path: '(body)', message: 'the file is empty' }]);
    return request.body;
  }
  if (media !== 'application/json') {
    throw new RequestError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type application/json.', {
      expected: ['application/json'],
      received: media,
    });
  }
  return parse(route.body as z.ZodType, request.body, 'request body');
};

/** Registers each route: the key and its scope checked, then path, query, headers and body parsed by the route's schemas, then its handler. */
export const registerRoutes = (app: FastifyInstance, routes: readonly AnyRoute[], access: RouteAccess): void => {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      ...(isRawBody(route.body) ? { bodyLimit: route.body.maxBytes } : {}),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const { caller, route: answering } = await access(route, request);
        if (caller.tenant !== undefined) answeredFor.set(request, caller.tenant);
        const input = {
          params: parse(route.params, request.params, 'path parameters') ?? {},
          query: parse(route.query, request.query ?? {}, 'query') ?? {},
          headers: parse(route.headers, request.headers, 'headers') ?? {},
          body: body(route, request),
          caller,
        };
        const answer = await answering.handle(input);
        reply.code(answer.status);
        for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
        if (answer.body === undefined) return reply.send();
        reply.type(answer.contentType ?? 'application/json; charset=utf-8');
        return reply.send(answer.contentType === undefined ? JSON.stringify(answer.body) : answer.body);
      },
    });
  }
};
