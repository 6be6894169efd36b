import { badRequest } from '../apple-error';
import { appleTime } from '../clock';
import { deviceWireObject } from '../device/device-wire';
import type { AppleContext, AppleReply } from '../http/apple-context';
import { parseBody } from '../http/request-body';
import { throttleRemainingMs } from '../state/assignment-throttle';
import type { ChangeEntry } from '../state/change-log';
import { readRequestCursor, repeatedCursorReply } from './cursor-checks';
import { cursorRequest, pageLimit } from './request-bodies';

const zeroTime = '0001-01-01T00:00:00Z';

function entryJson(entry: ChangeEntry, protocolVersion: number): string {
  return JSON.stringify({ ...deviceWireObject(entry.device, protocolVersion), op_type: entry.opType, op_date: appleTime(entry.opMs) });
}

/**
 * `POST /devices/sync`: the server's changes after the cursor's change-log position, oldest first,
 * with `op_type` and `op_date` (a serial may repeat). Always answers a new cursor.
 */
export async function syncDevices(ctx: AppleContext): Promise<AppleReply> {
  const { org, server } = ctx;
  const request = parseBody(cursorRequest, await ctx.body());
  if (request.cursor === undefined || request.cursor === null || request.cursor === '') throw badRequest('CURSOR_REQUIRED');
  const state = readRequestCursor(ctx, request.cursor);
  if (org.faults.takeRepeatCursor()) return repeatedCursorReply(ctx, request.cursor);
  const limit = pageLimit(request.limit, org.settings);
  const nowMs = org.clock.nowMs();
  const hideThrottled = org.faults.get().hideThrottledFromSync;

  const parts: string[] = [];
  const end = server.log.position();
  let position = state.seq;
  while (position < end && parts.length < limit) {
    position++;
    const entry = server.log.entry(position);
    if (entry === undefined) continue;
    if (hideThrottled && throttleRemainingMs(org, entry.device.serial, nowMs) > 0) continue;
    parts.push(entryJson(entry, ctx.protocolVersion));
  }
  const more = position < end;
  const cursor = org.cursors.issue(
    { kind: 'sync', serverNumber: server.number, snapshotId: 0, offset: 0, seq: position, issuedMs: nowMs, final: !more },
    ctx.depsim,
  );
  const fetchedUntil = ctx.depsim ? zeroTime : appleTime(nowMs);
  return {
    json: `{"devices":[${parts.join(',')}],"cursor":${JSON.stringify(cursor)},"fetched_until":"${fetchedUntil}","more_to_follow":${more}}`,
  };
}
