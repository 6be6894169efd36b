import type { DeviceEvent } from '../device/device-events';
import { commandMetadata, type ActorOptions, type ApplicationContext } from './application-context';
import { assignedDevice } from './assigned-device';
import { parseInput, serialInput } from './input';
import { decideDevice } from './streams';

export type ReplacementLookupReport = Readonly<{
  serial: string;
  /**
   * `recorded`: Apple named the original, now recorded; `already_recorded`: it was recorded before;
   * `no_record`: Apple holds no replacement record for the device (its 404); `not_a_replacement`:
   * Apple does not flag the device as a replacement (`is_replacement_device`), so Apple was not asked.
   */
  result: 'recorded' | 'already_recorded' | 'no_record' | 'not_a_replacement';
  /** The device it replaces and the day of the replacement, when known. */
  replaces: Readonly<{ serial: string; on: string | null }> | null;
  events: readonly DeviceEvent[];
}>;

/**
 * Asks Apple now which device a replacement device replaces (`GET /device/replacementDetails`) and
 * records it (`DeviceReplacementRecorded`), for a device whose lookup at sync could not be answered.
 * Apple is asked only for a device it flags as a replacement, as its documentation says.
 */
export const lookUpReplacement = async (
  context: ApplicationContext,
  serial: string,
  options?: ActorOptions & { signal?: AbortSignal },
): Promise<ReplacementLookupReport> => {
  const s = parseInput(serialInput, serial, 'serial');
  const state = await assignedDevice(context, s);
  const known = state.replacement ? { serial: state.replacement.originalSerial, on: state.replacement.replacedOn } : null;
  if (known !== null) return { serial: s, result: 'already_recorded', replaces: known, events: [] };
  if (state.details.isReplacementDevice !== true) return { serial: s, result: 'not_a_replacement', replaces: null, events: [] };
  const details = await context.gateway.replacementDetails(state.tokenId, s, options?.signal);
  if (details === null) return { serial: s, result: 'no_record', replaces: null, events: [] };
  const outcome = await decideDevice(context, s, {
    type: 'RecordReplacement',
    data: { serial: s, tokenId: state.tokenId, originalSerial: details.originalSerial, replacedOn: details.replacedOn },
    metadata: commandMetadata(context, options, 'admin:unknown'),
  });
  return { serial: s, result: 'recorded', replaces: { serial: details.originalSerial, on: details.replacedOn }, events: outcome.events };
};
