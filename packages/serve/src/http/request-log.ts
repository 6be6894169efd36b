import type { DepledgerLogger } from '@depledger/core';
import type { FastifyInstance } from 'fastify';
import { tenantAnswered } from './register-routes';

/**
 * One log line per answered request: the method, the route's pattern (`/devices/:serial`, never
 * the path itself, so no serial, id or query string), the status, the duration and the tenant the
 * request was answered for (once its key was checked). Nothing from
 * the headers (the API key) or the body (files, secrets, people) is logged.
 */
export const installRequestLog = (app: FastifyInstance, logger: DepledgerLogger): void => {
  app.addHook('onResponse', (request, reply, done) => {
    const fields = {
      method: request.method,
      route: request.routeOptions.url ?? 'unknown',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(tenantAnswered(request) === undefined ? {} : { tenant: tenantAnswered(request) }),
    };
    if (reply.statusCode >= 500) logger.error(fields, 'request failed');
    else logger.info(fields, 'request');
    done();
  });
};
