import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import type { SimulatorClock } from '../clock';
import type { DeviceInventory } from '../device/device-inventory';
import type { Faults } from '../faults-api';
import type { Portal } from '../portal';
import { SimulatorError } from '../simulator-error';
import { readBodyText } from './http-io';

/** What the control and portal routes drive: the same objects as the programmatic API. */
export interface ControlTargets {
  portal: Portal;
  devices: DeviceInventory;
  clock: SimulatorClock;
  faults: Faults;
}

/** A request body of the control API: JSON, or CSV text when sent as `text/csv`. */
export interface ControlBody {
  json: unknown;
  text: string;
  isCsv: boolean;
}

export interface ControlRequest {
  targets: ControlTargets;
  /** Values of the `:name` segments of the route pattern, in order. */
  params: string[];
  query: URLSearchParams;
  body(): Promise<ControlBody>;
}

/** `[method, pattern, handler]`; the handler's result is sent as JSON. */
export type ControlRoute = readonly [method: string, pattern: string, handle: (request: ControlRequest) => unknown];

export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success)
    throw new SimulatorError('INVALID_INPUT', result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

export async function readControlBody(req: IncomingMessage): Promise<ControlBody> {
  const text = await readBodyText(req);
  const isCsv = (req.headers['content-type'] ?? '').startsWith('text/csv');
  if (isCsv || text.trim() === '') return { json: undefined, text, isCsv };
  try {
    return { json: JSON.parse(text) as unknown, text, isCsv };
  } catch {
    throw new SimulatorError('INVALID_INPUT', 'The body is not JSON');
  }
}
