import { streamPrefixes } from '../events/stream-names';
import type { ApplicationContext } from './application-context';

/**
 * How many devices (still assigned) and profiles (not retired) point at a token, found by one pass
 * over the device and profile streams. Removing a token is rare; a read model would answer faster.
 */
export const tokenDependents = async (context: ApplicationContext, tokenId: string): Promise<{ devices: number; profiles: number }> => {
  const deviceToken = new Map<string, string | null>();
  const profileToken = new Map<string, string | null>();
  for await (const stored of context.store.readAll({ streamPrefixes: [streamPrefixes.device, streamPrefixes.profile] })) {
    const { type } = context.serde.decode(stored);
    const data = stored.data as { tokenId?: string };
    if (type === 'DeviceAssignedToServer') deviceToken.set(stored.streamName, data.tokenId ?? null);
    else if (type === 'DeviceReleased') deviceToken.set(stored.streamName, null);
    else if (type === 'ProfileDefined') profileToken.set(stored.streamName, data.tokenId ?? null);
    else if (type === 'ProfileRetired') profileToken.set(stored.streamName, null);
  }
  const count = (map: Map<string, string | null>) => [...map.values()].filter((t) => t === tokenId).length;
  return { devices: count(deviceToken), profiles: count(profileToken) };
};
