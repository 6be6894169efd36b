import { z } from 'zod';
import type { DeviceEvent } from '../device/device-events';
import { RuleViolation } from '../errors/rule-violation';
import type { DeviceOperationResult } from '../ports/dep-gateway';
import { commandMetadata, type ActorOptions, type ApplicationContext } from './application-context';
import { parseInput, serialInput } from './input';
import { decideDevice, deviceState } from './streams';

/** What Apple answered for each serial of a disown or a clear, and what depledger recorded. */
export type DeviceOperationReport = Readonly<{
  /** Apple's answer per serial: `success`, `not_accessible` or `failed` (only successes are recorded). */
  results: Readonly<Record<string, DeviceOperationResult>>;
  events: readonly DeviceEvent[];
}>;

/** At most Apple's 1000 serials per call, each once. */
const serialsInput = z
  .array(serialInput)
  .min(1, 'at least one serial number')
  .max(1000, "at most 1000 serial numbers (Apple's limit per request)")
  .refine((serials) => new Set(serials).size === serials.length, { message: 'each serial number once' });
const reasonInput = z.string().trim().min(1, 'say why, for the audit trail').max(500, 'at most 500 characters');

type Operation = 'disown' | 'clear';

/**
 * Disowns devices, or clears their enrollment profile, at Apple. Every serial is checked first (known,
 * assigned to a token's MDM server): one that is not refuses the whole call and nothing is sent or
 * recorded. Apple is then called per token; each SUCCESS is recorded with the reason.
 */
export const operateOnDevices = async (
  context: ApplicationContext,
  operation: Operation,
  serials: readonly string[],
  reason: string,
  options?: ActorOptions & { signal?: AbortSignal },
): Promise<DeviceOperationReport> => {
  const parsed = parseInput(serialsInput, serials, 'serials');
  const why = parseInput(reasonInput, reason, 'reason');
  const byToken = new Map<string, string[]>();
  for (const serial of parsed) {
    const state = await deviceState(context, serial);
    if (state.status === 'unknown') {
      throw new RuleViolation(
        'DEVICE_UNKNOWN',
        `Device ${serial} is not known to depledger: check the serial, or sync its token first. Nothing was sent to Apple.`,
        {
          serial,
        },
      );
    }
    if (state.status !== 'assigned') {
      throw new RuleViolation(
        'DEVICE_NOT_ASSIGNED',
        `Device ${serial} is no longer assigned to an MDM server of yours (${state.releasedReason}): leave it out. Nothing was sent to Apple.`,
        { serial },
      );
    }
    byToken.set(state.tokenId, [...(byToken.get(state.tokenId) ?? []), serial]);
  }
  const results: Record<string, DeviceOperationResult> = {};
  const events: DeviceEvent[] = [];
  for (const [tokenId, group] of byToken) {
    const answers =
      operation === 'disown'
        ? await context.gateway.disownDevices(tokenId, group, options?.signal)
        : await context.gateway.removeProfile(tokenId, group, options?.signal);
    for (const serial of group) {
      const result = answers.get(serial) ?? 'failed';
      results[serial] = result;
      if (result !== 'success') continue;
      const data = { serial, tokenId, reason: why };
      const metadata = commandMetadata(context, options, 'admin:unknown');
      const outcome = await decideDevice(
        context,
        serial,
        operation === 'disown' ? { type: 'RecordDisown', data, metadata } : { type: 'RecordProfileCleared', data, metadata },
      );
      events.push(...outcome.events);
    }
  }
  return { results, events };
};
