import type { DeviceState } from './device-state';

/**
 * Apple reports the device assigned to the MDM server (`device_assigned_date`) later than when
 * depledger asked for its profile: it was unassigned and assigned again in Apple's portal, which
 * drops the profile Apple had. Both dates are Apple's, so no clock skew enters. What depledger recorded ("assigned", "pending") no longer holds, and the
 * routing rules decide again (Fleet #27854: a stale "already has the right profile").
 */
export const reassignedAtApple = (state: DeviceState): boolean => {
  if (state.status !== 'assigned' || state.assignment === null) return false;
  const now = state.details.assignedAt;
  const then = state.assignment.serverAssignedAt ?? null;
  return now !== null && then !== null && Date.parse(now) > Date.parse(then);
};
