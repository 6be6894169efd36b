import { describeErrorCode, isDepledgerError, type ErrorCode } from '@depledger/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiError } from './api-error';
import { httpStatusOf } from './http-status';

/** fastify's own refusals (raised before a route runs), in the API's words. */
const fastifyRefusals: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'INVALID_JSON',
    message: 'The body is not valid JSON: check quotes, commas and brackets. Nothing was recorded.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'INVALID_JSON',
    message: 'The body is empty but Content-Type says JSON: send a JSON object. Nothing was recorded.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: 'The body is larger than this route accepts. Nothing was recorded.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'This Content-Type is not accepted: send JSON (application/json) or, for a server token, application/pkcs7-mime.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'REQUEST_INVALID', message: 'Content-Length does not match the body.' },
};

/** One JSON shape for every error, `{ code, message, details }`, with the status the code maps to; never a stack or a secret. */
export const installErrorHandler = (app: FastifyInstance, onUnexpected: (error: unknown) => void): void => {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const refusal =
      fastifyRefusals[error.code] ??
      (error instanceof SyntaxError && error.statusCode === 400 ? fastifyRefusals['FST_ERR_CTP_INVALID_JSON_BODY'] : undefined);
    let status: number;
    let answer: ApiError;
    if (refusal) {
      status = describeErrorCode(refusal.code)?.httpStatus ?? 400;
      answer = { code: refusal.code, message: refusal.message, details: {} };
    } else if (isDepledgerError(error)) {
      status = httpStatusOf(error);
      answer = { code: error.code, message: error.message, details: { ...error.details } };
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      answer = { code: 'REQUEST_INVALID', message: 'The request could not be read; check its method, headers and body.', details: {} };
    } else {
      onUnexpected(error);
      status = 500;
      answer = {
        code: 'INTERNAL',
        message: 'The server failed on this request; nothing half-written was kept. Try again, and report it if it persists.',
        details: {},
      };
    }
    if (status >= 500 && answer.code !== 'INTERNAL') onUnexpected(error);
    void reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(answer));
  });
  app.setNotFoundHandler((request, reply) => {
    const answer: ApiError = {
      code: 'ROUTE_NOT_FOUND',
      message: `There is no ${request.method} ${request.url.split('?')[0]}: the routes are listed in /openapi.json.`,
      details: {},
    };
    void reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify(answer));
  });
};
