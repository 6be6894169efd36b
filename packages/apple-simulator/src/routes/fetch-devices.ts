import { badRequest } from '../apple-error';
import { appleTime } from '../clock';
import { deviceWireJson } from '../device/device-wire';
import type { AppleContext, AppleReply } from '../http/apple-context';
import { parseBody } from '../http/request-body';
import type { FetchSnapshot } from '../state/fetch-snapshot';
import { readRequestCursor, repeatedCursorReply } from './cursor-checks';
import { cursorRequest, pageLimit } from './request-bodies';

/**
 * `POST /server/devices`: pages through a snapshot of the devices assigned when the fetch began.
 * A page is a slice of that snapshot, serialised from per-device cached JSON; the cursor carries
 * the position. Fetching with the final cursor (or any sync cursor) → 400 `EXHAUSTED_CURSOR`.
 */
export async function fetchDevices(ctx: AppleContext): Promise<AppleReply> {
  const { org, server } = ctx;
  const request = parseBody(cursorRequest, await ctx.body());
  const limit = pageLimit(request.limit, org.settings);
  const nowMs = org.clock.nowMs();
  let snapshot: FetchSnapshot;
  let offset = 0;
  if (request.cursor === undefined || request.cursor === null || request.cursor === '') {
    snapshot = server.snapshots.take(Array.from(server.devices.values()), server.log.position(), nowMs);
  } else {
    const state = readRequestCursor(ctx, request.cursor);
    if (state.kind === 'sync' || state.final) throw badRequest('EXHAUSTED_CURSOR');
    if (org.faults.takeRepeatCursor()) return repeatedCursorReply(ctx, request.cursor);
    const found = server.snapshots.find(state.snapshotId);
    if (found === undefined) throw badRequest('INVALID_CURSOR');
    snapshot = found;
    offset = state.offset;
  }

  const parts: string[] = [];
  const all = snapshot.devices;
  let index = offset;
  while (index < all.length && parts.length < limit) {
    const device = all[index++];
    // A device that left the server since the snapshot is no longer "assigned"; sync reports its deletion.
    if (device !== undefined && device.serverId === server.id) parts.push(deviceWireJson(device, ctx.protocolVersion));
  }
  const final = index >= all.length;
  const cursor = org.cursors.issue(
    { kind: 'fetch', serverNumber: server.number, snapshotId: snapshot.id, offset: index, seq: snapshot.seq, issuedMs: nowMs, final },
    ctx.depsim,
  );
  return {
    json: `{"devices":[${parts.join(',')}],"cursor":${JSON.stringify(cursor)},"fetched_until":"${appleTime(nowMs)}","more_to_follow":${!final}}`,
  };
}
