import type { ServerResponse } from 'node:http';
import { SimulatorError } from '../simulator-error';

/** Answers of the control and portal APIs: JSON, errors as `{ "error": code, "message": … }`. */
export function sendControlJson(res: ServerResponse, status: number, value: unknown): void {
  const json = JSON.stringify(value ?? {});
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

export function sendControlError(res: ServerResponse, error: unknown): void {
  if (error instanceof SimulatorError) {
    const status = error.code === 'UNKNOWN_SERVER' || error.code === 'UNKNOWN_DEVICE' ? 404 : 400;
    sendControlJson(res, status, { error: error.code, message: error.message });
    return;
  }
  sendControlJson(res, 500, { error: 'INTERNAL', message: error instanceof Error ? error.message : 'unexpected failure' });
}
