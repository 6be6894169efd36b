import type { ServerResponse } from 'node:http';

const jsonApiType = 'application/json';

/** An error the Business API answers as a JSON:API `ErrorResponse`. */
export class BusinessApiFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly source?: { parameter: string } | { pointer: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${code}`);
    this.name = 'BusinessApiFault';
  }
}

export const notFound = (detail: string): BusinessApiFault =>
  new BusinessApiFault(404, 'NOT_FOUND', 'The specified resource does not exist', detail);
export const invalidParameter = (parameter: string, detail: string): BusinessApiFault =>
  new BusinessApiFault(400, 'PARAMETER_ERROR.INVALID', 'A parameter has an invalid value', detail, { parameter });
export const invalidEntity = (pointer: string, detail: string): BusinessApiFault =>
  new BusinessApiFault(422, 'ENTITY_ERROR.ATTRIBUTE.INVALID', 'The provided entity includes an invalid attribute', detail, { pointer });

let errorNumber = 0;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': jsonApiType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** `{ errors: [ { id, status, code, title, detail, source? } ] }`, status as a string as the schema says. */
export function sendFault(res: ServerResponse, fault: BusinessApiFault): void {
  errorNumber++;
  const error = {
    id: `sim-error-${errorNumber}`,
    status: String(fault.status),
    code: fault.code,
    title: fault.title,
    detail: fault.detail,
    ...(fault.source === undefined ? {} : { source: fault.source }),
  };
  sendJson(res, fault.status, { errors: [error] }, fault.headers);
}
