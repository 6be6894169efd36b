import type { DeviceState } from '../device/device-state';
import { deviceDecider } from '../device/device-decider';
import { deviceStream } from '../device/device-events';
import { handleCommandBatch } from '../handling/command-batch';
import type { ReplacementDetails } from '../ports/dep-gateway';
import { isGatewayError } from '../ports/gateway-error';
import { mapWithConcurrency } from './concurrency';
import type { TokenWork } from './engine-context';

/**
 * Whether a device's state calls for Apple's replacement details: Apple flags it as a replacement
 * (`is_replacement_device`, protocol 10), it is on this token's server, and no original is recorded yet.
 */
export const awaitsReplacementDetails = (state: DeviceState, tokenId: string): state is Extract<DeviceState, { status: 'assigned' }> =>
  state.status === 'assigned' && state.tokenId === tokenId && state.details.isReplacementDevice === true && !state.replacement;

/** Apple failures that leave a lookup for a later sync; every other one (a refused token, the deadline) stops the run. */
const leftForLater = new Set(['unavailable', 'bad_request']);

/**
 * Asks Apple which device each of these replacement devices replaces (`GET /device/replacementDetails`)
 * and stages `DeviceReplacementRecorded` (original serial → this device) with the page's other device
 * writes. A device Apple holds no replacement record for (its 404) records nothing; one Apple could not
 * answer for now is asked again the next time a sync reports it (at the latest, the next full fetch).
 * Returns how many replacements were staged.
 */
export const recordReplacements = async (work: TokenWork, serials: readonly string[], signal?: AbortSignal): Promise<number> => {
  if (serials.length === 0) return 0;
  const answers = await mapWithConcurrency(serials, work.applyConcurrency, async (serial): Promise<ReplacementDetails | null> => {
    try {
      return await work.gateway.replacementDetails(work.tokenId, serial, signal);
    } catch (error) {
      if (isGatewayError(error) && leftForLater.has(error.failure) && signal?.aborted !== true) return null;
      throw error;
    }
  });
  const found = answers.flatMap((details, index) =>
    details === null || details.originalSerial === serials[index] ? [] : [{ ...details, serial: serials[index] as string }],
  );
  if (found.length === 0) return 0;
  const streamNames = found.map((details) => deviceStream(details.serial));
  const results = await handleCommandBatch(
    work.store,
    work.serde,
    deviceDecider,
    found.map(({ serial, originalSerial, replacedOn }, index) => ({
      streamName: streamNames[index] as string,
      command: {
        type: 'RecordReplacement' as const,
        data: { serial, tokenId: work.tokenId, originalSerial, replacedOn },
        metadata: work.metadata(`replacement:${work.tokenId}:${serial}:${originalSerial}`),
      },
    })),
    { retries: 3, known: work.devices.lookup, staged: work.page },
  );
  work.devices.remember(streamNames, results);
  let staged = 0;
  for (const result of results) {
    if (!result.ok) throw result.error;
    staged += result.events.length;
  }
  return staged;
};
