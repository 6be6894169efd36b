import { appleTime } from '../clock';
import { badRequest } from '../apple-error';
import type { AppleContext, AppleReply } from '../http/apple-context';
import type { CursorState } from '../state/cursor-book';

/** Reads a request cursor of this server: `INVALID_CURSOR` when unknown, `EXPIRED_CURSOR` when too old. */
export function readRequestCursor(ctx: AppleContext, cursor: string): CursorState {
  const state = ctx.org.cursors.read(cursor);
  if (state === undefined || state.serverNumber !== ctx.server.number) throw badRequest('INVALID_CURSOR');
  if (ctx.org.clock.nowMs() - state.issuedMs > ctx.org.settings.cursorLifetimeSeconds * 1000) throw badRequest('EXPIRED_CURSOR');
  return state;
}

/** The "same cursor with more to follow" anomaly: the request's cursor back, no devices. */
export function repeatedCursorReply(ctx: AppleContext, cursor: string): AppleReply {
  const fetchedUntil = appleTime(ctx.org.clock.nowMs());
  return { json: `{"devices":[],"cursor":${JSON.stringify(cursor)},"fetched_until":"${fetchedUntil}","more_to_follow":true}` };
}
