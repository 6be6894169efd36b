import type { IncomingMessage } from 'node:http';
import type { MdmServer } from '../state/mdm-server';
import type { Organisation } from '../state/organisation';
import type { AuthSession } from '../state/session-store';

/** One authenticated request to Apple's side, as the route handlers see it. */
export interface AppleContext {
  readonly org: Organisation;
  readonly req: IncomingMessage;
  readonly query: URLSearchParams;
  readonly server: MdmServer;
  readonly session: AuthSession;
  readonly protocolVersion: number;
  readonly depsim: boolean;
  /** The JSON body (undefined when empty). */
  body(): Promise<unknown>;
}

/** A successful answer: status 200 unless said otherwise, and JSON text. */
export interface AppleReply {
  status?: number;
  json: string;
}

export type AppleHandler = (ctx: AppleContext) => AppleReply | Promise<AppleReply>;

/** `X-Server-Protocol-Version` as a number; the configured default when absent or not a number. */
export function protocolVersionOf(req: IncomingMessage, fallback: number): number {
  const header = req.headers['x-server-protocol-version'];
  const value = Number(Array.isArray(header) ? header[0] : header);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
