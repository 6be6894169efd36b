import { z } from 'zod';
import { isRawBody, type AnyRoute } from '../http/route';
import { toOpenApiSchema } from './json-schema';

type Json = Record<string, unknown>;

const shapeOf = (schema: z.ZodType | undefined): Record<string, z.ZodType> =>
  schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};

const parameters = (route: AnyRoute, components: Json): Json[] => {
  const entries: Json[] = [];
  const add = (where: 'path' | 'query' | 'header', schema: z.ZodType | undefined) => {
    for (const [name, property] of Object.entries(shapeOf(schema))) {
      const json = toOpenApiSchema(property, 'input', components);
      const { description, ...rest } = json;
      entries.push({
        name,
        in: where,
        required: where === 'path' || !property.safeParse(undefined).success,
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
        ...(where === 'query' && json['anyOf'] !== undefined ? { explode: true } : {}),
      });
    }
  };
  add('path', route.params);
  add('query', route.query);
  add('header', route.headers);
  return entries;
};

const requestBody = (route: AnyRoute, components: Json): Json | undefined => {
  if (route.body === undefined) return undefined;
  if (isRawBody(route.body)) {
    const content: Json = {};
    for (const type of route.body.raw)
      content[type] = { schema: { type: 'string', contentMediaType: type, maxLength: route.body.maxBytes } };
    return { required: true, description: route.body.description, content };
  }
  return { required: true, content: { 'application/json': { schema: toOpenApiSchema(route.body, 'input', components) } } };
};

const responses = (route: AnyRoute, components: Json): Json => {
  const out: Json = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    out[status] = {
      description: spec.description,
      ...(spec.schema
        ? { content: { [spec.contentType ?? 'application/json']: { schema: toOpenApiSchema(spec.schema, 'output', components) } } }
        : {}),
    };
  }
  return out;
};

/** Answers every route may give whatever it declares: a bad request, a missing or wrong key, a body too large. */
const commonResponses = (route: AnyRoute): Json => ({
  400: { $ref: '#/components/responses/BadRequest' },
  ...(route.scope === 'public'
    ? {}
    : { 401: { $ref: '#/components/responses/Unauthorized' }, 403: { $ref: '#/components/responses/Forbidden' } }),
  ...(route.body !== undefined
    ? { 413: { $ref: '#/components/responses/TooLarge' }, 415: { $ref: '#/components/responses/UnsupportedMediaType' } }
    : {}),
  500: { $ref: '#/components/responses/ServerError' },
});

export type OpenApiInfo = Readonly<{ title: string; version: string; description: string }>;

/** The OpenAPI 3.1 document of the routes, generated from the very schemas that parse their input. */
export const openApiDocument = (routes: readonly AnyRoute[], info: OpenApiInfo, errorSchema: z.ZodType): Json => {
  const components: Json = {};
  const error = toOpenApiSchema(errorSchema, 'output', components);
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const body = requestBody(route, components);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      security: route.scope === 'public' ? [] : [{ apiKey: [] }],
      'x-depledger-scope': route.scope,
      parameters: parameters(route, components),
      ...(body ? { requestBody: body } : {}),
      responses: { ...commonResponses(route), ...responses(route, components) },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (`dpl_…`) from `depledger api-key create`, scope read or write.',
        },
      },
      responses: {
        BadRequest: errorResponse('Malformed JSON, a wrong type, an unknown field or a bad parameter (INVALID_JSON, INVALID_INPUT).'),
        Unauthorized: errorResponse('No API key, or not a valid one (API_KEY_MISSING, API_KEY_INVALID).'),
        Forbidden: errorResponse('The key lacks the scope this route needs (API_KEY_SCOPE).'),
        TooLarge: errorResponse('The body is larger than the limit (BODY_TOO_LARGE).'),
        UnsupportedMediaType: errorResponse('The body is not of a type this route takes (UNSUPPORTED_MEDIA_TYPE).'),
        ServerError: errorResponse('Something failed on the server (INTERNAL); nothing half-written.'),
      },
    },
  };
};
